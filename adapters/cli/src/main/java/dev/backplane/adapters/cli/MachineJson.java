package dev.backplane.adapters.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.backplane.spi.DeviceDefaults;
import dev.backplane.spi.ImplicitDevice;
import dev.backplane.spi.MachineDescription;
import dev.backplane.spi.PreferredSlot;
import dev.backplane.spi.RootBus;
import dev.backplane.spi.SlotReservation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON shape of a machine description ({@code backplane describe --format json}); documented
 * field by field in the README.
 */
@JsonPropertyOrder({"name", "arch", "family", "aliases", "virtioTransport", "multipleRoots", "zpci",
    "rootBuses", "implicitDevices", "reservations", "preferredSlots", "pciControllerModels",
    "iommuModels", "connections", "defaults"})
record MachineJson(String name, String arch, String family, List<String> aliases,
    String virtioTransport, boolean multipleRoots, boolean zpci, List<RootBusJson> rootBuses,
    List<ImplicitDeviceJson> implicitDevices, List<ReservationJson> reservations,
    List<PreferredSlotJson> preferredSlots, List<String> pciControllerModels,
    List<String> iommuModels, Map<String, String> connections, DefaultsJson defaults) {

  static MachineJson of(MachineDescription d) {
    Map<String, String> connections = new LinkedHashMap<>();
    d.connections().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> connections.put(e.getKey(), e.getValue().label()));
    return new MachineJson(d.name(), d.arch(), d.family(), d.aliases(),
        d.virtioTransport().label(), d.multipleRoots(), d.zpci(),
        d.rootBuses().stream().map(RootBusJson::of).toList(),
        d.implicitDevices().stream().map(ImplicitDeviceJson::of).toList(),
        d.reservations().stream().map(ReservationJson::of).toList(),
        d.preferredSlots().stream().map(PreferredSlotJson::of).toList(),
        List.copyOf(new TreeSet<>(d.pciControllerModels())),
        List.copyOf(new TreeSet<>(d.iommuModels())),
        connections,
        DefaultsJson.of(d.defaults()));
  }

  @JsonPropertyOrder({"name", "kind", "model", "modelName", "firstSlot", "lastSlot", "transports"})
  record RootBusJson(String name, String kind, String model, String modelName, int firstSlot,
      int lastSlot, Integer transports) {
    static RootBusJson of(RootBus b) {
      return new RootBusJson(b.name(), b.kind().label(), b.controllerModel().orElse(null),
          b.modelName().orElse(null), b.firstSlot(), b.lastSlot(), b.transports().orElse(null));
    }
  }

  @JsonPropertyOrder({"qemuType", "bus", "slot", "function", "controller"})
  record ImplicitDeviceJson(String qemuType, String bus, Integer slot, Integer function,
      String controller) {
    static ImplicitDeviceJson of(ImplicitDevice i) {
      return new ImplicitDeviceJson(i.qemuType(), i.bus(),
          i.slot().isPresent() ? i.slot().getAsInt() : null,
          i.function().isPresent() ? i.function().getAsInt() : null,
          i.controllerType().orElse(null));
    }
  }

  @JsonPropertyOrder({"slot", "function", "reason", "controller", "models"})
  record ReservationJson(int slot, int function, String reason, String controller,
      List<String> models) {
    static ReservationJson of(SlotReservation r) {
      return new ReservationJson(r.slot(), r.function(), r.reason(),
          r.controllerType().orElse(null), r.controllerModels());
    }
  }

  @JsonPropertyOrder({"role", "slots"})
  record PreferredSlotJson(String role, List<Integer> slots) {
    static PreferredSlotJson of(PreferredSlot p) {
      return new PreferredSlotJson(p.role().label(), p.slots());
    }
  }

  @JsonPropertyOrder({"usbController", "usbModel", "memballoon", "ps2Inputs",
      "usbInputsWithGraphics", "controllers", "panic", "panicModel", "nicModel", "videoModel",
      "scsiModel", "serialTarget", "serialModels", "secondaryVideoModels"})
  record DefaultsJson(String usbController, String usbModel, boolean memballoon,
      boolean ps2Inputs, boolean usbInputsWithGraphics, List<String> controllers, boolean panic,
      String panicModel, String nicModel, String videoModel, String scsiModel,
      String serialTarget, Map<String, String> serialModels, List<String> secondaryVideoModels) {
    static DefaultsJson of(DeviceDefaults d) {
      return new DefaultsJson(d.usbController().orElse(null), d.usbModel().orElse(null),
          d.memballoon(), d.ps2Inputs(), d.usbInputsWithGraphics(), d.controllers(), d.panic(),
          d.panicModel().orElse(null),
          d.nicModel().orElse(null), d.videoModel().orElse(null), d.scsiModel().orElse(null),
          d.serialTarget().orElse(null), new java.util.TreeMap<>(d.serialModels()),
          d.secondaryVideoModels());
    }
  }
}
