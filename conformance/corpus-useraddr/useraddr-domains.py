#!/usr/bin/env python3
"""Domains as users write them by hand and managers write them back: many devices and
controllers already carry addresses (full, partial, multifunction groups, on buses declared
later or not at all, on reserved slots), mixed with unaddressed devices placed around them.

    python3 useraddr-domains.py --seed 6 --count 1100 --out .
    python3 useraddr-domains.py --seed 7 --count 500 --rough --out .

Case n depends on (seed, n, --rough) alone. Names are PREFIX-uS-NNNN (PREFIX-rS-NNNN with --rough:
one to six doubtful choices a case, so most are refused); uuids
fA000000-0000-4e00-8000-SSSSNNNNNNNN (A: architecture digit as in the other corpora).
"""
import argparse
import os
import random

# buses an endpoint can be written on, buses with slot 0 only, and the parents of each controller
ENDPOINT_BUSES = ("root", "pci-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-to-pci-bridge", "pcie-root-port",
                  "pcie-switch-downstream-port", "pci-expander-bus")
ONE_SLOT_BUSES = ("pcie-root-port", "pcie-switch-downstream-port", "pcie-switch-upstream-port")
PARENTS = {"pcie-root-port": ("root", "pcie-expander-bus"), "pcie-expander-bus": ("root",),
           "pci-expander-bus": ("root",), "dmi-to-pci-bridge": ("root", "pcie-expander-bus"),
           "pcie-switch-upstream-port": ("pcie-root-port", "pcie-switch-downstream-port"),
           "pcie-switch-downstream-port": ("pcie-switch-upstream-port",),
           "pcie-to-pci-bridge": ("pcie-root-port", "pcie-switch-downstream-port"),
           "pci-bridge": ("root", "pci-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-to-pci-bridge",
                          "pci-expander-bus")}
ARCH_DIGIT = {"x86_64": 1, "aarch64": 2, "ppc64": 3, "s390x": 4, "i686": 5, "ppc64le": 6, "riscv64": 7}


class Case:
    """One domain under construction: its machine, its controllers and its devices."""

    def __init__(self, rnd, arch, machine, family, rough=False):
        self.rnd = rnd
        self.arch = arch
        self.machine = machine
        self.family = family      # pc, q35, virt, pseries, s390, rv
        self.items = []           # (order key, xml) for controllers and devices
        self.pci_buses = {0: "root"}   # index -> model of PCI controllers written
        self.taken = set()        # (bus, slot, function) written by the user
        # doubtful choices (collisions, missing buses, reserved slots) this case may still make
        self.doubts = rnd.choice([1, 2, 3, 4, 6] if rough else [0, 0, 0, 0, 0, 1, 1, 2, 3])
        self.share = rnd.choice([0.2, 0.4, 0.6, 0.8, 1.0])   # share of devices with addresses
        self.disk_letters = {"virtio": 0, "scsi": 0, "sata": 0, "ide": 0, "fdc": 0, "usb": 0}
        self.macs = 0
        self.written = set()      # non-PCI addresses written so far

    def fresh(self, make):
        """An address from make(); a gentle case tries a few times for one not written yet."""
        for _ in range(1 if self.dare(0.3) else 8):
            a = make()
            if a not in self.written:
                break
        self.written.add(a)
        return a

    def chance(self, p):
        return self.rnd.random() < p

    def add(self, xml, first=False):
        self.items.append((0 if first else 1, xml))

    # ---- PCI addresses -------------------------------------------------------------------

    def pcie(self):
        return self.family in ("q35", "virt", "rv")

    def dare(self, p):
        """True, with probability p, while the case's budget of doubtful choices lasts."""
        if self.doubts > 0 and self.chance(p):
            self.doubts -= 1
            return True
        return False

    def reserved_slots(self):
        """Slots users collide with: the chipset's, or the first ones."""
        return {"pc": [(0, 1), (0, 2), (0, 0)], "q35": [(0, 0x1f), (0, 1), (0, 0)],
                "virt": [(0, 0), (0, 1)], "pseries": [(0, 0), (0, 1)], "rv": [(0, 0), (0, 1)],
                "s390": [(0, 0)]}[self.family]

    def endpoint_buses(self):
        """Buses an endpoint may be written on: the root, bridges, ports and conventional expanders."""
        return [b for b, m in self.pci_buses.items() if m in ENDPOINT_BUSES]

    def free_slot(self, bus):
        if self.pci_buses.get(bus) in ONE_SLOT_BUSES:
            candidates = [0]
        else:
            candidates = list(range(3 if bus == 0 else 1, 0x20))
            self.rnd.shuffle(candidates)
        for s in candidates:
            if (bus, s, 0) not in self.taken:
                return s
        return None

    def pci_address(self):
        """An <address type='pci'> of some style, or '' for none."""
        if not self.chance(self.share):
            return ""
        if self.dare(0.08):
            doubt = self.rnd.choice(["reserved", "missing-bus", "taken", "slot-0-on-bridge", "upstream-bus"])
            if doubt == "reserved":
                bus, slot = self.rnd.choice(self.reserved_slots())
                return self.pci(bus, slot, self.rnd.choice([0, 0, 1, 2, 3]))
            if doubt == "missing-bus":
                return self.pci(max(self.pci_buses) + self.rnd.choice([1, 2, 5]), self.rnd.choice([0, 1, 2]), 0)
            if doubt == "taken" and self.taken:
                return self.pci(*sorted(self.taken)[self.rnd.randrange(len(self.taken))])
            bus = self.rnd.choice(list(self.pci_buses))
            return self.pci(bus, 0 if doubt == "slot-0-on-bridge" else 1, 0)
        style = self.rnd.choices(["full", "full-other-bus", "slot", "bus", "function", "bus-slot", "empty",
                                  "decimal"], [30, 25, 10, 6, 3, 8, 4, 3])[0]
        if style == "empty":
            return "<address type='pci'/>"
        if style == "function":
            return "<address type='pci' function='0x0'/>"
        others = [b for b in self.endpoint_buses() if b != 0]
        bus = self.rnd.choice(others) if style in ("full-other-bus", "bus", "bus-slot") and others else 0
        if style == "bus":
            return "<address type='pci' bus='%#04x'/>" % bus
        slot = self.free_slot(bus)
        if slot is None:
            return ""
        self.taken.add((bus, slot, 0))
        if style == "slot":
            return "<address type='pci' slot='%#04x'/>" % slot
        if style == "bus-slot":
            return "<address type='pci' bus='%#04x' slot='%#04x'/>" % (bus, slot)
        if style == "decimal":
            return "<address type='pci' domain='0' bus='%d' slot='%d' function='0'/>" % (bus, slot)
        return self.pci(bus, slot, 0)

    def pci(self, bus, slot, fn, multi=None):
        self.taken.add((bus, slot, fn))
        m = "" if multi is None else " multifunction='%s'" % multi
        return "<address type='pci' domain='0x0000' bus='%#04x' slot='%#04x' function='%#x'%s/>" % (
            bus, slot, fn, m)

    # ---- PCI controllers -----------------------------------------------------------------

    def pci_controllers(self):
        """PCI controllers of the machine with index gaps, targets and their own addresses."""
        f = self.family
        if f == "s390":
            return
        models = {"pseries": ["pci-root", "pci-bridge", "pci-bridge"],
                  "pc": ["pci-bridge", "pci-bridge", "pci-expander-bus"],
                  "q35": ["pcie-root-port", "pcie-root-port", "pcie-root-port", "pcie-switch-upstream-port",
                          "dmi-to-pci-bridge", "pcie-to-pci-bridge", "pci-bridge", "pcie-expander-bus"],
                  "virt": ["pcie-root-port", "pcie-root-port", "pcie-switch-upstream-port", "pcie-to-pci-bridge",
                           "pci-bridge", "pcie-expander-bus"],
                  "rv": ["pcie-root-port", "pcie-root-port", "pcie-to-pci-bridge", "pci-bridge"]}[f]
        count = self.rnd.choice([0, 1, 2, 3, 4, 6, 8])
        if self.chance(0.3):
            root = "pcie-root" if self.pcie() else "pci-root"
            addr = self.pci(0, 5, 0) if self.dare(0.3) else ""
            self.add("<controller type='pci' index='0' model='%s'>%s</controller>" % (root, addr),
                     first=self.chance(0.5))
        index = 0
        chassis = self.rnd.choice([1, 5, 16])
        for _ in range(count):
            index += self.rnd.choice([1, 1, 1, 2, 3])
            model = self.rnd.choice(models)
            parents = self.parents(model)
            if not parents and not self.dare(0.5):
                model = {"pcie-switch-upstream-port": "pcie-root-port", "pcie-to-pci-bridge": "pcie-root-port"}.get(
                    model, model)
                parents = self.parents(model)
            self.controller(index, model, parents, chassis)
            chassis += 1
            if model == "pcie-switch-upstream-port" and self.chance(0.8):
                upstream = index
                for _ in range(self.rnd.choice([1, 2, 3])):
                    index += 1
                    self.controller(index, "pcie-switch-downstream-port", [upstream], chassis)
                    chassis += 1

    def parents(self, model):
        """Buses written so far that take a controller of this model (a PCIe root takes no pci-bridge)."""
        kinds = PARENTS.get(model, ())
        if model == "pci-bridge" and self.pcie():
            kinds = tuple(k for k in kinds if k != "root")
        return [b for b, m in self.pci_buses.items() if m in kinds]

    def controller(self, index, model, parents, chassis):
        parts = ["<controller type='pci' index='%d' model='%s'>" % (index, model), self.target(model, index, chassis)]
        if model != "pci-root" and self.chance(self.share) and (parents or self.dare(0.5)):
            bus = self.rnd.choice(parents) if parents else self.rnd.choice(list(self.pci_buses))
            slot = self.free_slot(bus)
            if slot is not None:
                if model == "pcie-root-port" and bus == 0 and self.chance(0.5):
                    # root ports as managers write them: the functions of one slot
                    slot = getattr(self, "_port_slot", None) or self.free_slot(0)
                    self._port_slot = slot
                    fn = getattr(self, "_port_fn", -1) + 1
                    self._port_fn = fn
                    if fn < 8:
                        parts.append(self.pci(0, slot, fn, "on" if fn == 0 and not self.dare(0.3) else None))
                elif self.chance(0.15):
                    self.taken.add((0, slot, 0))
                    parts.append("<address type='pci' slot='%#04x'/>" % slot)
                else:
                    parts.append(self.pci(bus, slot, 0))
        parts.append("</controller>")
        self.pci_buses[index] = model
        self.add("".join(parts), first=self.chance(0.6))

    def target(self, model, index, chassis):
        r = self.rnd
        if model == "pcie-root-port" and self.chance(0.5):
            attrs = []
            if self.chance(0.7):
                attrs.append("chassis='%d'" % (r.choice([1, index]) if self.dare(0.3) else chassis))
            if self.chance(0.7):
                attrs.append("port='%#x'" % r.choice([0x8 + index, 0x10 + index, index]))
            return "<target %s/>" % " ".join(attrs) if attrs else ""
        if model == "pcie-switch-downstream-port" and self.chance(0.4):
            return "<target chassis='%d' port='%#x'/>" % (chassis, r.choice([0, 1, index]))
        if model == "pci-bridge" and self.chance(0.5):
            return "<target chassisNr='%d'/>" % r.choice([index, chassis, 1, 255] if self.dare(0.3) else [index, chassis])
        if model in ("pci-expander-bus", "pcie-expander-bus") and self.chance(0.7):
            return "<target busNr='%d'/>" % r.choice([254, 250, 200, 128, 64 + index] + ([30, 2] if self.dare(0.3) else []))
        if model == "pci-root" and self.family == "pseries":
            return "<target index='%d'/>" % (r.choice([1, 2, 5]) if self.dare(0.3) else index)
        return ""

    # ---- devices ---------------------------------------------------------------------------

    def mac(self):
        self.macs += 1
        return "52:54:00:6%d:%02x:%02x" % (ARCH_DIGIT[self.arch], self.macs // 256, self.macs % 256)

    def nic(self, addr=None):
        models = {"pc": ["virtio", "e1000", "rtl8139"], "q35": ["virtio", "e1000e", "e1000"],
                  "virt": ["virtio", "virtio", "e1000e"], "pseries": ["virtio", "spapr-vlan", "e1000"],
                  "s390": ["virtio"], "rv": ["virtio", "e1000e"]}[self.family]
        model = self.rnd.choice(models)
        if model == "spapr-vlan":
            a = self.spapr_vio() if addr is None else ""
        elif self.family == "s390":
            a = self.ccw() if addr is None else addr
        else:
            a = self.pci_address() if addr is None else addr
        return ("<interface type='user'><mac address='%s'/><model type='%s'/>%s</interface>"
                % (self.mac(), model, a))

    def disk_name(self, bus):
        prefix = {"virtio": "vd", "scsi": "sd", "sata": "sd", "ide": "hd", "fdc": "fd", "usb": "sd"}[bus]
        n = self.disk_letters[bus]
        self.disk_letters[bus] += 1
        if bus in ("scsi", "sata", "usb"):
            n = sum(self.disk_letters[b] for b in ("scsi", "sata", "usb")) - 1
        return prefix + chr(ord("a") + n % 26) + ("" if n < 26 else chr(ord("a") + n // 26))

    def disk(self, bus):
        name = self.disk_name(bus)
        device = "cdrom" if bus in ("ide", "sata", "scsi") and self.chance(0.2) else "disk"
        if bus == "fdc":
            device = "floppy"
        if bus == "virtio":
            a = self.ccw() if self.family == "s390" else self.pci_address()
        elif bus == "usb":
            a = self.fresh(self.usb_address) if self.chance(self.share) else ""
        else:
            a = self.fresh(lambda: self.drive_address(bus)) if self.chance(self.share) else ""
        src = "" if device == "cdrom" else "<source file='/var/lib/useraddr/%s.img'/>" % name
        return ("<disk type='file' device='%s'><driver name='qemu' type='raw'/>%s<target dev='%s' bus='%s'/>%s</disk>"
                % (device, src, name, bus, a))

    def drive_address(self, bus):
        r = self.rnd
        odd = self.dare(0.08)
        limits = {"scsi": (r.choice([0, 0, 0, 1, 2]), 1 if odd else 0, r.choice([0, 0, 1, 2]),
                           r.choice([0, 1, 2, 3, 6] + ([7, 16] if odd else []))),
                  "sata": (r.choice([0, 0, 1]), 1 if odd else 0, 0, r.choice([0, 1, 2, 5] + ([6] if odd else []))),
                  "ide": (1 if odd else 0, r.choice([0, 1, 1] + ([2] if odd else [])), 0, r.choice([0, 1])),
                  "fdc": (1 if odd else 0, 0, 0, r.choice([0, 1, 1]))}
        c, b, t, u = limits[bus]
        style = r.choice(["full", "full", "full", "unit", "controller", "bus-unit"])
        if style == "unit":
            return "<address type='drive' unit='%d'/>" % u
        if style == "controller":
            return "<address type='drive' controller='%d'/>" % c
        if style == "bus-unit":
            return "<address type='drive' bus='%d' unit='%d'/>" % (b, u)
        return "<address type='drive' controller='%d' bus='%d' target='%d' unit='%d'/>" % (c, b, t, u)

    def usb_address(self):
        port = self.rnd.choice(["1", "2", "3", "4"] + (["1.1", "1.2", "2.3", "1.1.1", "7", "15"] if self.dare(0.2) else []))
        bus = 1 if self.dare(0.1) else 0
        if self.chance(0.2):
            return "<address type='usb' bus='%d'/>" % bus
        return "<address type='usb' bus='%d' port='%s'/>" % (bus, port)

    def ccw(self):
        if not self.chance(self.share):
            return ""
        return self.fresh(self.ccw_address)

    def ccw_address(self):
        devno = self.rnd.choice([0, 1, 2, 3, 7, 0x10, 0xfffe, 0x1234] + ([0xffff] if self.dare(0.1) else []))
        cssid = self.rnd.choice(["0x0", "0xfd"]) if self.dare(0.1) else "0xfe"
        ssid = self.rnd.choice(["0x1", "0x3", "0x4"]) if self.dare(0.1) else "0x0"
        if self.dare(0.1):
            return "<address type='ccw' devno='%#06x'/>" % devno
        return "<address type='ccw' cssid='%s' ssid='%s' devno='%#06x'/>" % (cssid, ssid, devno)

    def spapr_vio(self):
        if not self.chance(self.share):
            return ""
        return self.fresh(lambda: "<address type='spapr-vio' reg='%#x'/>" % self.rnd.choice(
            [0x1000, 0x2000, 0x30000000, 0x71000000, 0x71000001, 0x2000, 0x4000]))

    def virtio_serial_address(self):
        port = self.rnd.choice([0, 31, 40] if self.dare(0.1) else [1, 1, 2, 3, 5, 9])
        if self.chance(0.15):
            return "<address type='virtio-serial' port='%d'/>" % port
        ctrl = self.rnd.choice([1, 2, 4]) if self.dare(0.1) else 0
        return "<address type='virtio-serial' controller='%d' bus='0' port='%d'/>" % (ctrl, port)

    def multifunction_group(self):
        """Several devices on one slot, as a manager writes them back, with doubtful shapes."""
        buses = [b for b, m in self.pci_buses.items()
                 if m in ("root", "pci-bridge", "dmi-to-pci-bridge", "pcie-root-port",
                          "pcie-switch-downstream-port", "pcie-to-pci-bridge", "pci-root")]
        bus = self.rnd.choice(buses)
        slot = self.free_slot(bus)
        if slot is None:
            return
        shape = "proper"
        if self.dare(0.8):
            shape = self.rnd.choice(["no-flag", "no-zero", "flag-on-nonzero", "flag-off"])
        elif self.chance(0.3):
            shape = "gap"
        count = self.rnd.choice([2, 3, 4, 7])
        fns = list(range(count))
        if shape == "no-zero":
            fns = [f + 1 for f in fns]
        if shape == "gap":
            fns = sorted(self.rnd.sample(range(8), count))
            if 0 not in fns:
                fns[0] = 0
        for fn in fns:
            multi = None
            if fn == 0 and shape in ("proper", "gap"):
                multi = "on"
            if fn == 0 and shape == "flag-off":
                multi = "off"
            if shape == "flag-on-nonzero" and fn == 1:
                multi = "on"
            addr = self.pci(bus, slot, fn, multi)
            kind = self.rnd.choice(["nic", "disk", "rng", "scsi", "usb"])
            if kind == "nic":
                self.add(self.nic(addr))
            elif kind == "disk":
                name = self.disk_name("virtio")
                self.add("<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                         "<source file='/var/lib/useraddr/%s.img'/><target dev='%s' bus='virtio'/>%s</disk>"
                         % (name, name, addr))
            elif kind == "rng":
                self.add("<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % addr)
            elif kind == "scsi":
                self.add("<controller type='scsi' index='%d' model='virtio-scsi'>%s</controller>"
                         % (self.next_index("scsi"), addr), first=self.chance(0.5))
            else:
                model = "qemu-xhci" if self.pcie() else self.rnd.choice(["piix3-uhci", "qemu-xhci"])
                self.add("<controller type='usb' index='%d' model='%s'>%s</controller>"
                         % (self.next_index("usb"), model, addr), first=self.chance(0.5))

    def next_index(self, kind):
        attr = "_idx_" + kind
        value = getattr(self, attr, -1) + self.rnd.choice([1, 1, 1, 2])
        setattr(self, attr, value)
        return value

    def controllers(self):
        """Drive, USB, virtio-serial and ccid controllers, some with addresses, some missing."""
        f = self.family
        for _ in range(self.rnd.choice([0, 0, 1, 1, 2, 3])):
            model = {"pc": ["virtio-scsi", "lsilogic"], "q35": ["virtio-scsi", "lsilogic"],
                     "virt": ["virtio-scsi"], "pseries": ["virtio-scsi", "ibmvscsi"], "s390": ["virtio-scsi"],
                     "rv": ["virtio-scsi"]}[f]
            m = self.rnd.choice(model + [None])
            if m == "ibmvscsi":
                a = self.spapr_vio()
            elif f == "s390":
                a = self.ccw()
            else:
                a = self.pci_address()
            self.add("<controller type='scsi' index='%d'%s>%s</controller>"
                     % (self.next_index("scsi"), " model='%s'" % m if m else "", a), first=self.chance(0.6))
        if f == "q35" and self.chance(0.3):
            idx = self.next_index("sata")
            a = self.pci(0, 0x1f, 2) if idx == 0 and self.chance(0.5) else self.pci_address()
            self.add("<controller type='sata' index='%d'>%s</controller>" % (idx, a), first=self.chance(0.6))
        if f == "pc" and self.chance(0.2):
            a = self.pci(0, 1, 1) if self.chance(0.7) else self.pci_address()
            self.add("<controller type='ide' index='0'>%s</controller>" % a, first=self.chance(0.6))
        if f in ("pc", "q35") and self.chance(0.15):
            self.add("<controller type='fdc' index='0'/>", first=True)
        if self.chance(0.5):
            models = {"pc": ["piix3-uhci", "qemu-xhci", "ich9-ehci1", "nec-xhci", None],
                      "q35": ["qemu-xhci", "ich9-ehci1", "nec-xhci", None],
                      "virt": ["qemu-xhci", None], "pseries": ["pci-ohci", "qemu-xhci", None],
                      "s390": ["qemu-xhci"], "rv": ["qemu-xhci", None]}[f]
            if self.dare(0.1):
                models = ["none"]
            m = self.rnd.choice(models)
            ports = " ports='%d'" % self.rnd.choice([4, 8, 15]) if m in ("qemu-xhci", "nec-xhci") and self.chance(0.4) else ""
            idx = self.next_index("usb")
            companions = m == "ich9-ehci1" and self.chance(0.7)
            slot = self.free_slot(0) or 0x1d
            if m == "none":
                a = ""
            elif companions:
                a = self.pci(0, slot, 7)
            else:
                a = self.ccw() if f == "s390" and self.chance(0.3) else self.pci_address()
            self.add("<controller type='usb' index='%d'%s%s>%s</controller>"
                     % (idx, " model='%s'" % m if m else "", ports, a), first=self.chance(0.6))
            if companions:
                self.taken.add((0, slot, 0))
                for fn, comp in ((0, "ich9-uhci1"), (1, "ich9-uhci2"), (2, "ich9-uhci3")):
                    multi = " multifunction='on'" if fn == 0 else ""
                    self.add("<controller type='usb' index='%d' model='%s'><master startport='%d'/>"
                             "<address type='pci' domain='0x0000' bus='0x00' slot='%#04x' function='%#x'%s/></controller>"
                             % (idx, comp, fn * 2, slot, fn, multi), first=self.chance(0.6))
        if self.chance(0.35):
            ports = " ports='%d'" % self.rnd.choice([10, 16, 31] + ([2, 4] if self.dare(0.3) else [])) \
                if self.chance(0.4) else ""
            a = self.ccw() if f == "s390" else self.pci_address()
            self.add("<controller type='virtio-serial' index='%d'%s>%s</controller>"
                     % (self.next_index("virtio-serial"), ports, a), first=self.chance(0.6))

    def device(self):
        f = self.family
        kinds = ["nic", "nic", "vdisk", "vdisk", "scsi-disk", "rng", "usb-input", "channel", "serial",
                 "balloon", "hostdev", "input-virtio", "watchdog", "video", "sound", "hub", "sata-disk",
                 "ide-disk", "floppy", "console", "spapr", "vsock", "usb-disk", "smartcard"]
        k = self.rnd.choice(kinds)
        a = (lambda: self.ccw()) if f == "s390" else (lambda: self.pci_address())
        if k == "nic":
            return self.nic()
        if k == "vdisk":
            return self.disk("virtio")
        if k == "scsi-disk":
            return self.disk("scsi")
        if k == "sata-disk" and f in ("q35", "pc"):
            return self.disk("sata")
        if k == "ide-disk" and (f == "pc" or f == "q35" and self.dare(0.5)):
            return self.disk("ide")
        if k == "floppy" and f in ("pc", "q35"):
            return self.disk("fdc")
        if k == "usb-disk" and f != "s390":
            return self.disk("usb")
        if k == "rng":
            return "<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % a()
        if k == "usb-input":
            bus = self.rnd.choice(["tablet", "mouse", "keyboard"])
            return "<input type='%s' bus='usb'>%s</input>" % (bus, self.fresh(self.usb_address) if self.chance(self.share) else "")
        if k == "hub" and f != "s390":
            return "<hub type='usb'>%s</hub>" % (self.fresh(self.usb_address) if self.chance(self.share) else "")
        if k in ("channel", "console"):
            addr = ""
            if self.chance(self.share):
                addr = self.fresh(self.virtio_serial_address)
            if k == "console":
                return "<console type='pty'><target type='virtio'/>%s</console>" % addr
            n = self.next_index("channel")
            return "<channel type='pty'><target type='virtio' name='org.useraddr.ch%d'/>%s</channel>" % (n, addr)
        if k == "serial":
            if f == "pseries":
                return "<serial type='pty'>%s</serial>" % self.spapr_vio()
            if f in ("pc", "q35") and self.chance(0.5):
                return "<serial type='pty'><target type='pci-serial'/>%s</serial>" % a()
            if f in ("pc", "q35") and self.chance(0.3):
                port = self.rnd.choice([0, 1, 2, 3])
                extra = ("<address type='isa' iobase='%#x' irq='%d'/>" % (0x3f8 - 0x100 * (port % 2), 4 - port % 2)
                         if self.chance(self.share) else "")
                return "<serial type='pty'><target type='isa-serial' port='%d'/>%s</serial>" % (port, extra)
            if self.chance(0.3) and f != "s390":
                return "<serial type='pty'><target type='usb-serial'/>%s</serial>" % (
                    self.fresh(self.usb_address) if self.chance(self.share) else "")
            return "<serial type='pty'/>"
        if k == "balloon":
            if getattr(self, "_balloon", False):
                return self.nic()
            self._balloon = True
            return "<memballoon model='virtio'>%s</memballoon>" % a()
        if k == "hostdev" and f != "rv":
            src = "<address domain='0x0000' bus='%#04x' slot='%#04x' function='%#x'/>" % (
                self.rnd.randrange(1, 0x80), self.rnd.randrange(0, 0x20), self.rnd.randrange(0, 8))
            addr = a() if f != "s390" else self.ccw()
            return "<hostdev mode='subsystem' type='pci' managed='yes'><source>%s</source>%s</hostdev>" % (src, addr)
        if k == "input-virtio":
            return "<input type='tablet' bus='virtio'>%s</input>" % a()
        if k == "watchdog" and f in ("pc", "q35"):
            if getattr(self, "_watchdog", False):
                return self.nic()
            self._watchdog = True
            return "<watchdog model='i6300esb' action='reset'>%s</watchdog>" % self.pci_address()
        if k == "video" and f in ("pc", "q35", "virt", "pseries"):
            if getattr(self, "_video", False):
                return self.disk("virtio")
            self._video = True
            model = {"pc": "cirrus", "q35": "qxl", "virt": "virtio", "pseries": "vga"}[f]
            if f == "pc" and self.chance(0.3):
                return "<video><model type='cirrus'/>%s</video>" % self.pci(0, 2, 0)
            return "<video><model type='%s'/>%s</video>" % (model, self.pci_address())
        if k == "sound" and f in ("pc", "q35"):
            model = self.rnd.choice(["ich6", "ich9", "ac97", "es1370"])
            return "<sound model='%s'>%s</sound>" % (model, self.pci_address())
        if k == "spapr" and f == "pseries":
            if getattr(self, "_nvram", False) or self.chance(0.5):
                return self.nic()
            self._nvram = True
            return "<nvram>%s</nvram>" % self.spapr_vio()
        if k == "vsock" and not getattr(self, "_vsock", False):
            self._vsock = True
            return "<vsock model='virtio'><cid auto='no' address='%d'/>%s</vsock>" % (
                self.rnd.randrange(3, 100), a())
        if k == "smartcard" and f in ("pc", "q35") and not getattr(self, "_ccid", False):
            self._ccid = True
            if self.chance(0.5):
                self.add("<controller type='ccid' index='0'>%s</controller>"
                         % (self.fresh(self.usb_address) if self.chance(self.share) else ""), first=self.chance(0.5))
            slot = "<address type='ccid' controller='0' slot='%d'/>" % self.rnd.choice([0, 0, 1]) if self.chance(self.share) else ""
            return "<smartcard mode='passthrough' type='pty'>%s</smartcard>" % slot
        return self.nic()

    def build(self, size):
        self.pci_controllers()
        self.controllers()
        if self.family != "s390" and self.chance(0.4):
            for _ in range(self.rnd.choice([1, 1, 2])):
                self.multifunction_group()
        while len(self.items) < size:
            self.add(self.device())
        first = [x for k, x in self.items if k == 0]
        rest = [x for k, x in self.items if k == 1]
        order = self.rnd.choice(["given", "controllers-last", "shuffled"])
        if order == "controllers-last":
            return rest + first
        if order == "shuffled":
            mixed = first + rest
            self.rnd.shuffle(mixed)
            return mixed
        return first + rest


MACHINES = [
    ("x86_64", "pc", ["pc-i440fx-%s" % v for v in ("1.5", "2.0", "2.6", "2.12", "3.1", "4.2", "5.2", "6.2", "7.2")]
     + ["pc"], "pc", 20),
    ("x86_64", "q35", ["pc-q35-%s" % v for v in ("2.4", "2.6", "2.11", "3.1", "4.2", "5.2", "6.2", "7.2")] + ["q35"],
     "q35", 26),
    ("i686", "pc", ["pc-i440fx-2.9", "pc-i440fx-7.2", "pc"], "pc", 4),
    ("i686", "q35", ["pc-q35-5.2", "q35"], "q35", 4),
    ("aarch64", "virt", ["virt-%s" % v for v in ("2.6", "3.1", "4.2", "5.2", "6.2", "7.2")] + ["virt"], "virt", 14),
    ("ppc64", "pseries", ["pseries-%s" % v for v in ("2.7", "2.12", "3.1", "4.2", "5.2", "7.2")] + ["pseries"],
     "pseries", 10),
    ("ppc64le", "pseries", ["pseries-3.0", "pseries-6.2", "pseries"], "pseries", 5),
    ("s390x", "s390", ["s390-ccw-virtio-%s" % v for v in ("2.7", "3.1", "4.2", "5.2", "7.2")]
     + ["s390-ccw-virtio"], "s390", 10),
    ("riscv64", "rv", ["virt"], "rv", 7),
]


def domain(seed, n, rough):
    rnd = random.Random("useraddr-%d-%d" % (seed, n))
    arch, prefix, machines, family, _ = rnd.choices(MACHINES, [m[4] for m in MACHINES])[0]
    machine = rnd.choice(machines)
    case = Case(rnd, arch, machine, family, rough)
    size = rnd.choice([4, 8, 12, 20, 30, 45, 60])
    devices = case.build(size)
    name = "%s-%s%d-%04d" % (prefix, "r" if rough else "u", seed, n)
    features = {"pc": "<features><acpi/><apic/></features>", "q35": "<features><acpi/><apic/></features>",
                "virt": "<features><gic version='3'/></features>"}.get(family, "")
    lines = ["<domain type='qemu'>", "  <name>%s</name>" % name,
             "  <uuid>f%d000000-0000-4e00-8000-%04d%08d</uuid>" % (ARCH_DIGIT[arch], seed, n),
             "  <memory unit='MiB'>1024</memory>", "  <vcpu>2</vcpu>",
             "  <os><type arch='%s' machine='%s'>hvm</type></os>" % (arch, machine)]
    if features:
        lines.append("  " + features)
    lines.append("  <devices>")
    lines += ["    " + d for d in devices]
    lines += ["  </devices>", "</domain>", ""]
    return arch, name, "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--count", type=int, default=1100)
    p.add_argument("--out", default=".")
    p.add_argument("--rough", action="store_true", help="more doubtful choices a case (names PREFIX-rS-NNNN)")
    args = p.parse_args()
    for n in range(args.count):
        arch, name, xml = domain(args.seed, n, args.rough)
        os.makedirs(os.path.join(args.out, arch), exist_ok=True)
        with open(os.path.join(args.out, arch, name + ".xml"), "w") as f:
            f.write(xml)


if __name__ == "__main__":
    main()
