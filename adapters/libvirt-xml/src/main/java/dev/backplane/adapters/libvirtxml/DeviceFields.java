package dev.backplane.adapters.libvirtxml;

import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where each {@link Device} field lives in a device element, per kind. The reader and the writer
 * share this table, so what is read is what is written back.
 */
final class DeviceFields {

  enum Field { TYPE, MODEL, BUS, TARGET, INDEX, ATTRIBUTE }

  /**
   * One field: {@code path} is a slash-separated chain of child elements ("" for the device
   * element itself) and {@code attribute} the XML attribute there; {@code key} names the
   * {@link Device#attribute} for {@link Field#ATTRIBUTE}.
   */
  record Binding(Field field, String key, String path, String attribute) {
    String get(Device device) {
      return switch (field) {
        case TYPE -> device.type();
        case MODEL -> device.model();
        case BUS -> device.bus();
        case TARGET -> device.target();
        case INDEX -> device.index() == null ? null : device.index().toString();
        case ATTRIBUTE -> device.attribute(key);
      };
    }
  }

  private static final List<Binding> CHARDEV = List.of(
      own(Field.TYPE, "type"),
      attr(Device.TARGET_TYPE, "target", "type"),
      attr(Device.PORT, "target", "port"),
      attr(Device.TARGET_NAME, "target", "name"),
      attr(Device.TARGET_MODEL, "target/model", "name"));
  private static final List<Binding> MODEL_ATTRIBUTE = List.of(own(Field.MODEL, "model"));
  /** s390 zPCI ids inside a PCI address; every kind but character devices may have them. */
  static final String ZPCI_PATH = "address/zpci";
  private static final List<Binding> ZPCI = List.of(
      attr(Device.ZPCI_UID, ZPCI_PATH, "uid"),
      attr(Device.ZPCI_FID, ZPCI_PATH, "fid"));

  /** Each kind's fields, made once: the reader and the writer ask for every device. */
  private static final Map<DeviceKind, List<Binding>> BY_KIND = new EnumMap<>(DeviceKind.class);

  static {
    for (DeviceKind kind : DeviceKind.values()) {
      BY_KIND.put(kind, switch (kind) {
        case SERIAL, CONSOLE, CHANNEL, PARALLEL -> CHARDEV;
        default -> {
          List<Binding> fields = new ArrayList<>(own(kind));
          fields.addAll(ZPCI);
          yield List.copyOf(fields);
        }
      });
    }
  }

  private DeviceFields() {}

  static List<Binding> of(DeviceKind kind) {
    return BY_KIND.get(kind);
  }

  private static List<Binding> own(DeviceKind kind) {
    return switch (kind) {
      case DISK -> List.of(
          own(Field.TYPE, "device"),
          own(Field.MODEL, "model"),
          new Binding(Field.TARGET, null, "target", "dev"),
          new Binding(Field.BUS, null, "target", "bus"));
      case CONTROLLER -> List.of(
          own(Field.TYPE, "type"),
          own(Field.INDEX, "index"),
          own(Field.MODEL, "model"),
          attr(Device.PORTS, "", "ports"),
          attr(Device.MODEL_NAME, "model", "name"),
          attr(Device.CHASSIS_NR, "target", "chassisNr"),
          attr(Device.CHASSIS, "target", "chassis"),
          attr(Device.PORT, "target", "port"),
          attr(Device.BUS_NR, "target", "busNr"),
          attr(Device.TARGET_INDEX, "target", "index"),
          attr(Device.HOTPLUG, "target", "hotplug"));
      case INTERFACE -> List.of(own(Field.TYPE, "type"), new Binding(Field.MODEL, null, "model", "type"));
      case HOSTDEV -> List.of(attr(Device.MODE, "", "mode"), own(Field.TYPE, "type"), own(Field.MODEL, "model"));
      case VIDEO -> List.of(
          new Binding(Field.MODEL, null, "model", "type"),
          attr(Device.RAM, "model", "ram"),
          attr(Device.VRAM, "model", "vram"),
          attr(Device.VGAMEM, "model", "vgamem"),
          attr(Device.HEADS, "model", "heads"),
          attr(Device.PRIMARY, "model", "primary"));
      case SHMEM -> List.of(new Binding(Field.MODEL, null, "model", "type"));
      case SOUND, MEMBALLOON, RNG, WATCHDOG, VSOCK, IOMMU, PANIC, TPM, MEMORY, CRYPTO -> MODEL_ATTRIBUTE;
      case INPUT -> List.of(own(Field.TYPE, "type"), own(Field.BUS, "bus"), own(Field.MODEL, "model"));
      case FILESYSTEM -> List.of(
          own(Field.TYPE, "type"), own(Field.MODEL, "model"), attr(Device.DRIVER, "driver", "type"));
      case SERIAL, CONSOLE, CHANNEL, PARALLEL -> CHARDEV;
      case REDIRDEV -> List.of(own(Field.TYPE, "type"), own(Field.BUS, "bus"));
      case SMARTCARD -> List.of(attr(Device.MODE, "", "mode"), own(Field.TYPE, "type"));
      case HUB, GRAPHICS -> List.of(own(Field.TYPE, "type"));
      case LEASE, AUDIO, REDIRFILTER, NVRAM, PSTORE -> List.of();
    };
  }

  private static Binding own(Field field, String attribute) {
    return new Binding(field, null, "", attribute);
  }

  private static Binding attr(String key, String path, String attribute) {
    return new Binding(Field.ATTRIBUTE, key, path, attribute);
  }
}
