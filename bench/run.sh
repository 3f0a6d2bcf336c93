#!/usr/bin/env bash
# Benchmark `runreport report` against a synthetic Currents run bundle.
#
# Usage: bench/run.sh
#
# Environment:
#   BENCH_DIR             bundle directory (default .build-bench/data, relative to the repo root)
#   BENCH_SPECS           specs (instances) to generate           (default 20000)
#   BENCH_MACHINES        machines                                (default 200)
#   BENCH_TESTS_PER_SPEC  mean tests per spec                     (default 10)
#   BENCH_GROUPS          groups                                  (default 2)
#   BENCH_SEED            generator seed                          (default 1)
#   BENCH_REPEAT          repetitions of each measurement; the median is reported (default 3)
#   BENCH_KEEP_OUT=1      keep the report directories written by runreport (paths are printed)
#   RUNREPORT_BIN         use this binary instead of building one (e.g. /bin/true to test the harness)
#
# In one run it measures (a) a naive Python reader that json.loads run.json and every
# instance file in turn (timed inside Python with time.perf_counter), and (b) the whole
# `runreport report <bundle> --out <tmpdir> --timings` (wall time with time.perf_counter
# around the subprocess; peak memory from getrusage(RUSAGE_CHILDREN).ru_maxrss in a small
# wrapper process whose only child is runreport). Targets: runreport/python <= 3.0
# (aim 1.5) and peak RSS / input size < 4. A missed target prints MISSED; the script exits
# non-zero only when something fails to run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SPECS="${BENCH_SPECS:-20000}"
MACHINES="${BENCH_MACHINES:-200}"
TESTS_PER_SPEC="${BENCH_TESTS_PER_SPEC:-10}"
NGROUPS="${BENCH_GROUPS:-2}"
SEED="${BENCH_SEED:-1}"
REPEAT="${BENCH_REPEAT:-3}"
DATA="${BENCH_DIR:-.build-bench/data}"
DATA="${DATA%/}"

for pair in "BENCH_SPECS=$SPECS" "BENCH_MACHINES=$MACHINES" "BENCH_TESTS_PER_SPEC=$TESTS_PER_SPEC" \
            "BENCH_GROUPS=$NGROUPS" "BENCH_REPEAT=$REPEAT"; do
  if ! [[ "${pair#*=}" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: ${pair%%=*} must be a positive integer (got '${pair#*=}')" >&2
    exit 2
  fi
done
if ! [[ "$SEED" =~ ^-?[0-9]+$ ]]; then
  echo "bench: BENCH_SEED must be an integer (got '$SEED')" >&2
  exit 2
fi

# ---- 1. the binary ---------------------------------------------------------------------
source bench/release-binary.sh

# ---- 2. the bundle (regenerated only when the generator or its arguments change) --------
GEN_ARGS=(--specs "$SPECS" --machines "$MACHINES" --tests-per-spec "$TESTS_PER_SPEC" --groups "$NGROUPS" --seed "$SEED")
GEN_HASH="$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' bench/generate.py)"
STAMP_WANT="bench/generate.py@$GEN_HASH ${GEN_ARGS[*]}"
STAMP="$DATA/.bench-stamp"
if [[ -f "$STAMP" && -f "$DATA/run.json" && -d "$DATA/instances" && "$(cat "$STAMP")" == "$STAMP_WANT" ]]; then
  echo "==> reusing bundle $DATA ($STAMP_WANT)"
else
  if [[ -e "$DATA" && ! -f "$STAMP" && -n "$(ls -A "$DATA" 2>/dev/null)" ]]; then
    echo "bench: $DATA exists but was not made by bench/run.sh (no .bench-stamp); remove it or set BENCH_DIR" >&2
    exit 1
  fi
  echo "==> generating bundle into $DATA (${GEN_ARGS[*]})"
  rm -rf "$DATA" "$DATA.partial"
  mkdir -p "$(dirname "$DATA")"
  python3 bench/generate.py "$DATA.partial" "${GEN_ARGS[@]}"
  printf '%s\n' "$STAMP_WANT" > "$DATA.partial/.bench-stamp"
  mv "$DATA.partial" "$DATA"
fi

# ---- 3. measure -------------------------------------------------------------------------
python3 - "$BIN" "$DATA" "$REPEAT" "$SPECS" "$MACHINES" "$TESTS_PER_SPEC" <<'PY'
import atexit, json, os, re, shutil, statistics, subprocess, sys, tempfile

BIN, BUNDLE, REPEAT = sys.argv[1], sys.argv[2], int(sys.argv[3])
SPECS, MACHINES, TPS = sys.argv[4:7]
KEEP_OUT = os.environ.get("BENCH_KEEP_OUT") == "1"
RATIO_TARGET, RATIO_AIM, RSS_TARGET = 3.0, 1.5, 4.0

# (a) the naive reader: json.load every file in turn, timed from inside Python.
LOADER = r'''
import json, os, sys, time
b = sys.argv[1]
t0 = time.perf_counter()
paths = [os.path.join(b, "run.json")]
d = os.path.join(b, "instances")
paths += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".json")]
for p in paths:
    with open(p, encoding="utf-8") as f:
        json.load(f)
print(json.dumps({"seconds": time.perf_counter() - t0, "files": len(paths)}))
'''

# (b) a small wrapper whose only child is the measured command, so that
# getrusage(RUSAGE_CHILDREN) describes that command alone.
WRAPPER = r'''
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
maxrss_kib = ru.ru_maxrss / 1024 if sys.platform == "darwin" else ru.ru_maxrss   # bytes on macOS, KiB on Linux
print(json.dumps({"wall": wall, "rc": p.returncode, "maxrss_kib": maxrss_kib,
                  "cpu": ru.ru_utime + ru.ru_stime,
                  "stdout_bytes": len(p.stdout),
                  "stdout": p.stdout[-4000:].decode("utf-8", "replace"),
                  "stderr": p.stderr[-20000:].decode("utf-8", "replace")}))
'''

TIMINGS_RE = re.compile(r"^runreport-timings:\s*(\{.*\})\s*$", re.M)
PHASES = ["decodeMs", "analyseMs", "renderMs", "writeMs", "totalMs"]


out_dirs = []   # report directories written by runreport; removed at exit unless BENCH_KEEP_OUT=1


@atexit.register
def _cleanup():
    if not KEEP_OUT:
        for d in out_dirs:
            shutil.rmtree(d, ignore_errors=True)


def human(n):
    for unit, div in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= div:
            return "%.2f %s" % (n / div, unit)
    return "%d B" % n


def fail(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


def bundle_files():
    paths = [os.path.join(BUNDLE, "run.json")]
    d = os.path.join(BUNDLE, "instances")
    paths += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".json")]
    return paths


def run_python_loader():
    p = subprocess.run([sys.executable, "-c", LOADER, BUNDLE], capture_output=True, text=True)
    if p.returncode != 0:
        fail("python json.load reader failed (exit %d):\n%s" % (p.returncode, p.stderr[-4000:]))
    return json.loads(p.stdout.strip().splitlines()[-1])["seconds"]


def run_wrapped(cmd):
    p = subprocess.run([sys.executable, "-c", WRAPPER] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail("measuring wrapper failed (exit %d):\n%s" % (p.returncode, p.stderr[-4000:]))
    return json.loads(p.stdout.strip().splitlines()[-1])


def out_listing(path):
    files = []
    for dp, _, names in os.walk(path):
        for n in names:
            fp = os.path.join(dp, n)
            files.append((os.path.relpath(fp, path), os.path.getsize(fp)))
    files.sort(key=lambda x: (-x[1], x[0]))
    return files


def mb(n):
    return n / 1e6


def med(xs):
    return statistics.median(xs) if xs else None


paths = bundle_files()
input_bytes = sum(os.path.getsize(p) for p in paths)
print("==> bundle %s: %.1f MB in %d files; binary %s; %d repetition(s); %s CPUs"
      % (BUNDLE, mb(input_bytes), len(paths), BIN, REPEAT, os.cpu_count()))

# Warm the page cache so that the first repetition is not the only one reading from disk.
for p in paths:
    with open(p, "rb") as f:
        while f.read(1 << 20):
            pass

def rss_mb_of(r):
    return r["maxrss_kib"] * 1024 / 1e6


floor = rss_mb_of(run_wrapped(["true"]))   # what a trivial child already reports

py_times, rr = [], []
last_listing = []
for i in range(REPEAT):
    t_py = run_python_loader()
    py_times.append(t_py)
    out = tempfile.mkdtemp(prefix="runreport-bench-out-")
    out_dirs.append(out)
    res = run_wrapped([BIN, "report", BUNDLE, "--out", out, "--timings"])
    if res["rc"] != 0:
        fail("runreport failed (exit %d): %s report %s --out %s --timings\n--- stderr (tail) ---\n%s\n--- stdout (tail) ---\n%s"
             % (res["rc"], BIN, BUNDLE, out, res["stderr"][-4000:], res["stdout"][-2000:]))
    m = TIMINGS_RE.findall(res["stderr"])
    timings = None
    if m:
        try:
            timings = json.loads(m[-1])
        except ValueError:
            timings = None
    res["timings"] = timings
    listing = out_listing(out)
    res["out_files"], res["out_bytes"] = len(listing), sum(s for _, s in listing)
    last_listing = listing
    rr.append(res)
    ph = " ".join("%s=%s" % (k[:-2], timings.get(k, "n/a")) for k in PHASES) if timings else "timings n/a"
    print("    run %d/%d: python json.load %.3f s | runreport %.3f s, peak RSS %.1f MB, cpu %.2f s, %s"
          % (i + 1, REPEAT, t_py, res["wall"], rss_mb_of(res), res["cpu"], ph))

py = med(py_times)
wall = med([r["wall"] for r in rr])
rss_mb = med([rss_mb_of(r) for r in rr])
rss_max = max(rss_mb_of(r) for r in rr)
cpu = med([r["cpu"] for r in rr])
ratio = wall / py if py > 0 else float("inf")
rss_ratio = rss_mb * 1e6 / input_bytes if input_bytes else float("inf")


def verdict(ok):
    return "ok" if ok else "MISSED"


def runs(xs, fmt="%.3f"):
    return " ".join(fmt % x for x in xs)


phase_line = []
for k in PHASES:
    vals = [r["timings"][k] for r in rr if r["timings"] and isinstance(r["timings"].get(k), (int, float))]
    phase_line.append("%s %s" % (k[:-2], ("%.0f ms" % med(vals)) if vals else "n/a"))
extra = sorted({k for r in rr if r["timings"] for k in r["timings"]} - set(PHASES))
for k in extra:
    vals = [r["timings"][k] for r in rr if r["timings"] and isinstance(r["timings"].get(k), (int, float))]
    phase_line.append("%s %s" % (k, ("%.0f" % med(vals)) if vals else "n/a"))

W = 22
print()
print("=" * 78)
print("runreport benchmark  (medians of %d run(s))" % REPEAT)
print("=" * 78)
print("%-*s %.1f MB in %d files  (specs %s, machines %s, tests/spec %s)"
      % (W, "input", mb(input_bytes), len(paths), SPECS, MACHINES, TPS))
print("%-*s %.3f s   [%s]" % (W, "python json.load", py, runs(py_times)))
print("%-*s %.3f s   [%s]" % (W, "runreport wall", wall, runs([r["wall"] for r in rr])))
print("%-*s %-9s target <= %.1f: %s   (aim %.1f: %s)"
      % (W, "ratio runreport/python", "%.2fx" % ratio, RATIO_TARGET, verdict(ratio <= RATIO_TARGET),
         RATIO_AIM, "met" if ratio <= RATIO_AIM else "not yet"))
print("%-*s %s" % (W, "phases (--timings)", " | ".join(phase_line)))
print("%-*s %.2f s user+sys (%.2f cores busy on average)" % (W, "runreport cpu", cpu, cpu / wall if wall else 0))
print("%-*s %.1f MB   [%s]  (max %.1f; a trivial child reports %.1f)"
      % (W, "peak RSS", rss_mb, runs([rss_mb_of(r) for r in rr], "%.1f"), rss_max, floor))
print("%-*s %-9s target < %.1f: %s" % (W, "peak RSS / input", "%.2fx" % rss_ratio, RSS_TARGET, verdict(rss_ratio < RSS_TARGET)))
last = rr[-1]
print("%-*s %d files, %s%s" % (W, "output", last["out_files"], human(last["out_bytes"]),
                                ("  (kept in %s)" % out_dirs[-1]) if KEEP_OUT else ""))
for name, size in last_listing[:15]:
    print("%-*s   %10s  %s" % (W, "", human(size), name))
if len(last_listing) > 15:
    print("%-*s   ... and %d more" % (W, "", len(last_listing) - 15))
print("=" * 78)
print("(MB = 10^6 bytes. Phases: medians of the runreport-timings line that --timings prints on stderr.)")

if KEEP_OUT:
    print("report directories kept: " + " ".join(out_dirs))
PY

# ---- 4. the HTML report in headless Chromium (when installed) ------------------------------
# selenium lives in the project's virtual environment (scripts/install-test-deps.sh).
py="${RUNREPORT_PYTHON:-.build-venv/bin/python3}"
[ -x "$py" ] || py=python3
if command -v chromium >/dev/null && "$py" -c 'import selenium' 2>/dev/null; then
  echo
  echo "==> index.html of this run in headless Chromium (scripts/check_html.py --bench)"
  "$py" scripts/check_html.py "$BIN" --bench "$DATA" --bench-only
else
  echo "(Chromium or selenium missing: no browser figures; bash scripts/install-test-deps.sh installs them)"
fi
