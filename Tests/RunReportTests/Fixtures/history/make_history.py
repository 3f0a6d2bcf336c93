#!/usr/bin/env python3
"""Builds the `history` fixture: five runs of the real run real-flaky-c7068a4d, a day apart, whose
tests change state so that the subject (run 5) shows every transition of metrics.md §10/§11, and
whose spec b gets twice as slow in run 5. Counters (group tests and instances, spec stats, status)
are recomputed from the tests, so each run is self-consistent. Deterministic; run it from here:
    python3 make_history.py
"""
import copy, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "real-flaky-c7068a4d")

# Outcomes per run 1..5: P passed, F failed, K flaky, N pending, - absent.
SCRIPT = {
    ("cypress/e2e/a.spec.js", "should try 2 times"): "FFFFF",                       # still-failing
    ("cypress/e2e/c.spec.js", "should be a skipped test"): "NNNNN",                  # pending: no transition
    ("cypress/e2e/b.spec.js", "should try 2 times"): "PPPPF",                        # new-failure
    ("cypress/e2e/b.spec.js", "should assert that true is true"): "PFPFP",           # fixed (failed in run 4)
    ("cypress/e2e/b.spec.js", "should fail on the first attempt and pass on the second"): "PPKPK",  # still-flaky
    ("cypress/e2e/e.spec.js", "Should throw an error"): "-PPPK",                     # new-flake; spec e absent in run 1
    ("cypress/e2e/d.spec.js", "should assert and take a screenshot"): "PPFNF",       # still-failing over a pending run
    ("cypress/e2e/d.spec.js", "should assert that true is true"): "---NF",           # new-failure, never ran before
}
SPEC_FACTOR = [1.0, 1.1, 0.9, 1.0, 1.0]
SLOWER = {("cypress/e2e/b.spec.js", 4): 2.0}


def load(path):
    with open(path) as f:
        return json.load(f)


def attempt(template, state, started, duration, error):
    a = copy.deepcopy(template)
    a["state"] = state
    a["error"] = copy.deepcopy(error) if state == "failed" else None
    a["wallClockStartedAt"] = started
    a["wallClockDuration"] = duration
    a["startedAt"] = started
    a["duration"] = duration
    return a


def main():
    run_doc = load(os.path.join(SOURCE, "run.json"))
    instances = {}
    for name in sorted(os.listdir(os.path.join(SOURCE, "instances"))):
        doc = load(os.path.join(SOURCE, "instances", name))
        instances[doc["data"]["instanceId"]] = doc
    # A template attempt with an error, for failed attempts.
    failing = next(a for d in instances.values() for t in d["data"]["results"]["tests"] for a in t["attempts"] if a["error"])
    error = failing["error"]

    for k in range(5):
        run_id = "hist00000000000%d" % (k + 1)
        day = 11 + k
        out = os.path.join(HERE, "run-%d" % (k + 1))
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(os.path.join(out, "instances"))
        run = copy.deepcopy(run_doc)
        data = run["data"]
        data["runId"] = run_id
        data["createdAt"] = "2023-09-%02dT04:42:58.900Z" % day
        specs = []
        group_tests = {"overall": 0, "passes": 0, "failures": 0, "pending": 0, "skipped": 0, "retries": 0, "flaky": 0}
        inst = {"overall": 0, "claimed": 0, "complete": 0, "passes": 0, "failures": 0}
        for spec in data["specs"]:
            path = spec["spec"]
            keep = [key for key, script in SCRIPT.items() if key[0] == path and script[k] != "-"]
            if not keep:
                continue   # the spec is not in this run
            spec = copy.deepcopy(spec)
            old_id = spec["instanceId"]
            spec["instanceId"] = old_id + "r%d" % (k + 1)
            factor = SPEC_FACTOR[k] * SLOWER.get((path, k), 1.0)
            stats = spec["results"]["stats"]
            duration = int(round(stats["wallClockDuration"] * factor))
            doc = copy.deepcopy(instances[old_id])
            d = doc["data"]
            d["runId"] = run_id
            d["instanceId"] = spec["instanceId"]
            tests = []
            counts = {"tests": 0, "passes": 0, "failures": 0, "pending": 0, "skipped": 0, "flaky": 0}
            for t in d["results"]["tests"]:
                key = (path, t["title"][-1])
                outcome = SCRIPT[key][k]
                if outcome == "-":
                    continue
                t = copy.deepcopy(t)
                start = stats["wallClockStartedAt"]
                template = failing
                if outcome == "P":
                    t["state"], t["attempts"], t["displayError"] = "passed", [attempt(template, "passed", start, 400, error)], None
                elif outcome == "F":
                    t["state"] = "failed"
                    t["attempts"] = [attempt(template, "failed", start, 900, error), attempt(template, "failed", start, 900, error)]
                    t["displayError"] = "%s: %s" % (error["name"], error["message"])
                elif outcome == "K":
                    t["state"] = "passed"
                    t["attempts"] = [attempt(template, "failed", start, 900, error), attempt(template, "passed", start, 400, error)]
                    t["displayError"] = None
                elif outcome == "N":
                    t["state"], t["attempts"], t["displayError"] = "pending", [], None
                tests.append(t)
                counts["tests"] += 1
                if outcome in "PK":
                    counts["passes"] += 1
                if outcome == "K":
                    counts["flaky"] += 1
                if outcome == "F":
                    counts["failures"] += 1
                if outcome == "N":
                    counts["pending"] += 1
                group_tests["retries"] += max(0, len(t["attempts"]) - 1)
            d["results"]["tests"] = tests
            for s in (stats, d["results"]["stats"]):
                for key in ("tests", "passes", "failures", "pending", "skipped"):
                    s[key] = counts[key]
                s["wallClockDuration"] = duration
                s["duration"] = duration
            spec["results"]["flaky"] = counts["flaky"]
            d["results"]["flaky"] = counts["flaky"]
            spec["results"]["stats"] = stats
            for key in ("passes", "failures", "pending", "skipped", "flaky"):
                group_tests[key] += counts[key]
            group_tests["overall"] += counts["tests"]
            inst["overall"] += 1
            inst["claimed"] += 1
            inst["complete"] += 1
            if counts["failures"] > 0 or counts["skipped"] > 0:
                inst["failures"] += 1
            else:
                inst["passes"] += 1
            specs.append(spec)
            with open(os.path.join(out, "instances", spec["instanceId"] + ".json"), "w") as f:
                json.dump(doc, f, indent=2, ensure_ascii=False)
                f.write("\n")
        data["specs"] = specs
        data["groups"][0]["tests"] = group_tests
        data["groups"][0]["instances"] = inst
        data["status"] = "FAILED" if group_tests["failures"] > 0 else "PASSED"
        with open(os.path.join(out, "run.json"), "w") as f:
            json.dump(run, f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
