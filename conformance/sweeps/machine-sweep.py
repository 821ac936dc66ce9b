#!/usr/bin/env python3
"""machine-sweep.py OUTDIR: four device mixes on every machine type of every QEMU binary
(qemu-system-* -machine help). Record and check as catalog-sweep.py; see README.md here.
"""
import os, subprocess, sys
ARCH_BIN = {'x86_64': 'x86_64', 'i686': 'i386', 'aarch64': 'aarch64', 'armv7l': 'arm',
            'ppc64': 'ppc64', 'ppc64le': 'ppc64', 's390x': 's390x', 'riscv64': 'riscv64'}
MIXES = {
 'empty': "",
 'basic': """<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda' bus='virtio'/></disk>
    <interface type='user'><mac address='52:54:00:00:00:01'/></interface>
    <serial type='pty'/><console type='pty'/>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <input type='tablet' bus='usb'/>
    <video/>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>""",
 'storage': """<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='scsi'/></disk>
    <disk type='file' device='cdrom'><target dev='sdb' bus='sata'/></disk>
    <disk type='file' device='disk'><source file='/tmp/b.img'/><target dev='hda' bus='ide'/></disk>
    <controller type='scsi' model='virtio-scsi'/>
    <interface type='user'><mac address='52:54:00:00:00:02'/><model type='virtio'/></interface>
    <interface type='user'><mac address='52:54:00:00:00:03'/><model type='e1000'/></interface>
    <controller type='usb' model='qemu-xhci'/>
    <sound model='ich6'/>
    <watchdog model='i6300esb'/>
    <memballoon model='virtio'/>""",
 'bridges': """<controller type='pci' model='pci-bridge'/>
    <controller type='pci' model='pcie-root-port'/>
    <disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/tmp/b.img'/><target dev='vdb' bus='virtio'/></disk>
    <controller type='virtio-serial'/>
    <input type='keyboard' bus='virtio'/>
    <video><model type='virtio'/></video>
    <filesystem type='mount'><source dir='/tmp'/><target dir='t'/></filesystem>""",
}
HEAD = """<domain type='qemu'>
  <name>{name}</name>
  <uuid>7{n:07d}-0000-4000-8000-000000000000</uuid>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='{arch}' machine='{machine}'>hvm</type>
  </os>
  <devices>
    {dev}
  </devices>
</domain>
"""
out = sys.argv[1]; n = 0
for arch, b in ARCH_BIN.items():
  machines = [l.split()[0] for l in subprocess.run([f'qemu-system-{b}', '-machine', 'help'],
      capture_output=True, text=True).stdout.splitlines()[1:] if l.strip()]
  os.makedirs(os.path.join(out, arch), exist_ok=True)
  for m in machines:
    if m == 'none': continue
    for mix, dev in MIXES.items():
      n += 1
      name = f"mt-{m}-{mix}"
      open(os.path.join(out, arch, name + '.xml'), 'w').write(
          HEAD.format(name=name, n=n, arch=arch, machine=m, dev=dev))
print(n)
