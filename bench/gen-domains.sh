#!/usr/bin/env bash
# gen-domains.sh COUNT DIR: writes COUNT typical x86_64 domains (q35 and pc, 5 to 30 devices:
# virtio and SATA/IDE disks, virtio and e1000 NICs, a virtio-serial channel, a tablet, an RNG)
# as DIR/dom-NNNNN.xml, without addresses. Deterministic: the same COUNT gives the same files.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 COUNT DIR" >&2; exit 2; }
count=$1 dir=$2
mkdir -p "$dir"
awk -v count="$count" -v dir="$dir" '
function disk(n, bus, dev) {
  return sprintf("    <disk type=\x27file\x27 device=\x27disk\x27><source file=\x27/var/lib/libvirt/images/d%d.qcow2\x27/><target dev=\x27%s\x27 bus=\x27%s\x27/></disk>\n", n, dev, bus)
}
function nic(n, model) {
  return sprintf("    <interface type=\x27user\x27><mac address=\x2752:54:00:%02x:%02x:%02x\x27/><model type=\x27%s\x27/></interface>\n", int(n / 65536) % 256, int(n / 256) % 256, n % 256, model)
}
BEGIN {
  letters = "abcdefghijklmnopqrstuvwxyz"
  for (i = 0; i < count; i++) {
    q35 = i % 2 == 0
    devices = 5 + (i * 7) % 26
    file = sprintf("%s/dom-%05d.xml", dir, i)
    out = sprintf("<domain type=\x27qemu\x27>\n  <name>dom-%05d</name>\n  <uuid>00000000-0000-4000-8000-%012d</uuid>\n  <memory unit=\x27MiB\x27>1024</memory>\n  <os><type arch=\x27x86_64\x27 machine=\x27%s\x27>hvm</type></os>\n  <devices>\n", i, i, q35 ? "q35" : "pc")
    vd = 0; sd = 0
    for (d = 0; d < devices; d++) {
      kind = d % 7
      if (kind == 0 || kind == 3) { out = out disk(i * 100 + d, "virtio", "vd" substr(letters, vd % 26 + 1, 1)); vd++ }
      else if (kind == 1 || kind == 4) out = out nic(i * 100 + d, "virtio")
      else if (kind == 2 && (q35 || sd < 4)) { out = out disk(i * 100 + d, q35 ? "sata" : "ide", (q35 ? "sd" : "hd") substr(letters, sd % 26 + 1, 1)); sd++ }
      else if (kind == 2) { out = out disk(i * 100 + d, "virtio", "vd" substr(letters, vd % 26 + 1, 1)); vd++ }
      else if (kind == 5) out = out nic(i * 100 + d, "e1000")
      else if (d == 6) out = out "    <channel type=\x27unix\x27><target type=\x27virtio\x27 name=\x27org.qemu.guest_agent.0\x27/></channel>\n"
      else if (d == 13) out = out "    <input type=\x27tablet\x27 bus=\x27usb\x27/>\n"
      else if (d == 20) out = out "    <rng model=\x27virtio\x27><backend model=\x27random\x27>/dev/urandom</backend></rng>\n"
      else out = out nic(i * 100 + d, "virtio")
    }
    printf "%s  </devices>\n</domain>\n", out > file
    close(file)
  }
}'
