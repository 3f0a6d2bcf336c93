#!/usr/bin/env bash
# Benchmark `runreport report --run-id … --artifacts failed` against the fake Currents API on
# 127.0.0.1 with a fixed latency per request (issue 14): a 1,000-spec run whose failed attempts each
# have a screenshot (and whose specs with a failure have a video), every artifact answering 200 KB.
#
# Usage: bench/artifacts.sh
# Environment: ART_SPECS (default 1000), ART_LATENCY_MS (20), ART_CONCURRENCY (16), ART_SIZE (204800),
#              ART_REPEAT (3; medians), RUNREPORT_BIN (skip the build; a debug binary is fine: the
#              figure that matters is the artifact phase, which waits on the network, not the CPU).
# Figures: the wall time with --artifacts failed and with --artifacts none (the same fetch and
# reports), the download phase (`artifactsMs` of --timings), the requests the server counted, and
# the ideal download time ceil(artifacts / C) x latency. Target: the phase within 1.5x of that
# ideal. ART_OUT_DIR: where the outputs go (default /dev/shm when writable; see below why).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SPECS="${ART_SPECS:-1000}"
LATENCY="${ART_LATENCY_MS:-20}"
CONC="${ART_CONCURRENCY:-16}"
SIZE="${ART_SIZE:-204800}"
REPEAT="${ART_REPEAT:-3}"

source bench/release-binary.sh

DATA=".build-bench/artifacts-$SPECS"
if [[ ! -f "$DATA/run.json" ]]; then
  echo "==> generating a $SPECS-spec bundle into $DATA"
  rm -rf "$DATA"
  mkdir -p .build-bench
  python3 bench/generate.py "$DATA" --specs "$SPECS" --machines 20 --tests-per-spec 10 --groups 1 --seed 7 >/dev/null
fi

python3 - "$BIN" "$DATA" "$LATENCY" "$CONC" "$SIZE" "$REPEAT" <<'PY'
import json, math, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

BIN, DATA, LATENCY, CONC, SIZE, REPEAT = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
KEY = "bench-key-0123456789"
empty = tempfile.mkdtemp(prefix="runreport-art-files-")
server = subprocess.Popen(
    [sys.executable, "Tests/RunReportTests/FakeCurrents/fake_currents.py", "--bundle", DATA, "--key", KEY,
     "--latency-ms", str(LATENCY), "--artifacts", empty, "--artifact-size", str(SIZE)],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(server.stdout.readline().split()[1])
control = "http://127.0.0.1:%d" % port
doc = json.load(open(os.path.join(DATA, "run.json")))
run_id = doc["data"]["runId"] if "data" in doc else doc["runId"]
env = dict(os.environ, CURRENTS_API_URL=control + "/v1", CURRENTS_API_KEY=KEY)

def stats():
    with urllib.request.urlopen(control + "/__stats") as r:
        return json.load(r)

def reset():
    urllib.request.urlopen(urllib.request.Request(control + "/__reset", method="POST", data=b"")).read()

TIMINGS = re.compile(r"^runreport-timings:\s*(\{.*\})\s*$", re.M)

def once(mode, parent):
    out = tempfile.mkdtemp(prefix="runreport-art-bench-", dir=parent)
    try:
        reset()
        t0 = time.perf_counter()
        p = subprocess.run([BIN, "report", "--run-id", run_id, "--out", out, "--quiet", "--api-context", "0",
                            "--format", "summary-json", "--concurrency", str(CONC), "--artifacts", mode, "--timings"],
                           env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit("report failed: " + p.stderr[-2000:])
        phase = json.loads(TIMINGS.search(p.stderr).group(1))["artifactsMs"] / 1000
        s = stats()
        summary = json.load(open(os.path.join(out, "summary.json")))
        saved = sum(1 for t in summary["tests"] for a in t["artifacts"] if a["savedPath"])
        saved += sum(1 for sp in summary["specs"] if sp["video"] and sp["video"]["savedPath"])
        saved += sum(1 for sp in summary["specs"] for a in sp["artifacts"] if a["savedPath"])
        warnings = [w["code"] for w in summary["warnings"] if w["code"].startswith("artifact")]
        tests = len(summary["tests"])
        failing = sum(1 for t in summary["tests"] if t["state"] == "failed" or t["flaky"])
        return wall, len(s["artifactRequests"]), sum(s["requests"].values()), saved, warnings, tests, failing, s["maxInFlight"], phase
    finally:
        shutil.rmtree(out, ignore_errors=True)

# The outputs go to a RAM disk when there is one: the target is about the requests, and on a
# journal-less ext4 (this VM's) creating files where many were deleted in the last minutes grows
# quadratically (2,500 files: 0.84 s, then 2.2 s by the fourth round), which a benchmark that
# deletes each repetition's output makes its own main cost. The disk's figure is printed too.
disk = tempfile.gettempdir()
ram = os.environ.get("ART_OUT_DIR") or ("/dev/shm" if os.access("/dev/shm", os.W_OK) else disk)
none, failed, on_disk = [], [], []
try:
    for _ in range(REPEAT):  # side by side: each repetition runs all three
        none.append(once("none", ram))
        failed.append(once("failed", ram))
        if ram != disk:
            on_disk.append(once("failed", disk))
finally:
    server.stdin.close()
    server.wait()
    shutil.rmtree(empty, ignore_errors=True)

w_none = statistics.median(r[0] for r in none)
w_failed = statistics.median(r[0] for r in failed)
_, artifacts, requests, saved, warnings, tests, failing, inflight, _ = failed[-1]
phase = statistics.median(r[8] for r in failed)
ideal = math.ceil(artifacts / CONC) * LATENCY / 1000
print(f"run: {tests} tests, {failing} failed or flaky; {artifacts} artifact requests of {SIZE} bytes "
      f"({saved} saved, {artifacts * SIZE / 1e6:.1f} MB), {requests} requests in all, max in flight {inflight}")
if warnings:
    print(f"artifact warnings: {warnings}")
print(f"outputs in {ram}" + ("" if ram != disk else " (no RAM disk: the disk's file creation is in the figures)"))
print(f"wall --artifacts none:   {w_none:.2f} s (median of {REPEAT})")
print(f"wall --artifacts failed: {w_failed:.2f} s (median of {REPEAT}; difference {w_failed - w_none:.2f} s)")
print(f"download phase (artifactsMs of --timings): {phase:.2f} s; ideal ceil({artifacts}/{CONC}) x {LATENCY:g} ms = {ideal:.2f} s; "
      f"ratio {phase / ideal:.2f} (target <= 1.5)")
if on_disk:
    d = statistics.median(r[8] for r in on_disk)
    print(f"the same phase with the outputs in {disk} (its file creation included): {d:.2f} s; ratio {d / ideal:.2f}")
PY
