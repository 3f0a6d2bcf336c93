#!/usr/bin/env bash
# Benchmark the cost of a baseline (issue 13, docs/metrics.md §13): the same report with and without
# `--baseline` of a run of the same size — two generated bundles of BASELINE_SPECS specs (default
# 20,000, ~200,000 tests each; the same spec paths, other outcomes and times: seeds 1 and 2).
# Measured side by side in one run, median of BASELINE_REPEAT (default 3); prints both wall times,
# the extra cost (target: at most 50 % of the single-run report) and both peak memories.
#
# Usage: bench/baseline.sh      Environment: BASELINE_SPECS, BASELINE_REPEAT, RUNREPORT_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SPECS="${BASELINE_SPECS:-20000}"
REPEAT="${BASELINE_REPEAT:-3}"

source bench/release-binary.sh

for seed in 1 2; do
  dir=".build-bench/baseline-$SPECS-seed$seed"
  if [[ ! -f "$dir/.done" ]]; then
    echo "==> generating $dir"
    rm -rf "$dir"; mkdir -p .build-bench
    python3 bench/generate.py "$dir" --specs "$SPECS" --machines 200 --tests-per-spec 10 --groups 2 --seed "$seed" >/dev/null
    touch "$dir/.done"
  fi
done

python3 - "$BIN" ".build-bench/baseline-$SPECS-seed1" ".build-bench/baseline-$SPECS-seed2" "$REPEAT" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, tempfile, time

binary, subject, baseline, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
out = tempfile.mkdtemp(prefix="runreport-baseline-bench-")

def measure(extra):
    """Wall time and peak RSS of one report, in a wrapper process whose only child is runreport."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter();"
               " r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); t = time.perf_counter() - t;"
               " print(r.returncode, t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    cmd = [sys.executable, "-c", wrapper, binary, "report", subject, "--out", out, "--quiet", *extra]
    status, seconds, rss = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    if int(status) not in (0, 3):
        raise SystemExit(f"runreport exited {status}")
    return float(seconds), int(rss) / 1024

alone, compared = [], []
for i in range(repeat):
    # Side by side: each repetition times both, so a busy machine slows both alike.
    alone.append(measure([]))
    compared.append(measure(["--baseline", baseline]))
    print(f"  run {i + 1}/{repeat}: alone {alone[-1][0]:.3f} s, with --baseline {compared[-1][0]:.3f} s")
shutil.rmtree(out, ignore_errors=True)

a = statistics.median(t for t, _ in alone)
c = statistics.median(t for t, _ in compared)
extra = (c - a) / a
print("=" * 78)
print(f"baseline benchmark  (subject and baseline: {os.path.basename(subject)}, {os.path.basename(baseline)}; medians of {repeat})")
print(f"report alone            {a:.3f} s   peak RSS {max(r for _, r in alone):.1f} MB")
print(f"report with --baseline  {c:.3f} s   peak RSS {max(r for _, r in compared):.1f} MB")
print(f"extra cost              {extra * 100:.1f} % of the report alone   target <= 50 %: {'ok' if extra <= 0.5 else 'MISSED'}")
print("=" * 78)
PY
