package dev.backplane.adapters.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.backplane.core.model.Address;
import dev.backplane.core.model.BudgetUse;
import dev.backplane.core.model.Device;
import dev.backplane.core.model.DeviceKind;
import dev.backplane.core.model.Explanation;
import dev.backplane.core.model.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a plan ({@code backplane plan --format json}); documented field by field in
 * the README. Mapped from core types because Jackson cannot serialize them directly.
 * {@link PlanJsonWriter} writes plans; Jackson's databind writes the addresses of {@code diff},
 * in the order the annotations give (PlanJsonWriterTest: both write the same bytes).
 */
@JsonPropertyOrder({"arch", "machine", "controllers", "devices", "firmware"})
record PlanJson(String arch, String machine, List<ControllerJson> controllers,
    List<DeviceJson> devices, @JsonInclude(JsonInclude.Include.NON_NULL) FirmwareJson firmware) {

  static PlanJson of(Plan plan) {
    return of(plan, null);
  }

  /** With the firmware budget the plan was checked against, or without one ({@code use} null). */
  static PlanJson of(Plan plan, BudgetUse use) {
    return new PlanJson(
        plan.arch(),
        plan.machine().name(),
        plan.controllers().stream().map(ControllerJson::of).toList(),
        plan.devices().stream().filter(d -> d.kind() != DeviceKind.CONTROLLER)
            .map(DeviceJson::of).toList(),
        use == null ? null : FirmwareJson.of(use));
  }

  /** The firmware budget and what the plan uses of it; a {@code limit} of null is not limited. */
  @JsonPropertyOrder({"name", "measured", "busNumbers", "ioWindows"})
  record FirmwareJson(String name, boolean measured, UseJson busNumbers, UseJson ioWindows) {
    static FirmwareJson of(BudgetUse use) {
      return new FirmwareJson(use.firmware(), use.measured(),
          new UseJson(use.busNumbers(), use.budget().busNumbers().orElse(null), null),
          new UseJson(use.ioWindows(), use.budget().ioWindows().orElse(null), use.ioBridges()));
    }
  }

  @JsonPropertyOrder({"used", "limit", "bridges"})
  record UseJson(int used, Integer limit,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> bridges) {}

  @JsonPropertyOrder({"type", "index", "model", "id", "address", "explanation"})
  record ControllerJson(String type, Integer index, String model, String id, Object address,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ReasonJson> explanation) {
    static ControllerJson of(Device d) {
      return new ControllerJson(d.type(), d.index(), d.model(), d.qemuId(), addressOf(d.address()),
          ReasonJson.of(d.explanation()));
    }
  }

  @JsonPropertyOrder({"id", "kind", "model", "address", "explanation"})
  record DeviceJson(String id, String kind, String model, Object address,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<ReasonJson> explanation) {
    static DeviceJson of(Device d) {
      return new DeviceJson(d.qemuId(), d.kind().element(), d.model(), addressOf(d.address()),
          ReasonJson.of(d.explanation()));
    }
  }

  /** One reason of {@code plan --explain}: the rule's id, where the rule lives, and the words. */
  @JsonPropertyOrder({"rule", "source", "text"})
  record ReasonJson(String rule, String source, String text) {
    /** The reasons, or null (no field) when the plan was made without --explain. */
    static List<ReasonJson> of(Explanation explanation) {
      return explanation.isEmpty() ? null : explanation.reasons().stream()
          .map(r -> new ReasonJson(r.rule().id(), r.source(), r.text())).toList();
    }
  }

  @JsonPropertyOrder({"type", "domain", "bus", "slot", "function", "multifunction"})
  record PciJson(String type, int domain, int bus, int slot, int function,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean multifunction) {}

  @JsonPropertyOrder({"type", "controller", "bus", "target", "unit"})
  record DriveJson(String type, int controller, int bus, int target, int unit) {}

  @JsonPropertyOrder({"type", "controller", "bus", "port"})
  record VirtioSerialJson(String type, int controller, int bus, int port) {}

  @JsonPropertyOrder({"type", "bus", "port"})
  record UsbJson(String type, int bus, String port) {}

  @JsonPropertyOrder({"type", "cssid", "ssid", "devno"})
  record CcwJson(String type, String cssid, String ssid, String devno) {}

  @JsonPropertyOrder({"type", "reg"})
  record SpaprVioJson(String type, String reg) {}

  @JsonPropertyOrder({"type"})
  record TypeOnlyJson(String type) {}

  /** The address as libvirt writes it; null when the device has none. */
  static Object addressOf(Address address) {
    if (address == null) {
      return null;
    }
    if (address instanceof Address.Pci a) {
      return new PciJson(a.type(), a.domain(), a.bus(), a.slot(), a.function(),
          Boolean.TRUE.equals(a.multifunction()) ? Boolean.TRUE : null);
    }
    if (address instanceof Address.Drive a) {
      return new DriveJson(a.type(), a.controller(), a.bus(), a.target(), a.unit());
    }
    if (address instanceof Address.VirtioSerial a) {
      return new VirtioSerialJson(a.type(), a.controller(), a.bus(), a.port());
    }
    if (address instanceof Address.Usb a) {
      return new UsbJson(a.type(), a.bus(), a.port());
    }
    if (address instanceof Address.Ccw a) {
      return new CcwJson(a.type(), Address.hex(a.cssid(), 0), Address.hex(a.ssid(), 0), Address.hex(a.devno(), 4));
    }
    if (address instanceof Address.SpaprVio a) {
      return new SpaprVioJson(a.type(), a.reg() == null ? null : Address.hex(a.reg(), 0));
    }
    if (address instanceof Address.VirtioMmio a) {
      return new TypeOnlyJson(a.type());
    }
    Address.Other other = (Address.Other) address;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", other.type());
    new java.util.TreeMap<>(other.attributes()).forEach(json::putIfAbsent);
    return json;
  }
}
