package dev.backplane.core.model;

import dev.backplane.spi.Stable;
import dev.backplane.spi.DeviceModel;
import dev.backplane.spi.DeviceCatalog;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One device of a domain as the planner sees it. Adapters keep everything else the user wrote
 * and find it again by {@link #key()}.
 *
 * <p>{@link #type()} is the element's {@code type} attribute (controller type, interface type,
 * input type, hostdev subsystem type) or, for disks, the {@code device} attribute.
 */
@Stable
public final class Device {

  /** Attribute keys the planner reads or writes; other keys are carried along untouched. */
  public static final String MODEL_NAME = "modelName";
  public static final String CHASSIS_NR = "chassisNr";
  public static final String CHASSIS = "chassis";
  public static final String PORT = "port";
  public static final String BUS_NR = "busNr";
  public static final String HOTPLUG = "hotplug";
  public static final String TARGET_INDEX = "targetIndex";
  public static final String PORTS = "ports";
  public static final String TARGET_TYPE = "targetType";
  public static final String TARGET_NAME = "targetName";
  public static final String TARGET_MODEL = "targetModel";
  public static final String PRIMARY = "primary";
  public static final String DRIVER = "driver";
  public static final String MODE = "mode";
  /** s390 zPCI ids of a PCI device ({@code <address type='pci'><zpci uid fid/>}), as written. */
  /** The filesystem driver type whose device is vhost-user-fs, keyed apart from the 9p models. */
  private static final String VIRTIOFS = "virtiofs";
  private static final String MDEV = "mdev";
  public static final String ZPCI_UID = "zpciUid";
  public static final String ZPCI_FID = "zpciFid";
  /**
   * The attributes that hold numbers (decimal, or hex with {@code 0x}); a device cannot be built
   * with anything else there, and the planner reads them through {@link #number}.
   */
  private static final Set<String> NUMERIC = Set.of(
      PORTS, TARGET_INDEX, BUS_NR, ZPCI_UID, ZPCI_FID);

  private final String key;
  private final DeviceKind kind;
  private final String type;
  private final String model;
  private final String bus;
  private final String target;
  private final Integer index;
  private final Address address;
  private final Map<String, String> attributes;
  private final Map<String, Long> numbers;
  private final boolean added;
  private final String qemuId;
  private final Explanation explanation;

  private Device(Builder b) {
    this.key = b.key;
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.type = b.type;
    this.model = b.model;
    this.bus = b.bus;
    this.target = b.target;
    this.index = b.index;
    this.address = b.address;
    if (b.attributes == null) {
      // unchanged: share the source's maps (both unmodifiable), or none
      this.attributes = b.from != null ? b.from.attributes : Map.of();
      this.numbers = b.from != null ? b.from.numbers : Map.of();
    } else {
      this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
      this.numbers = parseNumbers(attributes);
    }
    this.added = b.added;
    this.qemuId = b.qemuId;
    this.explanation = b.explanation;
  }

  private Map<String, Long> parseNumbers(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> parsed = new HashMap<>();
    for (String key : NUMERIC) {
      String text = attributes.get(key);
      if (text != null) {
        try {
          parsed.put(key, text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(describe() + ": attribute " + key + "='" + text
              + "' is not a number (adapters check what they read)", e);
        }
      }
    }
    return Map.copyOf(parsed);
  }

  /** The adapter's handle for the element this came from; null for devices Backplane added. */
  public String key() {
    return key;
  }

  public DeviceKind kind() {
    return kind;
  }

  public String type() {
    return type;
  }

  public String model() {
    return model;
  }

  /** Disk target bus or input bus. */
  public String bus() {
    return bus;
  }

  /** Disk target device name ({@code vda}). */
  public String target() {
    return target;
  }

  /** Controller index. */
  public Integer index() {
    return index;
  }

  public Address address() {
    return address;
  }

  public Optional<Address.Pci> pciAddress() {
    return address instanceof Address.Pci pci ? Optional.of(pci) : Optional.empty();
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  /** A numeric attribute ({@link #PORTS}, {@link #TARGET_INDEX}, ...) as a number, or null when absent. */
  public Long number(String name) {
    if (!NUMERIC.contains(name)) {
      throw new IllegalArgumentException(name + " is not a numeric attribute");
    }
    return numbers.get(name);
  }

  /** True for devices the planner added (defaults, implicit controllers, new buses). */
  public boolean added() {
    return added;
  }

  /** The id QEMU gives the device ({@code pci.3}, {@code net0}); set by the planner. */
  public String qemuId() {
    return qemuId;
  }

  /**
   * Why the planner added or placed this device; {@link Explanation#NONE} unless the plan was made
   * with {@code explain}. Not part of {@link #equals}: it tells how a device was planned, not what.
   */
  public Explanation explanation() {
    return explanation;
  }

  public boolean is(DeviceKind kind, String type) {
    return this.kind == kind && Objects.equals(this.type, type);
  }

  public boolean isController(String type) {
    return is(DeviceKind.CONTROLLER, type);
  }

  /**
   * How a device catalog names this device's model (see {@link DeviceModel}): the model for most
   * kinds, {@code TYPE[/MODEL]} for a controller, {@code BUS/DEVICE} for a disk, {@code BUS/TYPE}
   * for an input, the target type of a character device, {@code TYPE} for a host device
   * ({@code mdev/MODEL} for a mediated one), and {@code -} for none.
   */
  public String catalogKey() {
    return switch (kind) {
      case CONTROLLER -> model == null ? type : type + "/" + model;
      case DISK, INPUT -> bus + "/" + type;
      case SERIAL, CONSOLE, CHANNEL, PARALLEL -> orNone(attribute(TARGET_TYPE));
      case HOSTDEV -> MDEV.equals(type) && model != null ? type + "/" + model : orNone(type);
      case HUB -> orNone(type);
      case REDIRDEV -> orNone(bus);
      case SMARTCARD -> orNone(attribute(MODE));
      case FILESYSTEM -> VIRTIOFS.equals(attribute(DRIVER)) ? VIRTIOFS : orNone(model);
      default -> orNone(model);
    };
  }

  /** This device's model in {@code catalog} ({@link DeviceCatalog#find}). */
  public Optional<DeviceModel> modelIn(DeviceCatalog catalog) {
    return catalog.find(kind.element(), catalogKey());
  }

  private static String orNone(String value) {
    return value == null ? DeviceModel.NO_DEVICE : value;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.key = key;
    b.kind = kind;
    b.type = type;
    b.model = model;
    b.bus = bus;
    b.target = target;
    b.index = index;
    b.address = address;
    b.from = this;
    b.added = added;
    b.qemuId = qemuId;
    b.explanation = explanation;
    return b;
  }

  public Device withAddress(Address address) {
    return toBuilder().address(address).build();
  }

  public static Builder builder(DeviceKind kind) {
    return new Builder().kind(kind);
  }

  /** A short description for messages: {@code <controller type='pci' index='3' model='pci-bridge'>}. */
  public String describe() {
    StringBuilder s = new StringBuilder("<").append(kind.element());
    if (type != null) {
      s.append(kind == DeviceKind.DISK ? " device='" : " type='").append(type).append('\'');
    }
    if (index != null) {
      s.append(" index='").append(index).append('\'');
    }
    if (model != null) {
      s.append(" model='").append(model).append('\'');
    }
    if (target != null) {
      s.append(" dev='").append(target).append('\'');
    }
    return s.append('>').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Device d
        && Objects.equals(key, d.key) && kind == d.kind && Objects.equals(type, d.type)
        && Objects.equals(model, d.model) && Objects.equals(bus, d.bus)
        && Objects.equals(target, d.target) && Objects.equals(index, d.index)
        && Objects.equals(address, d.address) && attributes.equals(d.attributes)
        && added == d.added && Objects.equals(qemuId, d.qemuId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, kind, type, model, bus, target, index, address, attributes, added, qemuId);
  }

  @Override
  public String toString() {
    return describe() + (address == null ? "" : "@" + address);
  }

  /** Builds devices; adapters set {@link #key}, the planner sets {@link #added} on its own. */
  public static final class Builder {
    private String key;
    private DeviceKind kind;
    private String type;
    private String model;
    private String bus;
    private String target;
    private Integer index;
    private Address address;
    /** The attributes once set here; null while they are those of {@link #from} (or none). */
    private Map<String, String> attributes;
    /** The device this builder copies ({@link Device#toBuilder}), whose maps are shared while unchanged. */
    private Device from;
    private boolean added;
    private String qemuId;
    private Explanation explanation = Explanation.NONE;

    private Builder() {}

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder kind(DeviceKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder bus(String bus) {
      this.bus = bus;
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder index(Integer index) {
      this.index = index;
      return this;
    }

    public Builder address(Address address) {
      this.address = address;
      return this;
    }

    /** Sets an attribute; a null value removes it. */
    public Builder attribute(String name, String value) {
      if (attributes == null) {
        attributes = from != null ? new LinkedHashMap<>(from.attributes) : new LinkedHashMap<>();
      }
      if (value == null) {
        attributes.remove(name);
      } else {
        attributes.put(name, value);
      }
      return this;
    }

    public Builder added(boolean added) {
      this.added = added;
      return this;
    }

    public Builder qemuId(String qemuId) {
      this.qemuId = qemuId;
      return this;
    }

    /** Set by the planner when it explains; see {@link Device#explanation()}. */
    public Builder explanation(Explanation explanation) {
      this.explanation = java.util.Objects.requireNonNull(explanation, "explanation");
      return this;
    }

    public Device build() {
      return new Device(this);
    }
  }
}
