#!/usr/bin/env python3
"""deep-domains.py: domains as management tools write them, slips included.

Each domain is written by one "manager" persona with that tool's habits (nova, ovirt, kubevirt,
proxmox-style, virt-install, a hand-edited file) and then, with some chance, one or two of the
mistakes such tools make (a stale user address, a port given twice, a controller that is named but
never declared). Written without reading the other corpora's generators.

    python3 deep-domains.py --seed 4 --count 1100 --out .

Case n depends on (seed, n) alone.
"""
import argparse
import os
import random

ARCH_DIGIT = {'x86_64': 1, 'aarch64': 2, 'ppc64': 3, 's390x': 4, 'i686': 5, 'ppc64le': 6, 'riscv64': 7}
ARCH_WEIGHTS = [('x86_64', 40), ('i686', 7), ('aarch64', 14), ('ppc64', 10), ('ppc64le', 8),
                ('s390x', 12), ('riscv64', 9)]
MACHINES = {
    'x86_64': ['pc', 'q35', 'pc-i440fx-1.7', 'pc-i440fx-2.3', 'pc-i440fx-4.2', 'pc-i440fx-7.2',
               'pc-q35-2.4', 'pc-q35-2.11', 'pc-q35-3.1', 'pc-q35-5.2', 'pc-q35-6.2', 'pc-q35-7.2',
               'q35', 'q35', 'pc-q35-7.2'],
    'i686': ['pc', 'pc-i440fx-2.12', 'q35', 'pc-q35-4.2'],
    'aarch64': ['virt', 'virt-2.12', 'virt-4.2', 'virt-6.2', 'virt-7.2'],
    'ppc64': ['pseries', 'pseries-2.12', 'pseries-5.2', 'pseries-7.2'],
    'ppc64le': ['pseries', 'pseries-3.1', 'pseries-7.2'],
    's390x': ['s390-ccw-virtio', 's390-ccw-virtio-3.1', 's390-ccw-virtio-6.2', 's390-ccw-virtio-7.2'],
    'riscv64': ['virt'],
}
PERSONAS = ['nova', 'ovirt', 'kubevirt', 'proxmox', 'virtinstall', 'handmade']


def family(arch, machine):
    if arch in ('x86_64', 'i686'):
        return 'q35' if 'q35' in machine else 'i440fx'
    return {'aarch64': 'armvirt', 'riscv64': 'rvvirt', 's390x': 's390'}.get(arch, 'pseries')


class Doc:
    """One domain being written: the generator's own bookkeeping of what it has handed out."""

    def __init__(self, rnd, arch, machine, persona):
        self.r = rnd
        self.arch = arch
        self.machine = machine
        self.fam = family(arch, machine)
        self.persona = persona
        self.devs = []          # (group, xml) in writing order; group ties devices to a controller
        self.pci_used = set()   # (bus, slot) the generator gave away
        self.ccw_used = set()
        self.macs = 0
        self.disks = {}
        self.alias_n = 0
        self.boot = 0
        self.pci_buses = {0: 'root'}  # index -> model of the PCI controllers declared
        self.scsi = {}          # index -> model
        self.usb = {}           # index -> ports
        self.vserial = {}       # index -> ports
        self.reg_used = set()
        self.mistakes = 0
        self.usb_declared = False
        self.drives_used = set()   # (bus kind, controller, bus, target, unit)
        self.usb_used = set()      # (bus, port path)
        self.hub_ports = []        # (bus, port) of hubs given a user address
        self.vs_used = set()       # (controller, port)
        self.spice = False

    # ---- small helpers
    def chance(self, p):
        return self.r.random() < p

    def alias(self, stem):
        if self.persona in ('ovirt', 'kubevirt') or self.chance(0.08):
            self.alias_n += 1
            return "<alias name='ua-%s-%d'/>" % (stem, self.alias_n)
        return ''

    def boot_order(self):
        if self.chance(0.25):
            self.boot += 1
            return "<boot order='%d'/>" % self.boot
        return ''

    def mac(self):
        self.macs += 1
        return "<mac address='52:54:00:d4:%02x:%02x'/>" % (self.macs // 256, self.macs % 256)

    def add(self, xml, group='dev'):
        self.devs.append((group, xml))

    def slip(self, p):
        """A mistake, at most two per domain."""
        if self.mistakes < 2 and self.chance(p):
            self.mistakes += 1
            return True
        return False

    # ---- addresses
    ENDPOINT_BUSES = {'root', 'pcie-root-port', 'pcie-switch-downstream-port', 'pci-bridge',
                      'pcie-to-pci-bridge', 'pci-expander-bus', 'pci-root'}
    SINGLE_SLOT = {'pcie-root-port', 'pcie-switch-downstream-port'}

    def pci_addr(self, want_pcie=False, buses=None):
        """A user PCI address as a manager that remembers old addresses writes it, or None."""
        r = self.r
        if self.fam == 's390':
            return None
        if buses is None and self.chance(0.06):
            return "<address type='pci'/>"
        candidates = buses if buses is not None else [b for b, m in self.pci_buses.items() if m in self.ENDPOINT_BUSES]
        if self.fam in ('q35', 'armvirt', 'rvvirt') and buses is None and not self.slip(0.04):
            candidates = [b for b in candidates if b != 0]  # no AUTOASSIGN on pcie-root: a tool avoids it
        candidates = [b for b in candidates
                      if not (self.pci_buses[b] in self.SINGLE_SLOT and (b, 0) in self.pci_used)]
        if not candidates:
            return None
        bus = r.choice(candidates)
        model = self.pci_buses[bus]
        if self.slip(0.02):
            bus = max(self.pci_buses) + r.randint(1, 3)
        if model in self.SINGLE_SLOT:
            slot = 0 if not self.slip(0.03) else r.randint(1, 3)
        else:
            low = 1 if model in ('pci-bridge', 'pcie-to-pci-bridge', 'root', 'pci-root') else 0
            free = [s for s in range(low, 32) if (bus, s) not in self.pci_used]
            if self.fam == 'i440fx' and bus == 0:
                free = [s for s in free if s not in (1, 2)] or free
            if self.fam == 'q35' and bus == 0:
                free = [s for s in free if s != 0x1f]
            if not free or self.slip(0.04):
                free = [s for (b, s) in self.pci_used if b == bus] or [r.randint(1, 31)]
            slot = r.choice(free[:8])
        fn = 0
        extra = ''
        if (bus, slot) in self.pci_used and self.chance(0.5):
            fn = r.randint(1, 7)  # a function of a slot already handed out: multifunction games
        elif self.chance(0.1):
            extra = " multifunction='on'"
        self.pci_used.add((bus, slot))
        fields = [("domain", '0x0000'), ('bus', '0x%02x' % bus), ('slot', '0x%02x' % slot),
                  ('function', '0x%x' % fn)]
        if self.chance(0.12):  # partial: managers that drop the fields they think are defaults
            fields = [f for f in fields if f[0] == 'slot' or self.chance(0.5)]
        return "<address type='pci' %s%s/>" % (' '.join("%s='%s'" % f for f in fields), extra)

    def controller_addr(self, idx, model):
        """Where a tool that writes controller addresses puts one: on a lower bus that takes it."""
        takes = {'pcie-root-port': {'root', 'pcie-expander-bus'},
                 'pcie-switch-upstream-port': {'pcie-root-port', 'pcie-switch-downstream-port'},
                 'pcie-switch-downstream-port': {'pcie-switch-upstream-port'},
                 'pcie-to-pci-bridge': {'pcie-root-port', 'pcie-switch-downstream-port'},
                 'dmi-to-pci-bridge': {'root', 'pcie-expander-bus'},
                 'pci-bridge': {'root', 'pci-bridge', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge', 'pci-expander-bus'},
                 'pci-expander-bus': {'root'}, 'pcie-expander-bus': {'root'}}.get(model, set())
        if self.fam in ('q35', 'armvirt', 'rvvirt') and model == 'pci-bridge':
            takes = takes - {'root'}
        buses = [b for b, m in self.pci_buses.items() if b < idx and m in takes]
        if not buses:
            return ''
        return self.pci_addr(True, buses) or ''

    def ccw_addr(self):
        if self.fam != 's390' or not self.chance(0.55):
            return None
        free = [d for d in range(0, 0x40) if d not in self.ccw_used]
        devno = self.r.choice(free[:20])
        if self.slip(0.04) and self.ccw_used:
            devno = self.r.choice(sorted(self.ccw_used))
        self.ccw_used.add(devno)
        cssid = '0xfe' if not self.slip(0.03) else '0x00'
        return "<address type='ccw' cssid='%s' ssid='0x0' devno='0x%04x'/>" % (cssid, devno)

    def bus_addr(self, want_pcie=False):
        if self.fam == 's390':
            return self.ccw_addr()
        if self.chance(0.3 if self.persona in ('ovirt', 'handmade') else 0.1):
            return self.pci_addr(want_pcie)
        return None

    # ---- controllers
    def pci_controllers(self):
        r = self.r
        n = r.choice([0, 0, 1, 2, 3, 4, 6, 8, 12, 16])
        if self.fam == 's390' or n == 0:
            return
        idx = 0
        for _ in range(n):
            idx += 1 if not self.chance(0.2) else r.randint(2, 5)
            have = set(self.pci_buses.values())
            if self.fam in ('q35', 'armvirt', 'rvvirt'):
                pool = ['pcie-root-port'] * 6 + ['pcie-to-pci-bridge']
                if 'pcie-root-port' in have:
                    pool += ['pcie-switch-upstream-port']
                if 'pcie-switch-upstream-port' in have:
                    pool += ['pcie-switch-downstream-port'] * 3
                if self.fam == 'q35':
                    pool += ['dmi-to-pci-bridge', 'pcie-expander-bus']
                if have & {'dmi-to-pci-bridge', 'pcie-to-pci-bridge'}:
                    pool += ['pci-bridge']
                if self.fam == 'armvirt':
                    pool += ['pcie-expander-bus']
                model = r.choice(pool)
            elif self.fam == 'i440fx':
                model = r.choice(['pci-bridge'] * 5 + ['pci-expander-bus'])
            else:
                model = r.choice(['pci-root', 'pci-root', 'pci-bridge'])
            self.pci_buses[idx] = model
            body = ''
            if model == 'pcie-root-port' and self.chance(0.4):
                body += "<target chassis='%d' port='0x%x'/>" % (idx, 0x10 + idx - 1) if self.chance(0.7) \
                    else "<target chassis='%d'/>" % r.randint(1, 40)
            if model == 'pcie-root-port' and self.chance(0.15):
                body += "<model name='pcie-root-port'/>"
            if model == 'pci-bridge' and self.chance(0.3):
                body += "<target chassisNr='%d'/>" % r.randint(1, 60)
            if model in ('pci-expander-bus', 'pcie-expander-bus') and self.chance(0.5):
                body += "<target busNr='%d'/>" % r.choice([100, 180, 200, 252, 254])
            if model == 'pci-root':
                if self.chance(0.6):
                    body += "<model name='spapr-pci-host-bridge'/>"
                if self.chance(0.5):
                    body += "<target index='%d'/>" % r.randint(1, 6)
            if model in ('pcie-root-port', 'pcie-switch-downstream-port') and self.chance(0.1):
                body += "<target hotplug='off'/>" if '<target' not in body else ''
            addr = ''
            if model != 'pci-root' and self.chance(0.4 if self.persona in ('ovirt', 'proxmox') else 0.15):
                addr = self.controller_addr(idx, model)
            self.add("<controller type='pci' index='%d' model='%s'>%s%s%s</controller>"
                     % (idx, model, body, addr, self.alias('pci')), group=('pci', idx))

    def scsi_controllers(self):
        r = self.r
        models = {'q35': ['virtio-scsi', 'lsilogic', 'virtio-scsi', None, 'vmpvscsi', 'lsisas1068'],
                  'i440fx': ['virtio-scsi', 'lsilogic', 'lsisas1078', None, 'virtio-transitional'],
                  'armvirt': ['virtio-scsi', 'virtio-non-transitional', None],
                  'rvvirt': ['virtio-scsi', None],
                  'pseries': ['ibmvscsi', 'virtio-scsi', None, 'ibmvscsi'],
                  's390': ['virtio-scsi', None]}[self.fam]
        n = r.choice([0, 0, 1, 1, 1, 2, 3, 5])
        idx = -1
        for _ in range(n):
            idx += 1 if not self.chance(0.25) else r.randint(2, 4)
            model = r.choice(models)
            self.scsi[idx] = model
            addr = ''
            if model == 'ibmvscsi' and self.chance(0.4):
                reg = r.choice([0x2000, 0x2001, 0x3000, 0x30000000, 0x71000000])
                if reg in self.reg_used and not self.slip(0.5):
                    reg += 0x10
                self.reg_used.add(reg)
                addr = "<address type='spapr-vio' reg='0x%x'/>" % reg
            elif model not in (None, 'ibmvscsi'):
                addr = self.bus_addr() or ''
            opt = "<driver queues='%d' iothread='1'/>" % r.randint(1, 4) if model and 'virtio' in model \
                and self.persona == 'ovirt' else ''
            self.add("<controller type='scsi' index='%d'%s>%s%s%s</controller>"
                     % (idx, " model='%s'" % model if model else '', opt, addr, self.alias('scsi')),
                     group=('scsi', idx))

    def usb_controllers(self):
        r = self.r
        self.usb_declared = True
        if self.fam == 's390':
            if self.chance(0.3):
                self.add("<controller type='usb' index='0' model='none'/>", group=('usb', 0))
            return
        if self.persona == 'kubevirt' and self.chance(0.5):
            self.add("<controller type='usb' index='0' model='none'/>", group=('usb', 0))
            self.usb[0] = 0
            return
        style = r.choice(['none', 'xhci', 'xhci', 'ich9', 'many', 'nec'])
        if style == 'none':
            self.usb_declared = False
            return
        if style == 'ich9' and self.fam in ('q35', 'i440fx'):
            for idx in ([0] if self.chance(0.7) else [0, 1]):
                parts = ['ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3']
                if self.chance(0.08):
                    r.shuffle(parts)
                for m in parts:
                    master = " <master startport='%d'/>" % {'ich9-uhci1': 0, 'ich9-uhci2': 2, 'ich9-uhci3': 4}[m] \
                        if m != 'ich9-ehci1' else ''
                    fn = {'ich9-ehci1': 7, 'ich9-uhci1': 0, 'ich9-uhci2': 1, 'ich9-uhci3': 2}[m]
                    addr = ''
                    if self.persona in ('ovirt', 'virtinstall') and self.fam == 'i440fx' and self.chance(0.6):
                        slot = 5 + idx
                        addr = "<address type='pci' domain='0x0000' bus='0x00' slot='0x%02x' function='0x%x'%s/>" \
                            % (slot, fn, " multifunction='on'" if fn == 0 else '')
                        self.pci_used.add((0, slot))
                    self.add("<controller type='usb' index='%d' model='%s'>%s%s</controller>"
                             % (idx, m, master.strip(), addr), group=('usb', idx))
                self.usb[idx] = 6
            return
        count = 1 if style != 'many' else r.randint(2, 4)
        idx = -1
        for _ in range(count):
            idx += 1 if not self.chance(0.2) else 2
            if self.fam == 'pseries':
                model = r.choice(['pci-ohci', 'qemu-xhci', 'nec-xhci'])
            elif style == 'nec':
                model = 'nec-xhci'
            else:
                model = r.choice(['qemu-xhci', 'qemu-xhci', 'nec-xhci', 'piix3-uhci', 'ehci'] if self.fam != 'rvvirt'
                                 else ['qemu-xhci'])
            ports = r.choice([None, None, 4, 8, 15] + ([16] if self.slip(0.05) else [])) if 'xhci' in model else None
            self.usb[idx] = ports or {'qemu-xhci': 4, 'nec-xhci': 4, 'piix3-uhci': 2, 'ehci': 6,
                                      'pci-ohci': 3}.get(model, 4)
            self.add("<controller type='usb' index='%d' model='%s'%s>%s%s</controller>"
                     % (idx, model, " ports='%d'" % ports if ports else '', self.bus_addr() or '',
                        self.alias('usb')), group=('usb', idx))

    def vserial_controllers(self):
        r = self.r
        n = r.choice([0, 0, 1, 1, 2, 3])
        idx = -1
        for _ in range(n):
            idx += 1 if not self.chance(0.3) else 2
            ports = r.choice([None, None, 2, 4, 8, 31])
            self.vserial[idx] = ports or 31
            self.add("<controller type='virtio-serial' index='%d'%s>%s%s</controller>"
                     % (idx, " ports='%d'" % ports if ports else '', self.bus_addr() or '', self.alias('vs')),
                     group=('vs', idx))

    # ---- devices
    def disk(self, bus, device='disk'):
        r = self.r
        letters = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'ide': 'hd', 'usb': 'sd', 'fdc': 'fd'}[bus]
        n = self.disks.get(letters, 0)
        self.disks[letters] = n + 1
        dev = letters + (chr(ord('a') + n) if n < 26 else 'a' + chr(ord('a') + n - 26))
        addr = ''
        group = 'dev'
        if bus == 'scsi' and self.scsi:
            ctl = r.choice(sorted(self.scsi)) if not self.slip(0.1) else max(self.scsi) + 1
            if self.chance(0.6):
                unit = r.randint(0, 9) if self.chance(0.7) else r.randint(0, 30)
                virtio = (self.scsi.get(ctl) or '').startswith('virtio')
                target = 0 if not virtio or self.chance(0.6) else r.randint(0, 8)
                if target and not virtio and not self.slip(0.5):
                    target = 0
                key = ('scsi', ctl, 0, target, unit)
                tries = 0
                while key in self.drives_used and tries < 20 and not self.slip(0.04):
                    unit = r.randint(0, 15)
                    key = ('scsi', ctl, 0, target, unit)
                    tries += 1
                self.drives_used.add(key)
                f = [('controller', ctl), ('bus', 0), ('target', target), ('unit', unit)]
                if self.chance(0.3):
                    f = [x for x in f if x[0] != 'bus' and (x[0] != 'target' or self.chance(0.5))]
                addr = "<address type='drive' %s/>" % ' '.join("%s='%d'" % x for x in f)
                group = ('scsi', ctl)
        elif bus in ('sata', 'ide', 'fdc') and self.chance(0.4):
            ctl = 0 if not self.chance(0.1) else 1
            unit = r.randint(0, 5 if bus == 'sata' else 1)
            b = r.randint(0, 1) if bus == 'ide' else 0
            tries = 0
            while (bus, ctl, b, 0, unit) in self.drives_used and tries < 20 and not self.slip(0.04):
                unit = r.randint(0, 5 if bus == 'sata' else 1)
                b = r.randint(0, 1) if bus == 'ide' else 0
                tries += 1
            self.drives_used.add((bus, ctl, b, 0, unit))
            addr = "<address type='drive' controller='%d' bus='%d' target='0' unit='%d'/>" % (ctl, b, unit)
        elif bus == 'virtio':
            addr = self.bus_addr(want_pcie=True) or ''
        elif bus == 'usb' and self.usb and any(self.usb.values()) and self.chance(0.4):
            addr = self.usb_addr()
        model = ''
        if bus == 'virtio' and self.fam != 's390' and self.chance(0.12):
            model = " model='%s'" % r.choice(['virtio-transitional', 'virtio-non-transitional'])
        if bus == 'fdc':
            device = 'floppy'
        ro = '<readonly/>' if device == 'cdrom' else ''
        src = "<source file='/var/lib/deep/%s.img'/>" % dev if device != 'cdrom' or self.chance(0.5) else ''
        self.add("<disk type='file' device='%s'%s><driver name='qemu' type='%s'/>%s<target dev='%s' bus='%s'/>%s%s%s%s</disk>"
                 % (device, model, 'raw' if device != 'disk' else r.choice(['qcow2', 'raw']), src, dev, bus, ro,
                    self.boot_order(), self.alias('disk'), addr), group=group)

    def usb_ok(self):
        """Whether the domain has a USB bus, or the writer slips and uses one it lacks."""
        if self.usb_declared:
            has = any(p > 0 for p in self.usb.values())
        else:
            has = self.fam in ('q35', 'i440fx', 'pseries')
        return has or self.slip(0.03)

    def usb_addr(self):
        r = self.r
        buses = [b for b in sorted(self.usb) if self.usb[b] > 0] or sorted(self.usb)
        bus = r.choice(buses)
        hubs = [h for h in self.hub_ports if h[0] == bus]
        port = None
        for _ in range(12):
            if hubs and self.chance(0.5):
                port = '%s.%d' % (r.choice(hubs)[1], r.randint(1, 8))
            else:
                port = str(r.randint(1, max(1, self.usb[bus]) + (1 if self.slip(0.03) else 0)))
            if (bus, port) not in self.usb_used or self.slip(0.03):
                break
        self.usb_used.add((bus, port))
        return "<address type='usb' bus='%d' port='%s'/>" % (bus, port)

    def nic(self):
        r = self.r
        models = {'q35': ['virtio', 'virtio', 'e1000e', 'e1000', 'rtl8139', 'vmxnet3', 'igb'],
                  'i440fx': ['virtio', 'virtio', 'e1000', 'rtl8139', 'ne2k_pci', 'pcnet'],
                  'armvirt': ['virtio', 'virtio', 'e1000e'],
                  'rvvirt': ['virtio', 'e1000e'],
                  'pseries': ['virtio', 'spapr-vlan', 'e1000', 'virtio'],
                  's390': ['virtio']}[self.fam]
        model = r.choice(models)
        if self.persona == 'kubevirt' and model == 'virtio':
            model = 'virtio-non-transitional'
        addr = ''
        if model == 'spapr-vlan':
            if self.chance(0.5):
                reg = r.choice([0x1000, 0x1001, 0x2000, 0x71000001])
                if reg in self.reg_used and not self.slip(0.5):
                    reg += 0x100
                self.reg_used.add(reg)
                addr = "<address type='spapr-vio' reg='0x%x'/>" % reg
        else:
            addr = self.bus_addr(want_pcie=model in ('e1000e', 'igb')) or ''
        kind = r.choice(['network', 'bridge', 'user', 'user'])
        src = {'network': "<source network='default'/>", 'bridge': "<source bridge='br0'/>", 'user': ''}[kind]
        self.add("<interface type='%s'>%s%s<model type='%s'/>%s%s%s</interface>"
                 % (kind, self.mac(), src, model, self.boot_order(), self.alias('net'), addr))

    def channel(self):
        r = self.r
        name = r.choice(['org.qemu.guest_agent.0', 'com.redhat.spice.0', 'org.ovirt.hosted-engine-setup.0',
                         'ovirt-guest-agent.0', 'org.libguestfs.channel.0', 'io.kubevirt.downwardmetrics'])
        addr = ''
        group = 'dev'
        if self.chance(0.5 if self.persona == 'ovirt' else 0.2):
            ctl = r.choice(sorted(self.vserial)) if self.vserial and self.chance(0.85) else r.randint(0, 3)
            top = self.vserial.get(ctl, 31) - 1
            port = r.randint(1, max(1, min(top, 8))) if not self.slip(0.05) else r.randint(1, 40)
            for _ in range(10):
                if (ctl, port) not in self.vs_used or self.slip(0.03):
                    break
                port = r.randint(1, max(1, min(top, 12)))
            self.vs_used.add((ctl, port))
            f = [('controller', ctl), ('bus', 0), ('port', port)]
            if self.chance(0.3):
                f = [x for x in f if x[0] != 'bus' and (x[0] != 'port' or self.chance(0.5))]
            addr = "<address type='virtio-serial' %s/>" % ' '.join("%s='%d'" % x for x in f)
            group = ('vs', ctl)
        typ = 'spicevmc' if name == 'com.redhat.spice.0' and (self.spice or self.slip(0.03)) else 'unix'
        src = "<source mode='bind'/>" if typ == 'unix' else ''
        self.add("<channel type='%s'>%s<target type='virtio' name='%s'/>%s%s</channel>"
                 % (typ, src, name, self.alias('channel'), addr), group=group)

    def console_serial(self):
        r = self.r
        if self.fam == 's390':
            t = r.choice(['sclp', 'sclplm', 'virtio'])
            self.add("<console type='pty'><target type='%s' port='%d'/></console>" % (t, r.randint(0, 1)))
            return
        if self.fam == 'pseries':
            reg = r.choice([None, 0x30000000, 0x30001000, 0x71000002])
            addr = "<address type='spapr-vio' reg='0x%x'/>" % reg if reg else ''
            self.add("<serial type='pty'><target type='spapr-vio-serial' port='%d'/>%s</serial>" % (r.randint(0, 1), addr))
            return
        if self.fam == 'i440fx' or self.fam == 'q35':
            kind = r.choice(['isa', 'isa', 'pci', 'usb', 'console'])
            if kind == 'isa':
                port = r.randint(0, 3)
                addr = "<address type='isa' iobase='0x%x' irq='0x%x'/>" % (
                    r.choice([0x3f8, 0x2f8, 0x3e8, 0x2e8]), r.choice([3, 4])) if self.chance(0.25) else ''
                self.add("<serial type='pty'><target type='isa-serial' port='%d'><model name='isa-serial'/></target>%s</serial>"
                         % (port, addr))
            elif kind == 'pci':
                self.add("<serial type='pty'><target type='pci-serial'/>%s</serial>" % (self.bus_addr() or ''))
            elif kind == 'usb' and self.usb_ok():
                self.add("<serial type='pty'><target type='usb-serial'/>%s</serial>"
                         % (self.usb_addr() if self.usb and self.chance(0.4) else ''))
            elif kind == 'console':
                self.add("<console type='pty'><target type='%s' port='%d'/></console>"
                         % (r.choice(['serial', 'virtio']), r.randint(0, 1)))
            return
        kind = r.choice(['system', 'virtio', 'pci'])
        if kind == 'system':
            self.add("<serial type='pty'><target type='system-serial' port='0'/></serial>")
        elif kind == 'pci':
            self.add("<serial type='pty'><target type='pci-serial'/>%s</serial>" % (self.bus_addr() or ''))
        else:
            self.add("<console type='pty'><target type='virtio' port='%d'/></console>" % r.randint(0, 1))

    def hostdev(self):
        r = self.r
        kinds = ['pci', 'pci', 'usb', 'scsi', 'mdev']
        if self.fam == 's390':
            kinds = ['ccw', 'ap', 'pci', 'scsi']
        k = r.choice(kinds)
        hb, hs, hf = r.randint(1, 0x80), r.randint(0, 31), r.randint(0, 7)
        if k == 'pci':
            addr = self.bus_addr(want_pcie=True) or ''
            zpci = ''
            if self.fam == 's390' and self.chance(0.5):
                zpci = "<address type='pci'><zpci uid='0x%04x' fid='0x%08x'/></address>" % (
                    r.randint(1, 40), r.randint(0, 40))
                addr = ''
            rom = "<rom bar='off'/>" if self.chance(0.1) else ''
            self.add("<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/></source>%s%s%s%s</hostdev>"
                     % (hb, hs, hf, self.boot_order(), rom, self.alias('hostdev'), addr or zpci))
        elif k == 'usb':
            src = "<vendor id='0x%04x'/><product id='0x%04x'/>" % (r.randint(1, 0xffff), r.randint(1, 0xffff)) \
                if self.chance(0.6) else "<address bus='%d' device='%d'/>" % (r.randint(1, 4), r.randint(1, 30))
            if not self.usb_ok():
                return
            addr = self.usb_addr() if self.usb and self.chance(0.4) else ''
            self.add("<hostdev mode='subsystem' type='usb' managed='yes'><source>%s</source>%s%s</hostdev>"
                     % (src, self.alias('hostdev'), addr))
        elif k == 'scsi':
            addr = ''
            group = 'dev'
            if self.scsi and self.chance(0.5):
                ctl = r.choice(sorted(self.scsi))
                addr = "<address type='drive' controller='%d' bus='0' target='0' unit='%d'/>" % (ctl, r.randint(0, 7))
                group = ('scsi', ctl)
            self.add("<hostdev mode='subsystem' type='scsi' managed='no'><source><adapter name='scsi_host%d'/><address bus='0' target='%d' unit='%d'/></source>%s</hostdev>"
                     % (r.randint(0, 3), r.randint(0, 3), r.randint(0, 7), addr), group=group)
        else:
            model = {'mdev': r.choice(['vfio-pci', 'vfio-pci']), 'ccw': 'vfio-ccw', 'ap': 'vfio-ap'}[k]
            addr = self.ccw_addr() if model == 'vfio-ccw' else (self.bus_addr(True) if model == 'vfio-pci' else None)
            disp = " display='off'" if model == 'vfio-pci' else ''
            self.add("<hostdev mode='subsystem' type='mdev' managed='no' model='%s'%s><source><address uuid='%08x-1111-4222-8333-%012x'/></source>%s</hostdev>"
                     % (model, disp, r.getrandbits(32), r.getrandbits(48), addr or ''))

    def singles(self):
        """The devices a guest has one of (or two by mistake)."""
        r = self.r
        f = self.fam
        if self.chance(0.7):
            model = 'virtio' if self.chance(0.85) else r.choice(['none', 'virtio-non-transitional', 'virtio-transitional'])
            if f == 's390' and 'transitional' in model:
                model = 'virtio'
            stats = "<stats period='10'/>" if self.persona in ('nova', 'ovirt') else ''
            fpr = " freePageReporting='on'" if self.persona == 'kubevirt' else ''
            self.add("<memballoon model='%s'%s>%s%s%s</memballoon>"
                     % (model, fpr if model != 'none' else '', stats if model != 'none' else '',
                        self.alias('balloon') if model != 'none' else '', (self.bus_addr() or '') if model != 'none' else ''))
        for _ in range(r.choice([0, 1, 1, 2])):
            self.add("<rng model='virtio'><rate bytes='1024' period='1000'/><backend model='random'>/dev/urandom</backend>%s%s</rng>"
                     % (self.alias('rng'), self.bus_addr() or ''))
        if self.chance(0.35):
            wd = {'q35': ['i6300esb', 'ib700'], 'i440fx': ['i6300esb', 'ib700'], 'armvirt': ['i6300esb'],
                  'rvvirt': ['i6300esb'], 'pseries': ['i6300esb'], 's390': ['diag288']}[f]
            m = r.choice(wd)
            addr = (self.bus_addr() or '') if m == 'i6300esb' else ''
            self.add("<watchdog model='%s' action='%s'>%s</watchdog>" % (m, r.choice(['reset', 'poweroff', 'none']), addr))
        if self.chance(0.3):
            addr = self.bus_addr() or ''
            self.add("<vsock model='virtio'><cid auto='%s'%s/>%s</vsock>"
                     % ('no' if self.chance(0.5) else 'yes', " address='%d'" % r.randint(3, 99) if self.chance(0.5) else '', addr))
        if self.chance(0.25) and f != 's390':
            if f == 'q35':
                m = r.choice(['intel', 'virtio'])
            elif f == 'armvirt':
                m = 'smmuv3'
            else:
                m = None
            addr = ''
            if m == 'virtio' and self.chance(0.3):
                addr = self.pci_addr(want_pcie=True) or ''
            if m:
                self.add("<iommu model='%s'>%s</iommu>" % (m, addr))
        if self.chance(0.2) and f in ('q35', 'i440fx', 'armvirt', 'pseries'):
            self.add("<shmem name='shm%d'><model type='ivshmem-plain'/><size unit='M'>4</size>%s</shmem>"
                     % (r.randint(0, 9), self.bus_addr() or ''))
        for i in range(r.choice([0, 0, 1, 2])):
            addr = self.bus_addr() or ''
            self.add("<filesystem type='mount' accessmode='%s'><source dir='/srv/deep%d'/><target dir='tag%d'/>%s</filesystem>"
                     % (r.choice(['passthrough', 'mapped', 'squash']), i, i, addr))
        if self.chance(0.35) and f in ('q35', 'i440fx', 'armvirt'):
            m = r.choice(['ich6', 'ich9', 'ac97', 'es1370', 'usb', 'ich6'] if f != 'armvirt' else ['ich9', 'usb'])
            codecs = ''.join("<codec type='%s'/>" % c for c in r.sample(['duplex', 'micro', 'output'], r.randint(0, 2))) \
                if m.startswith('ich') else ''
            addr = (self.bus_addr() or '') if m != 'usb' else ''
            self.add("<sound model='%s'>%s%s</sound>" % (m, codecs, addr))
        if self.chance(0.3):
            if f == 'pseries':
                m = 'tpm-spapr'
            elif f == 'armvirt':
                m = 'tpm-tis'
            elif f in ('q35', 'i440fx'):
                m = r.choice(['tpm-tis', 'tpm-crb'])
            else:
                m = None
            if m:
                self.add("<tpm model='%s'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>" % m)
        if self.chance(0.3):
            m = {'q35': ['isa', 'hyperv'], 'i440fx': ['isa', 'hyperv'], 'pseries': ['pseries'],
                 's390': ['s390']}.get(f)
            m = r.choice(m) if m else None
            addr = ''
            if m == 'isa' and self.chance(0.5):
                addr = "<address type='isa' iobase='0x%x'/>" % r.choice([0x505, 0x506, 0x600])
            if m:
                self.add("<panic model='%s'>%s</panic>" % (m, addr))
        if f == 'pseries' and self.chance(0.4):
            reg = r.choice([None, 0x3000, 0x4000, 0x71000000])
            self.add("<nvram>%s</nvram>" % ("<address type='spapr-vio' reg='0x%x'/>" % reg if reg else ''))

    def video_graphics(self):
        r = self.r
        f = self.fam
        if f == 's390':
            if self.chance(0.3):
                self.add("<video><model type='virtio' heads='1'/>%s</video>" % (self.ccw_addr() or ''))
            return
        if self.chance(0.2):
            return
        models = {'q35': ['qxl', 'vga', 'virtio', 'bochs', 'cirrus', 'none'], 'i440fx': ['cirrus', 'qxl', 'vga', 'virtio'],
                  'armvirt': ['virtio', 'ramfb'], 'rvvirt': ['virtio'], 'pseries': ['vga', 'virtio']}[f]
        gfx = r.choice(['vnc', 'spice'] if f in ('q35', 'i440fx') else ['vnc'])
        self.spice = gfx == 'spice'
        self.add("<graphics type='%s' autoport='yes'/>" % gfx)
        for i in range(1 if self.chance(0.8) else r.randint(2, 3)):
            if i > 0 and 'none' in ''.join(x[1] for x in self.devs[-1:]):
                break
            m = r.choice(models) if i == 0 else r.choice(['qxl', 'virtio'] if f in ('q35', 'i440fx') else ['virtio'])
            if i > 0 and self.slip(0.1):
                m = r.choice(models)
            prim = " primary='yes'" if i > 0 and self.chance(0.3) else ''
            addr = self.bus_addr() or '' if m not in ('none', 'ramfb') else ''
            self.add("<video><model type='%s' heads='1'%s/>%s%s</video>" % (m, prim, self.alias('video'), addr))

    def usb_things(self):
        """Inputs, hubs, redirdevs, smartcards: the USB side."""
        r = self.r
        if self.fam == 's390':
            for _ in range(r.randint(0, 2)):
                self.add("<input type='%s' bus='virtio'>%s</input>" % (r.choice(['keyboard', 'mouse', 'tablet']),
                                                                       self.ccw_addr() or ''))
            return
        if not self.usb_ok():
            return
        if self.usb and self.chance(0.3):
            for _ in range(r.randint(1, 3)):
                addr = self.usb_addr() if self.chance(0.6) else ''
                if addr:
                    self.hub_ports.append((int(addr.split("bus='")[1].split("'")[0]), addr.split("port='")[1].split("'")[0]))
                elif self.slip(0.2):
                    self.hub_ports.append((0, str(r.randint(1, 4))))
                self.add("<hub type='usb'>%s</hub>" % addr)
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            bus = r.choice(['usb', 'usb', 'virtio'] + (['ps2'] if self.fam in ('q35', 'i440fx') else []))
            t = r.choice(['tablet', 'mouse', 'keyboard'])
            if bus == 'ps2' and t == 'tablet':
                t = 'mouse'
            addr = self.usb_addr() if bus == 'usb' and self.usb and self.chance(0.4) else \
                (self.bus_addr() or '' if bus == 'virtio' else '')
            self.add("<input type='%s' bus='%s'>%s%s</input>" % (t, bus, self.alias('input'), addr or ''))
        if self.fam in ('q35', 'i440fx') and self.spice and self.chance(0.5):
            for _ in range(r.randint(1, 4)):
                addr = self.usb_addr() if self.usb and self.chance(0.4) else ''
                self.add("<redirdev bus='usb' type='spicevmc'>%s%s</redirdev>" % (self.alias('redir'), addr))
        if self.chance(0.2) and self.fam != 'rvvirt':
            for _ in range(1 if not self.slip(0.1) else 2):
                addr = ''
                if self.chance(0.4):
                    addr = "<address type='ccid' controller='%d' slot='%d'/>" % (
                        0 if self.chance(0.8) else 1, 0 if self.chance(0.8) else r.randint(1, 3))
                mode = r.choice(['passthrough', 'host'])
                body = "<source mode='bind' path='/tmp/cc'/>" if False else ''
                if mode == 'passthrough' and self.spice:
                    self.add("<smartcard mode='passthrough' type='spicevmc'>%s</smartcard>" % addr)
                else:
                    self.add("<smartcard mode='host'>%s%s</smartcard>" % (body, addr))
            if self.chance(0.3):
                self.add("<controller type='ccid' index='%d'>%s</controller>" % (
                    r.randint(0, 1), self.usb_addr() if self.usb and self.chance(0.5) else ''), group=('ccid', 0))


def build(seed, n):
    r = random.Random(seed * 1_000_003 + n)
    arch = r.choices([a for a, _ in ARCH_WEIGHTS], [w for _, w in ARCH_WEIGHTS])[0]
    machine = r.choice(MACHINES[arch])
    persona = r.choice(PERSONAS)
    d = Doc(r, arch, machine, persona)
    budget = r.choice([6, 12, 20, 30, 40, 50, 60])
    # Controllers are written first, last or in between, as each tool does it.
    d.pci_controllers()
    d.scsi_controllers()
    d.usb_controllers()
    d.vserial_controllers()
    disk_buses = {'q35': ['virtio', 'virtio', 'scsi', 'sata', 'usb'], 'i440fx': ['virtio', 'scsi', 'ide', 'sata', 'fdc', 'usb'],
                  'armvirt': ['virtio', 'scsi', 'usb'], 'rvvirt': ['virtio', 'scsi'], 'pseries': ['virtio', 'scsi', 'scsi', 'usb'],
                  's390': ['virtio', 'virtio', 'scsi']}[d.fam]
    if persona == 'proxmox' and d.scsi:
        disk_buses = ['scsi'] * 4 + disk_buses
    d.video_graphics()
    d.singles()
    d.usb_things()
    while len(d.devs) < budget:
        what = r.choice(['disk', 'disk', 'disk', 'nic', 'nic', 'channel', 'console', 'hostdev', 'cdrom'])
        if what == 'disk':
            bus = r.choice(disk_buses)
            if bus == 'usb' and not d.usb_ok():
                bus = 'virtio'
            if bus == 'fdc' and d.disks.get('fd', 0) >= 2:
                bus = 'virtio'
            if bus == 'ide' and d.disks.get('hd', 0) >= 4:
                bus = 'virtio'
            d.disk(bus)
        elif what == 'cdrom':
            bus = {'q35': 'sata', 'i440fx': r.choice(['ide', 'sata']), 'armvirt': 'scsi', 'rvvirt': 'scsi',
                   'pseries': 'scsi', 's390': 'scsi'}[d.fam]
            if bus == 'ide' and d.disks.get('hd', 0) >= 4:
                bus = 'sata' if d.fam != 'i440fx' or r.random() < 0.5 else 'scsi'
            d.disk(bus, 'cdrom')
        elif what == 'nic':
            d.nic()
        elif what == 'channel':
            d.channel()
        elif what == 'console':
            d.console_serial()
        else:
            d.hostdev()
    order = r.choice(['as-written', 'controllers-last', 'interleaved', 'shuffled', 'reversed'])
    devs = d.devs
    if order == 'controllers-last':
        devs = [x for x in devs if not x[1].startswith('<controller')] + [x for x in devs if x[1].startswith('<controller')]
    elif order == 'interleaved':
        # each controller right after the first device that names it
        ctl = {x[0]: x for x in devs if x[1].startswith('<controller')}
        rest = [x for x in devs if not x[1].startswith('<controller')]
        out = []
        for x in rest:
            out.append(x)
            if x[0] in ctl:
                out.append(ctl.pop(x[0]))
        devs = out + list(ctl.values())
    elif order == 'shuffled':
        devs = devs[:]
        r.shuffle(devs)
    elif order == 'reversed':
        devs = devs[::-1]
    prefix = {'q35': 'q35', 'i440fx': 'pc', 'armvirt': 'virt', 'rvvirt': 'rv', 'pseries': 'pseries', 's390': 's390'}[d.fam]
    name = '%s-d4-%04d' % (prefix, n)
    feats = "<features><acpi/><apic/></features>" if d.fam in ('q35', 'i440fx') else \
        ("<features><gic version='3'/></features>" if d.fam == 'armvirt' else '')
    if d.fam == 'q35' and any('<iommu model=\'intel\'' in x[1] for x in devs):
        feats = "<features><acpi/><apic/><ioapic driver='qemu'/></features>"
    body = '\n'.join('    ' + x[1] for x in devs)
    xml = ("<domain type='qemu'>\n  <name>%s</name>\n  <uuid>d%d000000-0000-4d00-8000-%04d%08d</uuid>\n"
           "  <memory unit='MiB'>1024</memory>\n  <vcpu>1</vcpu>\n%s"
           "  <os><type arch='%s' machine='%s'>hvm</type></os>\n  %s\n  <devices>\n%s\n  </devices>\n</domain>\n"
           % (name, ARCH_DIGIT[arch], seed, n, "  <iothreads>2</iothreads>\n" if persona == 'ovirt' else '',
              arch, machine, feats, body))
    return arch, name, xml


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--seed', type=int, default=4)
    p.add_argument('--count', type=int, default=1100)
    p.add_argument('--out', default='.')
    a = p.parse_args()
    for n in range(1, a.count + 1):
        arch, name, xml = build(a.seed, n)
        os.makedirs(os.path.join(a.out, arch), exist_ok=True)
        with open(os.path.join(a.out, arch, name + '.xml'), 'w') as f:
            f.write(xml)


if __name__ == '__main__':
    main()
