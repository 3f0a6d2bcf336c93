#!/usr/bin/env bash
# Scale series for `runreport report`: time and peak memory at 1×, 10× and 100× of a 200-spec run,
# two degenerate shapes of the 100× size, each against the 100× benchmark run, and a test-dense run.
#
# Usage: bench/scale.sh [STEP…]      (default: 1x 10x 100x one-machine 5000-machines test-dense)
#
#   1x             200 specs on 2 machines in 2 groups, ~2,000 tests
#   10x            2,000 specs on 20 machines, ~20,000 tests
#   100x           20,000 specs on 200 machines, ~200,000 tests (the benchmark run of bench/run.sh)
#   one-machine    20,000 specs on one machine, one group
#   5000-machines  20,000 specs on 5,000 machines, four specs each
#   test-dense     200 specs of ~1,000 tests each, long titles and errors (~230 MB; generate.py
#                  --shape test-dense): peak memory against the input
#   own-25k, own-50k, own-100k   every spec on its own machine (25,000 to 100,000 machines, one group,
#                  one test a spec): the load-balancing what-if was quadratic in machines here
#
# Environment: SCALE_REPEAT (runs per step, the median is reported; default 3), SCALE_DIR (where the
# bundles are generated and kept; default .build-bench), RUNREPORT_BIN (skip the release build),
# SCALE_STRICT=1 (exit 1 when a target is missed; CI sets it).
#
# Targets: from one step of the series to the next (10× the input), time and peak memory grow by at
# most 12× (linear within 20 %); each degenerate shape takes at most 1.5× the time and memory of
# the 100× run (the same number of specs and tests); from one own-machine step to the next (2× the
# input and the machines) they grow by at most 2.4× (linear within 20 %); test-dense peaks at no more
# than 3× its input (README, "Size limits"). Every step prints its peak RSS over its input.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(1x 10x 100x one-machine 5000-machines test-dense)
DIR="${SCALE_DIR:-.build-bench}"
REPEAT="${SCALE_REPEAT:-3}"

source bench/release-binary.sh

args_of() {
  case "$1" in
    1x) echo "--specs 200 --machines 2 --groups 2" ;;
    10x) echo "--specs 2000 --machines 20 --groups 2" ;;
    100x) echo "--specs 20000 --machines 200 --groups 2" ;;
    one-machine) echo "--specs 20000 --machines 1 --groups 1" ;;
    5000-machines) echo "--specs 20000 --machines 5000 --groups 2" ;;
    test-dense) echo "--shape test-dense" ;;
    own-25k) echo "--specs 25000 --own-machine --groups 1 --tests-per-spec 1" ;;
    own-50k) echo "--specs 50000 --own-machine --groups 1 --tests-per-spec 1" ;;
    own-100k) echo "--specs 100000 --own-machine --groups 1 --tests-per-spec 1" ;;
    *) echo "bench/scale.sh: unknown step $1" >&2; exit 2 ;;
  esac
}

GEN_HASH="$(sha256sum bench/generate.py | cut -c1-16)"
for step in "${STEPS[@]}"; do
  data="$DIR/scale-$step"
  want="bench/generate.py@$GEN_HASH $(args_of "$step") --seed 1"
  if [[ -f "$data/.stamp" && "$(cat "$data/.stamp")" == "$want" ]]; then
    echo "==> reusing $data"
  else
    echo "==> generating $data ($(args_of "$step"))"
    rm -rf "$data" "$data.partial"
    mkdir -p "$DIR"
    # shellcheck disable=SC2046
    python3 bench/generate.py "$data.partial" $(args_of "$step") --seed 1 >/dev/null
    printf '%s\n' "$want" >"$data.partial/.stamp"
    mv "$data.partial" "$data"
  fi
done

python3 - "$BIN" "$DIR" "$REPEAT" "${STEPS[@]}" <<'PY'
import json, os, shutil, statistics, subprocess, sys, tempfile

BIN, DIR, REPEAT, STEPS = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
SERIES = ["1x", "10x", "100x"]
OWN = ["own-25k", "own-50k", "own-100k"]
GROWTH_LIMIT, SHAPE_LIMIT, OWN_LIMIT = 12.0, 1.5, 2.4
DENSE = "test-dense"
DENSE_RSS_LIMIT = 3.0   # peak RSS / input

WRAPPER = r'''
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "rc": p.returncode, "rss_kib": ru.ru_maxrss, "stderr": p.stderr[-4000:].decode("utf-8", "replace")}))
'''


def measure(step):
    bundle = os.path.join(DIR, "scale-" + step)
    size = sum(os.path.getsize(os.path.join(dp, n)) for dp, _, ns in os.walk(bundle) for n in ns)
    walls, rsss = [], []
    for _ in range(REPEAT):
        out = tempfile.mkdtemp(prefix="runreport-scale-")
        try:
            p = subprocess.run([sys.executable, "-c", WRAPPER, BIN, "report", bundle, "--out", out, "--quiet"],
                               capture_output=True, text=True)
            r = json.loads(p.stdout.strip().splitlines()[-1])
            if r["rc"] != 0:
                sys.exit("bench/scale.sh: runreport failed on %s (exit %d): %s" % (bundle, r["rc"], r["stderr"]))
            if not tests.get(step):
                summary = json.load(open(os.path.join(out, "summary.json")))
                tests[step] = (summary["totals"]["tests"]["overall"], len(summary["specs"]), None)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        walls.append(r["wall"])
        rsss.append(r["rss_kib"] * 1024 / 1e6)
    return {"size": size, "wall": statistics.median(walls), "rss": statistics.median(rsss), "walls": walls}


tests = {}
results = {}
for step in STEPS:
    results[step] = measure(step)
    m = results[step]
    print("    %-14s %.3f s [%s], peak RSS %.1f MB" % (step, m["wall"], " ".join("%.3f" % w for w in m["walls"]), m["rss"]))

missed = []
print()
print("=" * 100)
print("runreport scale series  (medians of %d run(s); %s CPUs)" % (REPEAT, os.cpu_count()))
print("=" * 100)
print("%-14s %7s %7s %9s %9s %9s %9s %11s %12s %12s  %s" % (
    "step", "specs", "tests", "input MB", "wall s", "RSS MB", "RSS/input", "compared to", "time growth", "mem growth",
    "verdict"))
for step in STEPS:
    m = results[step]
    t, s, _ = tests.get(step, ("?", "?", "?"))
    ref, target = None, None
    if step in SERIES and SERIES.index(step) > 0 and SERIES[SERIES.index(step) - 1] in results:
        ref, target = SERIES[SERIES.index(step) - 1], GROWTH_LIMIT
    elif step in OWN and OWN.index(step) > 0 and OWN[OWN.index(step) - 1] in results:
        ref, target = OWN[OWN.index(step) - 1], OWN_LIMIT
    elif step not in SERIES and step not in OWN and step != DENSE and "100x" in results:
        ref, target = "100x", SHAPE_LIMIT
    ratio = m["rss"] * 1e6 / m["size"] if m["size"] else float("inf")
    if step == DENSE:
        ok = ratio <= DENSE_RSS_LIMIT
        if not ok:
            missed.append(step)
        cols = ("", "", "", ("ok" if ok else "MISSED") + " (RSS <= %.1fx input)" % DENSE_RSS_LIMIT)
    elif ref:
        tg, mg = m["wall"] / results[ref]["wall"], m["rss"] / results[ref]["rss"]
        ok = tg <= target and mg <= target
        verdict = ("ok" if ok else "MISSED") + " (<= %.1fx)" % target
        if not ok:
            missed.append(step)
        cols = (ref, "%.2fx" % tg, "%.2fx" % mg, verdict)
    else:
        cols = ("", "", "", "")
    print("%-14s %7s %7s %9.1f %9.3f %9.1f %9s %11s %12s %12s  %s"
          % ((step, s, t, m["size"] / 1e6, m["wall"], m["rss"], "%.2fx" % ratio) + cols))
print("=" * 100)
print("time growth: wall time over that of the step compared to; from one series step to the next the input grows 10x,")
print("from one own-machine step to the next 2x. RSS/input: peak RSS over the bundle's size on disk.")
if missed:
    print("targets missed: " + ", ".join(missed))
    if os.environ.get("SCALE_STRICT") == "1":
        sys.exit(1)
PY
