#!/usr/bin/env bash
# Checks a directory of many small zones and reports whether zonelint uses
# every core: wall time, CPU time and CPU use (above 100% means more than
# one core was busy).
#
# usage: bench/many-zones.sh [COUNT]   (default 2000 zones of ~300 records)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-2000}
work=$(mktemp -d -t zonelint-many.XXXXXX)
trap 'rm -rf "$work"' EXIT

cargo build --release --manifest-path "$here/Cargo.toml" >/dev/null 2>&1
zonelint="$here/target/release/zonelint"

python3 "$here/../shared/bench/genzone.py" --profile enterprise --records 300 \
  --origin corp.example. -o "$work/base.zone" 2>/dev/null
mkdir -p "$work/zones"
for i in $(seq 0 $((count - 1))); do
  sed "s/corp\.example\./corp$i.example./g" "$work/base.zone" > "$work/zones/z$i.zone"
done
echo "$count zones, $(du -sh "$work/zones" | cut -f1), $(nproc) cores"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: wall %e s, user %U s, sys %S s, CPU %P" \
    "$zonelint" check -q "$work/zones" > /dev/null || true
done
