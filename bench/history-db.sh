#!/usr/bin/env bash
# Benchmark the history database (issue 15, docs/history-db.md): a database of HISTORY_DB_RUNS runs
# (default 1,000) of HISTORY_DB_SPECS specs (default 2,000, ~20,000 tests a run). Prints its size on
# disk, the time to record one more run (`history import`), and a report with `--history-db
# --history-limit 30` against the same report without history (target: at most 1.3x), with peak
# memory (/usr/bin/time -v) of each.
#
# The runs derive from one generated bundle (bench/generate.py, as bench/history.sh): it is recorded
# once with `runreport history import`, then copied inside the database by SQL — each copy its own
# runId, an hour earlier than the last, spec times varied by up to ±10 %, and a test in 50 failed and
# one in 40 flaky, varying by run — which takes seconds where importing 1,000 generated runs would
# take an hour. The database is kept in .build-bench/ for the next run of this script.
#
# Usage: bench/history-db.sh      Environment: HISTORY_DB_RUNS, HISTORY_DB_SPECS, RUNREPORT_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${HISTORY_DB_RUNS:-1000}"
SPECS="${HISTORY_DB_SPECS:-2000}"
command -v sqlite3 >/dev/null || { echo "bench: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

source bench/release-binary.sh

BASE=".build-bench/history-base-$SPECS"
NEXT=".build-bench/history-db-next-$SPECS"
DB=".build-bench/history-db-$RUNS-$SPECS.db"
if [[ ! -f "$BASE/run.json" ]]; then
  rm -rf "$BASE"; mkdir -p .build-bench
  python3 bench/generate.py "$BASE" --specs "$SPECS" --machines 20 --tests-per-spec 10 --groups 1 --seed 3 >/dev/null
fi
# The run to record: the base run with its own runId, a day after it.
if [[ ! -f "$NEXT/run.json" ]]; then
  rm -rf "$NEXT"
  python3 - "$BASE" "$NEXT" <<'PY'
import json, os, sys
base, out = sys.argv[1], sys.argv[2]
doc = json.load(open(os.path.join(base, "run.json")))
run_id, created = doc["data"]["runId"].encode(), doc["data"]["createdAt"]
later = created[:8] + "%02d" % (int(created[8:10]) + 1) + created[10:]
os.makedirs(os.path.join(out, "instances"))
blob = open(os.path.join(base, "run.json"), "rb").read()
open(os.path.join(out, "run.json"), "wb").write(blob.replace(run_id, b"next000000000001").replace(created.encode(), later.encode(), 1))
for n in os.listdir(os.path.join(base, "instances")):
    b = open(os.path.join(base, "instances", n), "rb").read()
    open(os.path.join(out, "instances", n), "wb").write(b.replace(run_id, b"next000000000001"))
PY
fi

if [[ ! -f "$DB.done" ]]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "==> recording the base run, then copying it into $((RUNS - 1)) more runs by SQL"
  "$BIN" history import --history-db "$DB" "$BASE" --quiet
  start=$(date +%s)
  # One transaction without the write-ahead log (a bulk load of a file no one else has open).
  sqlite3 "$DB" >/dev/null <<SQL
PRAGMA journal_mode = DELETE;
BEGIN;
CREATE TEMP TABLE base AS SELECT id FROM runs;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $RUNS - 1)
INSERT INTO runs (run_id, project, branch, sha, created_at, status)
  SELECT printf('bench%011d', n), project, branch, sha, created_at - n * 3600000, status FROM runs, k ORDER BY n;
INSERT INTO specs (run, group_id, path, execution_ms, claim_to_complete_ms)
  SELECT r.id, s.group_id, s.path, s.execution_ms * (90 + (r.id * 7 + s.rowid) % 21) / 100, s.claim_to_complete_ms
  FROM runs r JOIN specs s ON s.run = (SELECT id FROM base) WHERE r.id <> (SELECT id FROM base) ORDER BY r.id;
INSERT INTO results (run, test, outcome, duration_ms, fingerprint)
  SELECT r.id, t.test,
    CASE WHEN t.outcome IN (2, 3) AND (r.id * 31 + t.test) % 50 = 0 THEN 4
         WHEN t.outcome = 2 AND (r.id * 17 + t.test) % 40 = 0 THEN 3 ELSE t.outcome END,
    t.duration_ms, t.fingerprint
  FROM runs r JOIN results t ON t.run = (SELECT id FROM base) WHERE r.id <> (SELECT id FROM base) ORDER BY r.id, t.test;
INSERT INTO errors (run, fingerprint, project, branch, created_at, failed, flaky, exceptions)
  SELECT r.id, e.fingerprint, r.project, r.branch, r.created_at, e.failed, e.flaky, e.exceptions
  FROM runs r JOIN errors e ON e.run = (SELECT id FROM base) WHERE r.id <> (SELECT id FROM base) ORDER BY r.id;
COMMIT;
PRAGMA journal_mode = WAL;
SQL
  echo "==> copied in $(( $(date +%s) - start )) s"
  touch "$DB.done"
fi

python3 - "$BIN" "$DB" "$BASE" "$NEXT" "$RUNS" "$SPECS" <<'PY'
import os, re, shutil, subprocess, sys, tempfile, time
bin, db, base, nxt, runs, specs = sys.argv[1:7]

def timed(args):
    """Wall time, peak RSS (MB, /usr/bin/time -v) and standard error of one run of the binary."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", bin] + args, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 3):
        sys.exit("runreport %s failed: %s" % (" ".join(args), p.stderr[-2000:]))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return wall, rss, p.stderr

def phases(stderr):
    m = re.search(r"runreport-timings: (\{.*\})", stderr)
    return m.group(1) if m else "n/a"

# Work on a copy, so that the kept database stays as built.
work = tempfile.mkdtemp(prefix="runreport-history-db-bench-")
copy = os.path.join(work, "history.db")
shutil.copyfile(db, copy)
held = subprocess.run(["sqlite3", copy, "SELECT count(*), (SELECT count(*) FROM results) FROM runs"], capture_output=True, text=True).stdout.strip()
size = os.path.getsize(copy)
record_wall, record_rss, _ = timed(["history", "import", "--history-db", copy, nxt, "--quiet"])
# The record alone (decode and analysis aside): the same run recorded again, with --timings.
_, _, again = timed(["report", nxt, "--history-db", copy, "--history-limit", "0", "--format", "summary-json", "--out", work + "/r0", "--quiet", "--timings"])

def best(args, n=3):
    results = [timed(args) for _ in range(n)]
    return min(results, key=lambda r: r[0])

plain = best(["report", nxt, "--out", work + "/plain", "--quiet", "--timings"])
hist = best(["report", nxt, "--history-db", copy, "--history-limit", "30", "--out", work + "/hist", "--quiet", "--timings"])
import json
h = json.load(open(work + "/hist/summary.json"))["history"]
print("=" * 72)
print("database: %s runs, %s test results, %.1f MB on disk (%d runs of %d specs asked)" % (held.split("|")[0], held.split("|")[1], size / 1e6, int(runs), int(specs)))
print("record one more run (history import: decode + analyse + record): %.2f s, peak RSS %.0f MB" % (record_wall, record_rss))
print("  recording it again inside report (historyMs, record + read 0 runs): %s" % phases(again))
print("report without history:            %.2f s, peak RSS %.0f MB" % (plain[0], plain[1]))
print("  phases " + phases(plain[2]))
print("report --history-db, --history-limit 30: %.2f s, peak RSS %.0f MB (history of %d runs, %d test keys)" % (hist[0], hist[1], len(h["runs"]), len(h["tests"])))
print("  phases " + phases(hist[2]))
ratio = hist[0] / plain[0]
print("ratio with / without history: %.2fx (target <= 1.3x: %s)" % (ratio, "met" if ratio <= 1.3 else "NOT met"))
print("=" * 72)
shutil.rmtree(work)
PY
