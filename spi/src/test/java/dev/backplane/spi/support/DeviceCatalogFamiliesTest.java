package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.DeviceCatalog;
import dev.backplane.spi.DeviceModel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A catalog line's {@code absentOn} and {@code onlyOn}: the machine families that lack a model. */
class DeviceCatalogFamiliesTest {
  private static final DeviceCatalog CATALOG =
      DeviceCatalogFile.load(DeviceCatalogFamiliesTest.class, "families-catalog.tsv");

  @Test
  void absentOnNamesTheFamiliesThatLackTheModel() {
    DeviceModel parallel = CATALOG.find("parallel", "isa-parallel").orElseThrow();

    assertEquals(Set.of("pseries"), parallel.absentOn());
    assertTrue(parallel.absentFrom("pseries"));
    assertFalse(parallel.absentFrom("40p"));
  }

  @Test
  void onlyOnNamesTheOnlyFamiliesThatHaveTheModel() {
    DeviceModel nvram = CATALOG.find("nvram", "-").orElseThrow();

    assertFalse(nvram.absentFrom("pseries"));
    assertTrue(nvram.absentFrom("powernv10"));
  }

  @Test
  void aModelWithNeitherIsOnEveryFamily() {
    DeviceModel serial = CATALOG.find("serial", "isa-serial").orElseThrow();

    assertFalse(serial.absentFrom("pseries"));
    assertFalse(serial.absentFrom("q35"));
  }
}
