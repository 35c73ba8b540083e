#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) each, seeded from
# testdata/ and, when it is there, ../shared/corpus. Needs cargo-fuzz; the
# stable toolchain takes cargo-fuzz's nightly flags with RUSTC_BOOTSTRAP=1.
# No sanitizer (-s none): the runs are two to three times faster without
# one. The crate's few `unsafe` blocks are the parser's SSE2 block scan, the
# file mapping and its madvise, the write path's signal-safe slots and
# malloc_trim; the parser's is fuzzed by `parse`, which is worth running
# with AddressSanitizer now and then (fuzz/README.md). A target that finds
# a crash exits non-zero and leaves the input in fuzz/artifacts/TARGET/.
#   fuzz/run.sh 60          # about a minute each (CI)
#   fuzz/run.sh 1800 parse  # half an hour of one target
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse format fix)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    find ../testdata ../../shared/corpus -type f -size -32k \
        \( -name '*.zone' -o -name '*.db' -o -name '*.signed' -o -name 'db.*' \) \
        -exec cp -t "corpus/$target/" {} + 2>/dev/null || true
    cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=16384 -timeout=30 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1
done
