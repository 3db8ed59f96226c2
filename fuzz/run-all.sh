#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 120) each, JOBS at a time (default 2), seeded with
# the kept regression inputs. Logs in fuzz/logs/, new crashing inputs in fuzz/artifacts/<target>/.
# Build first:  RUSTC_BOOTSTRAP=1 cargo fuzz build -s none -a   (stable toolchain, see docs/FUZZING.md)
set -eu
cd "$(dirname "$0")"
SECONDS_EACH=${1:-120}
JOBS=${2:-2}
BIN=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
run() {
    t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    DOIKHOP_FUZZ_SKIP_XLS=1 "$BIN/$t" "corpus/$t" "../tests/data/fuzz-regressions/$t" \
        -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "logs/$t.log" 2>&1 || true
    echo "$t: $(grep -E '^stat::number_of_executed_units' "logs/$t.log" || echo 'stopped early (crash?)')"
}
for t in legacy_text name id date address layout workbook; do
    run "$t" &
    while [ "$(jobs -p | wc -l)" -ge "$JOBS" ]; do sleep 1; done
done
wait
