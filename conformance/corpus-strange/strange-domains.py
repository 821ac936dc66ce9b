#!/usr/bin/env python3
"""gen.py DIR SEED COUNT: 'stranger' libvirt domains, written independently of RandomDomains:
big (mostly 30-60 devices), many explicit controllers with out-of-order indexes, PCI controller
hierarchies, heavy partial user addresses (PCI, drive, USB ports, virtio-serial, ccw)."""
import os, random, sys

FAM = {
 'q35': ('x86_64', ['q35','pc-q35-7.2','pc-q35-6.2','pc-q35-5.2','pc-q35-4.2','pc-q35-3.1','pc-q35-2.12']),
 'pc': ('x86_64', ['pc','pc-i440fx-7.2','pc-i440fx-6.2','pc-i440fx-5.2','pc-i440fx-4.2','pc-i440fx-2.12']),
 'virt': ('aarch64', ['virt','virt-7.2','virt-6.2','virt-5.2']),
 'pseries': ('ppc64', ['pseries','pseries-7.2','pseries-6.2','pseries-5.2']),
 's390': ('s390x', ['s390-ccw-virtio','s390-ccw-virtio-7.2','s390-ccw-virtio-6.2']),
}
ORDER = ['q35','pc','q35','virt','pc','q35','pseries','s390','q35','pc']

class G:
    def __init__(s, fam, rnd, n, seed=0):
        s.fam, s.r, s.n, s.seed = fam, rnd, n, seed
        s.arch = FAM[fam][0]
        s.dev = []
        s.ctl = {}        # type -> set of indexes
        s.pci_used = set()
        s.names = set()
        s.drives = set()
        s.spice = False
        s.pcie = fam in ('q35', 'virt')
        s.x86 = fam in ('q35', 'pc')
        s.vserial = set()
        s.usbports = set()
        s.macs = 0
    def c(s, p): return s.r.random() < p
    def pick(s, *xs): return s.r.choice(xs)
    def idx(s, typ, lo=0, hi=5):
        used = s.ctl.setdefault(typ, set())
        for _ in range(20):
            i = s.r.randint(lo, hi)
            if i not in used:
                used.add(i); return i
        return None
    def pciaddr(s, bus=None):
        for _ in range(20):
            if bus is None:
                bus = 0 if s.c(0.7) else s.r.randint(1, 6)
            slot = s.r.randint(1 if bus == 0 else 0, 0x1f) if not (s.pcie and bus) else 0
            fn = 0 if s.c(0.85) else s.r.randint(1, 7)
            k = (bus, slot, fn)
            if k not in s.pci_used and not (s.x86 and bus == 0 and slot in (0, 1, 0x1f)):
                s.pci_used.add(k)
                mf = " multifunction='on'" if fn == 0 and s.c(0.1) else ''
                return f"<address type='pci' domain='0x0000' bus='0x{bus:02x}' slot='0x{slot:02x}' function='0x{fn:x}'{mf}/>"
            bus = None
        return ''
    def maybe_pci(s, p=0.25):
        if s.fam == 's390':
            if s.c(p):
                return f"<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x{s.r.randint(0,0xffff):04x}'/>"
            return ''
        return s.pciaddr() if s.c(p) else ''
    def disk(s):
        buses = {'q35': ['virtio']*4+['sata']*3+['scsi']*3+['usb'],
                 'pc': ['virtio']*4+['ide']*2+['scsi']*3+['usb', 'fdc'],
                 'virt': ['virtio']*4+['scsi']*3+['usb'],
                 'pseries': ['virtio']*3+['scsi']*4+['usb'],
                 's390': ['virtio']*5+['scsi']*2}[s.fam]
        bus = s.pick(*buses)
        prefix = {'virtio': 'vd', 'sata': 'sd', 'scsi': 'sd', 'usb': 'sd', 'ide': 'hd', 'fdc': 'fd'}[bus]
        for _ in range(30):
            n = s.r.randint(0, 40 if prefix in ('vd', 'sd') else (3 if prefix == 'hd' else 1))
            name = prefix + (chr(97 + n) if n < 26 else 'a' + chr(97 + n - 26))
            if name not in s.names:
                break
        else:
            return
        s.names.add(name)
        device = 'cdrom' if bus in ('sata', 'ide', 'scsi') and s.c(0.2) else ('floppy' if bus == 'fdc' else 'disk')
        a = ''
        if bus == 'virtio':
            a = s.maybe_pci(0.2)
        elif bus in ('sata', 'ide', 'scsi') and s.c(0.35):
            ctl = s.r.randint(0, 2) if bus != 'ide' else 0
            b = s.r.randint(0, 1) if bus == 'ide' else 0
            unit = s.r.randint(0, 7 if bus == 'scsi' else (1 if bus == 'ide' else 5))
            target = s.r.randint(0, 3) if bus == 'scsi' and s.c(0.3) else 0
            k = (bus, ctl, b, target, unit)
            if k not in s.drives:
                s.drives.add(k)
                parts = [f"controller='{ctl}'"] if s.c(0.9) else []
                parts += [f"bus='{b}'"] if s.c(0.8) else []
                parts += [f"target='{target}'"] if s.c(0.8) else []
                parts += [f"unit='{unit}'"]
                a = f"<address type='drive' {' '.join(parts)}/>"
        elif bus == 'usb' and s.c(0.2):
            p = s.r.randint(1, 4)
            if p not in s.usbports:
                s.usbports.add(p); a = f"<address type='usb' bus='0' port='{p}'/>"
        model = ''
        if bus == 'virtio' and s.c(0.1):
            model = " model='" + s.pick('virtio-transitional', 'virtio-non-transitional') + "'"
        ro = '<readonly/>' if device == 'cdrom' else ''
        src = f"<source file='/var/lib/img/{name}.img'/>" if device != 'cdrom' or s.c(0.5) else ''
        s.dev.append(f"<disk type='file' device='{device}'{model}><driver name='qemu' type='raw'/>{src}<target dev='{name}' bus='{bus}'/>{ro}{a}</disk>")
    def nic(s):
        models = {'q35': ['virtio']*5 + ['e1000e', 'e1000', 'rtl8139', 'virtio-transitional', 'vmxnet3', 'igb'],
                  'pc': ['virtio']*5 + ['e1000', 'rtl8139', 'ne2k_pci', 'pcnet', 'virtio-transitional', 'e1000e'],
                  'virt': ['virtio']*6 + ['e1000e', 'e1000', 'rtl8139'],
                  'pseries': ['virtio']*4 + ['spapr-vlan', 'e1000', 'rtl8139'],
                  's390': ['virtio']}[s.fam]
        m = s.pick(*models)
        s.macs += 1
        a = '' if m == 'spapr-vlan' else s.maybe_pci(0.25)
        if m == 'spapr-vlan' and s.c(0.3):
            a = f"<address type='spapr-vio' reg='0x{0x1000 + s.r.randint(1, 30) * 0x100:x}'/>"
        s.dev.append(f"<interface type='user'><mac address='52:54:00:{s.n % 256:02x}:{s.n // 256 % 256:02x}:{s.macs:02x}'/><model type='{m}'/>{a}</interface>")
    def controller(s):
        kinds = ['scsi']*3 + ['usb']*2 + ['virtio-serial']*2 + ['pci']*4 + (['sata'] if s.fam == 'q35' else [])
        if s.fam == 's390':
            kinds = ['scsi', 'virtio-serial', 'scsi']
        t = s.pick(*kinds)
        if t == 'scsi':
            i = s.idx('scsi', 0, 6)
            if i is None: return
            models = {'pseries': ['virtio-scsi', 'ibmvscsi', 'lsilogic'], 's390': ['virtio-scsi']}.get(
                s.fam, ['virtio-scsi', 'virtio-scsi', 'lsilogic', 'lsisas1068', 'virtio-transitional', 'lsisas1078' if s.x86 else 'virtio-scsi'])
            m = s.pick(*models) if s.c(0.85) else None
            a = s.maybe_pci(0.2) if m != 'ibmvscsi' else ''
            mm = f" model='{m}'" if m else ''
            s.dev.append(f"<controller type='scsi' index='{i}'{mm}>{a}</controller>")
        elif t == 'usb':
            i = s.idx('usb', 0, 3)
            if i is None: return
            models = {'q35': ['qemu-xhci', 'nec-xhci', 'ich9-ehci1', 'piix3-uhci', None],
                      'pc': ['piix3-uhci', 'qemu-xhci', 'ich9-ehci1', 'ehci', None],
                      'virt': ['qemu-xhci', 'nec-xhci', None],
                      'pseries': ['pci-ohci', 'qemu-xhci', 'nec-xhci', None]}[s.fam]
            m = s.pick(*models)
            if m == 'ich9-ehci1':
                a = s.maybe_pci(0.3)
                s.dev.append(f"<controller type='usb' index='{i}' model='ich9-ehci1'>{a}</controller>")
                for k in (1, 2, 3):
                    if s.c(0.8):
                        s.dev.append(f"<controller type='usb' index='{i}' model='ich9-uhci{k}'><master startport='{2*(k-1)}'/></controller>")
                return
            mm = f" model='{m}'" if m else ''
            ports = f" ports='{s.r.randint(4, 15)}'" if m in ('qemu-xhci', 'nec-xhci') and s.c(0.3) else ''
            s.dev.append(f"<controller type='usb' index='{i}'{mm}{ports}>{s.maybe_pci(0.2)}</controller>")
        elif t == 'virtio-serial':
            i = s.idx('virtio-serial', 0, 3)
            if i is None: return
            ports = f" ports='{s.r.randint(2, 31)}'" if s.c(0.4) else ''
            vec = f" vectors='{s.r.randint(2, 8)}'" if s.c(0.2) else ''
            s.dev.append(f"<controller type='virtio-serial' index='{i}'{ports}{vec}>{s.maybe_pci(0.2)}</controller>")
        elif t == 'sata':
            i = s.idx('sata', 1, 3)
            if i is None: return
            s.dev.append(f"<controller type='sata' index='{i}'>{s.maybe_pci(0.3)}</controller>")
        elif t == 'pci':
            s.pcictl()
    def pcictl(s):
        models = {'q35': ['pcie-root-port']*5 + ['pcie-to-pci-bridge', 'dmi-to-pci-bridge', 'pci-bridge', 'pcie-switch-upstream-port', 'pcie-expander-bus'],
                  'pc': ['pci-bridge']*4 + ['pci-expander-bus'],
                  'virt': ['pcie-root-port']*5 + ['pcie-to-pci-bridge', 'pcie-switch-upstream-port'],
                  'pseries': ['pci-root']*2 + ['pci-bridge']}[s.fam]
        m = s.pick(*models)
        i = s.idx('pci', 1, 12)
        if i is None: return
        extra = ''
        if m == 'pcie-root-port' and s.c(0.3):
            extra = f"<target chassis='{s.r.randint(1, 40)}' port='0x{s.r.randint(8, 0x30):x}'/>"
        if m == 'pci-root':
            extra = f"<model name='spapr-pci-host-bridge'/><target index='{s.r.randint(1, 6)}'/>" if s.c(0.5) else ''
        if m in ('pci-expander-bus', 'pcie-expander-bus'):
            extra = f"<target busNr='{s.r.choice([100, 180, 200, 220])}'/>"
        a = s.pciaddr(0) if m in ('pcie-root-port',) and s.c(0.3) else ''
        s.dev.append(f"<controller type='pci' index='{i}' model='{m}'>{extra}{a}</controller>")
        if m == 'pcie-switch-upstream-port':
            for _ in range(s.r.randint(0, 3)):
                j = s.idx('pci', 1, 16)
                if j is not None:
                    s.dev.append(f"<controller type='pci' index='{j}' model='pcie-switch-downstream-port'/>")
    def misc(s):
        f = s.fam
        choices = ['input', 'serial', 'channel', 'rng', 'video', 'sound', 'hostdev', 'watchdog', 'usbdev', 'fs', 'console']
        if f == 's390':
            choices = ['input', 'channel', 'rng', 'serial', 'console', 'fs', 'hostdev']
        k = s.pick(*choices)
        a = s.maybe_pci(0.2)
        if k == 'input':
            t = s.pick('tablet', 'mouse', 'keyboard')
            bus = 'virtio' if f == 's390' else s.pick('usb', 'virtio', 'usb', *(['ps2'] if s.x86 else []))
            if bus == 'ps2' and t == 'tablet': bus = 'usb'
            s.dev.append(f"<input type='{t}' bus='{bus}'>{a if bus == 'virtio' else ''}</input>")
        elif k == 'serial':
            tt = {'q35': ['isa-serial', 'pci-serial', 'usb-serial', None], 'pc': ['isa-serial', 'pci-serial', 'usb-serial', None],
                  'virt': ['system-serial', 'pci-serial', None], 'pseries': ['spapr-vio-serial', None], 's390': ['sclp-serial', None]}[f]
            t = s.pick(*tt)
            tgt = f"<target type='{t}'/>" if t else ''
            s.dev.append(f"<serial type='pty'>{tgt}</serial>")
        elif k == 'console':
            t = s.pick('virtio', 'serial') if f != 's390' else s.pick('virtio', 'sclp')
            s.dev.append(f"<console type='pty'><target type='{t}'/></console>")
        elif k == 'channel':
            va = ''
            if s.c(0.3):
                ctl, port = s.r.randint(0, 1), s.r.randint(1, 5)
                if (ctl, port) not in s.vserial:
                    s.vserial.add((ctl, port)); va = f"<address type='virtio-serial' controller='{ctl}' bus='0' port='{port}'/>"
            nm = s.pick('org.qemu.guest_agent.0', 'org.example.a', 'org.example.b', 'com.redhat.spice.0')
            if nm == 'com.redhat.spice.0':
                s.spice = True
                s.dev.append(f"<channel type='spicevmc'><target type='virtio' name='{nm}'/>{va}</channel>")
            else:
                s.dev.append(f"<channel type='unix'><source mode='bind'/><target type='virtio' name='{nm}'/>{va}</channel>")
        elif k == 'rng':
            s.dev.append(f"<rng model='virtio'><backend model='random'>/dev/urandom</backend>{a}</rng>")
        elif k == 'video':
            m = {'q35': ['qxl', 'virtio', 'vga', 'bochs', 'cirrus', 'ramfb'], 'pc': ['qxl', 'virtio', 'vga', 'cirrus', 'bochs'],
                 'virt': ['virtio', 'ramfb'], 'pseries': ['vga', 'virtio']}[f]
            s.dev.append(f"<video><model type='{s.pick(*m)}'/>{a}</video>")
        elif k == 'sound':
            if f in ('q35', 'pc'):
                m = s.pick('ich9', 'ich6', 'ac97', 'es1370', 'usb', 'sb16')
                s.dev.append(f"<sound model='{m}'>{a if m not in ('usb', 'sb16') else ''}</sound>")
        elif k == 'hostdev':
            if f == 's390':
                return
            b = s.r.randint(1, 0x7f)
            s.dev.append(f"<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x{b:02x}' slot='0x00' function='0x0'/></source>{a}</hostdev>")
        elif k == 'watchdog':
            m = {'q35': ['i6300esb', 'ib700'], 'pc': ['i6300esb', 'ib700'], 'virt': ['i6300esb'], 'pseries': ['i6300esb']}[f]
            if 'wd' not in s.names:
                s.names.add('wd'); mm = s.pick(*m)
                s.dev.append(f"<watchdog model='{mm}' action='reset'>{a if mm == 'i6300esb' else ''}</watchdog>")
        elif k == 'usbdev':
            s.dev.append(f"<hostdev mode='subsystem' type='usb' managed='yes'><source><vendor id='0x{s.r.randint(1, 0xfff):04x}'/><product id='0x{s.r.randint(1, 0xfff):04x}'/></source></hostdev>")
        elif k == 'fs':
            s.dev.append(f"<filesystem type='mount' accessmode='mapped'><source dir='/srv/share{len(s.dev)}'/><target dir='share{len(s.dev)}'/>{a}</filesystem>")
    def domain(s):
        size = s.r.randint(30, 60) if s.c(0.75) else s.r.randint(3, 30)
        weights = [(s.disk, 5), (s.nic, 4), (s.controller, 4), (s.misc, 5)]
        fns = [f for f, w in weights for _ in range(w)]
        guard = 0
        while len(s.dev) < size and guard < 500:
            guard += 1
            s.r.choice(fns)()
        if s.c(0.3): s.dev.append(f"<memballoon model='{s.pick('virtio', 'none')}'/>")
        graphics = ''
        if s.spice or (s.fam in ('q35', 'pc') and s.c(0.3)):
            graphics = "<graphics type='spice' autoport='yes'/>"
        machine = s.r.choice(FAM[s.fam][1])
        name = f"{s.fam}-{s.seed}-{s.n:04d}"
        feats = "<features><acpi/></features>" if s.fam in ('q35', 'pc') or (s.fam == 'virt' and s.c(0.05)) else ''
        uuid = f"5{s.n:07x}-0000-4e00-8000-00000000{s.n:04x}"
        body = '\n    '.join(s.dev + ([graphics] if graphics else []))
        return f"""<domain type='qemu'>
  <name>{name}</name>
  <uuid>{uuid}</uuid>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <os><type arch='{s.arch}' machine='{machine}'>hvm</type></os>
  {feats}
  <devices>
    {body}
  </devices>
</domain>
""", name

def main():
    out, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for n in range(1, count + 1):
        fam = ORDER[(n - 1) % len(ORDER)]
        g = G(fam, random.Random(seed * 100003 + n), n, seed)
        xml, name = g.domain()
        d = os.path.join(out, FAM[fam][0]); os.makedirs(d, exist_ok=True)
        open(os.path.join(d, name + '.xml'), 'w').write(xml)
main()
