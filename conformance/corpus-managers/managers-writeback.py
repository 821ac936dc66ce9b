#!/usr/bin/env python3
"""Redefinitions of recorded corpus-managers domains, as managers write them back (corpus-managers).

A manager keeps the domain libvirt gave it (every address and added controller, as `virsh dumpxml`
prints it) and defines it again after a change: devices hot-added without addresses, devices
removed (their addresses left free), a NIC or disk model changed where it sits, addresses dropped
from some devices, trailing root ports or other added controllers dropped, the machine moved to
the newest or oldest version of its type, elements reordered. This takes the accepted cases of one
seed of managers-domains.py (their .libvirt.xml) and applies 2 to 5 such edits to each.

    python3 managers-writeback.py --from-seed 1 --count 400 --out .

A case depends on the recording it starts from and (seed, n). Names PREFIX-PROFILE-wNNNN (N the
case it starts from); uuids c7A00000-0000-4e00-8000-1SSSNNNNNNNN.
"""
import argparse
import glob
import importlib.util
import os
import random
import re
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("managers", os.path.join(HERE, "managers-domains.py"))
managers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(managers)

NEWEST_OLDEST = {"pc": ("pc-i440fx-7.2", "pc-i440fx-1.5"), "q35": ("pc-q35-7.2", "pc-q35-2.4"),
                 "virt": ("virt-7.2", "virt-2.6"), "pseries": ("pseries-7.2", "pseries-2.7"),
                 "s390": ("s390-ccw-virtio-7.2", "s390-ccw-virtio-2.7"), "rv": ("virt", "virt")}
PLACED = ("disk", "interface", "hostdev", "controller", "channel", "console", "serial", "input",
          "sound", "video", "rng", "memballoon", "watchdog", "shmem", "filesystem", "redirdev",
          "smartcard", "vsock", "memory", "tpm", "panic", "hub", "iommu")


def parse_case(path):
    """(seed, n) of a recorded managers-domains case, from its uuid."""
    text = open(path).read()
    m = re.search(r"<uuid>c7\d00000-0000-4e00-8000-(\d{4})(\d{8})</uuid>", text)
    return int(m.group(1)), int(m.group(2))


class Writeback:
    def __init__(self, libvirt_xml, seed, n):
        self.seed, self.n = seed, n
        self.r = random.Random(f"managers-writeback-{seed}-{n}")
        self.tree = ET.parse(libvirt_xml)
        self.root = self.tree.getroot()
        self.devices = self.root.find("devices")
        self.case = managers.Case(seed, n)  # the same profile, machine family and pools
        self.case.writeback = False
        self.case.r = self.r
        for t in self.devices.iter("target"):
            dev = t.get("dev")
            if dev and t.get("bus"):
                m = re.match(r"(vd|sd|hd|fd)([a-z]+)$", dev)
                if m:
                    idx = 0
                    for ch in m.group(2):
                        idx = idx * 26 + (ord(ch) - 96)
                    self.case.disk_names.setdefault(m.group(1), set()).add(idx - 1)
        self.case.usb_ok = not any(c.get("type") == "usb" and c.get("model") == "none"
                                   for c in self.devices.findall("controller"))
        self.case.spice = any(g.get("type") == "spice" for g in self.devices.findall("graphics"))
        self.case.serial_controllers = 0  # new channels go where libvirt puts them
        self.case.mac = 100 + self.r.randint(0, 50)
        self.edits = []

    def non_controllers(self):
        return [e for e in self.devices if e.tag in PLACED and e.tag != "controller"]

    # -------------------------------------------------------------- edits
    def add_devices(self):
        c = self.case
        c.devices = []
        pool = [c.nic, c.nic, c.disk, c.disk, c.hostdev, c.channel, c.rng, lambda: c.inputs(1)]
        if c.usb_ok and c.family != "s390":
            pool.append(c.redirdev)
        for _ in range(self.r.randint(1, 6)):
            self.r.choice(pool)()
        for text in c.devices:
            text = re.sub(r'<boot order="\d+"/>', "", text)  # the domain's boot order stays as it is
            if "<channel" in text and not any(e.tag == "controller" and e.get("type") == "virtio-serial"
                                              for e in self.devices):
                pass  # libvirt adds the virtio-serial controller
            self.devices.append(ET.fromstring(text))
        self.edits.append(f"add{len(c.devices)}")

    def remove_devices(self):
        cands = [e for e in self.non_controllers() if e.tag not in ("memballoon",)]
        k = min(len(cands), self.r.randint(1, 4))
        for e in self.r.sample(cands, k):
            self.devices.remove(e)
        self.edits.append(f"remove{k}")

    def drop_addresses(self):
        share = self.r.uniform(0.1, 0.6)
        k = 0
        for e in self.non_controllers():
            a = e.find("address")
            if a is not None and self.r.random() < share:
                e.remove(a)
                k += 1
        self.edits.append(f"unaddress{k}")

    def drop_controllers(self):
        ctls = [e for e in self.devices if e.tag == "controller"]
        pci = [e for e in ctls if e.get("type") == "pci" and e.get("index") != "0"]
        k = 0
        if pci and self.r.random() < 0.6:
            pci.sort(key=lambda e: int(e.get("index")))
            for e in pci[-self.r.randint(1, min(4, len(pci))):]:
                self.devices.remove(e)
                k += 1
        else:
            others = [e for e in ctls if e.get("type") in ("usb", "virtio-serial", "sata", "ide", "scsi", "ccid")]
            for e in self.r.sample(others, min(len(others), self.r.randint(1, 2))):
                self.devices.remove(e)
                k += 1
        self.edits.append(f"dropctl{k}")

    def change_models(self):
        k = 0
        for e in self.devices.findall("interface"):
            m = e.find("model")
            if m is not None and e.get("type") != "vhostuser" and self.r.random() < 0.4:
                pool = ["virtio", "e1000e", "e1000", "rtl8139", "virtio-transitional"] if self.case.x86 else ["virtio"]
                m.set("type", self.r.choice(pool))
                k += 1
        for e in self.devices.findall("disk"):
            if e.find("target") is not None and e.find("target").get("bus") == "virtio" and self.r.random() < 0.2:
                e.set("model", self.r.choice(["virtio-transitional", "virtio-non-transitional"]))
                k += 1
        self.edits.append(f"model{k}")

    def move_machine(self):
        t = self.root.find("os/type")
        newest, oldest = NEWEST_OLDEST[self.case.family]
        t.set("machine", newest if self.r.random() < 0.7 else oldest)
        self.edits.append("machine")

    def reorder(self):
        items = list(self.devices)
        # consoles and serial ports keep their order (the first console stands for the first serial)
        fixed = [e for e in items if e.tag in ("console", "serial")]
        movable = [e for e in items if e.tag not in ("emulator", "console", "serial")]
        self.r.shuffle(movable)
        for e in fixed:
            movable.insert(self.r.randint(0, len(movable)), None)
        fixed_iter = iter(fixed)
        ordered = [e if e is not None else next(fixed_iter) for e in movable]
        for e in items:
            self.devices.remove(e)
        for e in [e for e in items if e.tag == "emulator"] + ordered:
            self.devices.append(e)
        self.edits.append("reorder")

    def run(self, new_name, new_uuid):
        edits = [self.add_devices, self.add_devices, self.remove_devices, self.drop_addresses, self.drop_controllers,
                 self.change_models, self.move_machine, self.reorder]
        for edit in self.r.sample(edits, self.r.randint(2, 5)):
            edit()
        self.root.find("name").text = new_name
        self.root.find("uuid").text = new_uuid
        ET.indent(self.tree, "  ")
        return ET.tostring(self.root, encoding="unicode") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--out", default=".")
    a = ap.parse_args()
    recorded = []
    for path in sorted(glob.glob(os.path.join(HERE, "*", "*.libvirt.xml"))):
        seed, n = parse_case(path)
        if seed == a.from_seed and not re.search(r"-w\d{4}\.libvirt\.xml$", os.path.basename(path)):
            recorded.append((n, path))
    recorded.sort()
    rnd = random.Random(f"managers-writeback-pick-{a.from_seed}")
    for n, path in sorted(rnd.sample(recorded, min(a.count, len(recorded)))):
        arch = os.path.basename(os.path.dirname(path))
        base = os.path.basename(path)[: -len(".libvirt.xml")]
        name = re.sub(r"-(\d{4})$", r"-w\1", base)
        uuid = f"c7{managers.ARCH_DIGIT[arch]}00000-0000-4e00-8000-1{a.from_seed:03d}{n:08d}"
        text = Writeback(path, a.from_seed, n).run(name, uuid)
        d = os.path.join(a.out, arch)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name + ".xml"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
