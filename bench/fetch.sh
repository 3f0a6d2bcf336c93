#!/usr/bin/env bash
# Benchmark `runreport fetch` against the fake Currents API on 127.0.0.1 with a fixed latency per
# request (issue 4): a 1,000-spec run (1,001 requests) at concurrency 16 and at concurrency 1.
#
# Usage: bench/fetch.sh
# Environment: FETCH_SPECS (default 1000), FETCH_LATENCY_MS (20), FETCH_CONCURRENCY (16),
#              FETCH_REPEAT (3; medians), RUNREPORT_BIN (skip the build).
# Target: wall time at concurrency C within 1.5x of the ideal SPECS x LATENCY / C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SPECS="${FETCH_SPECS:-1000}"
LATENCY="${FETCH_LATENCY_MS:-20}"
CONC="${FETCH_CONCURRENCY:-16}"
REPEAT="${FETCH_REPEAT:-3}"

source bench/release-binary.sh

DATA=".build-bench/fetch-$SPECS"
if [[ ! -f "$DATA/run.json" ]]; then
  echo "==> generating a $SPECS-spec bundle into $DATA"
  rm -rf "$DATA"
  mkdir -p .build-bench
  python3 bench/generate.py "$DATA" --specs "$SPECS" --machines 20 --tests-per-spec 10 --groups 1 --seed 7 >/dev/null
fi

python3 - "$BIN" "$DATA" "$SPECS" "$LATENCY" "$CONC" "$REPEAT" <<'PY'
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

BIN, DATA, SPECS, LATENCY, CONC, REPEAT = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
KEY = "bench-key-0123456789"
server = subprocess.Popen(
    [sys.executable, "Tests/RunReportTests/FakeCurrents/fake_currents.py", "--bundle", DATA, "--key", KEY,
     "--latency-ms", str(LATENCY)],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(server.stdout.readline().split()[1])
doc = json.load(open(os.path.join(DATA, "run.json")))
run_id = doc["data"]["runId"] if "data" in doc else doc["runId"]
env = dict(os.environ, CURRENTS_API_URL="http://127.0.0.1:%d/v1" % port, CURRENTS_API_KEY=KEY)

WRAPPER = r'''
import resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(time.perf_counter() - t0, p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(p.stderr.decode()[-2000:])
'''

def measure(concurrency):
    walls, rss = [], []
    for _ in range(REPEAT):
        out = tempfile.mkdtemp(prefix="runreport-fetch-bench-")
        try:
            p = subprocess.run([sys.executable, "-c", WRAPPER, BIN, "fetch", "--run-id", run_id, "--out", out + "/b",
                                "--concurrency", str(concurrency), "--quiet"], env=env, capture_output=True, text=True)
            wall, rc, maxrss = p.stdout.split()
            if rc != "0":
                sys.exit("fetch failed: " + p.stderr)
            files = len(os.listdir(out + "/b/instances"))
            if files != SPECS:
                sys.exit("fetched %d instances, expected %d" % (files, SPECS))
            walls.append(float(wall))
            rss.append(int(maxrss) / 1024)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return statistics.median(walls), walls, max(rss)

try:
    requests = SPECS + 1
    print("==> %d instances + the run = %d requests, %g ms latency each, %d repetition(s)" % (SPECS, requests, LATENCY, REPEAT))
    c_wall, c_runs, c_rss = measure(CONC)
    s_wall, s_runs, s_rss = measure(1)
    ideal = SPECS * LATENCY / 1000 / CONC
    ratio = c_wall / ideal
    print("=" * 72)
    print("concurrency %-3d  %.3f s  [%s]  peak RSS %.1f MB" % (CONC, c_wall, " ".join("%.3f" % w for w in c_runs), c_rss))
    print("concurrency 1    %.3f s  [%s]  peak RSS %.1f MB  (sequential baseline; ideal %.2f s)"
          % (s_wall, " ".join("%.3f" % w for w in s_runs), s_rss, SPECS * LATENCY / 1000))
    print("ideal at %d      %.3f s  (%d x %g ms / %d)" % (CONC, ideal, SPECS, LATENCY, CONC))
    print("ratio            %.2fx of ideal  target <= 1.5: %s" % (ratio, "ok" if ratio <= 1.5 else "MISSED"))
    print("speed-up         %.1fx over sequential" % (s_wall / c_wall))
    print("=" * 72)
finally:
    server.stdin.close()
    server.wait()
PY
