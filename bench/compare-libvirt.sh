#!/usr/bin/env bash
# compare-libvirt.sh [RUNS] [DOMAINS]: times Backplane against libvirt on the same domains and
# prints one table (Markdown). Needs a running libvirtd (qemu:///system, or $LIBVIRT_URI) and
# virsh; exit 3 when libvirt cannot be reached.
#
#  - cold: one process per domain, a q35 domain with 10 virtio NICs and no addresses:
#    `backplane plan` against `virsh 'define; dumpxml; undefine'` (one virsh process), run in
#    turn RUNS times (default 7), medians of wall time;
#  - batch: DOMAINS typical domains (default 400, bench/gen-domains.sh) in one process each:
#    `backplane plan --batch --format json` against one virsh process defining, dumping and
#    undefining them all;
#  - in process: what one more domain costs inside a running batch, once warm, from batches of
#    DOMAINS and 3 x DOMAINS domains ((t3 - t1) / 2 DOMAINS), against virsh's batch per domain.
set -euo pipefail

runs=${1:-7}
count=${2:-400}
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
uri=${LIBVIRT_URI:-qemu:///system}

command -v virsh >/dev/null 2>&1 || { echo "compare-libvirt: virsh not found" >&2; exit 3; }
virsh -q -c "$uri" version >/dev/null 2>&1 \
  || { echo "compare-libvirt: libvirtd at $uri does not answer" >&2; exit 3; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The cold domain: q35, 10 virtio NICs, no addresses.
{
  echo "<domain type='qemu'>"
  echo "  <name>bench-nic10</name>"
  echo "  <uuid>00000000-0000-4000-8000-0000000000aa</uuid>"
  echo "  <memory unit='MiB'>1024</memory>"
  echo "  <os><type arch='x86_64' machine='q35'>hvm</type></os>"
  echo "  <devices>"
  for i in $(seq 0 9); do
    printf "    <interface type='user'><mac address='52:54:00:00:00:%02x'/><model type='virtio'/></interface>\n" "$i"
  done
  echo "  </devices>"
  echo "</domain>"
} > "$work/nic10.xml"
"$root/bench/gen-domains.sh" "$count" "$work/domains"

"$root/backplane" --version >/dev/null # builds the jar and its class-data archive when stale

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", v[int((NR + 1) / 2)] / 1e9 }'; }
# Runs a command quietly and prints its wall time in nanoseconds; a failure stops the script.
wall() {
  local start end
  start=$(now)
  "$@" >/dev/null 2>"$work/err" || { echo "compare-libvirt: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  end=$(now)
  echo $(( end - start ))
}
virsh_cold() { virsh -q -c "$uri" "define $work/nic10.xml; dumpxml bench-nic10; undefine bench-nic10"; }
virsh_batch() {
  local script="" f name
  for f in "$work"/domains/*.xml; do
    name=$(basename "$f" .xml)
    script+="define $f; dumpxml $name; undefine $name; "
  done
  virsh -q -c "$uri" "$script"
}

version=() bp_cold=() lv_cold=()
for _ in $(seq "$runs"); do
  version+=("$(wall "$root/backplane" --version)")
  bp_cold+=("$(wall "$root/backplane" plan "$work/nic10.xml")")
  lv_cold+=("$(wall virsh_cold)")
done
bp_version=$(printf '%s\n' "${version[@]}" | median)
bp=$(printf '%s\n' "${bp_cold[@]}" | median)
lv=$(printf '%s\n' "${lv_cold[@]}" | median)

bp_batch=$(( $(wall "$root/backplane" plan --batch --format json "$work/domains") ))
bp_batch3=$(( $(wall "$root/backplane" plan --batch --format json "$work/domains" "$work/domains" "$work/domains") ))
lv_batch=$(wall virsh_batch)

awk -v runs="$runs" -v n="$count" -v ver="$bp_version" -v bp="$bp" -v lv="$lv" \
    -v bb="$bp_batch" -v bb3="$bp_batch3" -v lb="$lv_batch" -v cores="$(nproc)" 'BEGIN {
  printf "| what (%d cores; cold: median of %d) | Backplane | libvirt 9.0 | Backplane / libvirt |\n", cores, runs
  printf "|---|---|---|---|\n"
  printf "| `--version`, one process | %.3f s | | |\n", ver
  printf "| one q35 domain with 10 virtio NICs, one process | %.3f s | %.3f s | %.1fx |\n", bp, lv, bp / lv
  printf "| %d typical domains, one process | %.2f s (%.0f domains/s) | %.2f s (%.0f domains/s) | %.2fx |\n", n, bb / 1e9, n / (bb / 1e9), lb / 1e9, n / (lb / 1e9), bb / lb
  inproc = (bb3 - bb) / (2 * n)
  printf "| one more typical domain inside a running batch (wall) | %.2f ms | %.2f ms | %.2fx |\n", inproc / 1e6, lb / n / 1e6, inproc / (lb / n)
}'
