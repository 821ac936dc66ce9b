#!/usr/bin/env python3
"""Writes corpus-address-types: every device kind with every address type, on seven machines.

Each case is one device (or a device and the controller it needs) carrying one address, so
libvirt 9.0's rules on which address types a device takes show one by one: the types a device
refuses, the ones it replaces (hubs, virtio channels) and the ones it reinterprets (spapr-vio
devices read another address's numbers as a reg). Usage: gen-address-types.py DIR (writes
DIR/ARCH/NAME.xml); record with ../corpus/record.sh-style virsh define/dumpxml/undefine.
"""
import itertools, os, sys

devs = {
 'disk-virtio': "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda' bus='virtio'/>{A}</disk>",
 'disk-sata': "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='sata'/>{A}</disk>",
 'disk-scsi': "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='scsi'/>{A}</disk>",
 'disk-usb': "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='usb'/>{A}</disk>",
 'cdrom-ide': "<disk type='file' device='cdrom'><target dev='hda' bus='ide'/>{A}</disk>",
 'nic-virtio': "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/>{A}</interface>",
 'nic-e1000': "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='e1000'/>{A}</interface>",
 'ctl-usb': "<controller type='usb' index='0' model='qemu-xhci'>{A}</controller>",
 'ctl-scsi': "<controller type='scsi' index='0' model='virtio-scsi'>{A}</controller>",
 'ctl-vserial': "<controller type='virtio-serial' index='0'>{A}</controller>",
 'serial-isa': "<serial type='pty'><target type='isa-serial' port='0'/>{A}</serial>",
 'serial-pci': "<serial type='pty'><target type='pci-serial' port='0'/>{A}</serial>",
 'serial-usb': "<serial type='pty'><target type='usb-serial' port='0'/>{A}</serial>",
 'channel-virtio': "<channel type='pty'><target type='virtio' name='org.a.b'/>{A}</channel>",
 'console-virtio': "<console type='pty'><target type='virtio' port='0'/>{A}</console>",
 'input-usb': "<input type='tablet' bus='usb'>{A}</input>",
 'input-virtio': "<input type='keyboard' bus='virtio'>{A}</input>",
 'sound-ich9': "<sound model='ich9'>{A}</sound>",
 'sound-usb': "<sound model='usb'>{A}</sound>",
 'video-virtio': "<video><model type='virtio' heads='1' primary='yes'/>{A}</video>",
 'rng-virtio': "<rng model='virtio'><backend model='random'>/dev/urandom</backend>{A}</rng>",
 'balloon': "<memballoon model='virtio'>{A}</memballoon>",
 'watchdog-i6300': "<watchdog model='i6300esb'>{A}</watchdog>",
 'redirdev': "<redirdev bus='usb' type='pty'>{A}</redirdev>",
 'smartcard': "<smartcard mode='passthrough' type='pty'>{A}</smartcard>",
 'hub': "<hub type='usb'>{A}</hub>",
 'vsock': "<vsock model='virtio'><cid auto='yes'/>{A}</vsock>",
 'fs-9p': "<filesystem type='mount' accessmode='passthrough'><source dir='/tmp'/><target dir='t'/>{A}</filesystem>",
 'shmem': "<shmem name='s1'><model type='ivshmem-plain'/><size unit='M'>4</size>{A}</shmem>",
 'panic-isa': "<panic model='isa'>{A}</panic>",
 'hostdev-pci': "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0' bus='1' slot='0' function='0'/></source>{A}</hostdev>",
 'tpm-crb': "<tpm model='tpm-crb'><backend type='passthrough'><device path='/dev/tpm0'/></backend>{A}</tpm>",
 'iommu': "<iommu model='intel'>{A}</iommu>",
 'crypto': "",
}
addrs = {
 'pci': "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>",
 'drive': "<address type='drive' controller='0' bus='0' target='0' unit='1'/>",
 'usb': "<address type='usb' bus='0' port='3'/>",
 'vserial': "<address type='virtio-serial' controller='0' bus='0' port='2'/>",
 'ccid': "<address type='ccid' controller='0' slot='0'/>",
 'isa': "<address type='isa' iobase='0x300' irq='5'/>",
 'spapr': "<address type='spapr-vio' reg='0x30000000'/>",
 'mmio': "<address type='virtio-mmio'/>",
 'unassigned': "<address type='unassigned'/>",
 'dimm': "<address type='dimm' slot='0'/>",
}
addrs_b = {
 'pci': "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>",
 'drive': "<address type='drive' controller='0' bus='0' target='0' unit='1'/>",
 'usb': "<address type='usb' bus='0' port='3'/>",
 'isa': "<address type='isa' iobase='0x300' irq='5'/>",
 'spapr': "<address type='spapr-vio' reg='0x30000000'/>",
 'unassigned': "<address type='unassigned'/>",
 'ccw': "<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0003'/>",
}

# third pass: controllers and devices that only some machines have, on four machines
devs_c = {
 'ctl-sata': "<controller type='sata' index='1'>{A}</controller>",
 'ctl-ide': "<controller type='ide' index='0'>{A}</controller>",
 'ctl-fdc': "<controller type='fdc' index='0'>{A}</controller>",
 'ctl-ccid': "<controller type='ccid' index='0'>{A}</controller>",
 'ctl-rootport': "<controller type='pci' index='1' model='pcie-root-port'>{A}</controller>",
 'ctl-pcibridge': "<controller type='pci' index='1' model='pci-bridge'>{A}</controller>",
 'ctl-lsi': "<controller type='scsi' index='0' model='lsilogic'>{A}</controller>",
 'ctl-ehci': "<controller type='usb' index='0' model='ich9-ehci1'>{A}</controller>",
 'ctl-piix3': "<controller type='usb' index='0' model='piix3-uhci'>{A}</controller>",
 'ctl-nec': "<controller type='usb' index='0' model='nec-xhci'>{A}</controller>",
 'ifc-hostdev': "<interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:02'/><source><address type='pci' domain='0' bus='2' slot='0' function='0'/></source>{A}</interface>",
 'watchdog-ib700': "<watchdog model='ib700'>{A}</watchdog>",
 'watchdog-diag288': "<watchdog model='diag288'>{A}</watchdog>",
 'panic-pseries': "<panic model='pseries'>{A}</panic>",
 'panic-s390': "<panic model='s390'>{A}</panic>",
 'panic-hyperv': "<panic model='hyperv'>{A}</panic>",
 'nvram': "<nvram>{A}</nvram>",
 'tpm-spapr': "<tpm model='tpm-spapr'><backend type='passthrough'><device path='/dev/tpm0'/></backend>{A}</tpm>",
 'tpm-tis': "<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend>{A}</tpm>",
 'input-passthrough': "<input type='passthrough' bus='virtio'><source evdev='/dev/input/event1'/>{A}</input>",
 'sound-ac97': "<sound model='ac97'>{A}</sound>",
 'video-vga': "<video><model type='vga'/>{A}</video>",
 'video-cirrus': "<video><model type='cirrus'/>{A}</video>",
 'disk-virtio-cdrom': "<disk type='file' device='cdrom'><target dev='vdb' bus='virtio'/>{A}</disk>",
 'disk-fdc': "<disk type='file' device='floppy'><target dev='fda' bus='fdc'/>{A}</disk>",
 'disk-sd': "<disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='sda' bus='sd'/>{A}</disk>",
 'nic-spapr': "<interface type='user'><mac address='52:54:00:00:00:03'/><model type='spapr-vlan'/>{A}</interface>",
 'nic-rtl': "<interface type='user'><mac address='52:54:00:00:00:04'/><model type='rtl8139'/>{A}</interface>",
 'ctl-vscsi': "<controller type='scsi' index='0' model='ibmvscsi'>{A}</controller>",
 'hostdev-scsi-host': "<hostdev mode='subsystem' type='scsi_host'><source protocol='vhost' wwpn='naa.5123456789abcde0'/>{A}</hostdev>",
 'parallel': "<parallel type='pty'><target port='0'/>{A}</parallel>",
 'smartcard-host': "<smartcard mode='host'>{A}</smartcard>",
 'channel-spicevmc': "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/>{A}</channel><graphics type='spice'/>",
 'memballoon-none': "<memballoon model='none'>{A}</memballoon>",
 'console-sclp': "<console type='pty'><target type='sclp'/>{A}</console>",
 'console-serial': "<serial type='pty'/><console type='pty'><target type='serial'/>{A}</console>",
}
addrs_c = {
 'pci': "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>",
 'drive': "<address type='drive' controller='0' bus='0' target='0' unit='1'/>",
 'usb': "<address type='usb' bus='0' port='3'/>",
 'vserial': "<address type='virtio-serial' controller='0' bus='0' port='2'/>",
 'isa': "<address type='isa' iobase='0x300' irq='5'/>",
 'spapr': "<address type='spapr-vio' reg='0x30000000'/>",
 'unassigned': "<address type='unassigned'/>",
 'ccw': "<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0003'/>",
 'ccid': "<address type='ccid' controller='0' slot='0'/>",
}

PASSES = [
    (addrs, {'q35': ('x86_64', 'pc-q35-7.2'), 'virt': ('aarch64', 'virt-7.2')}),
    (addrs_b, {'pseries': ('ppc64', 'pseries-7.2'), 's390': ('s390x', 's390-ccw-virtio-7.2'),
               'pc': ('x86_64', 'pc-i440fx-7.2')}),
]
PASS_C = (devs_c, addrs_c, {'q35': ('x86_64', 'pc-q35-7.2'), 'pseries': ('ppc64', 'pseries-7.2'),
                            's390': ('s390x', 's390-ccw-virtio-7.2'), 'virt': ('aarch64', 'virt-7.2')})

SERIAL = "<serial type='pty'><target type='isa-serial' port='0'/>"
# pseries: spapr-vio devices with addresses of other types, read as reg = first + second * 2^32
VIO = {
    'vv-usb12': SERIAL + "<address type='usb' bus='0' port='1.2'/></serial>",
    'vv-usb05': SERIAL + "<address type='usb' bus='5' port='3.1'/></serial>",
    'vv-drive-t1': SERIAL + "<address type='drive' controller='3' bus='0' target='1' unit='0'/></serial>",
    'vv-drive-b1': SERIAL + "<address type='drive' controller='0' bus='1' target='2' unit='0'/></serial>",
    'vv-ccw-d100': SERIAL + "<address type='ccw' cssid='0xfe' ssid='0x1' devno='0x0100'/></serial>",
    'vv-nic-drive': "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='spapr-vlan'/>"
                    "<address type='drive' controller='7' bus='0' target='1' unit='0'/></interface>",
    'vv-nvram-usb': "<nvram><address type='usb' bus='9' port='2.3'/></nvram>",
    'vv-scsi-isa': "<controller type='scsi' index='0' model='ibmvscsi'><address type='isa' iobase='0x300'/></controller>",
    'vv-vserial': "<controller type='virtio-serial' index='0'/>" + SERIAL
                  + "<address type='virtio-serial' controller='0' bus='4' port='1'/></serial>",
}


def write(root, name, arch, machine, devices):
    os.makedirs(os.path.join(root, arch), exist_ok=True)
    with open(os.path.join(root, arch, name + '.xml'), 'w') as f:
        f.write(f"<domain type='qemu'><name>{name}</name><memory unit='MiB'>512</memory>"
                f"<os><type arch='{arch}' machine='{machine}'>hvm</type></os>"
                f"<devices>{devices}</devices></domain>\n")


def main(root):
    for address_set, machines in PASSES:
        for (dn, d), (an, a), (mn, (arch, m)) in itertools.product(
                devs.items(), address_set.items(), machines.items()):
            if d:
                write(root, f"{mn}-{dn}-{an}", arch, m, d.replace('{A}', a))
    devices_c, addresses_c, machines_c = PASS_C
    for (dn, d), (an, a), (mn, (arch, m)) in itertools.product(
            devices_c.items(), addresses_c.items(), machines_c.items()):
        write(root, f"{mn}-{dn}-{an}", arch, m, d.replace('{A}', a))
    for name, devices in VIO.items():
        write(root, name, 'ppc64', 'pseries-7.2', devices)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '.')
