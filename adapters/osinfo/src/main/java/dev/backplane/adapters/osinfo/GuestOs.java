package dev.backplane.adapters.osinfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operating system of osinfo-db and every device it has a driver for, resolved as libosinfo's
 * {@code osinfo_os_get_all_devices} does: its own device links and those of the OSes it derives
 * from or clones, recursively ({@code upgrades} is not followed), less every device that a link on
 * that path marks {@code supported="false"}.
 */
public final class GuestOs {
  /** The PCI vendor of virtio devices (Red Hat, formerly Qumranet). */
  private static final String VIRTIO_VENDOR = "http://pcisig.com/pci/1af4/";

  private final String uri;
  private final String shortId;
  private final String name;
  private final Map<String, OsinfoFiles.DeviceEntry> devices;
  /** Every device of the database, for names. */
  private final Map<String, OsinfoFiles.DeviceEntry> known;

  GuestOs(String uri, String shortId, String name, Map<String, OsinfoFiles.DeviceEntry> devices,
      Map<String, OsinfoFiles.DeviceEntry> known) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.shortId = shortId;
    this.name = name;
    this.devices = Map.copyOf(devices);
    this.known = known;
  }

  /** The full id, such as {@code http://centos.org/centos/6.10}. */
  public String uri() {
    return uri;
  }

  /** The first short id, such as {@code centos6.10}; the uri when the OS has none. */
  public String shortId() {
    return shortId != null ? shortId : uri;
  }

  /** The name in English, such as {@code CentOS 6.10}; the short id when the OS has none. */
  public String name() {
    return name != null ? name : shortId();
  }

  /** Whether the OS has a driver for the device of this osinfo id ({@code http://pcisig.com/pci/1af4/1000}). */
  public boolean supports(String deviceUri) {
    return devices.containsKey(deviceUri);
  }

  /** osinfo-db's name of a device ({@code virtio-net} for {@code http://pcisig.com/pci/1af4/1000}), else its id. */
  public String deviceName(String deviceUri) {
    OsinfoFiles.DeviceEntry device = known.get(deviceUri);
    return device != null && device.name() != null ? device.name() : deviceUri;
  }

  /**
   * The names of the emulated (not virtio, not Xen) devices of an osinfo class the OS has drivers
   * for, sorted: for {@code net}, libvirt's NIC model names ({@code e1000}, {@code rtl8139}).
   */
  public List<String> emulatedDevices(String osinfoClass) {
    return devices.values().stream()
        .filter(d -> osinfoClass.equals(d.osinfoClass()) && d.name() != null)
        .filter(d -> !d.uri().startsWith(VIRTIO_VENDOR) && !d.uri().startsWith("http://xen.org/"))
        .map(OsinfoFiles.DeviceEntry::name).sorted().toList();
  }

  @Override
  public String toString() {
    return shortId() + " (" + name() + ")";
  }
}
