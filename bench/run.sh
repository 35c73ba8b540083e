#!/usr/bin/env bash
# Benchmark `zonelint check` on a TLD-like zone of 1M delegations against
# kzonecheck and named-checkzone -i local, in one run on one machine
# (DESIGN §11). Prints a table per tool and the ratios; bench/RESULTS.md
# holds figures measured with it.
#
# usage: bench/run.sh            (from anywhere; the repo is found from $0)
#
# environment (all optional):
#   TMP=dir          where the generated zone goes (default: /tmp/zonelint-bench);
#                    an existing tld-1m.zone there is reused (genzone.py is
#                    deterministic, so the same options give the same bytes)
#   DELEGATIONS=N    zone size (default 1000000: 162 MB, 3.8M records)
#   RUNS=3           measured rounds per tool (median reported), after 1 warm-up
#   ONLY=regex       peers to run (default: kzonecheck and named-checkzone -i local;
#                    '^$' for none)
#   SHARED=dir       the shared folder (default: ../shared beside the repo)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
bench=$shared/bench
TMP=${TMP:-/tmp/zonelint-bench}
DELEGATIONS=${DELEGATIONS:-1000000}
RUNS=${RUNS:-3}
ONLY=${ONLY:-'^(kzonecheck|named-checkzone-i-local)$'}
mkdir -p "$TMP"

# 1. zonelint, release build.
(cd "$repo" && cargo build --release --quiet)
zonelint=$repo/target/release/zonelint

# 2. The zone.
if [[ $DELEGATIONS == 1000000 ]]; then name=tld-1m; else name=tld-$DELEGATIONS; fi
zone=$TMP/$name.zone
if [[ ! -s $zone || ! -s $TMP/$name.json ]]; then
  echo "writing $zone" >&2
  python3 "$bench/genzone.py" --profile tld --delegations "$DELEGATIONS" --seed 1 --portable \
    --stats "$TMP/$name.json" -o "$zone"
fi
bytes=$(stat -c %s "$zone")
records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$TMP/$name.json")

# 3. zonelint, with the harness the peers use (measure.py: wall time
#    around fork/exec/wait, peak RSS from GNU time). Three rows: the full
#    check (every rule), the delegation and registry rules alone (issue 3's
#    "rules vs parsing" criterion), and the parse-only baseline
#    (--select syntax).
ours=$TMP/zonelint-results
mkdir -p "$ours"
printf '%s\t%s\n' \
  zonelint-check "$zonelint check -q $zone" \
  zonelint-glue "$zonelint check -q --select delegation,registry $zone" \
  zonelint-parse "$zonelint check -q --select syntax $zone" > "$ours/tools.tsv"
echo "zonelint $("$zonelint" --version)" >&2
python3 "$bench/measure.py" --tools "$ours/tools.tsv" --bytes "$bytes" --records "$records" \
  --runs "$RUNS" --warmup 1 --out "$ours" --label "$(basename "$zone")" | tee "$ours/table.md"

# 4. The peers, right after, on the same file.
#    ONLY='^$' runs no peer: zonelint's rows and ratios only.
theirs=$TMP/peer-results
rm -rf "$theirs"
if [[ $ONLY != '^$' ]]; then
  ONLY=$ONLY RUNS=$RUNS WARMUP=1 OUT=$theirs "$bench/run-peers.sh" "$zone" >/dev/null
fi

# 5. Ratios.
python3 - "$ours/results.json" "$theirs/results.json" "$bytes" <<'EOF'
import json, statistics, sys
ours = {t["name"]: t for t in json.load(open(sys.argv[1]))["tools"]}
try:
    theirs = {t["name"]: t for t in json.load(open(sys.argv[2]))["tools"]}
except FileNotFoundError:
    theirs = {}
size = int(sys.argv[3])
rows = list(ours.values()) + list(theirs.values())
print()
# measure.py's MB/s counts 10^6 bytes; its "peak_rss_mb" is KiB / 1024 (MiB).
print("| tool | wall median s | MB/s | peak RSS MiB | peak RSS / file size |")
print("|---|---|---|---|---|")
for t in rows:
    if "wall_median_s" not in t:
        print("| %s | failed: %s | | | |" % (t["name"], (t.get("error") or "")[:80]))
        continue
    print("| %s | %.2f | %.0f | %.0f | %.2f |" % (
        t["name"], t["wall_median_s"], t["mb_per_s"], t["peak_rss_mb"],
        t["peak_rss_mb"] * 1048576 / size))
print()
# The rows ran round-robin (measure.py), so the i-th runs of two rows are
# neighbours in time: the median of their ratios leaves out most of the
# drift of a shared machine's speed, which the ratio of the medians keeps.
# CPU time (user + system) tells what the rules cost when no core is free.
base = ours.get("zonelint-parse", {})
parse = base.get("wall_median_s")
for mine in ("zonelint-check", "zonelint-glue"):
    m = ours.get(mine, {})
    if parse and "wall_median_s" in m:
        pairs = [a / b - 1 for a, b in zip(m["wall_all_s"], base["wall_all_s"])]
        print("%s adds %.0f%% to parsing alone (median of the per-round ratios; "
              "each round %s; medians %.2f s vs %.2f s); CPU time %.2f s vs %.2f s (+%.0f%%)" % (
            mine, 100 * statistics.median(pairs),
            " ".join("%+.0f%%" % (100 * p) for p in pairs),
            m["wall_median_s"], parse, m["cpu_median_s"], base["cpu_median_s"],
            100 * (m["cpu_median_s"] / base["cpu_median_s"] - 1)))
print()
for mine in ("zonelint-check", "zonelint-parse"):
    m = ours.get(mine)
    if not m or "wall_median_s" not in m:
        continue
    for name, t in theirs.items():
        if "wall_median_s" in t:
            print("%s is %.1fx faster than %s and uses %.2fx its peak memory" % (
                mine, t["wall_median_s"] / m["wall_median_s"], name,
                m["peak_rss_mb"] / t["peak_rss_mb"]))
EOF
echo "results: $ours $theirs" >&2
