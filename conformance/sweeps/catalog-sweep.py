#!/usr/bin/env python3
"""catalog-sweep.py OUTDIR: one small domain per device-catalog row per architecture and machine.

Record OUTDIR/ARCH with ../corpus/record.sh and check it with LibvirtConformanceTest#heldOut
(-Dconformance.heldOut=OUTDIR); see README.md here.
"""
import os, re, sys
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
CATALOGS = {
  'x86_64': 'machines-x86/src/main/resources/dev/backplane/machines/x86/x86_64-catalog.tsv',
  'aarch64': 'machines-arm/src/main/resources/dev/backplane/machines/arm/armv7l-catalog.tsv',
  'ppc64': 'machines-ppc/src/main/resources/dev/backplane/machines/ppc/ppc64-catalog.tsv',
  'riscv64': 'machines-riscv/src/main/resources/dev/backplane/machines/riscv/riscv64-catalog.tsv',
  's390x': 'machines-s390/src/main/resources/dev/backplane/machines/s390/s390x-catalog.tsv',
}
MACHINES = {'x86_64': ['pc', 'q35'], 'aarch64': ['virt'], 'ppc64': ['pseries'], 'riscv64': ['virt'],
            's390x': ['s390-ccw-virtio']}
EXTRA = {'*': 'foo-model', 'usb/*': 'foo', 'scsi/*': 'foo'}
def snippet(kind, key):
  mac = "<mac address='52:54:00:00:00:01'/>"
  if '*' in key: return None
  if kind == 'controller':
    t, _, m = key.partition('/')
    if t == 'pci' and m in ('pci-root', 'pcie-root'): return None
    return f"<controller type='{t}' index='{1 if t=='pci' else 0}'" + (f" model='{m}'" if m else '') + "/>" if t != 'pci' or True else None
  if kind == 'disk':
    bus, dev = key.split('/')
    names = {'virtio': 'vda', 'sata': 'sda', 'ide': 'hda', 'scsi': 'sda', 'fdc': 'fda', 'usb': 'sda'}
    src = "" if dev in ('cdrom', 'floppy') else "<source file='/tmp/d.img'/>"
    if dev == 'lun': return f"<disk type='block' device='lun'><source dev='/dev/sdz'/><target dev='sda' bus='scsi'/></disk>"
    return f"<disk type='file' device='{dev}'>{src}<target dev='{names[bus]}' bus='{bus}'/></disk>"
  if kind == 'interface':
    m = '' if key == '-' else f"<model type='{key}'/>"
    return f"<interface type='user'>{mac}{m}</interface>"
  if kind == 'input':
    bus, t = key.split('/')
    if t == 'passthrough': return f"<input type='passthrough' bus='{bus}'><source evdev='/dev/input/event1'/></input>"
    return f"<input type='{t}' bus='{bus}'/>"
  if kind == 'video':
    return f"<video><model type='{key}'/></video>"
  if kind in ('sound', 'watchdog', 'panic', 'iommu'):
    return f"<{kind} model='{key}'/>"
  if kind == 'memballoon':
    return "<memballoon/>" if key == '-' else f"<memballoon model='{key}'/>"
  if kind == 'rng':
    return f"<rng model='{key}'><backend model='random'>/dev/urandom</backend></rng>"
  if kind == 'serial':
    return f"<serial type='pty'><target type='{key}'/></serial>"
  if kind == 'console':
    return f"<console type='pty'><target type='{key}'/></console>"
  if kind == 'channel':
    return "<channel type='pty'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
  if kind == 'parallel':
    return "<parallel type='pty'/>"
  if kind == 'shmem':
    m = '' if key == '-' else f"<model type='{key}'/>"
    srv = "<server path='/tmp/s'/>" if key == 'ivshmem-doorbell' else ''
    return f"<shmem name='s1'>{m}{srv}</shmem>"
  if kind == 'filesystem':
    m = '' if key == '-' else f" model='{key}'"
    return f"<filesystem type='mount'{m}><source dir='/tmp'/><target dir='t'/></filesystem>"
  if kind == 'vsock':
    return f"<vsock model='{key}'><cid auto='yes'/></vsock>"
  if kind == 'tpm':
    return f"<tpm model='{key}'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>"
  if kind == 'nvram': return "<nvram/>"
  if kind == 'crypto':
    return f"<crypto model='{key}' type='qemu'><backend model='builtin' queues='1'/></crypto>"
  if kind == 'hub': return "<hub type='usb'/>"
  if kind == 'redirdev': return "<redirdev bus='usb' type='spicevmc'/><graphics type='spice'/>"
  if kind == 'smartcard':
    if key == 'passthrough': return "<smartcard mode='passthrough' type='spicevmc'/><graphics type='spice'/>"
    if key == 'host': return "<smartcard mode='host'/>"
    return "<smartcard mode='host-certificates'><certificate>a</certificate><certificate>b</certificate><certificate>c</certificate></smartcard>"
  if kind == 'hostdev':
    if key == 'pci': return "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></hostdev>"
    if key == 'usb': return "<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev>"
    if key == 'scsi': return "<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' unit='0'/></source></hostdev>"
    if key.startswith('mdev/'): return f"<hostdev mode='subsystem' type='mdev' model='{key[5:]}'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>"
    return None
  if kind == 'memory':
    if key in ('dimm', 'nvdimm'):
      extra = "<source><path>/tmp/nv</path></source>" if key == 'nvdimm' else ''
      lbl = "<label><size unit='KiB'>128</size></label>" if key == 'nvdimm' else ''
      return f"<memory model='{key}'>{extra}<target><size unit='MiB'>128</size><node>0</node>{lbl}</target></memory>"
    if key == 'virtio-pmem': return "<memory model='virtio-pmem' access='shared'><source><path>/tmp/pm</path></source><target><size unit='MiB'>128</size></target></memory>"
    if key == 'virtio-mem': return "<memory model='virtio-mem'><target><size unit='MiB'>128</size><node>0</node><block unit='MiB'>2</block><requested unit='MiB'>0</requested></target></memory>"
  return None
HEAD = """<domain type='qemu'>
  <name>{name}</name>
  <uuid>8{n:07d}-0000-4000-8000-000000000000</uuid>
  <memory unit='MiB'>1024</memory>
  <maxMemory slots='4' unit='MiB'>4096</maxMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='{arch}' machine='{machine}'>hvm</type>
  </os>
  <cpu><numa><cell id='0' cpus='0' memory='1024' unit='MiB'/></numa></cpu>
  <devices>
    {dev}
  </devices>
</domain>
"""
def rows(path):
  out, base = [], None
  for line in open(os.path.join(ROOT, path)):
    line = line.rstrip('\n')
    if not line or line.startswith('#'): continue
    f = line.split('\t')
    if f[0] in ('format', 'qemuBinary', 'inputBus', 'extends'): continue
    out.append((f[0], f[1]))
  return out
out = sys.argv[1]; n = 0
for arch, path in CATALOGS.items():
  os.makedirs(os.path.join(out, arch), exist_ok=True)
  for m in MACHINES[arch]:
    for kind, key in rows(path):
      dev = snippet(kind, key)
      if dev is None: continue
      n += 1
      name = f"sweep-{m}-{kind}-{re.sub('[^a-zA-Z0-9]+', '-', key).strip('-') or 'none'}"
      with open(os.path.join(out, arch, name + '.xml'), 'w') as f:
        f.write(HEAD.format(name=name, n=n, arch=arch, machine=m, dev=dev))
print(n)
