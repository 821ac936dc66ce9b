#!/usr/bin/env bash
# Re-record corpus cases with the real libvirt (libvirt 9.0 / QEMU 7.2, Debian 12).
# Usage: record.sh [ARCH-DIR...]   (default: all of x86_64 aarch64 ppc64 s390x of this corpus)
# An ARCH-DIR is relative to this script's directory, e.g. ../corpus-random/x86_64.
# JOBS=N records N cases at a time (default 1).
#
# Each case is what /work/shared/tools/libvirt-oracle/assign.sh does (define under a unique name,
# dumpxml, undefine, original name put back), in one virsh process instead of four: on a loaded
# machine that is about 0.3 s a case instead of 3 s, with byte-identical output.
set -u
cd "$(dirname "$0")"
export LIBVIRT_URI=${LIBVIRT_URI:-qemu:///system}
virsh -q -c "$LIBVIRT_URI" version > /dev/null || { echo "record.sh: libvirtd unreachable (run the oracle's setup.sh)" >&2; exit 3; }

# NAME.xml -> NAME.libvirt.xml, or NAME.err with libvirt's message only (virsh's
# "Failed to define" line, its "error: " prefix and the lookups after a refusal dropped).
record_one() {
  local in=$1 base=${1%.xml} tmp unique name
  tmp=$(mktemp) || exit 255
  unique="record-$$-$RANDOM-$(basename "$base")"
  name=$(perl -0777 -ne 'print $1 if m{<name>\s*(.*?)\s*</name>}s' "$in")
  UNIQUE="$unique" perl -0777 -pe 's{<name>.*?</name>}{<name>$ENV{UNIQUE}</name>}s' "$in" > "$tmp"
  rm -f "$base.libvirt.xml" "$base.err"
  virsh -q -c "$LIBVIRT_URI" "define $tmp; dumpxml $unique; undefine $unique" > "$base.libvirt.xml" 2> "$base.err"
  rm -f "$tmp"
  if grep -q '^error: Failed to define domain' "$base.err"; then
    rm -f "$base.libvirt.xml"
    perl -i -ne 'last if /^error: failed to get domain/; next if /Failed to define domain/ || /^\s*$/; s/^error: //; print' "$base.err"
  elif [ -s "$base.err" ] || [ ! -s "$base.libvirt.xml" ]; then
    echo "virsh failed on $in:" >&2; cat "$base.err" >&2; exit 255
  else
    rm -f "$base.err"
    ORIG="$name" UNIQUE="$unique" perl -i -pe 's/\Q$ENV{UNIQUE}\E/$ENV{ORIG}/g' "$base.libvirt.xml"
  fi
}
export -f record_one

dirs=("$@"); [ $# -gt 0 ] || dirs=(x86_64 aarch64 ppc64 s390x)
for dir in "${dirs[@]}"; do
  for in in "$dir"/*.xml; do
    case $in in *.libvirt.xml) continue;; esac
    [ -e "$in" ] && printf '%s\n' "$in"
  done
done | xargs -r -P "${JOBS:-1}" -I{} bash -c 'record_one "$1"' _ {}
