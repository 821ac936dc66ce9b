#!/usr/bin/env bash
# Re-record every corpus case with the real libvirt oracle (libvirt 9.0 / QEMU 7.2, Debian 12).
# Usage: record.sh [ARCH-DIR...]   (default: all of x86_64 aarch64 ppc64 s390x)
set -u
cd "$(dirname "$0")"
ASSIGN=${ASSIGN:-/work/shared/tools/libvirt-oracle/assign.sh}
dirs=("$@"); [ $# -gt 0 ] || dirs=(x86_64 aarch64 ppc64 s390x)
for dir in "${dirs[@]}"; do
  for in in "$dir"/*.xml; do
    case $in in *.libvirt.xml) continue;; esac
    [ -e "$in" ] || continue
    base=${in%.xml}
    rm -f "$base.libvirt.xml" "$base.err"
    if bash "$ASSIGN" "$in" > "$base.libvirt.xml" 2> "$base.err"; then
      rm -f "$base.err"
    else  # keep libvirt's message only: drop virsh's "Failed to define" line and "error: " prefix
      rc=$?; rm -f "$base.libvirt.xml"
      [ $rc -eq 1 ] || { echo "assign.sh failed (rc=$rc) on $in" >&2; cat "$base.err" >&2; exit $rc; }
      perl -i -ne 'next if /Failed to define domain/; s/^error: //; print' "$base.err"
    fi
  done
done
