package dev.backplane.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.immutables.value.Value;

/**
 * The devices of one architecture, by libvirt model: what the engine and the adapters know about a
 * device comes from here. A machine's catalog is {@link MachineDescription#devices()}.
 *
 * <p>{@link #find} looks a key up in this order: the key's own model; for a key whose model is
 * {@code virtio-transitional} or {@code virtio-non-transitional}, the {@code virtio} model's form on
 * that transport (conventional PCI for the transitional one); then the fallback {@code TYPE/*} and
 * {@code *} models of the kind.
 */
@Experimental(since = "2026-12-01")
@Value.Immutable
public abstract class DeviceCatalog {
  private static final String VIRTIO = "virtio";

  /** {@return where the catalog came from (a resource or file name), for messages} */
  public abstract String origin();

  /**
   * {@return the QEMU binary of the architecture ({@code qemu-system-arm} for armv7l), if the catalog says}
   */
  public abstract Optional<String> qemuBinary();

  /**
   * {@return libvirt's bus for an input that names none, by input type ({@code mouse → ps2}); {@code *} for the rest}
   */
  public abstract Map<String, String> inputBuses();

  /** {@return every model, at most one per kind and key} */
  public abstract List<DeviceModel> models();

  /** The models by kind, then by key: both strings come with their hash already made. */
  @Value.Derived
  @Value.Auxiliary
  Map<String, Map<String, DeviceModel>> index() {
    Map<String, Map<String, DeviceModel>> index = new HashMap<>();
    for (DeviceModel model : models()) {
      if (index.computeIfAbsent(model.kind(), k -> new HashMap<>()).put(model.key(), model) != null) {
        throw new IllegalArgumentException(
            "DeviceCatalog " + origin() + ": two models for " + model.kind() + " " + model.key());
      }
    }
    return index;
  }

  /**
   * {@return the model of {@code kind} (a libvirt element) and {@code key} (see {@link DeviceModel})}
   *
   * @param kind the libvirt element name ({@code disk}, {@code interface}, {@code controller})
   * @param key the key ({@code disk:virtio}, or a device's alias)
   */
  public Optional<DeviceModel> find(String kind, String key) {
    Map<String, DeviceModel> ofKind = index().getOrDefault(kind, Map.of());
    DeviceModel exact = ofKind.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (DeviceTransport variant : List.of(DeviceTransport.TRANSITIONAL, DeviceTransport.NON_TRANSITIONAL)) {
      String suffix = VIRTIO + "-" + variant.label();
      if (key.endsWith(suffix)) {
        DeviceModel base = ofKind.get(key.substring(0, key.length() - suffix.length()) + VIRTIO);
        if (base != null && base.transports().containsKey(variant)) {
          return Optional.of(variant(base, key, variant));
        }
      }
    }
    int slash = key.indexOf('/');
    DeviceModel fallback = slash > 0 ? ofKind.get(key.substring(0, slash) + "/*") : null;
    return Optional.ofNullable(fallback != null ? fallback : ofKind.get("*"));
  }

  /**
   * {@return the keys of {@code kind} that QEMU has a device for or needs none, for messages; no fallbacks}
   *
   * @param kind the libvirt element name ({@code disk}, {@code interface}, {@code controller})
   */
  public Set<String> keys(String kind) {
    Set<String> keys = new TreeSet<>();
    for (DeviceModel model : models()) {
      if (model.kind().equals(kind) && !model.isFallback()
          && !model.qemuDevice().equals(DeviceModel.NO_QEMU_DEVICE)) {
        keys.add(model.key());
      }
    }
    return keys;
  }

  /** {@return true when the catalog has no model (the description's catalog is unknown)} */
  public boolean isEmpty() {
    return models().isEmpty();
  }

  /** The transitional or non-transitional form of a virtio model, as a model of its own. */
  private static DeviceModel variant(DeviceModel base, String key, DeviceTransport variant) {
    Connection connection = variant == DeviceTransport.TRANSITIONAL && base.connection() == Connection.VIRTIO
        ? Connection.PCI : base.connection();
    return DeviceModel.builder().from(base).key(key).connection(connection)
        .qemuDevice(base.transports().get(variant)).transports(Map.of()).build();
  }

  /** {@return a catalog with no models: every device is unknown} */
  public static DeviceCatalog empty() {
    return builder().origin("empty").build();
  }

  /** {@return a new builder of a device catalog} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a device catalog; {@code build()} fails on a missing field. */
  public static class Builder extends ImmutableDeviceCatalog.Builder {}
}
