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
  /** Attribute key: {@code <target chassisNr>} of a {@code pci-bridge}. */
  public static final String CHASSIS_NR = "chassisNr";
  /** Attribute key: {@code <target chassis>} of a PCIe port. */
  public static final String CHASSIS = "chassis";
  /** Attribute key: {@code <target port>} of a PCIe port. */
  public static final String PORT = "port";
  /** Attribute key: {@code <target busNr>} of a PCI expander bus. */
  public static final String BUS_NR = "busNr";
  /** Attribute key: {@code <target hotplug>} of a PCI controller. */
  public static final String HOTPLUG = "hotplug";
  /** Attribute key: {@code <target index>} of a pSeries host bridge. */
  public static final String TARGET_INDEX = "targetIndex";
  /** Attribute key: {@code ports} of a USB or virtio-serial controller. */
  public static final String PORTS = "ports";
  /** Attribute key: {@code <target type>} of a serial port, console or channel. */
  public static final String TARGET_TYPE = "targetType";
  /** Attribute key: {@code <target name>} of a channel. */
  public static final String TARGET_NAME = "targetName";
  /** Attribute key: {@code <target><model name>} of a serial port. */
  public static final String TARGET_MODEL = "targetModel";
  /** Attribute key: {@code primary} of a video {@code <model>}. */
  public static final String PRIMARY = "primary";
  /** Attribute key: {@code heads} of a video {@code <model>}. */
  public static final String HEADS = "heads";
  /** Attribute key: {@code vram} of a video {@code <model>}, in KiB. */
  public static final String VRAM = "vram";
  /** Attribute key: {@code ram} of a qxl video {@code <model>}, in KiB. */
  public static final String RAM = "ram";
  /** Attribute key: {@code vgamem} of a qxl video {@code <model>}, in KiB. */
  public static final String VGAMEM = "vgamem";
  /** Attribute key: the {@code <driver>} type, as written. */
  public static final String DRIVER = "driver";
  /** Attribute key: {@code mode} of the element, as written. */
  public static final String MODE = "mode";
  /** The filesystem driver type whose device is vhost-user-fs, keyed apart from the 9p models. */
  private static final String VIRTIOFS = "virtiofs";
  private static final String MDEV = "mdev";

  /** Attribute key: a disk's {@code type} (file, block, network, ...; file when not written). */
  public static final String DISK_TYPE = "diskType";
  /** Attribute key: {@code yes} when a disk has no source (no {@code <source>} or an empty one). */
  public static final String SOURCE_EMPTY = "sourceEmpty";
  /**
   * Attribute key: {@code yes} when a NIC or host device tunes its option ROM ({@code <rom>} with
   * {@code bar}, {@code enabled} or {@code file}), which libvirt allows on PCI devices alone.
   */
  public static final String ROM_TUNING = "romTuning";
  /** Attribute key: {@code yes} when shared memory names a server to connect to ({@code <server>}). */
  public static final String SERVER = "server";
  /** s390 zPCI uid of a PCI device ({@code <address type='pci'><zpci uid/>}), as written. */
  public static final String ZPCI_UID = "zpciUid";
  /** s390 zPCI fid of a PCI device ({@code <zpci fid/>}), as written. */
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
  /** {@link #catalogKey()}, made on first use: the planner asks for it again and again. */
  private String catalogKey;

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
      boolean sameKey = b.from != null && kind == b.from.kind && Objects.equals(type, b.from.type)
          && Objects.equals(model, b.from.model) && Objects.equals(bus, b.from.bus);
      this.catalogKey = sameKey ? b.from.catalogKey : null;
    } else {
      // the builder's map becomes this device's: the builder copies it again if it changes more
      this.attributes = Collections.unmodifiableMap(b.attributes);
      this.numbers = parseNumbers(attributes);
      b.attributes = null;
      b.from = this;
    }
    this.added = b.added;
    this.qemuId = b.qemuId;
    this.explanation = b.explanation;
  }

  /** A copy of {@code d} with another address and QEMU id: the planner's most frequent copies, without a builder. */
  private Device(Device d, Address address, String qemuId) {
    this.key = d.key;
    this.kind = d.kind;
    this.type = d.type;
    this.model = d.model;
    this.bus = d.bus;
    this.target = d.target;
    this.index = d.index;
    this.address = address;
    this.attributes = d.attributes;
    this.numbers = d.numbers;
    this.added = d.added;
    this.qemuId = qemuId;
    this.explanation = d.explanation;
    this.catalogKey = d.catalogKey;
  }

  private Map<String, Long> parseNumbers(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> parsed = null; // made for the few devices that have a number
    for (String key : NUMERIC) {
      String text = attributes.get(key);
      if (text != null) {
        try {
          if (parsed == null) {
            parsed = new HashMap<>();
          }
          parsed.put(key, text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(describe() + ": attribute " + key + "='" + text
              + "' is not a number (adapters check what they read)", e);
        }
      }
    }
    return parsed == null ? Map.of() : Map.copyOf(parsed);
  }

  /**
   * {@return the adapter's handle for the element this came from; null for devices Backplane added}
   */
  public String key() {
    return key;
  }

  /** {@return the libvirt element the device is} */
  public DeviceKind kind() {
    return kind;
  }

  /**
   * {@return the element's {@code type} ({@code pci} for a PCI controller, {@code network} for an
   * interface), or null}
   */
  public String type() {
    return type;
  }

  /** {@return the element's model as written ({@code virtio}, {@code pcie-root-port}), or null} */
  public String model() {
    return model;
  }

  /** {@return disk target bus or input bus} */
  public String bus() {
    return bus;
  }

  /** {@return disk target device name ({@code vda})} */
  public String target() {
    return target;
  }

  /** {@return controller index} */
  public Integer index() {
    return index;
  }

  /** {@return the address as written or planned; null when it has none} */
  public Address address() {
    return address;
  }

  /** {@return the address, when it is a PCI address} */
  public Optional<Address.Pci> pciAddress() {
    return address instanceof Address.Pci pci ? Optional.of(pci) : Optional.empty();
  }

  /** {@return every attribute, by key (see the constants of this class); unmodifiable} */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * {@return the attribute {@code name}, or null when absent}
   *
   * @param name the key
   */
  public String attribute(String name) {
    return attributes.get(name);
  }

  /**
   * {@return a numeric attribute ({@link #PORTS}, {@link #TARGET_INDEX}, ...) as a number, or null when absent}
   *
   * @param name the attribute key
   */
  public Long number(String name) {
    if (!NUMERIC.contains(name)) {
      throw new IllegalArgumentException(name + " is not a numeric attribute");
    }
    return numbers.get(name);
  }

  /** {@return true for devices the planner added (defaults, implicit controllers, new buses)} */
  public boolean added() {
    return added;
  }

  /** {@return the id QEMU gives the device ({@code pci.3}, {@code net0}); set by the planner} */
  public String qemuId() {
    return qemuId;
  }

  /**
   * {@return why the planner added or placed this device; {@link Explanation#NONE} unless the plan was made
   * with {@code explain}} Not part of {@link #equals}: it tells how a device was planned, not what.
   */
  public Explanation explanation() {
    return explanation;
  }

  /**
   * {@return whether the device is of {@code kind} with {@code type}}
   *
   * @param kind the kind
   * @param type the type, or null
   */
  public boolean is(DeviceKind kind, String type) {
    return this.kind == kind && Objects.equals(this.type, type);
  }

  /**
   * {@return whether the device is a controller of {@code type} ({@code pci}, {@code usb})}
   *
   * @param type the controller type
   */
  public boolean isController(String type) {
    return is(DeviceKind.CONTROLLER, type);
  }

  /**
   * {@return whether the device is an {@code <interface type='hostdev'>}: an SR-IOV virtual
   * function, which libvirt gives the guest as the PCI host device it is (vfio-pci, no netdev)}
   */
  public boolean isHostdevInterface() {
    return is(DeviceKind.INTERFACE, "hostdev");
  }

  /**
   * {@return how a device catalog names this device's model (see {@link DeviceModel}): the model for most
   * kinds, {@code TYPE[/MODEL]} for a controller, {@code BUS/DEVICE} for a disk, {@code BUS/TYPE}
   * for an input, the target type of a character device, {@code TYPE} for a host device
   * ({@code mdev/MODEL} for a mediated one), and {@code -} for none}
   */
  public String catalogKey() {
    String key = catalogKey;
    if (key == null) {
      key = computeCatalogKey();
      catalogKey = key; // a race computes the same string twice, which is harmless
    }
    return key;
  }

  private String computeCatalogKey() {
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

  /**
   * {@return this device's model in {@code catalog} ({@link DeviceCatalog#find})}
   *
   * @param catalog the device catalog of the machine's architecture
   */
  public Optional<DeviceModel> modelIn(DeviceCatalog catalog) {
    return catalog.find(kind.element(), catalogKey());
  }

  private static String orNone(String value) {
    return value == null ? DeviceModel.NO_DEVICE : value;
  }

  /** {@return a builder holding this device's values} */
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

  /**
   * {@return this device at {@code address}}
   *
   * @param address the new address, or null for none
   */
  public Device withAddress(Address address) {
    return new Device(this, address, qemuId);
  }

  /**
   * {@return this device with {@code qemuId} as the id QEMU gives it}
   *
   * @param qemuId the id, or null for none
   */
  public Device withQemuId(String qemuId) {
    return new Device(this, address, qemuId);
  }

  /**
   * {@return a builder of a device of {@code kind}}
   *
   * @param kind the element the device is
   */
  public static Builder builder(DeviceKind kind) {
    return new Builder().kind(kind);
  }

  /**
   * {@return a short description for messages: {@code <controller type='pci' index='3' model='pci-bridge'>}}
   */
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

    /**
     * Sets {@link Device#key()}.
     *
     * @param key the adapter's handle for the element, or null
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Sets {@link Device#kind()}.
     *
     * @param kind the kind of device
     * @return this builder
     */
    public Builder kind(DeviceKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * Sets {@link Device#type()}.
     *
     * @param type the element's {@code type}, or null
     * @return this builder
     */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets {@link Device#model()}.
     *
     * @param model the model as written, or null
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets {@link Device#bus()}.
     *
     * @param bus the disk target bus or input bus, or null
     * @return this builder
     */
    public Builder bus(String bus) {
      this.bus = bus;
      return this;
    }

    /**
     * Sets {@link Device#target()}.
     *
     * @param target the disk target device name, or null
     * @return this builder
     */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /**
     * Sets {@link Device#index()}.
     *
     * @param index the controller index, or null
     * @return this builder
     */
    public Builder index(Integer index) {
      this.index = index;
      return this;
    }

    /**
     * Sets {@link Device#address()}.
     *
     * @param address the address to give it, or null for none
     * @return this builder
     */
    public Builder address(Address address) {
      this.address = address;
      return this;
    }

    /**
     * {@return this builder, with attribute {@code name} set to {@code value}; a null value removes it}
     *
     * @param name the attribute key
     * @param value the value, or null to remove the attribute
     */
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

    /**
     * Sets {@link Device#added()}.
     *
     * @param added whether the planner added the device
     * @return this builder
     */
    public Builder added(boolean added) {
      this.added = added;
      return this;
    }

    /**
     * Sets {@link Device#qemuId()}.
     *
     * @param qemuId the id QEMU gives the device
     * @return this builder
     */
    public Builder qemuId(String qemuId) {
      this.qemuId = qemuId;
      return this;
    }

    /**
     * Set by the planner when it explains; see {@link Device#explanation()}.
     *
     * @param explanation why the planner added or placed the device
     * @return this builder
     */
    public Builder explanation(Explanation explanation) {
      this.explanation = java.util.Objects.requireNonNull(explanation, "explanation");
      return this;
    }

    /**
     * {@return the device}
     *
     * @throws IllegalArgumentException when a numeric attribute is not a number
     */
    public Device build() {
      return new Device(this);
    }
  }
}
