#!/usr/bin/env python3
"""wide-domains.py: a third, independent generator of large libvirt domains for conformance.

Each domain stresses one theme hard (many SCSI controllers and disks, deep PCI topologies, many
USB controllers and hubs, crowded virtio-serial, host devices, every small device at once) and
mixes in the rest, with partial user addresses and shuffled device order.

    python3 wide-domains.py --seed 3 --count 600 --out .

writes OUT/ARCH/FAMILY-wSEED-NNNN.xml. Case n depends on (seed, n) alone.
"""
import argparse
import os
import random

# (arch, family, machines, weight)
FAMILIES = [
    ("x86_64", "q35", ["q35", "pc-q35-7.2", "pc-q35-6.2", "pc-q35-5.2", "pc-q35-4.2", "pc-q35-3.1",
                       "pc-q35-2.12", "pc-q35-2.6", "pc-q35-2.4"], 26),
    ("x86_64", "pc", ["pc", "pc-i440fx-7.2", "pc-i440fx-6.0", "pc-i440fx-4.2", "pc-i440fx-3.1",
                      "pc-i440fx-2.12", "pc-i440fx-2.6", "pc-i440fx-2.0", "pc-i440fx-1.7"], 20),
    ("i686", "q35", ["q35", "pc-q35-7.0", "pc-q35-2.11"], 4),
    ("i686", "pc", ["pc", "pc-i440fx-5.0", "pc-i440fx-2.3"], 4),
    ("aarch64", "virt", ["virt", "virt-7.2", "virt-6.2", "virt-5.0", "virt-4.0", "virt-3.1",
                         "virt-2.12", "virt-2.6"], 13),
    ("ppc64", "pseries", ["pseries", "pseries-7.2", "pseries-5.2", "pseries-3.1", "pseries-2.12",
                          "pseries-2.6"], 10),
    ("ppc64le", "pseries", ["pseries", "pseries-6.1", "pseries-4.0"], 6),
    ("s390x", "s390", ["s390-ccw-virtio", "s390-ccw-virtio-7.2", "s390-ccw-virtio-5.0",
                       "s390-ccw-virtio-4.0", "s390-ccw-virtio-2.12"], 10),
    ("riscv64", "virt", ["virt"], 7),
]
ARCH_DIGIT = {"x86_64": 1, "aarch64": 2, "ppc64": 3, "s390x": 4, "riscv64": 5, "i686": 6, "ppc64le": 7}

SCSI_MODELS = {
    "x86": ["virtio-scsi", "lsilogic", "lsisas1068", "lsisas1078", "vmpvscsi", "virtio-transitional",
            "virtio-non-transitional", "auto"],
    "virt": ["virtio-scsi", "virtio-scsi", "lsilogic", "virtio-non-transitional", "auto"],
    "pseries": ["ibmvscsi", "virtio-scsi", "ibmvscsi", "lsilogic", "auto"],
    "s390": ["virtio-scsi", "virtio-scsi", "auto"],
}
NIC_MODELS = {
    "x86": ["virtio", "e1000", "e1000e", "rtl8139", "ne2k_pci", "pcnet", "vmxnet3",
            "virtio-transitional", "virtio-non-transitional", "i82559er", "spapr-vlan"],
    "virt": ["virtio", "virtio", "e1000", "e1000e", "rtl8139", "virtio-non-transitional", "vmxnet3"],
    "pseries": ["spapr-vlan", "virtio", "e1000", "rtl8139", "virtio-transitional", "ne2k_pci"],
    "s390": ["virtio", "virtio", "virtio-non-transitional", "e1000"],
}
USB_MODELS = {
    "x86": ["piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "vt82c686b-uhci", "pci-ohci",
            "nec-xhci", "qemu-xhci", "qemu-xhci", "none"],
    "virt": ["qemu-xhci", "nec-xhci", "ehci", "pci-ohci", "qemu-xhci"],
    "pseries": ["pci-ohci", "qemu-xhci", "nec-xhci", "ehci"],
    "s390": ["none", "qemu-xhci"],
}
SOUND_MODELS = {
    "x86": ["ich6", "ich9", "ac97", "es1370", "sb16", "pcspk", "usb", "ich7"],
    "virt": ["ich9", "ac97", "usb", "ich6"],
    "pseries": ["ich6", "ac97", "usb"],
    "s390": [],
}
VIDEO_MODELS = {
    "x86": ["vga", "cirrus", "qxl", "virtio", "bochs", "ramfb", "none"],
    "virt": ["virtio", "ramfb", "bochs", "vga"],
    "pseries": ["vga", "virtio", "bochs"],
    "s390": ["virtio", "none"],
}


def kind_of(arch):
    if arch in ("x86_64", "i686"):
        return "x86"
    if arch in ("aarch64", "riscv64"):
        return "virt"
    if arch.startswith("ppc64"):
        return "pseries"
    return "s390"


class Gen:
    def __init__(self, rnd, arch, family, machine, name, uuid):
        self.r = rnd
        self.arch = arch
        self.family = family
        self.machine = machine
        self.name = name
        self.uuid = uuid
        self.k = kind_of(arch)
        self.pcie = family == "q35" or self.k == "virt"
        self.devs = []           # (xml, sticky-first?)
        self.mac = 0
        self.disk_names = set()
        self.pci_buses = [0]     # indexes of PCI buses devices may name
        self.root_ports = []     # buses that take only slot 0
        self.slot_lo = {0: 2 if family == 'pc' and not self.r.random() < 0.03 else 1}    # lowest usable slot per bus (bridges and PHBs: 1)
        self.scsi_ctrls = []
        self.sata_ctrls = [0] if family == "q35" else []
        self.ide_ctrls = [0] if family == "pc" else []
        self.usb_ports = []
        self.vser = []           # (index, ports)
        self.numa = False
        self.used_pci = set()
        self.ccid = 0
        self.hub_ports = []
        self.usb_used = set()
        self.usb_none = False
        self.vio_regs = set()
        self.vser_used = set()

    # -- helpers ------------------------------------------------------------------------------
    def chance(self, p):
        return self.r.random() < p

    def add(self, xml):
        self.devs.append(xml)

    def pci_addr(self, multifunction=False, below=None):
        """A user PCI address: mostly on a known bus, sometimes on a bus that is not there."""
        r = self.r
        if self.k == "s390":
            return self.ccw_addr()
        buses = [b for b in self.pci_buses if below is None or b < below] or [0]
        bus = r.choice(buses) if not self.chance(0.01) else r.randint(1, 12)
        if bus in self.root_ports:
            slot = 0 if not self.chance(0.01) else r.randint(1, 3)
        else:
            slot = r.randint(self.slot_lo.get(bus, 0), 31 if not self.chance(0.01) else 32)
        func = 0 if not self.chance(0.2) else r.randint(1, 7)
        key = (bus, slot, func)
        if key in self.used_pci and not self.chance(0.02):
            return ""
        self.used_pci.add(key)
        mf = " multifunction='on'" if (multifunction or (func == 0 and self.chance(0.15))) else ""
        return (f"<address type='pci' domain='0x0000' bus='{bus:#04x}' slot='{slot:#04x}'"
                f" function='{func:#x}'{mf}/>")

    def ccw_addr(self):
        r = self.r
        cssid = "0xfe" if not self.chance(0.01) else "0x00"
        return f"<address type='ccw' cssid='{cssid}' ssid='0x0' devno='{r.randint(0, 64):#06x}'/>"

    def vio_addr(self, regs):
        reg = self.r.choice(regs)
        if reg in self.vio_regs and not self.chance(0.05):
            return ""
        self.vio_regs.add(reg)
        return f"<address type='spapr-vio' reg='{reg:#x}'/>"

    def maybe_pci(self, p=0.2):
        return self.pci_addr() if self.chance(p) else ""

    def next_mac(self):
        self.mac += 1
        return f"52:54:00:{self.seedbyte:02x}:{self.mac // 256:02x}:{self.mac % 256:02x}"

    def disk_name(self, prefix, maxn=60):
        for _ in range(50):
            n = self.r.randint(0, maxn)
            name = prefix + letters(n)
            if name not in self.disk_names:
                self.disk_names.add(name)
                return name
        return None

    # -- controllers --------------------------------------------------------------------------
    def pci_topology(self, heavy):
        r = self.r
        if self.k == "s390":
            return
        xml = []
        idx = 1
        n = r.randint(3, 12) if heavy else r.randint(0, 3)
        if self.k == "pseries":
            # extra PHBs
            for _ in range(n if heavy else r.randint(0, 2)):
                idx += r.randint(0, 2)
                tgt = f"<target index='{r.randint(1, 8)}'/>" if self.chance(0.6) else ""
                xml.append(f"<controller type='pci' index='{idx}' model='pci-root'>{tgt}</controller>")
                self.pci_buses.append(idx)
                self.slot_lo[idx] = 1
                idx += 1
            if self.chance(0.3):
                xml.append(f"<controller type='pci' index='{idx}' model='pci-bridge'/>")
                self.pci_buses.append(idx)
                self.slot_lo[idx] = 1
            for x in xml:
                self.add(x)
            return
        if self.pcie:
            models = ["pcie-root-port"] * 5 + ["pcie-switch-upstream-port", "pcie-switch-downstream-port",
                                               "pcie-expander-bus", "pcie-to-pci-bridge", "pci-bridge",
                                               "dmi-to-pci-bridge"]
            if self.k == "virt":
                models = [m for m in models if m not in ("pcie-expander-bus", "dmi-to-pci-bridge")]
        else:
            models = ["pci-bridge"] * 4 + ["pci-expander-bus"]
        for _ in range(n):
            if self.chance(0.3):
                idx += r.randint(1, 4)          # gaps in indexes
            model = r.choice(models)
            if model == "pcie-switch-downstream-port" and not self.chance(0.03):
                continue
            if model == "pcie-switch-upstream-port":
                # an upstream port with its downstream ports after it
                for m in [model] + ["pcie-switch-downstream-port"] * r.randint(1, 4):
                    addr = self.pci_addr(below=idx) if self.chance(0.1) and m == model else ""
                    t = f"<target chassis='{r.randint(1, 40)}' port='{r.randint(8, 40):#x}'/>" if m != model and self.chance(0.3) else ""
                    xml.append(f"<controller type='pci' index='{idx}' model='{m}'>{t}{addr}</controller>")
                    if m != model:
                        self.root_ports.append(idx)
                        self.pci_buses.append(idx)
                    idx += 1
                continue
            parts = []
            if model in ("pcie-root-port", "pcie-switch-downstream-port"):
                t = []
                if self.chance(0.4):
                    t.append(f"chassis='{r.randint(1, 40)}'")
                if self.chance(0.4):
                    t.append(f"port='{r.randint(8, 40):#x}'")
                if t:
                    parts.append("<target " + " ".join(t) + "/>")
                if self.chance(0.15):
                    parts.append("<model name='ioh3420'/>" if model == "pcie-root-port"
                                 else "<model name='xio3130-downstream'/>")
            elif model == "pci-bridge":
                if self.chance(0.4):
                    parts.append(f"<target chassisNr='{r.randint(1, 30)}'/>")
            elif model in ("pci-expander-bus", "pcie-expander-bus"):
                t = f"<target busNr='{r.choice([30, 60, 100, 150, 200, 250, 254])}'"
                if self.chance(0.4):
                    self.numa = True
                    t += "><node>0</node></target>"
                else:
                    t += "/>"
                if self.chance(0.7):
                    parts.append(t)
            addr = ""
            if self.chance(0.1):
                addr = self.pci_addr(below=idx)
            xml.append(f"<controller type='pci' index='{idx}' model='{model}'>{''.join(parts)}{addr}</controller>")
            if model in ("pcie-root-port", "pcie-switch-downstream-port"):
                self.root_ports.append(idx)
            if model not in ("pcie-switch-upstream-port", "pci-expander-bus", "pcie-expander-bus"):
                self.pci_buses.append(idx)
            if model in ("pci-bridge", "pcie-to-pci-bridge", "dmi-to-pci-bridge"):
                self.slot_lo[idx] = 1
            idx += 1
        # root controller sometimes written out
        if self.chance(0.4):
            root = "pcie-root" if self.pcie else "pci-root"
            xml.insert(0, f"<controller type='pci' index='0' model='{root}'/>")
        for x in xml:
            self.add(x)

    def scsi_controllers(self, heavy):
        r = self.r
        n = r.randint(2, 8) if heavy else r.randint(0, 2)
        idx = 0 if self.chance(0.6) else r.randint(1, 3)
        for _ in range(n):
            model = r.choice(SCSI_MODELS[self.k])
            extra = ""
            if model.startswith("virtio") and self.chance(0.3):
                extra = f"<driver queues='{r.randint(1, 8)}'/>"
            addr = ""
            if model == "ibmvscsi" and self.chance(0.3):
                addr = self.vio_addr([0x2000, 0x2001, 0x3000, 0x1000, 0x2100])
            elif self.chance(0.15):
                addr = self.pci_addr()
            m = "" if model == "auto" else f" model='{model}'"
            self.add(f"<controller type='scsi' index='{idx}'{m}>{extra}{addr}</controller>")
            self.scsi_ctrls.append((idx, model))
            idx += 1 if not self.chance(0.3) else r.randint(2, 4)

    def drive_addr(self, ctrls, bus_max, target_max, unit_max):
        r = self.r
        if not ctrls and not self.chance(0.2):
            return ""
        c, model = r.choice(ctrls) if ctrls and not self.chance(0.02) else (r.randint(0, 6), "")
        if not (model.startswith("virtio") or model == "auto") and not self.chance(0.03):
            target_max = 0
        attrs = []
        style = r.random()
        if style < 0.3:
            attrs = [f"controller='{c}'"]
        elif style < 0.5:
            attrs = [f"controller='{c}'", f"unit='{r.randint(0, unit_max)}'"]
        elif style < 0.6:
            attrs = [f"unit='{r.randint(0, unit_max)}'"]
        elif style < 0.7:
            attrs = [f"controller='{c}'", f"target='{r.randint(0, target_max)}'"]
        else:
            attrs = [f"controller='{c}'", f"bus='{r.randint(0, bus_max)}'",
                     f"target='{r.randint(0, target_max)}'", f"unit='{r.randint(0, unit_max)}'"]
        return "<address type='drive' " + " ".join(attrs) + "/>"

    def disk(self, bus, device="disk", addr=""):
        r = self.r
        prefix = {"scsi": "sd", "sata": "sd", "usb": "sd", "ide": "hd", "virtio": "vd", "fdc": "fd",
                  "xen": "xvd"}[bus]
        maxn = {"ide": 3 if not self.chance(0.03) else 5, "fdc": 1}.get(bus, 60)
        name = self.disk_name(prefix, maxn)
        if name is None:
            return
        if device == "lun":
            src = f"<source dev='/dev/disk/by-id/lun-{name}'/>"
            typ = "block"
        else:
            src = f"<source file='/var/lib/wide/{name}.img'/>"
            typ = "file"
        ro = "<readonly/>" if device == "cdrom" else ""
        model = ""
        if bus == "virtio" and self.chance(0.15):
            model = f" model='{r.choice(['virtio-transitional', 'virtio-non-transitional'])}'"
        extra = ""
        if bus == "scsi" and self.chance(0.1):
            extra = f"<wwn>0x5000c500{r.randint(0, 0xffffff):08x}</wwn>" if device == "disk" else ""
        self.add(f"<disk type='{typ}' device='{device}'{model}><driver name='qemu' type='raw'/>{src}"
                 f"<target dev='{name}' bus='{bus}'/>{ro}{extra}{addr}</disk>")

    def scsi_disks(self, heavy):
        r = self.r
        if not self.scsi_ctrls and not heavy and not self.chance(0.3):
            return
        n = r.randint(10, 40) if heavy else r.randint(1, 6)
        for _ in range(n):
            dev = r.choice(["disk"] * 6 + ["cdrom", "lun"])
            addr = self.drive_addr(self.scsi_ctrls, 0 if not self.chance(0.02) else 1, 7 if not self.chance(0.05) else 20,
                                   6 if not self.chance(0.05) else 20) if self.chance(0.45) else ""
            self.disk("scsi", dev, addr)
        if self.chance(0.08):
            # scsi host devices on the same controllers
            for _ in range(r.randint(1, 4)):
                a = self.drive_addr(self.scsi_ctrls, 0, 7, 6) if self.chance(0.5) else ""
                self.add(f"<hostdev mode='subsystem' type='scsi' managed='no'><source><adapter name='scsi_host{r.randint(0, 3)}'/>"
                         f"<address bus='0' target='{r.randint(0, 3)}' unit='{r.randint(0, 7)}'/></source>{a}</hostdev>")

    def sata_ide(self, heavy):
        r = self.r
        if self.k != "x86" and not self.chance(0.15):
            return
        for _ in range(r.randint(1, 4) if heavy else r.randint(0, 1)):
            idx = r.randint(0, 5)
            if idx in self.sata_ctrls and not self.chance(0.03):
                continue
            addr = self.maybe_pci(0.2)
            self.add(f"<controller type='sata' index='{idx}'>{addr}</controller>")
            if idx not in self.sata_ctrls:
                self.sata_ctrls.append(idx)
        if self.family == "pc" and heavy and self.chance(0.4):
            idx = r.choice([0, 0, 1])
            self.add(f"<controller type='ide' index='{idx}'/>")
        ctrls = [(c, "sata") for c in self.sata_ctrls]
        for _ in range(r.randint(2, 14) if heavy else r.randint(0, 3)):
            dev = r.choice(["disk", "disk", "cdrom"])
            addr = self.drive_addr(ctrls, 0, 0, 5 if not self.chance(0.03) else 8) if self.chance(0.35) else ""
            self.disk("sata", dev, addr)
        for _ in range(r.randint(0, 4) if heavy else r.randint(0, 1)) if self.family == "pc" or self.chance(0.05) else []:
            dev = r.choice(["disk", "cdrom"])
            addr = ""
            if self.chance(0.3):
                addr = (f"<address type='drive' controller='{r.choice([0, 0, 0, 1])}' bus='{r.randint(0, 1)}'"
                        f" target='0' unit='{r.randint(0, 1)}'/>")
            self.disk("ide", dev, addr)
        if self.chance(0.3):
            for _ in range(r.randint(1, 2)):
                self.disk("fdc", "floppy")

    def usb(self, heavy):
        r = self.r
        n = r.randint(2, 5) if heavy else r.randint(0, 1)
        idx = 0
        for i in range(n):
            model = r.choice(USB_MODELS[self.k])
            if model == "none" and (i > 0 or not self.chance(0.3)):
                continue
            if model == "none":
                self.add("<controller type='usb' index='0' model='none'/>")
                self.usb_none = True
                break
            if model == "ich9-ehci1":
                addr = self.maybe_pci(0.3)
                self.add(f"<controller type='usb' index='{idx}' model='ich9-ehci1'>{addr}</controller>")
                for j, start in ((1, 0), (2, 2), (3, 4)):
                    if self.chance(0.85):
                        self.add(f"<controller type='usb' index='{idx}' model='ich9-uhci{j}'><master startport='{start}'/></controller>")
                self.usb_ports.append((idx, 6))
            else:
                ports = ""
                if model in ("qemu-xhci", "nec-xhci") and self.chance(0.4):
                    ports = f" ports='{r.choice([4, 8, 15])}'"
                addr = self.maybe_pci(0.2)
                self.add(f"<controller type='usb' index='{idx}' model='{model}'{ports}>{addr}</controller>")
                if model != "none":
                    n_ports = {"piix3-uhci": 2, "piix4-uhci": 2, "vt82c686b-uhci": 2, "pci-ohci": 3, "ehci": 6,
                               "nec-xhci": 4, "qemu-xhci": 4}[model]
                    self.usb_ports.append((idx, int(ports.split("'")[1]) if ports else n_ports))
                else:
                    self.usb_none = True
            idx += 1 if not self.chance(0.25) else 2
        # hubs and usb devices
        nd = r.randint(4, 16) if heavy else r.randint(0, 3)
        if not self.usb_ok():
            return
        for _ in range(r.randint(1, 3) if heavy else r.randint(0, 1)):
            a = self.usb_addr()
            self.add(f"<hub type='usb'>{a}</hub>")
            if "port=" in a:
                self.hub_ports.append((int(a.split("bus='")[1].split("'")[0]), a.split("port='")[1].split("'")[0]))
        for _ in range(nd):
            c = r.random()
            a = self.usb_addr() if self.chance(0.4) else ""
            if c < 0.3:
                self.add(f"<input type='{r.choice(['tablet', 'mouse', 'keyboard'])}' bus='usb'>{a}</input>")
            elif c < 0.5 and self.k != "s390":
                self.disk("usb", r.choice(["disk", "cdrom"]), a)
            elif c < 0.7:
                self.add(f"<hostdev mode='subsystem' type='usb' managed='yes'><source><vendor id='{r.randint(1, 0xffff):#06x}'/>"
                         f"<product id='{r.randint(1, 0xffff):#06x}'/></source>{a}</hostdev>")
            elif c < 0.8:
                self.add(f"<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' service='{4000 + r.randint(0, 99)}'/>{a}</redirdev>")
            elif c < 0.9:
                self.add(f"<sound model='usb'>{a}</sound>")
            else:
                self.add(f"<hostdev mode='subsystem' type='usb' managed='no'><source><address bus='{r.randint(1, 4)}' device='{r.randint(1, 20)}'/></source>{a}</hostdev>")

    def usb_ok(self):
        """Whether USB devices have a bus (rarely asked for anyway when they have none)."""
        ok = not self.usb_none and (self.k != "s390" or self.usb_ports)
        return ok or self.chance(0.02)

    def usb_addr(self):
        r = self.r
        if self.usb_ports and not self.chance(0.02):
            bus, ports = r.choice(self.usb_ports)
        else:
            bus, ports = (0, 2) if not self.chance(0.02) else (r.randint(1, 3), 2)
        if self.chance(0.15):
            return f"<address type='usb' bus='{bus}'/>"
        port = str(r.randint(1, ports))
        if self.hub_ports and self.chance(0.3):
            bus, hub = r.choice(self.hub_ports)
            port = hub + "." + str(r.randint(1, 8))
        if (bus, port) in self.usb_used and not self.chance(0.03):
            return ""
        self.usb_used.add((bus, port))
        return f"<address type='usb' bus='{bus}' port='{port}'/>"

    def virtio_serial(self, heavy):
        r = self.r
        n = r.randint(1, 4) if heavy else r.randint(0, 1)
        idx = 0 if self.chance(0.7) else 1
        for _ in range(n):
            attrs = ""
            ports = None
            if self.chance(0.5):
                ports = r.choice([2, 4, 8, 16, 31, 31])
                attrs += f" ports='{ports}'"
            if self.chance(0.3):
                attrs += f" vectors='{r.choice([2, 4, 8])}'"
            addr = self.maybe_pci(0.2) if self.k != "s390" else (self.ccw_addr() if self.chance(0.2) else "")
            self.add(f"<controller type='virtio-serial' index='{idx}'{attrs}>{addr}</controller>")
            self.vser.append((idx, ports or 31))
            idx += 1 if not self.chance(0.3) else 2
        nch = r.randint(5, 24) if heavy else r.randint(0, 3)
        for i in range(nch):
            a = ""
            if self.chance(0.5):
                c, ports = r.choice(self.vser) if self.vser and not self.chance(0.02) else (r.randint(0, 3), 31)
                top = ports - 1 if not self.chance(0.03) else ports + 2
                style = r.random()
                if style < 0.35:
                    a = f"<address type='virtio-serial' controller='{c}'/>"
                elif style < 0.55:
                    a = f"<address type='virtio-serial' controller='{c}' bus='0'/>"
                elif style < 0.7:
                    a = f"<address type='virtio-serial' port='{r.randint(1, 2)}'/>"
                else:
                    port = r.randint(1, top)
                    if (c, port) in self.vser_used and not self.chance(0.03):
                        port = None
                    self.vser_used.add((c, port))
                    a = f"<address type='virtio-serial' controller='{c}' bus='0' port='{port}'/>" if port else ""
            if self.chance(0.25):
                self.add(f"<console type='pty'><target type='virtio' port='{r.randint(0, 6)}'/>{a}</console>"
                         if self.chance(0.3) else f"<console type='pty'><target type='virtio'/>{a}</console>")
            elif self.chance(0.1):
                self.add(f"<channel type='pty'><target type='virtio' name='com.redhat.spice.{i}'/>{a}</channel>")
            else:
                self.add(f"<channel type='unix'><source mode='bind'/><target type='virtio' name='org.wide.ch{i}'/>{a}</channel>")

    def nics(self, heavy):
        r = self.r
        for _ in range(r.randint(4, 20) if heavy else r.randint(0, 4)):
            model = r.choice(NIC_MODELS[self.k])
            a = ""
            if model == "spapr-vlan" and self.chance(0.3):
                a = self.vio_addr([0x1000, 0x1001, 0x2000, 0x71000000, 0x1100])
            elif self.chance(0.25):
                a = self.pci_addr()
            extra = ""
            if model.startswith("virtio") and self.chance(0.2):
                extra = f"<driver queues='{r.randint(1, 4)}'/>"
            if self.chance(0.12):
                src = (f"<source><address type='pci' domain='0x0000' bus='{r.randint(1, 0x40):#04x}'"
                       f" slot='{r.randint(0, 31):#04x}' function='{r.randint(0, 7):#x}'/></source>")
                self.add(f"<interface type='hostdev' managed='yes'><mac address='{self.next_mac()}'/>{src}{a}</interface>")
            else:
                self.add(f"<interface type='user'><mac address='{self.next_mac()}'/><model type='{model}'/>{extra}{a}</interface>")

    def hostdevs(self, heavy):
        r = self.r
        for _ in range(r.randint(3, 10) if heavy else r.randint(0, 2)):
            c = r.random()
            a = self.pci_addr() if self.chance(0.3) else ""
            if c < 0.6:
                if self.k == "s390":
                    a = ""
                src = (f"<source><address domain='0x0000' bus='{r.randint(1, 0x40):#04x}' slot='{r.randint(0, 31):#04x}'"
                       f" function='{r.randint(0, 7):#x}'/></source>")
                self.add(f"<hostdev mode='subsystem' type='pci' managed='yes'>{src}{a}</hostdev>")
            elif c < 0.8:
                u = f"{r.getrandbits(32):08x}-{r.getrandbits(16):04x}-4{r.getrandbits(12):03x}-8{r.getrandbits(12):03x}-{r.getrandbits(48):012x}"
                model = "vfio-pci" if self.k != "s390" else r.choice(["vfio-ccw", "vfio-ap", "vfio-pci"])
                if self.k == "s390":
                    a = self.ccw_addr() if model == "vfio-ccw" and self.chance(0.5) else ""
                self.add(f"<hostdev mode='subsystem' type='mdev' managed='no' model='{model}'><source><address uuid='{u}'/></source>{a}</hostdev>")
            elif self.usb_ok():
                self.add(f"<hostdev mode='subsystem' type='usb' managed='yes'><source><vendor id='0x{r.randint(1, 0xffff):04x}'/>"
                         f"<product id='0x{r.randint(1, 0xffff):04x}'/></source></hostdev>")

    def small(self, heavy):
        """The single devices: one or a few of each, with or without addresses."""
        r = self.r
        p = 0.6 if heavy else 0.25
        k = self.k
        if self.chance(p):
            a = self.maybe_pci(0.2)
            wm = {"x86": ["i6300esb", "ib700"], "virt": ["i6300esb"], "pseries": ["i6300esb"],
                  "s390": ["diag288"]}[k]
            self.add(f"<watchdog model='{r.choice(wm)}' action='reset'>{a}</watchdog>")
        for _ in range(r.randint(0, 3) if self.chance(p) else 0):
            a = self.maybe_pci(0.2) if k != "s390" else ""
            model = r.choice(["virtio", "virtio", "virtio-transitional", "virtio-non-transitional"])
            self.add(f"<rng model='{model}'><backend model='random'>/dev/urandom</backend>{a}</rng>")
        if self.chance(p):
            if self.chance(0.35):
                self.add("<memballoon model='none'/>")
            else:
                a = self.maybe_pci(0.3)
                ad = " autodeflate='on'" if self.chance(0.2) else ""
                self.add(f"<memballoon model='{r.choice(['virtio', 'virtio', 'virtio-transitional'])}'{ad}>{a}</memballoon>")
        if self.chance(p * 0.6):
            a = self.maybe_pci(0.2)
            self.add(f"<vsock model='virtio'><cid auto='yes'/>{a}</vsock>")
        im = {"x86": ["intel", "virtio"] if self.family == "q35" or self.chance(0.03) else [],
              "virt": ["smmuv3", "virtio"], "pseries": ["virtio"], "s390": ["virtio"]}[k]
        if self.chance(p * 0.5) and im:
            m = r.choice(im)
            drv = "<driver intremap='off' caching_mode='on'/>" if m == "intel" and self.chance(0.4) else ""
            self.add(f"<iommu model='{m}'>{drv}</iommu>")
        tm = {"x86": ["tpm-tis", "tpm-crb"], "virt": ["tpm-tis", "tpm-crb"], "pseries": ["tpm-spapr", "spapr-tpm-proxy"],
              "s390": ["tpm-tis"] if self.chance(0.05) else []}[k]
        if self.chance(p * 0.5) and tm:
            m = r.choice(tm)
            if m == "spapr-tpm-proxy":
                self.add("<tpm model='spapr-tpm-proxy'><backend type='passthrough'><device path='/dev/tpmrm0'/></backend></tpm>")
            else:
                self.add(f"<tpm model='{m}'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>")
        if self.chance(p * 0.6):
            # aarch64 and riscv64 virt have no panic device in libvirt 9.0: rarely ask for one anyway
            pm = {"x86": ["isa", "hyperv"], "virt": ["isa"], "pseries": ["pseries"], "s390": ["s390"]}[k]
            m = r.choice(pm)
            if k != "virt" or self.chance(0.1):
                a = "<address type='isa' iobase='0x505'/>" if m == "isa" and self.chance(0.3) else ""
                self.add(f"<panic model='{m}'>{a}</panic>")
        for i in range(r.randint(0, 3) if self.chance(p * 0.5) else 0):
            a = self.maybe_pci(0.3)
            model = r.choice(["ivshmem-plain", "ivshmem-plain", "ivshmem-doorbell"])
            body = f"<model type='{model}'/>"
            if model == "ivshmem-plain":
                body += "<size unit='M'>4</size>"
            else:
                body += "<server path='/tmp/ivshmem_socket'/><msi vectors='4' ioeventfd='on'/>"
            self.add(f"<shmem name='shm{i}'>{body}{a}</shmem>")
        for _ in range(r.randint(0, 4) if self.chance(p) else 0):
            bus = r.choice(["virtio", "virtio", "usb", "ps2"] if k == "x86" else ["virtio", "usb"])
            if bus == "usb" and not self.usb_ok():
                bus = "virtio"
            t = r.choice(["tablet", "mouse", "keyboard"])
            if bus == "ps2" and t == "tablet":
                t = "mouse"
            a = self.maybe_pci(0.2) if bus == "virtio" else ""
            if bus == "virtio" and self.chance(0.2):
                self.add(f"<input type='passthrough' bus='virtio'><source evdev='/dev/input/event{r.randint(0, 9)}'/>{a}</input>")
            else:
                self.add(f"<input type='{t}' bus='{bus}'>{a}</input>")
        for _ in range(r.randint(1, 3) if self.chance(p * 0.5) else 0):
            if not SOUND_MODELS[k]:
                break
            model = r.choice(SOUND_MODELS[k])
            if model == "usb" and not self.usb_ok():
                continue
            codecs = ""
            if model in ("ich6", "ich9", "ich7") and self.chance(0.6):
                codecs = "".join(f"<codec type='{r.choice(['duplex', 'micro', 'output'])}'/>" for _ in range(r.randint(1, 3)))
            a = self.maybe_pci(0.2) if model not in ("usb", "pcspk", "sb16") else ""
            self.add(f"<sound model='{model}'>{codecs}{a}</sound>")
        for _ in range(r.randint(1, 3) if self.chance(p * 0.6) else 0):
            model = r.choice(VIDEO_MODELS[k])
            if model == "none" and not self.chance(0.1):
                continue
            prim = " primary='yes'" if self.chance(0.15) else ""
            a = self.maybe_pci(0.2) if model not in ("ramfb", "none") else ""
            self.add(f"<video><model type='{model}'{prim}/>{a}</video>")
        if self.chance(p * 0.4) and self.usb_ok():
            mode = r.choice(["host", "passthrough"])
            a = ""
            if self.chance(0.4):
                a = f"<address type='ccid' controller='{r.randint(0, 1)}' slot='{r.randint(0, 1)}'/>"
            if mode == "host":
                self.add(f"<smartcard mode='host'>{a}</smartcard>")
            else:
                self.add(f"<smartcard mode='passthrough' type='tcp'><source mode='connect' host='127.0.0.1' service='2001'/><protocol type='raw'/>{a}</smartcard>")
            if self.chance(0.3):
                self.add(f"<controller type='ccid' index='{r.randint(0, 1)}'>{self.usb_addr() if self.chance(0.3) else ''}</controller>")
        for i in range(r.randint(1, 3) if self.chance(p * 0.5) else 0):
            a = self.maybe_pci(0.2)
            self.add(f"<filesystem type='mount' accessmode='{r.choice(['mapped', 'passthrough', 'squash'])}'><source dir='/srv/fs{i}'/>"
                     f"<target dir='fs{i}'/>{a}</filesystem>")
        if self.chance(p * 0.4):
            a = self.maybe_pci(0.2)
            self.add(f"<crypto model='virtio' type='qemu'><backend model='builtin' queues='1'/>{a}</crypto>")
        # serials, parallels, consoles of other kinds
        for i in range(r.randint(0, 3) if self.chance(p) else 0):
            tt = {"x86": ["isa-serial", "isa-serial", "usb-serial", "pci-serial"],
                  "virt": ["system-serial", "pci-serial", "usb-serial"],
                  "pseries": ["spapr-vio-serial", "pci-serial", "usb-serial"],
                  "s390": ["sclp-serial", "sclp-serial"]}[k]
            t = r.choice(tt)
            if t == "usb-serial" and not self.usb_ok():
                continue
            a = ""
            if t == "usb-serial" and self.chance(0.3):
                a = self.usb_addr()
            elif t == "pci-serial" and self.chance(0.3):
                a = self.pci_addr()
            elif t == "spapr-vio-serial" and self.chance(0.3):
                a = self.vio_addr([0x30000000, 0x30001000, 0x1000])
            port = f" port='{r.randint(0, 3)}'" if self.chance(0.3) else ""
            self.add(f"<serial type='pty'><target type='{t}'{port}/>{a}</serial>")
        if k == "x86" and self.chance(p * 0.3):
            self.add("<parallel type='pty'><target port='0'/></parallel>")
        if self.chance(p * 0.3):
            ct = {"x86": "virtio", "virt": "virtio", "pseries": "virtio", "s390": r.choice(["sclp", "sclplm", "virtio"])}[k]
            self.add(f"<console type='pty'><target type='{ct}'/></console>")
        if self.chance(p * 0.3):
            self.add("<graphics type='vnc' port='-1'/>" if k != "s390" or self.chance(0.3) else "<graphics type='spice'/>")

    def virtio_disks(self, heavy):
        r = self.r
        for _ in range(r.randint(4, 20) if heavy else r.randint(0, 4)):
            a = self.pci_addr() if self.chance(0.25) else ""
            self.disk("virtio", r.choice(["disk"] * 12 + ["lun"] + (["cdrom"] if self.chance(0.1) else [])), a)

    # -- the whole domain ---------------------------------------------------------------------
    def build(self):
        r = self.r
        themes = ["scsi", "pci", "usb", "vser", "hostdev", "small", "sata", "nic", "mix"]
        main = r.choice(themes)
        second = r.choice(themes)
        h = lambda t: t in (main, second) or (main == "mix" and self.chance(0.4))
        self.pci_topology(h("pci"))
        self.scsi_controllers(h("scsi"))
        self.scsi_disks(h("scsi"))
        self.sata_ide(h("sata"))
        self.usb(h("usb"))
        self.virtio_serial(h("vser"))
        self.nics(h("nic"))
        self.hostdevs(h("hostdev"))
        self.small(h("small"))
        self.virtio_disks(h("pci") or h("mix"))
        # 60 devices at most
        if len(self.devs) > 60:
            self.devs = r.sample(self.devs, 60) if self.chance(0.3) else self.devs[:60]
        if self.chance(0.7):
            r.shuffle(self.devs)
        elif self.chance(0.5):
            self.devs.reverse()

    def xml(self):
        cpu = ""
        if self.numa:
            cpu = ("<cpu><numa><cell id='0' cpus='0' memory='512' unit='MiB'/>"
                   "<cell id='1' cpus='1' memory='512' unit='MiB'/></numa></cpu>")
        vcpu = 2 if self.numa else 1
        feats = "<features><acpi/></features>" if self.k == "x86" else ""
        if self.k == "x86" and self.chance(0.2):
            feats = "<features><acpi/><apic/><ioapic driver='qemu'/></features>"
        body = "\n    ".join(self.devs)
        return f"""<domain type='qemu'>
  <name>{self.name}</name>
  <uuid>{self.uuid}</uuid>
  <memory unit='MiB'>1024</memory>
  <vcpu>{vcpu}</vcpu>
  <os><type arch='{self.arch}' machine='{self.machine}'>hvm</type></os>
  {feats}{cpu}
  <devices>
    {body}
  </devices>
</domain>
"""


def letters(n):
    """0 -> a, 25 -> z, 26 -> aa (libvirt's disk name order)."""
    s = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(ord("a") + rem) + s
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--start", type=int, default=0, help="first case number")
    args = ap.parse_args()
    total = sum(f[3] for f in FAMILIES)
    for n in range(args.start, args.start + args.count):
        r = random.Random(args.seed * 1_000_003 + n)
        pick = r.randrange(total)
        for arch, family, machines, w in FAMILIES:
            if pick < w:
                break
            pick -= w
        machine = r.choice(machines)
        name = f"{family}-w{args.seed}-{n:04d}"
        uuid = f"e{ARCH_DIGIT[arch]}000000-0000-4e00-8000-{args.seed:04d}{n:08d}"
        g = Gen(r, arch, family, machine, name, uuid)
        g.seedbyte = n % 256
        g.build()
        d = os.path.join(args.out, arch)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + ".xml"), "w") as f:
            f.write(g.xml())


if __name__ == "__main__":
    main()
