package dev.backplane.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backplane.spi.DeviceCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A catalog line's {@code videoMemory}: what libvirt gives a video model that names no memory. */
class DeviceCatalogVideoMemoryTest {
  @Test
  void givesKibPerModelAttribute() {
    DeviceCatalog catalog = DeviceCatalogFile.load(DeviceCatalogVideoMemoryTest.class, "video-catalog.tsv");

    assertEquals(Map.of("vram", 16384), catalog.find("video", "vga").orElseThrow().videoMemory());
    assertEquals(Map.of("ram", 65536, "vram", 65536, "vgamem", 16384),
        catalog.find("video", "qxl").orElseThrow().videoMemory());
    assertTrue(catalog.find("video", "virtio").orElseThrow().videoMemory().isEmpty());
  }

  @Test
  void refusesAnAttributeTheWriterDoesNotKnow() {
    DeviceCatalogException e = assertThrows(DeviceCatalogException.class,
        () -> DeviceCatalogFile.load(DeviceCatalogVideoMemoryTest.class, "video-bad-catalog.tsv"));

    assertTrue(e.getMessage().contains("videoMemory") && e.getMessage().contains("vram64"), e.getMessage());
  }
}
