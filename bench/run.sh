#!/usr/bin/env bash
# Benchmark zonelint on a TLD-like zone of 1M delegations against the peers
# (kzonecheck, named-checkzone -i local, nsd-checkzone, ldns-read-zone,
# validns), in one run on one machine (DESIGN §11), and optionally the
# growth of zonelint's time and memory with the zone's size. Prints tables
# in Markdown; bench/RESULTS.md holds figures measured with it.
#
# usage: bench/run.sh            (from anywhere; the repo is found from $0)
#
# environment (all optional):
#   TMP=dir          where the generated zones go (default: /tmp/zonelint-bench);
#                    an existing zone there is reused (genzone.py is
#                    deterministic, so the same options give the same bytes)
#   DELEGATIONS=N    zone size (default 1000000: 162 MB, 3.8M records)
#   RUNS=3           measured rounds per tool (median reported), after 1 warm-up
#   ONLY=regex       peers to run (default: the five above; '^$' for none)
#   GROWTH="N ..."   also time `check` and the parse alone on zones of these
#                    sizes (e.g. "100000 1000000 10000000"; the last is 1.6 GB
#                    and takes minutes to write) and fit the exponent
#   SHARED=dir       the shared folder (default: ../shared beside the repo)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
bench=$shared/bench
TMP=${TMP:-/tmp/zonelint-bench}
DELEGATIONS=${DELEGATIONS:-1000000}
RUNS=${RUNS:-3}
ONLY=${ONLY:-'^(kzonecheck|named-checkzone-i-local|nsd-checkzone|ldns-read-zone|validns)$'}
GROWTH=${GROWTH:-}
mkdir -p "$TMP"

# 1. zonelint, release build.
(cd "$repo" && cargo build --release --quiet)
zonelint=$repo/target/release/zonelint
echo "zonelint $("$zonelint" --version)" >&2

# A zone of N delegations, written once; prints its path.
zone_of() {
  local n=$1 name
  if [[ $n == 1000000 ]]; then name=tld-1m; elif [[ $n == 10000000 ]]; then name=tld-10m;
  elif [[ $n == 100000 ]]; then name=tld-100k; else name=tld-$n; fi
  if [[ ! -s $TMP/$name.zone || ! -s $TMP/$name.json ]]; then
    echo "writing $TMP/$name.zone" >&2
    python3 "$bench/genzone.py" --profile tld --delegations "$n" --seed 1 --portable \
      --stats "$TMP/$name.json" -o "$TMP/$name.zone"
  fi
  echo "$TMP/$name.zone"
}
records_of() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "${1%.zone}.json"
}

# 2. The zone.
zone=$(zone_of "$DELEGATIONS")
bytes=$(stat -c %s "$zone")
records=$(records_of "$zone")
qz=$(printf '%q' "$zone")

# 3. zonelint, with the harness the peers use (measure.py: wall time
#    around fork/exec/wait, peak RSS from GNU time, rows run round-robin).
#    `check` is every default rule; `--select syntax` reads and parses only;
#    the pinned row is that parse on one core; `format --check` formats and
#    reads the result back; `format` writes it over a copy of the zone
#    made by the same command (the copy is in its time; `cp` alone is the
#    row after it); `dump` writes every record.
ours=$TMP/zonelint-results
mkdir -p "$ours"
copy=$(printf '%q' "$ours/copy.zone")
{
  printf '%s\t%s\n' zonelint-check "$zonelint check -q $qz"
  printf '%s\t%s\n' zonelint-parse "$zonelint check -q --select syntax $qz"
  if command -v taskset >/dev/null; then
    printf '%s\t%s\n' zonelint-parse-1-core "taskset -c 0 $zonelint check -q --select syntax $qz"
  fi
  # format --check exits 1 when the file would change (a generated zone
  # would): the shell turns that into 0 so that measure.py keeps the row.
  printf '%s\t%s\n' zonelint-format-check "sh -c '$zonelint format --check -q $qz; [ \$? -le 1 ]'"
  printf '%s\t%s\n' zonelint-format "sh -c 'cp $qz $copy && $zonelint format -q $copy'"
  printf '%s\t%s\n' cp-of-the-zone "cp $qz $copy"
  printf '%s\t%s\n' zonelint-dump "$zonelint dump $qz"
} > "$ours/tools.tsv"
python3 "$bench/measure.py" --tools "$ours/tools.tsv" --bytes "$bytes" --records "$records" \
  --runs "$RUNS" --warmup 1 --out "$ours" --label "$(basename "$zone")" > "$ours/table.md"
rm -f "$ours/copy.zone"

# 4. The peers, right after, on the same file.
theirs=$TMP/peer-results
rm -rf "$theirs"
if [[ $ONLY != '^$' ]]; then
  ONLY=$ONLY RUNS=$RUNS WARMUP=1 OUT=$theirs "$bench/run-peers.sh" "$zone" >/dev/null
fi

# 5. One table: every row, its ratio to `zonelint check`.
echo
echo "zone: $(basename "$zone"), $bytes bytes, $records records; $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)); $(date -u +%Y-%m-%dT%H:%MZ); $RUNS rounds"
python3 - "$ours/results.json" "$theirs/results.json" "$bytes" "$records" <<'EOF'
import json, sys
ours = [t for t in json.load(open(sys.argv[1]))["tools"]]
try:
    theirs = [t for t in json.load(open(sys.argv[2]))["tools"]]
except FileNotFoundError:
    theirs = []
size, records = int(sys.argv[3]), int(sys.argv[4])
check = next((t for t in ours if t["name"] == "zonelint-check" and "wall_median_s" in t), None)
print()
print("| tool | wall median s | MB/s | records/s | CPU s | peak RSS MiB | RSS / file | time vs zonelint check |")
print("|---|---|---|---|---|---|---|---|")
for t in ours + theirs:
    if "wall_median_s" not in t:
        print("| %s | failed: %s | | | | | | |" % (t["name"], (t.get("error") or "")[:80]))
        continue
    wall = t["wall_median_s"]
    ratio = "%.2f×" % (wall / check["wall_median_s"]) if check else ""
    print("| %s | %.2f | %.0f | %.2f M | %.2f | %.0f | %.2f | %s |" % (
        t["name"], wall, size / 1e6 / wall, records / 1e6 / wall, t.get("cpu_median_s", 0),
        t["peak_rss_mb"], t["peak_rss_mb"] * 1048576 / size, ratio))
if check:
    print()
    for t in theirs:
        if "wall_median_s" in t:
            # Ratios of the medians of rounds run round-robin in one run.
            print("zonelint check is %.1f× faster than %s (peak memory %.2f× its)" % (
                t["wall_median_s"] / check["wall_median_s"], t["name"],
                check["peak_rss_mb"] / t["peak_rss_mb"]))
EOF

# 6. Growth.
if [[ -n $GROWTH ]]; then
  echo
  echo "| delegations | bytes | records | check s | check peak MiB | parse s | parse peak MiB |"
  echo "|---|---|---|---|---|---|---|"
  growth=$TMP/growth.tsv
  : > "$growth"
  for n in $GROWTH; do
    z=$(zone_of "$n")
    b=$(stat -c %s "$z")
    r=$(records_of "$z")
    dir=$TMP/growth-$n
    mkdir -p "$dir"
    printf '%s\t%s\n' check "$zonelint check -q $(printf '%q' "$z")" \
      parse "$zonelint check -q --select syntax $(printf '%q' "$z")" > "$dir/tools.tsv"
    python3 "$bench/measure.py" --tools "$dir/tools.tsv" --bytes "$b" --records "$r" \
      --runs "$RUNS" --warmup 1 --out "$dir" --label "$(basename "$z")" > /dev/null 2>&1
    python3 - "$dir/results.json" "$n" "$b" "$r" "$growth" <<'EOF'
import json, sys
t = {x["name"]: x for x in json.load(open(sys.argv[1]))["tools"]}
n, b, r = sys.argv[2], sys.argv[3], sys.argv[4]
c, p = t["check"], t["parse"]
print("| %s | %s | %s | %.2f | %.0f | %.2f | %.0f |" % (
    n, b, r, c["wall_median_s"], c["peak_rss_mb"], p["wall_median_s"], p["peak_rss_mb"]))
with open(sys.argv[5], "a") as out:
    out.write("%s\t%s\t%s\t%s\n" % (b, c["wall_median_s"], c["peak_rss_mb"], p["wall_median_s"]))
EOF
  done
  python3 - "$growth" <<'EOF'
import math, sys
rows = [tuple(map(float, line.split("\t"))) for line in open(sys.argv[1]) if line.strip()]
if len(rows) >= 2:
    # Least-squares slope of log(time) on log(size): 1 is linear.
    def slope(ys):
        xs = [math.log(r[0]) for r in rows]
        ys = [math.log(y) for y in ys]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print()
    print("growth exponent (time ∝ size^k): check %.2f, parse %.2f; peak memory %.2f" % (
        slope([r[1] for r in rows]), slope([r[3] for r in rows]), slope([r[2] for r in rows])))
EOF
fi
echo "results: $ours $theirs" >&2
