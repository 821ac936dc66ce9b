#!/usr/bin/env python3
"""Domains as a manager writes them back after an edit: libvirt's own answer for an accepted
case of this corpus (ARCH/NAME.libvirt.xml, every address and added controller written), then
some devices removed, some addresses dropped, some added controllers removed, and new devices
without addresses appended, as `virsh edit` or a management tool would.

    python3 useraddr-writeback.py --from-seed 6 --count 400 --out .
    python3 useraddr-writeback.py --from-seed 6 --count 416 --other-machine --out .

With --other-machine the domain also moves to another version of its machine type, the newest or
the oldest one QEMU 7.2 has (PREFIX-mS-NNNN), as a manager does when it upgrades a guest.

Case n depends on the recordings and n alone: the n-th accepted PREFIX-uS-NNNN case in name
order (all architectures) becomes PREFIX-wS-NNNN; uuid with a leading 'b' instead of 'f'.
"""
import argparse
import glob
import os
import random
import xml.etree.ElementTree as ET

# devices a manager appends without an address, per architecture family
NEW_DEVICES = {
    "pci": [
        "<interface type='user'><mac address='52:54:00:7{a}:{n:02x}:{m:02x}'/><model type='virtio'/></interface>",
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='/var/lib/useraddr/new{n}.img'/><target dev='vdz{c}' bus='virtio'/></disk>",
        "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
        "<controller type='scsi' model='virtio-scsi'/>",
        "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='/var/lib/useraddr/new{n}s.img'/><target dev='sdz{c}' bus='scsi'/></disk>",
        "<input type='tablet' bus='usb'/>",
        "<channel type='pty'><target type='virtio' name='org.useraddr.new{n}'/></channel>",
        "<controller type='virtio-serial'/>",
        "<hub type='usb'/>",
    ],
}


def family(machine):
    for prefix, fam in (("pc-q35", "q35"), ("q35", "q35"), ("pc", "pc"), ("pseries", "pseries"),
                        ("s390", "s390"), ("virt", "virt")):
        if machine.startswith(prefix):
            return fam
    return "other"


# the oldest and newest version of each machine family in QEMU 7.2
OTHER_MACHINES = {"pc": ["pc-i440fx-7.2", "pc-i440fx-1.4"], "q35": ["pc-q35-7.2", "pc-q35-2.4"],
                  "virt": ["virt-7.2", "virt-2.6"], "pseries": ["pseries-7.2", "pseries-2.1"],
                  "s390": ["s390-ccw-virtio-7.2", "s390-ccw-virtio-2.4"]}


def writeback(rnd, tree, n):
    root = tree.getroot()
    os_type = root.find("os/type")
    arch = os_type.get("arch")
    fam = family(os_type.get("machine"))
    devices = root.find("devices")
    # drop what is about the host, not the guest's addresses
    for tag in ("emulator",):
        for e in devices.findall(tag):
            devices.remove(e)
    children = list(devices)
    movable = [e for e in children if e.tag not in ("controller",) and e.find("address") is not None]
    controllers = [e for e in children if e.tag == "controller"
                   and not (e.get("type") == "pci" and e.get("index") == "0")]
    actions = rnd.sample(["remove", "strip", "drop-controller", "add", "add", "strip-controller", "reorder"],
                         rnd.choice([1, 2, 3]))
    if "remove" in actions:
        for e in rnd.sample(movable, min(len(movable), rnd.choice([1, 2, 3]))):
            devices.remove(e)
            movable.remove(e)
    if "strip" in actions:
        for e in rnd.sample(movable, min(len(movable), rnd.choice([1, 2, 4]))):
            e.remove(e.find("address"))
    if "drop-controller" in actions and controllers:
        for e in rnd.sample(controllers, min(len(controllers), rnd.choice([1, 1, 2]))):
            devices.remove(e)
            controllers.remove(e)
    if "strip-controller" in actions and controllers:
        for e in rnd.sample(controllers, min(len(controllers), rnd.choice([1, 2]))):
            a = e.find("address")
            if a is not None:
                e.remove(a)
            if rnd.random() < 0.3:
                t = e.find("target")
                if t is not None:
                    e.remove(t)
    if "add" in actions or "add" not in actions and rnd.random() < 0.5:
        digit = {"x86_64": 1, "aarch64": 2, "ppc64": 3, "s390x": 4, "i686": 5, "ppc64le": 6, "riscv64": 7}[arch]
        for c in range(rnd.choice([1, 2, 3, 6])):
            template = rnd.choice(NEW_DEVICES["pci"])
            if fam == "s390" and ("usb" in template or "hub" in template):
                continue
            devices.append(ET.fromstring(template.format(a=digit, n=n % 256, m=c + 1, c=chr(ord("a") + c))))
    if "reorder" in actions:
        items = list(devices)
        for e in items:
            devices.remove(e)
        rnd.shuffle(items)
        devices.extend(items)
    return arch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--from-seed", type=int, default=6)
    p.add_argument("--count", type=int, default=400)
    p.add_argument("--out", default=".")
    p.add_argument("--other-machine", action="store_true")
    args = p.parse_args()
    tag = "m" if args.other_machine else "w"
    here = os.path.dirname(os.path.abspath(__file__))
    accepted = sorted(glob.glob(os.path.join(here, "*", "*-u%d-*.libvirt.xml" % args.from_seed)),
                      key=os.path.basename)
    for n, path in enumerate(accepted[:args.count]):
        rnd = random.Random("%swriteback-%d-%d" % ("m" if args.other_machine else "", args.from_seed, n))
        tree = ET.parse(path)
        root = tree.getroot()
        name = root.find("name").text.replace("-u%d-" % args.from_seed, "-%s%d-" % (tag, args.from_seed))
        root.find("name").text = name
        root.find("uuid").text = ("a" if args.other_machine else "b") + root.find("uuid").text[1:]
        if args.other_machine:
            os_type = root.find("os/type")
            choices = None if os_type.get("arch") == "riscv64" else OTHER_MACHINES.get(family(os_type.get("machine")))
            if choices:
                os_type.set("machine", rnd.choice(choices))
        arch = writeback(rnd, tree, n)
        ET.indent(tree, "  ")
        os.makedirs(os.path.join(args.out, arch), exist_ok=True)
        tree.write(os.path.join(args.out, arch, name + ".xml"), encoding="unicode")


if __name__ == "__main__":
    main()
