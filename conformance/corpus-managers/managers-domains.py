#!/usr/bin/env python3
"""Domains shaped like what VM managers write, grown and mutated (corpus-managers, seventh generator).

Each case starts from one manager's profile: the devices OpenStack Nova, oVirt/RHV, Proxmox VE
(its device set, as libvirt XML), KubeVirt, virt-install/virt-manager or GNOME Boxes put into a
domain of that architecture. It is then grown to 20..60 devices from the architecture's pool
(disks on mixed buses and several controllers, NICs of mixed models, host devices, consoles and
channels, USB redirection, smartcards, tpm, watchdogs, rng, balloons, inputs, sound, video, iommu,
vsock, shmem, memory devices, panic, hubs, filesystems, pstore), with a few devices from other
architectures, and mutated: target names out of order or with gaps, a share of devices carrying
the addresses a manager writes (root ports on 02.x/03.x, drive addresses, virtio-serial ports,
CCW devnos), elements shuffled.

    python3 managers-domains.py --seed 1 --count 1000 --out .

A case depends on (seed, n) alone. Names PREFIX-PROFILE-NNNN; uuids c7A00000-0000-4e00-8000-SSSSNNNNNNNN
(A the architecture digit of the other corpora, S seed, N case).
"""
import argparse
import os
import random

ARCH_DIGIT = {"x86_64": 1, "aarch64": 2, "ppc64": 3, "s390x": 4, "i686": 5, "ppc64le": 6, "riscv64": 7}
ARCH_WEIGHTS = [("x86_64", 42), ("i686", 6), ("aarch64", 14), ("ppc64", 11), ("ppc64le", 6),
                ("s390x", 12), ("riscv64", 9)]
PROFILES = {
    "x86_64": ["nova", "ovirt", "proxmox", "kubevirt", "virtinstall", "boxes"],
    "i686": ["nova", "proxmox", "virtinstall", "boxes"],
    "aarch64": ["nova", "kubevirt", "virtinstall", "proxmox"],
    "ppc64": ["nova", "ovirt", "virtinstall"],
    "ppc64le": ["nova", "ovirt", "virtinstall", "kubevirt"],
    "s390x": ["nova", "kubevirt", "virtinstall"],
    "riscv64": ["virtinstall", "nova"],
}
X86_VERSIONS = ["1.5", "2.0", "2.3", "2.6", "2.9", "2.12", "3.1", "4.0", "4.2", "5.1", "5.2", "6.0", "6.2",
                "7.0", "7.1", "7.2"]
Q35_VERSIONS = ["2.4", "2.6", "2.9", "2.11", "2.12", "3.0", "3.1", "4.0", "4.2", "5.0", "5.2", "6.0", "6.1",
                "6.2", "7.0", "7.1", "7.2"]
VIRT_VERSIONS = ["2.6", "2.10", "2.12", "3.1", "4.0", "4.2", "5.0", "5.2", "6.0", "6.2", "7.0", "7.1", "7.2"]
PSERIES_VERSIONS = ["2.7", "2.10", "2.12", "3.0", "3.1", "4.0", "4.2", "5.0", "5.2", "6.0", "6.2", "7.0", "7.2"]
S390_VERSIONS = ["2.7", "2.10", "2.12", "3.0", "3.1", "4.0", "4.2", "5.0", "5.2", "6.0", "6.2", "7.0", "7.2"]
PREFIX = {"x86_64": None, "i686": None, "aarch64": "virt", "ppc64": "pseries", "ppc64le": "pseries",
          "s390x": "s390", "riscv64": "rv"}


def letters(i):
    """0 -> a, 25 -> z, 26 -> aa: libvirt's disk name suffixes."""
    s = ""
    i += 1
    while i > 0:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


class Case:
    def __init__(self, seed, n, dense=False, topology=False, extras=False):
        self.seed, self.n, self.dense, self.topology, self.extras = seed, n, dense, topology, extras
        self.r = random.Random(f"managers-{seed}-{n}")
        r = self.r
        self.arch = r.choices([a for a, _ in ARCH_WEIGHTS], [w for _, w in ARCH_WEIGHTS])[0]
        self.profile = r.choice(PROFILES[self.arch])
        self.machine, self.family = self.pick_machine()
        self.devices = []          # (order key, xml text)
        self.controllers = []
        self.disk_names = {}       # bus -> set of used indexes
        self.mac = 0
        self.needs_numa = False
        self.needs_shared_memory = False
        self.spice = self.profile in ("ovirt", "virtinstall", "boxes") and self.family in ("pc", "q35") \
            or r.random() < 0.15
        self.writeback = r.random() < 0.45  # a share of devices carry addresses from a previous define
        self.address_share = r.uniform(0.2, 0.9) if self.writeback else 0.0
        if dense:  # storage- and USB-heavy, more written addresses and foreign devices
            self.writeback = True
            self.address_share = r.uniform(0.4, 1.0)
        self.used_slots = set()
        self.used_devno = set()
        self.vs_ports = {}
        self.serial_controllers = 0
        self.scsi_controllers = []  # indexes
        self.sata_controllers = []
        self.usb_ok = True
        self.root_ports = []
        self.bridges = []  # pci-bridge indexes a manager wrote with their addresses
        if topology:
            self.writeback = True
            self.address_share = r.uniform(0.3, 0.9)
        self.boots = 0
        self.video_primary = None
        self.singles = set()
        self.drive_addresses = set()
        self.virtio_consoles = 0
        self.vsocks = 0
        self.iothreads = False
        self.floppies = 0
        self.vs_limit = {}
        self.watchdogs = 0
        self.serial_ports = 0
        self.serial_console_written = False
        self.usb_indexes = set()

    # ---------------------------------------------------------------- machine
    def pick_machine(self):
        r, arch, p = self.r, self.arch, self.profile
        if arch in ("x86_64", "i686"):
            q35_share = {"nova": 0.5, "ovirt": 0.8, "proxmox": 0.45, "kubevirt": 1.0, "virtinstall": 0.75,
                         "boxes": 0.7}[p]
            if r.random() < q35_share:
                v = r.choice(Q35_VERSIONS + ["q35", "q35"])
                return (v if v == "q35" else "pc-q35-" + v), "q35"
            v = r.choice(X86_VERSIONS + ["pc", "pc"])
            return (v if v == "pc" else "pc-i440fx-" + v), "pc"
        if arch == "aarch64":
            v = r.choice(VIRT_VERSIONS + ["virt", "virt"])
            return (v if v == "virt" else "virt-" + v), "virt"
        if arch in ("ppc64", "ppc64le"):
            v = r.choice(PSERIES_VERSIONS + ["pseries", "pseries"])
            return (v if v == "pseries" else "pseries-" + v), "pseries"
        if arch == "s390x":
            v = r.choice(S390_VERSIONS + ["s390-ccw-virtio", "s390-ccw-virtio"])
            return (v if v == "s390-ccw-virtio" else "s390-ccw-virtio-" + v), "s390"
        return "virt", "rv"

    @property
    def x86(self):
        return self.family in ("pc", "q35")

    @property
    def pcie(self):
        return self.family in ("q35", "virt", "rv")

    # ---------------------------------------------------------------- addresses a manager writes back
    def maybe_address(self, kind="pci"):
        """An address as a previous define left it, for a share of the devices, or ''."""
        r = self.r
        if not self.writeback or r.random() > self.address_share:
            return ""
        if self.family == "s390":
            if kind != "pci":
                return ""
            for _ in range(20):
                devno = r.choice([r.randint(0, 12), r.randint(0, 0xffff)])
                if devno not in self.used_devno:
                    self.used_devno.add(devno)
                    return f'<address type="ccw" cssid="0xfe" ssid="0x0" devno="0x{devno:04x}"/>'
            return ""
        if kind != "pci":
            return ""
        if self.bridges and r.random() < 0.5:
            for _ in range(20):
                bus, slot = r.choice(self.bridges), r.randint(1, 0x1f)
                if (bus, slot) not in self.used_slots:
                    self.used_slots.add((bus, slot))
                    return f'<address type="pci" domain="0x0000" bus="0x{bus:02x}" slot="0x{slot:02x}" function="0x0"/>'
        if self.family == "q35" or self.family in ("virt", "rv"):
            # on a root port a previous define added: bus 1..N, slot 0
            if self.root_ports:
                bus = r.choice(self.root_ports)
                if ("p", bus) not in self.used_slots:
                    self.used_slots.add(("p", bus))
                    return f'<address type="pci" domain="0x0000" bus="0x{bus:02x}" slot="0x00" function="0x0"/>'
            return ""
        lo = 3 if self.family == "pc" else 1
        for _ in range(20):
            slot = r.randint(lo, 0x1f)
            if slot not in self.used_slots:
                self.used_slots.add(slot)
                return f'<address type="pci" domain="0x0000" bus="0x00" slot="0x{slot:02x}" function="0x0"/>'
        return ""

    def boot_order(self):
        self.boots += 1
        return f'<boot order="{self.boots}"/>'

    def add(self, xml, first=False):
        self.devices.append(xml)

    # ---------------------------------------------------------------- controllers
    def pci_controllers(self):
        """Root ports and bridges as each manager writes them."""
        r, p = self.r, self.profile
        self.root_ports = []
        if self.topology and self.family in ("pc", "q35") and r.random() < 0.6:
            self.manager_bridges()
            return
        if self.family == "q35" or (self.family in ("virt", "rv") and r.random() < 0.7):
            count = {"nova": r.choice([0, 0, 4, 8, 16]), "ovirt": 16, "kubevirt": r.choice([0, 4, 8, 10]),
                     "virtinstall": r.choice([0, 4, 14]), "boxes": r.choice([0, 4, 14]),
                     "proxmox": r.choice([0, 2, 4])}.get(p, 0)
            style = r.choice(["ovirt", "indexed", "targeted"]) if p != "ovirt" else "ovirt"
            if style == "ovirt" and self.family != "q35" and r.random() < 0.5:
                style = "indexed"
            for i in range(1, count + 1):
                self.root_ports.append(i)
                if style == "ovirt":
                    slot, fn = 2 + (i - 1) // 8, (i - 1) % 8
                    mf = ' multifunction="on"' if fn == 0 else ""
                    self.controllers.append(
                        f'<controller type="pci" index="{i}" model="pcie-root-port"><model name="pcie-root-port"/>'
                        f'<target chassis="{i}" port="0x{0x10 + i - 1:x}"/>'
                        f'<address type="pci" domain="0x0000" bus="0x00" slot="0x{slot:02x}" function="0x{fn:x}"{mf}/>'
                        f'</controller>')
                    self.used_slots.add(slot)
                elif style == "indexed":
                    self.controllers.append(f'<controller type="pci" index="{i}" model="pcie-root-port"/>')
                else:
                    self.controllers.append(f'<controller type="pci" index="{i}" model="pcie-root-port">'
                                            f'<target chassis="{i}" port="0x{0x8 + i:x}"/></controller>')
            if r.random() < 0.15 and self.family == "q35":
                n = count + 1
                self.controllers.append(f'<controller type="pci" index="{n}" model="pcie-to-pci-bridge"/>')
            if r.random() < 0.08:
                self.controllers.append(f'<controller type="pci" index="{count + 2}" model="pcie-expander-bus">'
                                        '<target busNr="200"/></controller>'
                                        if self.family == "q35" else '')
        elif self.family == "pc":
            if r.random() < 0.2:
                self.controllers.append('<controller type="pci" index="1" model="pci-bridge"/>')
            if r.random() < 0.06:
                self.controllers.append('<controller type="pci" index="2" model="pci-expander-bus"><target busNr="254"/></controller>')
        elif self.family == "pseries":
            if r.random() < 0.2:
                self.controllers.append('<controller type="pci" index="1" model="pci-root"><model name="spapr-pci-host-bridge"/>'
                                        '<target index="1"/></controller>')
        if r.random() < 0.5 and self.family in ("pc", "q35"):
            root = "pcie-root" if self.family == "q35" else "pci-root"
            self.controllers.insert(0, f'<controller type="pci" index="0" model="{root}"/>')

    def manager_bridges(self):
        """PCI bridges with their addresses, as Proxmox VE lays them out (pci.1 at 1e.0, pci.2 at 1f.0),
        behind a dmi-to-pci-bridge on q35, with root ports in front on q35."""
        r = self.r
        if self.family == "pc":
            for i, slot in ((1, 0x1e), (2, 0x1f)):
                self.controllers.append(f'<controller type="pci" index="{i}" model="pci-bridge"><target chassisNr="{i}"/>'
                                        f'<address type="pci" domain="0x0000" bus="0x00" slot="0x{slot:02x}" function="0x0"/>'
                                        '</controller>')
                self.used_slots.add(slot)
                self.bridges.append(i)
            return
        ports = r.choice([0, 2, 4, 8])
        for i in range(1, ports + 1):
            self.root_ports.append(i)
            self.controllers.append(f'<controller type="pci" index="{i}" model="pcie-root-port"><target chassis="{i}" port="0x{0x10 + i - 1:x}"/>'
                                    f'<address type="pci" domain="0x0000" bus="0x00" slot="0x1c" function="0x{i - 1:x}"'
                                    f'{" multifunction=" + chr(34) + "on" + chr(34) if i == 1 else ""}/></controller>')
        dmi = ports + 1
        self.controllers.append(f'<controller type="pci" index="{dmi}" model="dmi-to-pci-bridge">'
                                '<address type="pci" domain="0x0000" bus="0x00" slot="0x1e" function="0x0"/></controller>')
        for k in range(r.choice([1, 2])):
            idx = dmi + 1 + k
            self.controllers.append(f'<controller type="pci" index="{idx}" model="pci-bridge"><target chassisNr="{idx}"/>'
                                    f'<address type="pci" domain="0x0000" bus="0x{dmi:02x}" slot="0x{k + 1:02x}" function="0x0"/>'
                                    '</controller>')
            self.bridges.append(idx)

    def usb_controller(self):
        r, p = self.r, self.profile
        fam = self.family
        if p == "kubevirt" and r.random() < 0.6:
            self.controllers.append('<controller type="usb" index="0" model="none"/>')
            self.usb_ok = False
            return
        if p == "nova" and r.random() < 0.25 and fam not in ("pseries",):
            self.controllers.append('<controller type="usb" index="0" model="none"/>')
            self.usb_ok = False
            return
        if fam == "s390":
            if r.random() < 0.7:
                self.controllers.append('<controller type="usb" index="0" model="none"/>')
                self.usb_ok = False
            return
        if p == "boxes" and fam in ("pc", "q35") and r.random() < 0.5:
            self.controllers.append('<controller type="usb" index="0" model="ich9-ehci1"/>')
            for k, sp in ((1, 0), (2, 2), (3, 4)):
                self.controllers.append(f'<controller type="usb" index="0" model="ich9-uhci{k}">'
                                        f'<master startport="{sp}"/></controller>')
            return
        model = r.choice({"ovirt": ["qemu-xhci", "qemu-xhci", "piix3-uhci"],
                          "virtinstall": ["qemu-xhci"], "boxes": ["qemu-xhci", "nec-xhci"],
                          "proxmox": ["qemu-xhci", "ich9-ehci1", "piix3-uhci", "nec-xhci"],
                          "nova": ["qemu-xhci", None, "piix3-uhci", "nec-xhci", "pci-ohci"],
                          "kubevirt": ["qemu-xhci"]}[p])
        if fam == "pseries" and model in ("piix3-uhci",):
            model = "pci-ohci"
        ports = ' ports="15"' if model == "qemu-xhci" and r.random() < 0.6 else ""
        m = f' model="{model}"' if model else ""
        addr = self.maybe_address() if model not in ("piix3-uhci", None) or self.family != "pc" else ""
        self.controllers.append(f'<controller type="usb" index="0"{m}{ports}>{addr}</controller>')
        if r.random() < 0.15:
            self.usb_indexes.add(1)
            self.controllers.append(f'<controller type="usb" index="1" model="{r.choice(["qemu-xhci", "nec-xhci", "pci-ohci"])}"/>')

    def scsi_controller(self, model=None):
        r = self.r
        idx = max(self.scsi_controllers) + 1 if self.scsi_controllers else 0
        if r.random() < 0.15:
            idx += r.randint(1, 3)  # gaps, as left behind after a device was removed
        self.scsi_controllers.append(idx)
        if model is None:
            pool = ["virtio-scsi"] * 6
            if self.x86:
                pool += ["lsilogic", "lsisas1068", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
                         "vmpvscsi"]
            if self.family == "pseries":
                pool += ["ibmvscsi", "ibmvscsi"]
            if self.family in ("virt", "rv"):
                pool += ["virtio-non-transitional", "lsilogic"]
            model = r.choice(pool)
        drv = ' <driver iothread="1" queues="4"/>' if model.startswith("virtio") and r.random() < 0.2 else ""
        addr = self.maybe_address() if model != "ibmvscsi" else ""
        self.controllers.append(f'<controller type="scsi" index="{idx}" model="{model}">{drv}{addr}</controller>')
        self.iothreads = self.iothreads or bool(drv)
        return idx

    def virtio_serial_controller(self):
        idx = self.serial_controllers
        self.serial_controllers += 1
        r = self.r
        limit = r.choice([2, 4, 16, 31]) if r.random() < 0.4 else None
        ports = f' ports="{limit}"' if limit else ""
        self.vs_limit[idx] = limit or 31
        vec = ' vectors="4"' if r.random() < 0.2 else ""
        model = ""
        if self.profile == "kubevirt":
            model = ' model="virtio-non-transitional"'
        self.controllers.append(f'<controller type="virtio-serial" index="{idx}"{model}{ports}{vec}>'
                                f'{self.maybe_address()}</controller>')
        self.vs_ports[idx] = 0

    # ---------------------------------------------------------------- devices
    def disk_name(self, prefix, bus, index=None):
        used = self.disk_names.setdefault(prefix, set())
        r = self.r
        if index is None:
            base = len(used)
            index = base
            mode = r.random()
            if mode < 0.15:
                index = base + r.randint(1, 5)        # gap
            elif mode < 0.2:
                index = r.choice([26, 27, 52, 100])   # sdaa, sdab, sdba, ...
        while index in used:
            index += 1
        used.add(index)
        return prefix + letters(index), index

    def disk(self, bus=None, device="disk"):
        r = self.r
        if bus is None:
            bus = r.choice(self.disk_buses())
        if bus == "fdc":
            device = "floppy"
            self.floppies += 1
            if self.floppies > 2:
                bus, device = "sata", "disk"
        prefix = {"virtio": "vd", "scsi": "sd", "sata": "sd", "usb": "sd", "ide": "hd", "fdc": "fd"}[bus]
        name, index = self.disk_name(prefix, bus)
        if (bus == "ide" and index > 3) or (bus == "fdc" and index > 1):
            self.disk_names[prefix].discard(index)
            return self.disk("sata" if self.family in ("pc", "q35") else "scsi", device if bus == "ide" else "disk")
        src = f'<source file="/var/lib/libvirt/images/{self.profile}-{name}.img"/>'
        readonly = ""
        if device == "cdrom":
            src = "" if r.random() < 0.5 else f'<source file="/var/lib/libvirt/images/{self.profile}-{name}.iso"/>'
            readonly = "<readonly/>"
        addr = ""
        if bus == "virtio":
            addr = self.maybe_address()
        elif bus in ("scsi", "sata", "ide") and self.writeback and r.random() < self.address_share:
            if bus == "scsi":
                key = (bus, r.choice(self.scsi_controllers or [0]), 0, r.randint(0, 6))
            elif bus == "sata":
                key = (bus, r.choice(self.sata_controllers or [0]), 0, r.randint(0, 5))
            else:
                key = (bus, 0, r.randint(0, 1), r.randint(0, 1))
            target = 0
            if self.dense and bus == "scsi" and r.random() < 0.3:
                target, key = r.randint(0, 3), key[:3] + (r.randint(0, 12),)  # as virtio-scsi allows
            if key + (target,) not in self.drive_addresses:
                self.drive_addresses.add(key + (target,))
                addr = (f'<address type="drive" controller="{key[1]}" bus="{key[2]}" target="{target}" '
                        f'unit="{key[3]}"/>')
        elif bus == "usb" and self.writeback and r.random() < self.address_share * 0.5:
            port = r.randint(1, 4) if not self.dense or r.random() < 0.6 else f"{r.randint(1, 4)}.{r.randint(1, 8)}"
            addr = f'<address type="usb" bus="0" port="{port}"/>'
        model = ""
        if bus == "virtio" and self.profile == "kubevirt":
            model = ' model="virtio-non-transitional"'
        serial = f"<serial>{self.profile[:2]}{self.n:04d}{index}</serial>" if r.random() < 0.3 else ""
        boot = self.boot_order() if r.random() < 0.1 else ""
        drv_type = "raw" if device != "disk" else r.choice(["qcow2", "raw"])
        self.add(f'<disk type="file" device="{device}"{model}><driver name="qemu" type="{drv_type}"/>{src}'
                 f'<target dev="{name}" bus="{bus}"/>{readonly}{serial}{boot}{addr}</disk>')

    def disk_buses(self):
        return [b for b in self.all_disk_buses() if b != "usb" or self.usb_ok]

    def all_disk_buses(self):
        f = self.family
        if f == "pc":
            return ["virtio", "virtio", "scsi", "ide", "sata", "usb", "fdc"]
        if f == "q35":
            return ["virtio", "virtio", "scsi", "sata", "sata", "usb"]
        if f == "pseries":
            return ["virtio", "scsi", "scsi", "usb"]
        if f == "s390":
            return ["virtio", "virtio", "scsi"]
        return ["virtio", "virtio", "scsi", "usb", "sata"]

    def nic(self, model=None, itype=None):
        r = self.r
        self.mac += 1
        mac = f'<mac address="52:54:00:{ARCH_DIGIT[self.arch]:02x}:{self.n % 256:02x}:{self.mac:02x}"/>'
        if itype is None:
            itype = r.choice(["network", "network", "bridge", "bridge", "user", "ethernet", "direct", "hostdev",
                              "vhostuser"])
        if model is None:
            pool = ["virtio"] * 5
            if self.x86:
                pool += ["e1000", "e1000e", "rtl8139", "vmxnet3", "ne2k_pci", "pcnet", "virtio-transitional",
                         "virtio-non-transitional"]
            elif self.family == "pseries":
                pool += ["spapr-vlan", "e1000", "rtl8139"]
            elif self.family in ("virt", "rv"):
                pool += ["e1000e", "virtio-non-transitional", "rtl8139"]
            model = r.choice(pool)
        src = {"network": '<source network="default"/>', "bridge": f'<source bridge="br{r.randint(0, 3)}"/>',
               "user": "", "ethernet": f'<target dev="tap{self.n}x{self.mac}"/>',
               "direct": '<source dev="eth0" mode="bridge"/>',
               "vhostuser": f'<source type="unix" path="/run/vhost/{self.mac}.sock" mode="server"/>',
               "hostdev": f'<source><address type="pci" domain="0x0000" bus="0x3b" slot="0x{2 + self.mac // 8:02x}" '
                          f'function="0x{self.mac % 8:x}"/></source>'}[itype]
        managed = ' managed="yes"' if itype == "hostdev" else ""
        mdl = "" if itype == "hostdev" else f'<model type="{"virtio" if itype == "vhostuser" else model}"/>'
        boot = self.boot_order() if r.random() < 0.05 else ""
        if itype == "hostdev" and self.family == "s390":
            itype = "network"
            src = '<source network="default"/>'
            managed = ""
            mdl = '<model type="virtio"/>'
        addr = self.maybe_address() if mdl != '<model type="spapr-vlan"/>' else ""
        self.add(f'<interface type="{itype}"{managed}>{mac}{src}{mdl}{boot}{addr}</interface>')

    def hostdev(self, kind=None):
        r = self.r
        if kind is None:
            kind = r.choice(["pci", "pci", "usb", "scsi", "mdev"] if self.usb_ok else ["mdev", "pci", "scsi"])
        if kind == "pci" and self.topology and self.bridges and r.random() < 0.4:
            bus, slot = r.choice(self.bridges), r.randint(1, 0x1f)
            if (bus, slot) not in self.used_slots:
                self.used_slots.add((bus, slot))
                host = r.randint(1, 0x80)
                for fn in range(r.randint(2, 4)):
                    mf = ' multifunction="on"' if fn == 0 else ""
                    self.add(f'<hostdev mode="subsystem" type="pci" managed="yes"><source><address domain="0x0000" '
                             f'bus="0x{host:02x}" slot="0x00" function="0x{fn:x}"/></source>'
                             f'<address type="pci" domain="0x0000" bus="0x{bus:02x}" slot="0x{slot:02x}" function="0x{fn:x}"{mf}/>'
                             '</hostdev>')
                return
        if kind == "pci":
            b = r.randint(1, 0x80)
            addr = self.maybe_address() if self.family != "s390" else ""
            if self.family == "s390" and r.random() < 0.5:
                addr = ('<address type="pci"><zpci uid="0x0001" fid="0x00000001"/></address>'
                        if r.random() < 0.3 else "")
            self.add(f'<hostdev mode="subsystem" type="pci" managed="yes"><source><address domain="0x0000" '
                     f'bus="0x{b:02x}" slot="0x00" function="0x{r.randint(0, 3):x}"/></source>{addr}</hostdev>')
        elif kind == "usb":
            self.add(f'<hostdev mode="subsystem" type="usb" managed="yes"><source><vendor id="0x{r.randint(0x1000, 0x9fff):04x}"/>'
                     f'<product id="0x{r.randint(1, 0xffff):04x}"/></source></hostdev>')
        elif kind == "scsi":
            self.add(f'<hostdev mode="subsystem" type="scsi"><source><adapter name="scsi_host{r.randint(0, 3)}"/>'
                     f'<address bus="0" target="{r.randint(0, 3)}" unit="{r.randint(0, 7)}"/></source></hostdev>')
        else:
            u = f"{r.getrandbits(32):08x}-{r.getrandbits(16):04x}-4{r.getrandbits(12):03x}-8{r.getrandbits(12):03x}-{r.getrandbits(48):012x}"
            model = "vfio-pci"
            if self.family == "s390":
                model = r.choice(["vfio-ccw", "vfio-ap", "vfio-pci"])
            disp = ' display="off"' if model == "vfio-pci" and r.random() < 0.3 else ""
            addr = self.maybe_address() if model == "vfio-ccw" or (model == "vfio-pci" and self.family != "s390") else ""
            self.add(f'<hostdev mode="subsystem" type="mdev" model="{model}"{disp}><source><address uuid="{u}"/>'
                     f'</source>{addr}</hostdev>')

    def serial_console(self):
        r, f = self.r, self.family
        target = {"pc": "isa-serial", "q35": "isa-serial", "virt": "system-serial", "rv": "system-serial",
                  "pseries": "spapr-vio-serial", "s390": "sclp-serial"}[f]
        if r.random() < 0.1 and f in ("pc", "q35", "virt"):
            target = r.choice(["pci-serial", "usb-serial"])
        port = self.serial_ports
        self.serial_ports += 1
        self.add(f'<serial type="pty"><target type="{target}" port="{port}"/></serial>')
        if r.random() < 0.7 and not self.serial_console_written and not self.virtio_consoles:
            self.serial_console_written = True
            self.add(f'<console type="pty"><target type="serial" port="{port}"/></console>')
        if r.random() < 0.25:
            self.serial_ports += r.randint(0, 1)
            self.add(f'<serial type="file"><source path="/var/log/{self.profile}/console{self.n}.log"/>'
                     f'<target port="{self.serial_ports}"/></serial>')
            self.serial_ports += 1

    def channel(self, name=None, ctype=None):
        r = self.r
        if name is None:
            name, ctype = r.choice([("org.qemu.guest_agent.0", "unix"), ("com.redhat.spice.0", "spicevmc"),
                                    ("ovirt-guest-agent.0", "unix"), ("org.spice-space.webdav.0", "spiceport"),
                                    ("org.libguestfs.channel.0", "unix"), ("com.example.custom.1", "pty")])
        if ctype in ("spicevmc", "spiceport") and not self.spice:
            ctype = "unix"
        src = {"unix": f'<source mode="bind" path="/var/lib/libvirt/qemu/channel/target/{self.n}.{name}"/>',
               "spicevmc": "", "spiceport": f'<source channel="{name}"/>', "pty": ""}[ctype]
        addr = ""
        if self.serial_controllers and self.writeback and r.random() < self.address_share:
            ctl = r.randrange(self.serial_controllers)
            if self.vs_ports[ctl] + 1 < self.vs_limit[ctl]:
                self.vs_ports[ctl] += 1
                addr = f'<address type="virtio-serial" controller="{ctl}" bus="0" port="{self.vs_ports[ctl]}"/>'
        self.add(f'<channel type="{ctype}">{src}<target type="virtio" name="{name}"/>{addr}</channel>')

    def virtio_console(self):
        self.virtio_consoles += 1
        self.add(f'<console type="pty"><target type="virtio" port="{self.r.randint(0, 2)}"/></console>')

    def redirdev(self):
        t = "spicevmc" if self.spice else "tcp"
        src = "" if t == "spicevmc" else f'<source mode="connect" host="127.0.0.1" service="{4000 + self.n % 1000}"/>'
        self.add(f'<redirdev bus="usb" type="{t}">{src}</redirdev>')

    def smartcard(self):
        r = self.r
        mode = r.choice(["passthrough", "host"])
        if mode == "passthrough":
            t = "spicevmc" if self.spice else "tcp"
            src = "" if t == "spicevmc" else '<source mode="connect" host="127.0.0.1" service="2001"/><protocol type="raw"/>'
            self.add(f'<smartcard mode="passthrough" type="{t}">{src}</smartcard>')
        else:
            self.add('<smartcard mode="host"/>')

    def tpm(self):
        if "tpm" in self.singles or self.family == "s390":
            return
        self.singles.add("tpm")
        r, f = self.r, self.family
        model = {"pc": ["tpm-tis", "tpm-crb"], "q35": ["tpm-crb", "tpm-tis"], "virt": ["tpm-tis"],
                 "pseries": ["tpm-spapr"], "s390": ["tpm-tis"], "rv": ["tpm-tis"]}[f]
        m = r.choice(model)
        # passthrough only: libvirt checks an emulator backend against the host's swtpm, not the domain
        r.random()
        backend = '<backend type="passthrough"><device path="/dev/tpm0"/></backend>'
        self.add(f'<tpm model="{m}">{backend}</tpm>')

    def watchdog(self):
        r, f = self.r, self.family
        if self.watchdogs and r.random() < 0.9:
            return  # libvirt 9.0 takes one watchdog
        self.watchdogs += 1
        pool = {"pc": ["i6300esb", "ib700"], "q35": ["i6300esb", "ib700"], "s390": ["diag288"],
                "pseries": ["i6300esb"], "virt": ["i6300esb"], "rv": ["i6300esb"]}[f]
        if r.random() < 0.08:
            pool = ["i6300esb", "ib700", "diag288"]  # foreign
        m = r.choice(pool)
        addr = self.maybe_address() if m == "i6300esb" else ""
        self.add(f'<watchdog model="{m}" action="{r.choice(["reset", "poweroff", "none", "dump"])}">{addr}</watchdog>')

    def rng(self):
        r = self.r
        model = r.choice(["virtio"] * 4 + ["virtio-transitional", "virtio-non-transitional"])
        if self.profile == "kubevirt":
            model = "virtio-non-transitional"
        backend = r.choice(['<backend model="random">/dev/urandom</backend>', '<backend model="random">/dev/random</backend>',
                            '<backend model="builtin"/>',
                            '<backend model="egd" type="tcp"><source mode="connect" host="127.0.0.1" service="1708"/></backend>'])
        rate = '<rate bytes="1024" period="1000"/>' if r.random() < 0.3 else ""
        self.add(f'<rng model="{model}">{rate}{backend}{self.maybe_address()}</rng>')

    def memballoon(self):
        r = self.r
        m = r.choice(["virtio"] * 5 + ["virtio-transitional", "virtio-non-transitional", "none"])
        if self.profile == "kubevirt":
            m = r.choice(["virtio-non-transitional", "none"])
        if m == "none":
            self.add('<memballoon model="none"/>')
            return
        stats = '<stats period="10"/>' if self.profile in ("nova", "kubevirt", "ovirt") else ""
        self.add(f'<memballoon model="{m}">{stats}{self.maybe_address()}</memballoon>')

    def inputs(self, count):
        r, f = self.r, self.family
        for _ in range(count):
            if f in ("pc", "q35"):
                pool = [("tablet", "usb"), ("mouse", "ps2"), ("keyboard", "ps2"), ("keyboard", "usb"),
                        ("tablet", "virtio"), ("mouse", "virtio"), ("keyboard", "virtio")]
            elif f == "s390":
                pool = [("tablet", "virtio"), ("keyboard", "virtio"), ("mouse", "virtio")]
            else:
                pool = [("tablet", "usb"), ("keyboard", "usb"), ("mouse", "usb"), ("keyboard", "virtio"),
                        ("tablet", "virtio")]
            t, bus = r.choice(pool)
            if bus == "usb" and not self.usb_ok:
                bus = "virtio"
            addr = self.maybe_address() if bus == "virtio" else ""
            self.add(f'<input type="{t}" bus="{bus}">{addr}</input>')

    def sound(self):
        r, f = self.r, self.family
        pool = {"pc": ["ich6", "ich9", "ac97", "es1370", "usb", "sb16"], "q35": ["ich9", "ich9", "ich6", "usb", "ac97"],
                "virt": ["ich6", "usb"], "rv": ["ich6", "usb"], "pseries": ["ich6", "usb"], "s390": ["usb"]}[f]
        m = r.choice(pool)
        if m == "usb" and not self.usb_ok:
            m = "ich9"
        codec = '<codec type="micro"/>' if m in ("ich6", "ich9") and r.random() < 0.3 else ""
        addr = self.maybe_address() if m not in ("usb", "sb16") else ""
        self.add(f'<sound model="{m}">{codec}{addr}</sound>')

    def videos(self):
        r, f, p = self.r, self.family, self.profile
        if self.video_primary:
            if self.video_primary != "none":  # a later video is a secondary one
                sm = r.choice(["qxl", "virtio"] if self.x86 else ["virtio"])
                self.add(f'<video><model type="{sm}" heads="1"/>{self.maybe_address()}</video>')
            return
        if f in ("pc", "q35"):
            pool = {"nova": ["cirrus", "vga", "virtio", "qxl"], "ovirt": ["qxl", "vga", "bochs"],
                    "proxmox": ["vga", "qxl", "virtio", "vmvga", "none"], "kubevirt": ["vga", "bochs"],
                    "virtinstall": ["qxl", "virtio"], "boxes": ["qxl", "virtio"]}[p]
        elif f == "pseries":
            pool = ["vga", "virtio", "bochs"]
        elif f == "s390":
            pool = ["virtio", "none"]
        else:
            pool = ["virtio", "ramfb", "virtio", "bochs", "none"]
        m = r.choice(pool)
        self.video_primary = m
        heads = f' heads="{r.choice([1, 1, 2, 4])}"' if m in ("qxl", "virtio") else ""
        extra = ' ram="65536" vram="65536" vgamem="16384"' if m == "qxl" and r.random() < 0.6 else ""
        primary = ' primary="yes"' if r.random() < 0.15 else ""
        accel = '<acceleration accel3d="no"/>' if m == "virtio" and r.random() < 0.15 else ""
        addr = self.maybe_address() if m not in ("none", "ramfb") else ""
        self.add(f'<video><model type="{m}"{heads}{extra}{primary}>{accel}</model>{addr}</video>')
        for _ in range(r.choice([0, 0, 0, 1, 2])):
            if m == "none":
                break
            sm = r.choice(["qxl", "virtio"] if self.x86 else ["virtio"])
            self.add(f'<video><model type="{sm}"{" heads=" + chr(34) + "1" + chr(34) if sm == "qxl" else ""}/></video>')

    def graphics(self):
        if self.family == "s390" and self.r.random() < 0.7:
            return
        if self.spice:
            self.add('<graphics type="spice" autoport="yes"><listen type="address"/></graphics>')
            if self.r.random() < 0.3:
                self.add('<graphics type="vnc" port="-1" autoport="yes"/>')
        else:
            self.add('<graphics type="vnc" port="-1" autoport="yes" listen="127.0.0.1"/>')

    def iommu(self):
        if "iommu" in self.singles or self.family == "s390":
            return
        self.singles.add("iommu")
        r, f = self.r, self.family
        m = {"q35": ["intel", "virtio"], "virt": ["smmuv3", "virtio"], "pc": ["intel", "virtio"],
             "pseries": ["virtio"], "s390": ["virtio"], "rv": ["virtio"]}[f]
        m = r.choice(m)
        drv = '<driver intremap="on" caching_mode="on"/>' if m == "intel" and r.random() < 0.4 else ""
        self.add(f'<iommu model="{m}">{drv}</iommu>')
        if m == "intel" and drv:
            self.ioapic = True

    def vsock(self):
        if self.vsocks:
            return
        self.vsocks += 1
        self.add(f'<vsock model="virtio"><cid auto="{self.r.choice(["yes", "no"])}"'
                 f'{"" if self.r.random() < 0.5 else " address=" + chr(34) + str(3 + self.n) + chr(34)}/>'
                 f'{self.maybe_address()}</vsock>')

    def shmem(self):
        r = self.r
        k = r.choice(["ivshmem-plain", "ivshmem-plain", "ivshmem-doorbell"])
        server = f'<server path="/tmp/ivshmem{self.n}.sock"/>' if k == "ivshmem-doorbell" else \
            '<size unit="M">4</size>'
        self.add(f'<shmem name="shmem{len(self.devices)}"><model type="{k}"/>{server}{self.maybe_address()}</shmem>')

    def memory_device(self):
        r = self.r
        self.needs_numa = True
        m = r.choice(["dimm", "dimm", "nvdimm", "virtio-mem", "virtio-pmem"] if self.x86 else ["dimm"])
        if m == "dimm":
            self.add('<memory model="dimm"><target><size unit="KiB">524288</size><node>0</node></target></memory>')
        elif m == "nvdimm":
            self.add(f'<memory model="nvdimm"><source><path>/tmp/nvdimm{self.n}</path></source>'
                     '<target><size unit="KiB">524288</size><node>0</node></target></memory>')
        elif m == "virtio-pmem":
            self.add(f'<memory model="virtio-pmem" access="shared"><source><path>/tmp/pmem{self.n}</path></source>'
                     f'<target><size unit="KiB">524288</size></target>{self.maybe_address()}</memory>')
        else:
            self.add('<memory model="virtio-mem"><target><size unit="KiB">1048576</size><node>0</node>'
                     f'<block unit="KiB">2048</block><requested unit="KiB">0</requested></target>{self.maybe_address()}</memory>')

    def panic(self):
        r, f = self.r, self.family
        pool = {"pc": ["isa", "hyperv"], "q35": ["isa", "hyperv", "pvpanic"], "pseries": ["pseries"], "s390": ["s390"],
                "virt": ["pvpanic"], "rv": ["pvpanic"]}[f]
        if "pvpanic" in pool:
            return  # libvirt 9.0 has no pvpanic model
        m = r.choice(pool)
        addr = '<address type="isa" iobase="0x505"/>' if m == "isa" and r.random() < 0.3 else ""
        self.add(f'<panic model="{m}">{addr}</panic>')

    def hub(self):
        if self.usb_ok:
            self.add('<hub type="usb"/>')

    def filesystem(self):
        r = self.r
        if r.random() < 0.5 and self.family != "s390":
            self.needs_shared_memory = True
            self.add(f'<filesystem type="mount" accessmode="passthrough"><driver type="virtiofs"/>'
                     f'<source dir="/srv/share{len(self.devices)}"/><target dir="share{len(self.devices)}"/>'
                     f'{self.maybe_address()}</filesystem>')
        else:
            self.add(f'<filesystem type="mount" accessmode="{r.choice(["mapped", "squash", "passthrough"])}">'
                     f'<source dir="/srv/9p{len(self.devices)}"/><target dir="9p{len(self.devices)}"/>'
                     f'{self.maybe_address()}</filesystem>')

    def pstore(self):
        self.add(f'<pstore backend="acpi-erst"><path>/tmp/pstore{self.n}</path><size unit="KiB">8</size></pstore>')

    def parallel(self):
        self.add('<parallel type="pty"><target port="0"/></parallel>')

    def extra(self):
        """What managers also write: network and LUN disks, evdev and passthrough inputs, audio
        backends, egl-headless, balloon options, ccid controllers, crypto, nvram, USB host devices
        with ports, SCSI host devices with drive addresses, vDPA and vhost-user NICs with queues."""
        r, f = self.r, self.family
        kind = r.choice(["netdisk", "lun", "input-passthrough", "evdev", "audio-sound", "egl", "balloon-opts",
                         "ccid", "crypto", "nvram", "usb-hostdev-port", "scsi-hostdev-drive", "vdpa",
                         "vhostuser-queues", "nic-rom", "disk-iothread", "hostdev-rom"])
        if kind == "netdisk":
            name, _ = self.disk_name("vd" if r.random() < 0.6 else "sd", "virtio")
            bus = "virtio" if name.startswith("vd") else ("scsi" if f != "pc" or r.random() < 0.5 else "sata")
            self.add(f'<disk type="network" device="disk"><driver name="qemu" type="raw"/>'
                     f'<source protocol="rbd" name="volumes/{self.profile}-{name}"><host name="10.0.0.{r.randint(1, 9)}" port="6789"/></source>'
                     f'<target dev="{name}" bus="{bus}"/>{self.maybe_address() if bus == "virtio" else ""}</disk>')
        elif kind == "lun":
            name, _ = self.disk_name("sd", "scsi")
            self.add(f'<disk type="block" device="lun" sgio="{r.choice(["filtered", "unfiltered"])}"><driver name="qemu" type="raw"/>'
                     f'<source dev="/dev/mapper/lun{r.randint(0, 99)}"/><target dev="{name}" bus="scsi"/></disk>')
        elif kind == "input-passthrough":
            self.add(f'<input type="passthrough" bus="virtio"><source evdev="/dev/input/event{r.randint(0, 9)}"/>'
                     f'{self.maybe_address()}</input>')
        elif kind == "evdev":
            self.add(f'<input type="evdev"><source dev="/dev/input/by-id/kbd{r.randint(0, 9)}" grab="all" repeat="on"/></input>')
        elif kind == "audio-sound":
            if self.spice:
                self.add('<audio id="1" type="spice"/>')
            self.sound()
        elif kind == "egl":
            self.add('<graphics type="egl-headless"/>')
        elif kind == "balloon-opts":
            if not any("<memballoon" in d for d in self.devices):
                self.add(f'<memballoon model="virtio" autodeflate="on" freePageReporting="on">{self.maybe_address()}</memballoon>')
        elif kind == "ccid":
            self.controllers.append('<controller type="ccid" index="0"/>')
        elif kind == "crypto":
            self.add(f'<crypto model="virtio" type="qemu"><backend model="builtin" queues="1"/>{self.maybe_address()}</crypto>')
        elif kind == "nvram" and f == "pseries":
            self.add('<nvram/>')
        elif kind == "usb-hostdev-port" and self.usb_ok:
            self.add(f'<hostdev mode="subsystem" type="usb" managed="yes"><source><vendor id="0x{r.randint(0x1000, 0x9fff):04x}"/>'
                     f'<product id="0x{r.randint(1, 0xffff):04x}"/></source><address type="usb" bus="0" port="{r.randint(1, 6)}"/></hostdev>')
        elif kind == "scsi-hostdev-drive":
            ctl = r.choice(self.scsi_controllers or [0])
            self.add(f'<hostdev mode="subsystem" type="scsi" managed="no"><source><adapter name="scsi_host{r.randint(4, 9)}"/>'
                     f'<address bus="0" target="{r.randint(0, 3)}" unit="{r.randint(0, 7)}"/></source>'
                     f'<address type="drive" controller="{ctl}" bus="0" target="0" unit="{r.randint(0, 6)}"/></hostdev>')
        elif kind == "vdpa":
            self.mac += 1
            self.add(f'<interface type="vdpa"><mac address="52:54:00:{ARCH_DIGIT[self.arch]:02x}:{self.n % 256:02x}:{self.mac:02x}"/>'
                     f'<source dev="/dev/vhost-vdpa-{self.mac}"/>{self.maybe_address()}</interface>')
        elif kind == "vhostuser-queues":
            self.mac += 1
            self.add(f'<interface type="vhostuser"><mac address="52:54:00:{ARCH_DIGIT[self.arch]:02x}:{self.n % 256:02x}:{self.mac:02x}"/>'
                     f'<source type="unix" path="/run/vhu/{self.mac}.sock" mode="client"/><model type="virtio"/>'
                     f'<driver queues="4" rx_queue_size="1024"/>{self.maybe_address()}</interface>')
        elif kind == "nic-rom":
            self.mac += 1
            self.add(f'<interface type="bridge"><mac address="52:54:00:{ARCH_DIGIT[self.arch]:02x}:{self.n % 256:02x}:{self.mac:02x}"/>'
                     f'<source bridge="br0"/><model type="{r.choice(["virtio", "e1000e"] if self.x86 else ["virtio"])}"/>'
                     f'<rom enabled="no"/><link state="up"/>{self.maybe_address()}</interface>')
        elif kind == "disk-iothread":
            self.iothreads = True
            name, _ = self.disk_name("vd", "virtio")
            self.add(f'<disk type="file" device="disk"><driver name="qemu" type="qcow2" iothread="1" cache="none" io="native"/>'
                     f'<source file="/var/lib/libvirt/images/{self.profile}-{name}.qcow2"/><target dev="{name}" bus="virtio"/>'
                     f'{self.maybe_address()}</disk>')
        elif kind == "hostdev-rom" and f != "s390":
            self.add(f'<hostdev mode="subsystem" type="pci" managed="no"><driver name="vfio"/><source><address domain="0x0000" '
                     f'bus="0x{r.randint(0x81, 0xfe):02x}" slot="0x00" function="0x0"/></source><rom bar="off"/>'
                     f'{self.maybe_address()}</hostdev>')

    # ---------------------------------------------------------------- profiles
    def base_profile(self):
        r, p, f = self.r, self.profile, self.family
        self.ioapic = False
        self.pci_controllers()
        self.usb_controller()
        if p == "nova":
            self.disk("virtio")
            if r.random() < 0.6:
                self.disk({"pc": "ide", "q35": "sata", "pseries": "scsi", "s390": "scsi"}.get(f, "scsi"), "cdrom")
            for _ in range(r.randint(1, 3)):
                self.nic("virtio", r.choice(["bridge", "ethernet", "hostdev", "vhostuser", "bridge"]))
            self.serial_console()
            if f != "s390":
                self.inputs(1)
            self.graphics()
            self.videos()
            self.memballoon()
            if r.random() < 0.6:
                self.rng()
        elif p == "ovirt":
            self.scsi_controller("virtio-scsi" if f != "pseries" or r.random() < 0.5 else "ibmvscsi")
            self.virtio_serial_controller()
            for _ in range(r.randint(1, 3)):
                self.disk(r.choice(["virtio", "scsi"]))
            self.disk({"pc": "ide", "q35": "sata", "pseries": "scsi"}.get(f, "scsi"), "cdrom")
            for _ in range(r.randint(1, 3)):
                self.nic(r.choice(["virtio", "virtio", "e1000", "rtl8139"] if f != "pseries" else ["virtio", "spapr-vlan"]),
                         "bridge")
            self.channel("ovirt-guest-agent.0", "unix")
            self.channel("org.qemu.guest_agent.0", "unix")
            if self.spice:
                self.channel("com.redhat.spice.0", "spicevmc")
            self.graphics()
            self.videos()
            self.rng()
            self.memballoon()
            if f in ("pc", "q35"):
                self.inputs(1)
                if r.random() < 0.4:
                    self.watchdog()
                if r.random() < 0.3:
                    self.sound()
        elif p == "proxmox":
            single = r.random() < 0.5
            for i in range(r.randint(1, 4)):
                if single or i == 0:
                    self.scsi_controller(r.choice(["virtio-scsi", "lsilogic", "lsisas1078", "vmpvscsi"]) if f in ("pc", "q35")
                                         else "virtio-scsi")
                self.disk("scsi")
            self.disk("ide" if f == "pc" else ("sata" if f == "q35" else "scsi"), "cdrom")
            for _ in range(r.randint(1, 3)):
                self.nic(r.choice(["virtio", "e1000", "vmxnet3", "rtl8139"] if self.x86 else ["virtio"]), "bridge")
            self.virtio_serial_controller()
            self.channel("org.qemu.guest_agent.0", "unix")
            self.inputs(1)
            self.videos()
            self.graphics()
            self.memballoon()
            if r.random() < 0.5:
                self.watchdog()
            if r.random() < 0.4:
                self.sound()
        elif p == "kubevirt":
            self.scsi_controller("virtio-non-transitional")
            self.virtio_serial_controller()
            for _ in range(r.randint(1, 4)):
                self.disk("virtio")
            self.disk("sata" if f == "q35" else "scsi", "cdrom")
            for _ in range(r.randint(1, 3)):
                self.nic("virtio-non-transitional", r.choice(["ethernet", "ethernet", "hostdev", "vhostuser"]))
            self.serial_console()
            self.channel("org.qemu.guest_agent.0", "unix")
            self.graphics()
            self.videos()
            self.memballoon()
            if r.random() < 0.5:
                self.rng()
            if r.random() < 0.4:
                self.vsock()
            if r.random() < 0.3 and f == "q35":
                self.watchdog()
        else:  # virt-install/virt-manager and GNOME Boxes
            for _ in range(r.randint(1, 2)):
                self.disk("virtio" if r.random() < 0.8 else ("sata" if f in ("q35", "virt") else "scsi"))
            cd = {"pc": "ide", "q35": "sata", "virt": "scsi", "rv": "scsi", "pseries": "scsi", "s390": "scsi"}[f]
            if cd == "scsi":
                self.scsi_controller("virtio-scsi" if f != "pseries" else r.choice(["virtio-scsi", "ibmvscsi"]))
            self.disk(cd, "cdrom")
            self.nic("virtio" if f != "pc" or r.random() < 0.7 else "e1000", "network")
            self.serial_console()
            self.virtio_serial_controller()
            self.channel("org.qemu.guest_agent.0", "unix")
            if self.spice:
                self.channel("com.redhat.spice.0", "spicevmc")
                if p == "boxes":
                    self.channel("org.spice-space.webdav.0", "spiceport")
            if f != "s390":
                self.inputs(r.randint(1, 2))
            self.graphics()
            if f in ("pc", "q35", "virt"):
                if r.random() < 0.7:
                    self.sound()
            self.videos()
            if self.spice and self.usb_ok:
                for _ in range(2 if p == "virtinstall" else 4):
                    self.redirdev()
            self.memballoon()
            self.rng()
            if p == "boxes" and r.random() < 0.4 and self.usb_ok:
                self.smartcard()

    def grow(self):
        """Adds devices from the architecture's pool until the domain holds 20..60."""
        r, f = self.r, self.family
        target = r.randint(20, 60)
        pool = [("disk", 10), ("cdrom", 3), ("nic", 8), ("hostdev", 4), ("channel", 4), ("console", 2),
                ("vsc", 2), ("scsictl", 3), ("rng", 1), ("input", 2), ("video", 1), ("shmem", 1), ("fs", 1),
                ("memory", 1), ("hub", 1), ("redir", 2), ("smartcard", 1), ("tpm", 1), ("watchdog", 1), ("panic", 1),
                ("sound", 1), ("vsock", 1), ("iommu", 1), ("sata", 1), ("serial", 1), ("pstore", 1), ("parallel", 1),
                ("usbctl", 1)]
        if self.dense:
            target = r.randint(35, 60)
            boost = {"disk": 25, "cdrom": 6, "scsictl": 6, "sata": 4, "redir": 4, "hub": 2, "hostdev": 7, "vsc": 3,
                     "channel": 6, "input": 3}
            pool = [(k, boost.get(k, w)) for k, w in pool]
        if self.extras:
            pool = pool + [("extra", 14)]
        once = {"tpm", "watchdog", "panic", "vsock", "iommu", "pstore", "smartcard", "memory"}
        seen = set()
        tries = 0
        while len(self.devices) + len(self.controllers) < target and tries < 400:
            tries += 1
            kind = r.choices([k for k, _ in pool], [w for _, w in pool])[0]
            if kind in once and kind in seen and (kind == "watchdog" or r.random() < 0.9):
                continue
            seen.add(kind)
            foreign = r.random() < (0.12 if self.dense else 0.04)
            if kind == "extra":
                self.extra()
            elif kind == "disk":
                self.disk()
            elif kind == "cdrom":
                b = r.choice(self.disk_buses())
                self.disk("scsi" if b == "virtio" else b, "cdrom")
            elif kind == "nic":
                self.nic()
            elif kind == "hostdev":
                self.hostdev()
            elif kind == "channel":
                if not self.serial_controllers and r.random() < 0.5:
                    self.virtio_serial_controller()
                self.channel()
            elif kind == "console":
                self.virtio_console()
            elif kind == "vsc":
                self.virtio_serial_controller()
            elif kind == "scsictl":
                self.scsi_controller()
            elif kind == "rng":
                self.rng()
            elif kind == "input":
                self.inputs(1)
            elif kind == "video":
                self.videos()
            elif kind == "shmem" and (f != "s390" or foreign):
                self.shmem()
            elif kind == "fs":
                self.filesystem()
            elif kind == "memory" and (f in ("pc", "q35", "virt") or foreign):
                self.memory_device()
            elif kind == "hub":
                self.hub()
            elif kind == "redir" and (self.usb_ok or foreign):
                self.redirdev()
            elif kind == "smartcard" and (self.usb_ok or foreign):
                self.smartcard()
            elif kind == "tpm":
                self.tpm()
            elif kind == "watchdog":
                self.watchdog()
            elif kind == "panic":
                self.panic()
            elif kind == "sound" and (f != "s390" or foreign):
                self.sound()
            elif kind == "vsock":
                self.vsock()
            elif kind == "iommu" and (f in ("q35", "virt") or foreign):
                self.iommu()
            elif kind == "sata" and (f in ("q35", "pc", "virt") or foreign):
                idx = len(self.sata_controllers) + (1 if f == "q35" else 0)
                self.sata_controllers.append(idx)
                self.controllers.append(f'<controller type="sata" index="{idx}">{self.maybe_address()}</controller>')
            elif kind == "serial":
                self.serial_console()
            elif kind == "pstore" and (self.x86 or foreign):
                self.pstore()
            elif kind == "parallel" and (self.x86 or foreign):
                self.parallel()
            elif kind == "usbctl" and self.usb_ok and f != "s390":
                index = r.randint(1, 3)
                if index in self.usb_indexes:
                    continue
                self.usb_indexes.add(index)
                self.controllers.append(f'<controller type="usb" index="{index}" '
                                        f'model="{r.choice(["qemu-xhci", "nec-xhci", "piix3-uhci", "ich9-ehci1"])}"/>')

    # ---------------------------------------------------------------- document
    def xml(self):
        r = self.r
        self.base_profile()
        self.grow()
        devices = list(self.devices)
        ctls = list(self.controllers)
        order = r.random()
        if order < 0.4:
            body = ctls + devices               # controllers first, as Nova and oVirt write them
        elif order < 0.7:
            body = devices + ctls               # after the devices, as dumpxml does
        else:
            body = list(devices)               # controllers anywhere, devices in their order
            for c in ctls:
                body.insert(r.randint(0, len(body)), c)
        name_prefix = PREFIX[self.arch] or self.family
        name = f"{name_prefix}-{self.profile}-{self.n:04d}" if self.seed == 1 \
            else f"{name_prefix}-{self.profile}-s{self.seed}-{self.n:04d}"
        uuid = f"c7{ARCH_DIGIT[self.arch]}00000-0000-4e00-8000-{self.seed:04d}{self.n:08d}"
        mem = 2097152
        lines = [f'<domain type="qemu">', f"  <name>{name}</name>", f"  <uuid>{uuid}</uuid>"]
        if self.needs_numa:
            lines.append(f'  <maxMemory slots="16" unit="KiB">16777216</maxMemory>')
        lines += [f'  <memory unit="KiB">{mem}</memory>', f'  <currentMemory unit="KiB">{mem}</currentMemory>']
        if self.needs_shared_memory:
            lines.append('  <memoryBacking><source type="memfd"/><access mode="shared"/></memoryBacking>')
        lines.append('  <vcpu placement="static">2</vcpu>')
        if self.iothreads:
            lines.append("  <iothreads>1</iothreads>")
        os_boot = "" if self.boots else '<boot dev="hd"/>'
        lines.append(f'  <os><type arch="{self.arch}" machine="{self.machine}">hvm</type>{os_boot}</os>')
        feats = []
        if self.x86:
            feats.append("<acpi/>")
        if self.x86:
            feats.append("<apic/>")
        if self.ioapic:
            feats.append('<ioapic driver="qemu"/>')
        if feats:
            lines.append(f"  <features>{''.join(feats)}</features>")
        if self.needs_numa:
            lines.append('  <cpu><topology sockets="1" dies="1" cores="2" threads="1"/>'
                         f'<numa><cell id="0" cpus="0-1" memory="{mem}" unit="KiB"/></numa></cpu>')
        lines += ['  <clock offset="utc"/>', "  <on_poweroff>destroy</on_poweroff>", "  <on_reboot>restart</on_reboot>",
                  "  <on_crash>destroy</on_crash>", "  <devices>"]
        lines += ["    " + d for d in body if d]
        lines += ["  </devices>", "</domain>", ""]
        return name, "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--out", default=".")
    ap.add_argument("--dense", action="store_true", help="storage- and USB-heavy domains, more written addresses")
    ap.add_argument("--extras", action="store_true",
                    help="network and LUN disks, evdev inputs, audio, crypto, vDPA and the like, as managers also write")
    ap.add_argument("--topology", action="store_true",
                    help="PCI bridges written with their addresses (Proxmox VE's layout), devices and multifunction host devices on them")
    a = ap.parse_args()
    for n in range(a.first, a.first + a.count):
        case = Case(a.seed, n, a.dense, a.topology, a.extras)
        name, text = case.xml()
        d = os.path.join(a.out, case.arch)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + ".xml"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
