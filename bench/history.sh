#!/usr/bin/env bash
# Benchmark a report over a history (issue 5): HISTORY_RUNS runs (default 30) of HISTORY_SPECS specs
# each (default 2,000, ~20,000 tests a run), as one folder of bundles, reported in one call.
#
# The runs derive from one generated bundle (bench/generate.py): each copy gets its own runId and a
# createdAt a day apart, and every 7th run fails the tests that passed in the base run of one spec
# in 10, so that the history has flakes and failures to track. Prints the wall time, the phases and
# peak memory.
#
# Usage: bench/history.sh      Environment: HISTORY_RUNS, HISTORY_SPECS, RUNREPORT_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${HISTORY_RUNS:-30}"
SPECS="${HISTORY_SPECS:-2000}"

source bench/release-binary.sh

BASE=".build-bench/history-base-$SPECS"
DATA=".build-bench/history-$RUNS-$SPECS"
if [[ ! -f "$BASE/run.json" ]]; then
  rm -rf "$BASE"; mkdir -p .build-bench
  python3 bench/generate.py "$BASE" --specs "$SPECS" --machines 20 --tests-per-spec 10 --groups 1 --seed 3 >/dev/null
fi
if [[ ! -f "$DATA/.done" ]]; then
  echo "==> writing $RUNS runs into $DATA"
  rm -rf "$DATA"
  python3 - "$BASE" "$DATA" "$RUNS" <<'PY'
import json, os, sys
base, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
doc = json.load(open(os.path.join(base, "run.json")))
run_id = doc["data"]["runId"].encode()
created = doc["data"]["createdAt"]
names = sorted(os.listdir(os.path.join(base, "instances")))
blobs = {n: open(os.path.join(base, "instances", n), "rb").read() for n in names}
run_blob = open(os.path.join(base, "run.json"), "rb").read()
for k in range(runs):
    new_id = b"%014x%02d" % (0xabc, k)
    day = "2024-04-%02d" % (1 + k) if k < 30 else "2024-05-%02d" % (k - 29)
    d = os.path.join(out, "run-%02d" % k, "instances")
    os.makedirs(d)
    rb = run_blob.replace(run_id, new_id).replace(created.encode(), (day + created[10:]).encode(), 1)
    open(os.path.join(out, "run-%02d" % k, "run.json"), "wb").write(rb)
    for i, n in enumerate(names):
        b = blobs[n].replace(run_id, new_id)
        if k % 7 == 6 and i % 10 == 0:
            b = b.replace(b'"state": "passed"', b'"state": "failed"').replace(b'"state":"passed"', b'"state":"failed"')
        open(os.path.join(d, n), "wb").write(b)
open(os.path.join(out, ".done"), "w").write("ok\n")
PY
fi
du -sh "$DATA" | awk '{print "==> input: " $1 " in '"$RUNS"' runs"}'
python3 - "$BIN" "$DATA" <<'PY'
import re, resource, subprocess, sys, tempfile, time
bin, data = sys.argv[1], sys.argv[2]
out = tempfile.mkdtemp(prefix="runreport-history-bench-")
t0 = time.perf_counter()
p = subprocess.run([bin, "report", data, "--out", out, "--quiet", "--timings"], capture_output=True, text=True)
wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
if p.returncode not in (0, 3):
    sys.exit("runreport failed: " + p.stderr[-2000:])
timings = re.search(r"runreport-timings: (\{.*\})", p.stderr)
import json, os
s = json.load(open(os.path.join(out, "summary.json")))
h = s["history"]
print("=" * 72)
print("history report: %d runs, %d test keys, %d specs" % (len(h["runs"]), len(h["tests"]), len(h["specs"])))
print("wall %.2f s, peak RSS %.0f MB" % (wall, rss))
print("phases " + (timings.group(1) if timings else "n/a"))
for name in sorted(os.listdir(out)):
    print("  %-14s %8.2f MB" % (name, os.path.getsize(os.path.join(out, name)) / 1e6))
print("=" * 72)
PY
