#!/usr/bin/env bash
# Fuzzes decode → analyse → render with libFuzzer and AddressSanitizer (Sources/runreport-fuzz).
#
#   bash scripts/fuzz.sh [SECONDS]      # default 60; prints executions and crashes, exit 1 on a crash
#   FUZZ_TIMEOUT=S (default 10): seconds one input may take before it counts as a hang; raise it on a
#   loaded machine, where a stall of the whole machine otherwise reads as a hang.
#
# Builds the target into .build-fuzz (instrumented; the ordinary .build is untouched), assembles the
# seed corpus in .build-fuzz/corpus from the test fixtures (run.json + instances, joined by the
# separator line "#instance") and the hostile corpus, and keeps what the fuzzer learns there between
# runs. Crash inputs land in .build-fuzz/crashes/; replay one without sanitizers with
# `swift run runreport-fuzz FILE`, or with them with `.build-fuzz/release/runreport-fuzz FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scratch=.build-fuzz

echo "==> building runreport-fuzz (libFuzzer + AddressSanitizer) in $scratch"
# -sanitize=fuzzer links libFuzzer's runtime; the target calls LLVMFuzzerRunDriver from its own main
# (SwiftPM gives every executable one). gold fails on the instrumented link; lld does it.
mkdir -p "$scratch"
if ! swift build -c release --product runreport-fuzz --scratch-path "$scratch" \
  -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >"$scratch/build.log" 2>&1; then
  cat "$scratch/build.log"
  echo "building the fuzz target failed"
  exit 1
fi
# (lld warns about an ASan symbol it cannot export; harmless.)
grep -v "Cannot export local symbol '__asan_extra_spill_area'" "$scratch/build.log" | tail -n 2 || true
bin="$scratch/release/runreport-fuzz"

echo "==> seed corpus in $scratch/corpus"
mkdir -p "$scratch/corpus" "$scratch/crashes"
python3 - "$scratch/corpus" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
sep = b"\n#instance\n"
def add(data):
    if len(data) > 1_000_000:
        return
    with open(os.path.join(out, "seed-" + hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
fixtures = "Tests/RunReportTests/Fixtures"
for name in sorted(os.listdir(fixtures)):
    d = os.path.join(fixtures, name)
    run = os.path.join(d, "run.json")
    if not os.path.isfile(run):
        continue
    parts = [open(run, "rb").read()]
    idir = os.path.join(d, "instances")
    if os.path.isdir(idir):
        parts += [open(os.path.join(idir, f), "rb").read() for f in sorted(os.listdir(idir)) if f.endswith(".json")]
    add(sep.join(parts))
    add(parts[0])
hostile = "Tests/RunReportTests/Hostile"
if os.path.isdir(hostile):
    for name in sorted(os.listdir(hostile)):
        p = os.path.join(hostile, name)
        if os.path.isfile(p) and name.endswith(".json") and name != "cases.json":
            add(open(p, "rb").read())
        elif os.path.isdir(p):
            files = []
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in sorted(names)]
            run = [f for f in files if os.path.basename(f) == "run.json"]
            rest = [f for f in files if f not in run]
            add(sep.join(open(f, "rb").read() for f in run + rest))
print(len(os.listdir(out)), "inputs")
PY

echo "==> fuzzing for ${seconds}s (nice ${FUZZ_NICE:-10})"
log="$scratch/fuzz.log"
before="$(ls "$scratch/crashes" | wc -l)"
# Leak detection is off: the Swift runtime's caches look like leaks at exit; growth per input is
# caught by -rss_limit_mb instead.
set +e
ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" nice -n "${FUZZ_NICE:-10}" "$bin" \
  -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=4096 -max_len=65536 \
  -dict=scripts/fuzz.dict -artifact_prefix="$scratch/crashes/" -print_final_stats=1 \
  "$scratch/corpus" >"$log" 2>&1
status=$?
set -e
after="$(ls "$scratch/crashes" | wc -l)"
execs="$(awk '/stat::number_of_executed_units:/ { n += $2 } END { print n + 0 }' "$log")"
tail -n 5 "$log"
echo "executions: ${execs:-?} in ${seconds}s; corpus: $(ls "$scratch/corpus" | wc -l) inputs; new crash files: $((after - before)) (in $scratch/crashes)"
if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
  grep -E 'ERROR: |SUMMARY: |Fatal error|Test unit written' "$log" | head -20 || true
  echo "fuzzing found a crash (exit $status); see $log"
  exit 1
fi
echo "no crash"
