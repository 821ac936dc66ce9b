#!/usr/bin/env python3
"""Writes corpus-edge: domains that push each bus to its limit and one step past it.

Each domain has a machine, and a few "pressures", each aimed at one counting rule: a bus filled to
its last unit, port or slot, then one more device; controllers declared with index gaps, models
left out, several models side by side; user addresses full, partial or naming the last or the
first unit past the end. Filler devices bring the count up to 60.

    python3 edge-domains.py --seed 5 --count 1100 --out .

Case n depends on (seed, n) alone.
"""
import argparse
import os
import random

ARCH_DIGIT = {'x86_64': 1, 'aarch64': 2, 'ppc64': 3, 's390x': 4, 'i686': 5, 'ppc64le': 6, 'riscv64': 7}
PREFIX = {'x86_64': 'pc', 'i686': 'pc', 'aarch64': 'virt', 'ppc64': 'pseries', 'ppc64le': 'pseries',
          's390x': 's390', 'riscv64': 'rv'}

# Share of the cases per architecture, in parts of 100.
ARCH_SHARE = [('x86_64', 40), ('i686', 8), ('aarch64', 13), ('ppc64', 10), ('ppc64le', 8),
              ('s390x', 11), ('riscv64', 10)]


def machines(arch):
    if arch in ('x86_64', 'i686'):
        old = ['pc-i440fx-%s' % v for v in ('1.5', '2.0', '2.3', '2.6', '2.9', '2.12', '3.1', '4.0', '5.2', '6.2', '7.0', '7.2')]
        q35 = ['pc-q35-%s' % v for v in ('2.4', '2.6', '2.8', '2.11', '3.0', '4.0', '4.2', '5.1', '6.0', '7.1', '7.2')]
        return old + q35 + ['pc', 'q35', 'q35', 'q35']
    if arch == 'aarch64':
        return ['virt', 'virt', 'virt-2.6', 'virt-2.10', 'virt-3.0', 'virt-4.1', 'virt-5.0', 'virt-6.1', 'virt-7.2']
    if arch in ('ppc64', 'ppc64le'):
        return ['pseries', 'pseries', 'pseries-2.6', 'pseries-2.11', 'pseries-3.0', 'pseries-4.2', 'pseries-6.0', 'pseries-7.2']
    if arch == 's390x':
        return ['s390-ccw-virtio', 's390-ccw-virtio', 's390-ccw-virtio-2.7', 's390-ccw-virtio-3.0',
                's390-ccw-virtio-4.2', 's390-ccw-virtio-5.1', 's390-ccw-virtio-7.2']
    return ['virt']


def kind_of(arch, machine):
    if arch in ('x86_64', 'i686'):
        return 'q35' if 'q35' in machine else 'pc'
    return {'aarch64': 'arm', 'ppc64': 'ppc', 'ppc64le': 'ppc', 's390x': 's390', 'riscv64': 'rv'}[arch]


def hexa(n, width=2):
    return '0x%0*x' % (width, n)


class Domain:
    """One domain under construction: its devices, and the counters that keep names unique."""

    def __init__(self, rnd, arch, machine, number):
        self.r = rnd
        self.arch = arch
        self.machine = machine
        self.kind = kind_of(arch, machine)
        self.number = number
        self.devices = []      # XML lines, in the order written
        self.controllers = []  # controller lines, placed afterwards
        self.names = {}        # bus prefix -> next letter index
        self.mac = 0
        self.scsi_indexes = set()
        self.usb_indexes = set()
        self.vser_indexes = set()
        self.pci_indexes = set()
        self.nums = 0
        self.graphics = False
        # How often user addresses and doubtful choices are written: 0 gives domains libvirt
        # mostly accepts, 1 mostly ones it refuses.
        self.risk = rnd.choice([0.0, 0.0, 0.15, 0.4, 1.0])

    # ----- helpers
    def chance(self, p):
        return self.r.random() < p

    def risky(self, p):
        return self.r.random() < p * self.risk

    def pick(self, items):
        return self.r.choice(items)

    def dev(self, line):
        self.devices.append(line)

    def ctl(self, line):
        self.controllers.append(line)

    def target(self, prefix):
        n = self.names.get(prefix, 0)
        self.names[prefix] = n + 1
        return prefix + letters(n)

    def skip_target(self, prefix, gap):
        self.names[prefix] = self.names.get(prefix, 0) + gap

    def next_mac(self):
        self.mac += 1
        return '52:54:00:e5:%02x:%02x' % (self.number % 256, self.mac % 256)

    def counter(self):
        self.nums += 1
        return self.nums

    def count(self):
        return len(self.devices) + len(self.controllers)

    def pci_machine(self):
        return self.kind in ('pc', 'q35', 'arm', 'ppc', 'rv')

    def pcie(self):
        return self.kind in ('q35', 'arm', 'rv')

    def free_index(self, used, start, gap_chance=0.35):
        i = start
        while i in used or self.chance(gap_chance):
            i += 1
        used.add(i)
        return i

    # ----- addresses
    def pci_address(self, full=False):
        """A user PCI address: empty, partial or full."""
        form = 'full' if full else self.pick(['empty', 'slot', 'slot', 'bus-slot', 'function', 'full', 'full'])
        slot = self.r.randint(1, 0x1f)
        bus = self.pick([0, 0, 0] + sorted(self.pci_indexes)[:4] + [8])
        fn = self.pick([0, 0, 0, 1, 3, 7])
        if form == 'empty':
            return "<address type='pci'/>"
        if form == 'slot':
            return "<address type='pci' slot='%s'/>" % hexa(slot)
        if form == 'bus-slot':
            return "<address type='pci' bus='%s' slot='%s'/>" % (hexa(bus), hexa(slot))
        if form == 'function':
            return "<address type='pci' slot='%s' function='%s'/>" % (hexa(slot), hexa(fn, 1))
        mf = " multifunction='on'" if fn == 0 and self.chance(0.3) else ''
        return "<address type='pci' domain='0x0000' bus='%s' slot='%s' function='%s'%s/>" % (
            hexa(bus), hexa(slot), hexa(fn, 1), mf)

    def maybe_pci(self, p=0.15):
        if self.kind == 's390':
            return self.maybe_ccw(p)
        if not self.pci_machine():
            return ''
        if self.risky(p):
            return self.pci_address()
        return "<address type='pci'/>" if self.chance(p / 4) else ''

    def maybe_ccw(self, p):
        if not self.risky(p):
            return ''
        cssid = self.pick(['0xfe', '0xfe', '0xfe', '0x0'])
        return "<address type='ccw' cssid='%s' ssid='%s' devno='%s'/>" % (
            cssid, self.pick(['0x0', '0x0', '0x1', '0x3']), hexa(self.pick([0, 1, 2, 3, 7, 0xff, 0xfffe, 0xffff]), 4))

    # ----- filler
    def filler(self):
        what = self.pick(['nic', 'nic', 'disk', 'disk', 'rng', 'fs', 'input', 'hostdev-pci', 'video', 'sound'])
        if what == 'nic':
            model = self.pick(self.nic_models())
            self.dev("<interface type='user'><mac address='%s'/><model type='%s'/>%s</interface>" % (
                self.next_mac(), model, self.maybe_pci()))
        elif what == 'disk':
            self.dev(disk(self.target('vd'), 'virtio', self.maybe_pci()))
        elif what == 'rng':
            self.dev("<rng model='virtio'><backend model='random'>/dev/urandom</backend>%s</rng>" % self.maybe_pci())
        elif what == 'fs':
            n = self.counter()
            self.dev("<filesystem type='mount' accessmode='mapped'><source dir='/srv/edge%d'/><target dir='edge%d'/>%s</filesystem>"
                     % (n, n, self.maybe_pci()))
        elif what == 'input':
            self.dev("<input type='%s' bus='virtio'>%s</input>" % (self.pick(['keyboard', 'mouse', 'tablet']), self.maybe_pci()))
        elif what == 'hostdev-pci':
            n = self.counter()
            self.dev("<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x%02x' slot='0x%02x' function='0x%x'/></source>%s</hostdev>"
                     % (0x40 + self.number % 0x80, n % 32, n % 8, self.maybe_pci()))
        elif what == 'video' and self.kind in ('pc', 'q35'):
            self.dev("<video><model type='%s'/>%s</video>" % (self.pick(['virtio', 'qxl', 'bochs']), self.maybe_pci()))
        elif what == 'sound' and self.kind in ('pc', 'q35'):
            self.dev("<sound model='%s'>%s</sound>" % (self.pick(['ich6', 'ich9', 'ac97', 'es1370']), self.maybe_pci()))
        else:
            self.dev(disk(self.target('vd'), 'virtio', ''))

    def nic_models(self):
        if self.kind in ('pc', 'q35'):
            return ['virtio', 'virtio', 'e1000', 'e1000e', 'rtl8139', 'virtio-transitional', 'virtio-non-transitional']
        if self.kind == 'ppc':
            return ['virtio', 'virtio', 'spapr-vlan', 'e1000']
        return ['virtio']

    # ----- pressures: each aims at one counting rule
    def scsi(self):
        if self.kind in ('pc', 'q35'):
            models = ['lsilogic', 'virtio-scsi', 'lsisas1068', 'lsisas1078', 'virtio-transitional', None,
                      'buslogic', 'vmpvscsi', 'am53c974', 'dc390', 'virtio-non-transitional', 'lsilogic', 'virtio-scsi']
        elif self.kind == 'ppc':
            models = ['ibmvscsi', 'virtio-scsi', 'lsilogic', None]
        else:
            models = ['virtio-scsi', None]
        ncontrollers = self.pick([0, 1, 2, 2, 3, 4])
        declared = []
        for _ in range(ncontrollers):
            idx = self.free_index(self.scsi_indexes, 0, 0.4)
            model = self.pick(models)
            attrs = " model='%s'" % model if model else ''
            extra = ''
            if model and 'virtio' in model and self.chance(0.3):
                extra = "<driver queues='%d'/>" % self.r.randint(1, 4)
            addr = ''
            if model == 'ibmvscsi' and self.risky(0.6):
                addr = "<address type='spapr-vio' reg='%s'/>" % hexa(0x2000 + 0x1000 * self.r.randint(0, 3), 4)
            elif model != 'ibmvscsi':
                addr = self.maybe_pci(0.2)
            self.ctl("<controller type='scsi' index='%d'%s>%s%s</controller>" % (idx, attrs, extra, addr))
            declared.append(idx)
        ndisks = self.pick([1, 3, 6, 7, 8, 9, 14, 15, 16, 22])
        if self.chance(0.2):
            self.skip_target('sd', self.r.randint(1, 8))
        for _ in range(ndisks):
            name = self.target('sd')
            self.dev(disk(name, 'scsi', self.drive_address(declared, wide=True), cdrom=self.chance(0.1)))
        nhost = self.pick([0, 0, 1, 2, 3])
        past = max(declared + [0]) + 1
        for _ in range(nhost):
            addr = self.drive_address(declared, wide=True, p=0.6)
            if not addr and not self.risky(1):
                # Without an address it would take the unit the name sda gives a disk.
                addr = "<address type='drive' controller='%d' bus='0' target='0' unit='%d'/>" % (past, self.nums % 7)
            self.dev("<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host%d'/><address bus='0' target='%d' unit='%d'/></source>%s</hostdev>"
                     % (self.r.randint(0, 3), self.r.randint(0, 3), self.counter() % 16, addr))

    def drive_address(self, declared, wide=False, p=0.45, controllers=None):
        if not self.risky(p):
            return ''
        choices = list(declared) + [max(declared + [0]) + 1, 0, 0]
        c = self.pick(controllers if controllers is not None else choices)
        unit = self.pick([0, 1, 5, 6, 7, 8, 9, 15, 16] if wide else [0, 1, 2, 3])
        target = self.pick([0, 0, 0, 1, 2, 7]) if wide else 0
        bus = 1 if self.risky(0.1) else 0
        form = self.pick(['full', 'full', 'controller', 'unit', 'controller-unit', 'empty'])
        if form == 'full':
            return "<address type='drive' controller='%d' bus='%d' target='%d' unit='%d'/>" % (c, bus, target, unit)
        if form == 'controller':
            return "<address type='drive' controller='%d'/>" % c
        if form == 'unit':
            return "<address type='drive' unit='%d'/>" % unit
        if form == 'controller-unit':
            return "<address type='drive' controller='%d' unit='%d'/>" % (c, unit)
        return "<address type='drive'/>"

    def ide_sata_fdc(self):
        kind = self.pick(['ide', 'sata', 'sata', 'fdc', 'mixed'])
        if kind in ('ide', 'mixed') and (self.kind == 'pc' or self.risky(0.5)):
            if self.chance(0.3):
                self.ctl("<controller type='ide' index='%d'/>" % (self.pick([0, 1]) if self.risky(1) else 0))
            for _ in range(self.pick([1, 2, 3, 4, 4, 5])):
                cd = self.chance(0.4)
                self.dev(disk(self.target('hd'), 'ide', self.drive_address([0, 1], p=0.35, controllers=[0, 0, 1]), cdrom=cd))
        if kind in ('sata', 'mixed') and (self.kind == 'q35' or self.risky(0.5)):
            used = set()
            declared = []
            for _ in range(self.pick([0, 0, 1, 2, 3])):
                idx = self.free_index(used, 0, 0.4)
                declared.append(idx)
                self.ctl("<controller type='sata' index='%d'>%s</controller>" % (idx, self.maybe_pci(0.2)))
            for _ in range(self.pick([1, 5, 6, 7, 8, 12, 13])):
                addr = ''
                if self.risky(0.4):
                    c = self.pick(declared + [0, max(declared + [0]) + 1])
                    unit = self.pick([0, 1, 4, 5, 6, 7])
                    addr = self.pick(["<address type='drive' controller='%d' bus='0' target='0' unit='%d'/>" % (c, unit),
                                      "<address type='drive' unit='%d'/>" % unit,
                                      "<address type='drive' controller='%d'/>" % c])
                self.dev(disk(self.target('sd'), 'sata', addr, cdrom=self.chance(0.3)))
        if kind in ('fdc', 'mixed') and self.kind in ('pc', 'q35'):
            if self.chance(0.2):
                self.ctl("<controller type='fdc' index='%d'/>" % (self.pick([0, 1]) if self.risky(1) else 0))
            for _ in range(self.pick([1, 2, 2, 3])):
                addr = "<address type='drive' controller='0' bus='0' target='0' unit='%d'/>" % self.pick([0, 1, 1, 2]) if self.risky(0.6) else ''
                self.dev("<disk type='file' device='floppy'><source file='/var/lib/edge/f%d.img'/><target dev='%s' bus='fdc'/>%s</disk>"
                         % (self.counter(), self.target('fd'), addr))

    def usb(self):
        if self.kind in ('pc', 'q35'):
            models = ['piix3-uhci', 'piix4-uhci', 'ehci', 'ich9-ehci1', 'nec-xhci', 'qemu-xhci', 'pci-ohci', 'vt82c686b-uhci', None]
        elif self.kind == 'ppc':
            models = ['pci-ohci', 'nec-xhci', 'qemu-xhci', None]
        elif self.kind == 's390':
            models = ['qemu-xhci', None]
        else:
            models = ['qemu-xhci', 'nec-xhci', None]
        declared = []
        count = self.pick([0, 1, 1, 2, 3])
        if count == 0 and self.kind in ('s390', 'arm', 'rv') and not self.risky(1):
            count = 1
        for _ in range(count):
            idx = self.free_index(self.usb_indexes, 0, 0.3)
            model = self.pick(models)
            ports = " ports='%d'" % self.pick([1, 2, 4, 8, 15, 16]) if model in ('nec-xhci', 'qemu-xhci') and self.chance(0.5) else ''
            attrs = " model='%s'" % model if model else ''
            self.ctl("<controller type='usb' index='%d'%s%s>%s</controller>" % (idx, attrs, ports, self.maybe_pci(0.15)))
            declared.append(idx)
            if model == 'ich9-ehci1' and self.chance(0.7):
                for comp in ('ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3'):
                    if self.chance(0.9):
                        self.ctl("<controller type='usb' index='%d' model='%s'><master startport='%d'/></controller>"
                                 % (idx, comp, {'ich9-uhci1': 0, 'ich9-uhci2': 2, 'ich9-uhci3': 4}[comp]))
        for _ in range(self.pick([0, 0, 1, 2, 3])):
            self.dev("<hub type='usb'>%s</hub>" % self.usb_address(declared))
        for _ in range(self.pick([2, 3, 4, 5, 7, 9, 12, 16])):
            what = self.pick(['tablet', 'mouse', 'keyboard', 'storage', 'hostdev', 'redir'])
            addr = self.usb_address(declared)
            if what in ('tablet', 'mouse', 'keyboard'):
                self.dev("<input type='%s' bus='usb'>%s</input>" % (what, addr))
            elif what == 'storage':
                self.dev(disk(self.target('sd'), 'usb', addr))
            elif what == 'hostdev':
                self.dev("<hostdev mode='subsystem' type='usb'><source><vendor id='0x%04x'/><product id='0x%04x'/></source>%s</hostdev>"
                         % (0x1000 + self.counter(), 0x2000 + self.nums, addr))
            else:
                self.dev("<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' service='%d'/>%s</redirdev>"
                         % (4000 + self.counter(), addr))

    def usb_address(self, declared):
        if not self.risky(0.3):
            return ''
        bus = self.pick(declared + [0, 0])
        port = self.pick(['1', '2', '3', '4', '5', '8', '15', '16', '1.1', '1.8', '2.3', '1.1.1', '1.9'])
        if self.chance(0.2):
            return "<address type='usb' bus='%d'/>" % bus
        return "<address type='usb' bus='%d' port='%s'/>" % (bus, port)

    def virtio_serial(self):
        declared = []
        for _ in range(self.pick([0, 1, 1, 2, 3])):
            idx = self.free_index(self.vser_indexes, 0, 0.4)
            ports = " ports='%d'" % self.pick([1, 2, 3, 4, 31, 32]) if self.chance(0.6) else ''
            vectors = " vectors='%d'" % self.pick([2, 4, 8]) if self.chance(0.3) else ''
            self.ctl("<controller type='virtio-serial' index='%d'%s%s>%s</controller>" % (idx, ports, vectors, self.maybe_pci(0.2)))
            declared.append(idx)
        for _ in range(self.pick([1, 2, 3, 4, 5, 8, 31, 33])):
            addr = ''
            if self.risky(0.35):
                c = self.pick(declared + [0, max(declared + [0]) + 1])
                port = self.pick([0, 1, 2, 3, 4, 30, 31, 32])
                addr = self.pick(["<address type='virtio-serial' controller='%d' bus='0' port='%d'/>" % (c, port),
                                  "<address type='virtio-serial' controller='%d'/>" % c,
                                  "<address type='virtio-serial' port='%d'/>" % port,
                                  "<address type='virtio-serial'/>"])
            if self.chance(0.2):
                self.dev("<console type='pty'><target type='virtio'/>%s</console>" % addr)
            else:
                self.dev("<channel type='unix'><source mode='bind'/><target type='virtio' name='org.edge.%d'/>%s</channel>"
                         % (self.counter(), addr))

    def chars(self):
        for _ in range(self.pick([1, 2, 3, 4, 5])):
            if self.kind in ('pc', 'q35'):
                t = self.pick(['isa-serial', 'isa-serial', 'pci-serial', 'usb-serial', None])
            elif self.kind == 'ppc':
                t = self.pick(['spapr-vio-serial', None, 'pci-serial'])
            elif self.kind == 's390':
                t = self.pick(['sclp-serial', None])
            else:
                t = self.pick(['system-serial', 'pci-serial', None])
            port = " port='%d'" % self.pick([0, 0, 1, 2, 3, 4]) if self.risky(0.8) else ''
            target = "<target type='%s'%s/>" % (t, port) if t else ("<target%s/>" % port if port else '')
            addr = ''
            if t == 'pci-serial':
                addr = self.maybe_pci(0.3)
            elif t == 'spapr-vio-serial' and self.risky(0.6):
                addr = "<address type='spapr-vio' reg='%s'/>" % hexa(0x30000000 + 0x1000 * self.r.randint(0, 2), 8)
            self.dev("<serial type='pty'>%s%s</serial>" % (target, addr))
        if self.kind in ('pc', 'q35'):
            for _ in range(self.pick([0, 0, 1, 2, 3, 4])):
                port = "<target port='%d'/>" % self.pick([0, 1, 2, 3]) if self.risky(0.8) else ''
                self.dev("<parallel type='pty'>%s</parallel>" % port)
        for _ in range(self.pick([0, 1, 1, 2])):
            if self.kind == 's390':
                t = self.pick(['sclp', 'sclplm', 'virtio', 'serial'])
            elif self.kind == 'ppc':
                t = self.pick(['serial', 'virtio'])
            else:
                t = self.pick(['serial', 'virtio', 'virtio', None])
            if t in ('serial', None) and not self.risky(1):
                t = 'virtio'
            self.dev("<console type='pty'>%s</console>" % ("<target type='%s'/>" % t if t else ''))

    def pci(self):
        if self.kind == 's390':
            return self.ccw()
        models = self.pci_models()
        for _ in range(self.pick([0, 1, 2, 3, 5])):
            idx = self.free_index(self.pci_indexes, 1, 0.3)
            model = self.pick(models)
            inner = ''
            if model in ('pci-expander-bus', 'pcie-expander-bus'):
                inner = "<target busNr='%d'>%s</target>" % (self.pick([254, 250, 200, 128, 30, 3]),
                                                               "<node>0</node>" if self.chance(0.3) else '')
            elif model == 'pcie-root-port' and self.chance(0.3):
                inner = "<target chassis='%d' port='%s'/>" % (idx + self.pick([0, 0, 20]), hexa(0x10 + idx))
            elif model == 'pci-bridge' and self.chance(0.3):
                inner = "<target chassisNr='%d'/>" % (idx + self.pick([0, 10]))
            elif model == 'pci-root':
                inner = "<model name='spapr-pci-host-bridge'/>" if self.chance(0.5) else ''
                if self.chance(0.6):
                    inner += "<target index='%d'/>" % (self.pick([1, 2, 5]) if self.risky(1) else idx)
            if model is None and not self.risky(1):
                model = models[0]
            attrs = " model='%s'" % model if model else ''
            addr = self.maybe_pci(0.2) if model != 'pci-root' else ''
            self.ctl("<controller type='pci' index='%d'%s>%s%s</controller>" % (idx, attrs, inner, addr))
        n = self.pick([4, 8, 16, 24, 29, 30, 31, 32, 40, 50])
        for i in range(n):
            if self.count() >= 58:
                break
            if self.chance(0.5):
                self.dev("<interface type='user'><mac address='%s'/><model type='%s'/>%s</interface>" % (
                    self.next_mac(), self.pick(self.nic_models()), self.maybe_pci(0.25)))
            else:
                self.dev(disk(self.target('vd'), 'virtio', self.maybe_pci(0.25)))
        if self.risky(0.8):
            slot = self.r.randint(2, 0x1f)
            for fn in sorted(self.r.sample(range(8), self.r.randint(2, 5))):
                mf = " multifunction='on'" if fn == 0 and self.chance(0.7) else ''
                self.dev(disk(self.target('vd'), 'virtio',
                              "<address type='pci' domain='0x0000' bus='0x00' slot='%s' function='%s'%s/>" % (hexa(slot), hexa(fn, 1), mf)))

    def pci_models(self):
        if self.kind == 'pc':
            return ['pci-bridge', 'pci-bridge', 'pci-expander-bus', None, 'pcie-root-port']
        if self.kind == 'q35':
            return ['pcie-root-port', 'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port',
                    'dmi-to-pci-bridge', 'pcie-to-pci-bridge', 'pci-bridge', 'pcie-expander-bus', None]
        if self.kind == 'ppc':
            return ['pci-root', 'pci-root', 'pci-bridge', None]
        return ['pcie-root-port', 'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port',
                'pcie-to-pci-bridge', 'pci-bridge', 'pcie-expander-bus', None]

    def ccw(self):
        for _ in range(self.pick([4, 8, 16, 30, 45])):
            if self.count() >= 58:
                break
            if self.chance(0.5):
                self.dev("<interface type='user'><mac address='%s'/><model type='virtio'/>%s</interface>" % (
                    self.next_mac(), self.maybe_ccw(0.25)))
            else:
                self.dev(disk(self.target('vd'), 'virtio', self.maybe_ccw(0.25)))

    def spapr_vio(self):
        if self.kind != 'ppc':
            return self.chars()
        for _ in range(self.pick([2, 3, 5, 8])):
            reg = "<address type='spapr-vio' reg='%s'/>" % hexa(self.pick([0x1000, 0x2000, 0x30000000, 0x71000000, 0x71001000]), 8) if self.risky(0.35) else ''
            what = self.pick(['vlan', 'vscsi', 'vty', 'nvram'])
            if what == 'vlan':
                self.dev("<interface type='user'><mac address='%s'/><model type='spapr-vlan'/>%s</interface>" % (self.next_mac(), reg))
            elif what == 'vscsi':
                self.ctl("<controller type='scsi' index='%d' model='ibmvscsi'>%s</controller>"
                         % (self.free_index(self.scsi_indexes, 0, 0.3), reg))
            elif what == 'vty':
                self.dev("<serial type='pty'><target type='spapr-vio-serial'/>%s</serial>" % reg)
            elif what == 'nvram' and not any('<nvram' in d for d in self.devices):
                self.dev("<nvram>%s</nvram>" % reg)

    def singles(self):
        if self.chance(0.5):
            self.dev("<memballoon model='%s'>%s</memballoon>" % (self.pick(['virtio', 'virtio', 'none']), self.maybe_pci(0.2)))
        if self.chance(0.3) and self.kind in ('pc', 'q35'):
            self.dev("<watchdog model='%s' action='reset'/>" % self.pick(['i6300esb', 'ib700']))
        if self.chance(0.2):
            self.dev("<vsock model='virtio'><cid auto='yes'/>%s</vsock>" % self.maybe_pci(0.3))
        if self.chance(0.3) and self.kind in ('pc', 'q35', 'arm'):
            self.graphics = True
            self.dev("<graphics type='vnc' autoport='yes'/>")


def letters(n):
    s = ''
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(ord('a') + rem) + s
    return s


def disk(name, bus, addr, cdrom=False):
    if cdrom:
        return "<disk type='file' device='cdrom'><target dev='%s' bus='%s'/><readonly/>%s</disk>" % (name, bus, addr)
    return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/var/lib/edge/%s.img'/><target dev='%s' bus='%s'/>%s</disk>" % (
        name, name, bus, addr)


PRESSURES = ['scsi', 'scsi', 'ide_sata_fdc', 'usb', 'usb', 'virtio_serial', 'chars', 'pci', 'pci', 'spapr_vio']


def build(seed, number):
    r = random.Random('edge-%d-%d' % (seed, number))
    total = sum(s for _, s in ARCH_SHARE)
    pick = r.randrange(total)
    for arch, share in ARCH_SHARE:
        if pick < share:
            break
        pick -= share
    machine = r.choice(machines(arch))
    d = Domain(r, arch, machine, number)
    chosen = r.sample(PRESSURES, r.randint(1, 4))
    for p in chosen:
        getattr(d, p)()
    d.singles()
    target = r.choice([6, 12, 20, 30, 45, 60])
    while d.count() < target:
        d.filler()
    while d.count() > 60 and d.devices:
        d.devices.pop(r.randrange(len(d.devices)))
    order = r.choice(['first', 'last', 'shuffled', 'reversed'])
    if order == 'first':
        lines = d.controllers + d.devices
    elif order == 'last':
        lines = d.devices + d.controllers
    elif order == 'reversed':
        lines = list(reversed(d.controllers)) + d.devices
    else:
        lines = d.controllers + d.devices
        r.shuffle(lines)
    name = '%s-e%d-%04d' % (PREFIX[arch], seed, number)
    uuid = 'e%d000000-0000-4e00-8000-%04d%08d' % (ARCH_DIGIT[arch], seed, number)
    if d.kind in ('pc', 'q35'):
        feats = "  <features><acpi/><apic/></features>\n"
    elif d.kind == 'arm':
        feats = "  <features><gic version='3'/></features>\n"
    else:
        feats = ''
    numa = ''
    if any('<node>' in l for l in lines) and r.random() < 0.7:
        numa = "  <cpu><numa><cell id='0' cpus='0' memory='1048576' unit='KiB'/></numa></cpu>\n"
    body = '\n'.join('    ' + l for l in lines)
    xml = ("<domain type='qemu'>\n  <name>%s</name>\n  <uuid>%s</uuid>\n  <memory unit='MiB'>1024</memory>\n"
           "  <vcpu>1</vcpu>\n  <os><type arch='%s' machine='%s'>hvm</type></os>\n%s%s  <devices>\n%s\n  </devices>\n</domain>\n"
           % (name, uuid, arch, machine, feats, numa, body))
    return arch, name, xml


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seed', type=int, default=5)
    ap.add_argument('--count', type=int, default=1100)
    ap.add_argument('--out', default='.')
    a = ap.parse_args()
    for n in range(a.count):
        arch, name, xml = build(a.seed, n)
        os.makedirs(os.path.join(a.out, arch), exist_ok=True)
        with open(os.path.join(a.out, arch, name + '.xml'), 'w') as f:
            f.write(xml)


if __name__ == '__main__':
    main()
