#!/usr/bin/env python3
"""Checks the CSV export of a report directory against its summary.json.

    python3 scripts/check_csv.py OUT_DIR

OUT_DIR holds summary.json, tests.csv, specs.csv and errors.csv (`runreport report --format
summary-json,csv`). Each CSV is parsed with Python's csv module (strict: a malformed quote is an
error) after a check of the RFC 4180 conventions runreport promises (UTF-8 without a BOM, CRLF line
ends, a header row); then every row is compared, field by field, with the entry of summary.json's
`tests`, `specs` or `errors` at the same position. A text field that begins with = + - @ tab or CR
in summary.json must come out with a leading ' (formula injection); no other text field may begin
with one of those. Prints one line per problem and exits 1 when there is any, else prints a count.
"""
import csv
import io
import json
import sys

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

TESTS = ["groupId", "spec", "instanceId", "title", "state", "attempts", "flaky", "retries", "durationMs", "error", "fingerprint"]
SPECS = ["groupId", "spec", "instanceId", "machineId", "state", "claimedAt", "completedAt", "claimToCompleteMs", "executionMs",
         "overheadMs", "tests", "passes", "failures", "pending", "skipped", "flaky"]
ERRORS = ["fingerprint", "key", "example", "failed", "flaky", "tests", "exceptions", "specs", "groups"]
TEXT = {"groupId", "spec", "instanceId", "machineId", "title", "state", "error", "fingerprint", "key", "example"}

problems = []


def expected_cell(name, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " › ".join(value)
    value = str(value)
    if name in TEXT and value.startswith(DANGEROUS):
        return "'" + value
    return value


def load(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{path}: starts with a byte-order mark")
    text = raw.decode("utf-8")
    # Outside quoted fields every line ends with CRLF; csv's reader accepts both, so count.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = list(reader)
    if not text.endswith("\r\n"):
        problems.append(f"{path}: does not end with CRLF")
    return rows


def compare(path, header, entries, project):
    rows = load(path)
    if not rows or rows[0] != header:
        problems.append(f"{path}: header {rows[:1]} is not {header}")
        return 0
    body = rows[1:]
    if len(body) != len(entries):
        problems.append(f"{path}: {len(body)} rows, summary.json has {len(entries)}")
    for i, (row, entry) in enumerate(zip(body, entries)):
        values = project(entry)
        for name, cell in zip(header, row):
            want = expected_cell(name, values[name])
            if cell != want:
                problems.append(f"{path}: row {i + 1} {name}: {cell!r} != {want!r}")
            if name in TEXT and cell.startswith(DANGEROUS):
                problems.append(f"{path}: row {i + 1} {name} begins with a formula character: {cell!r}")
        if len(row) != len(header):
            problems.append(f"{path}: row {i + 1} has {len(row)} fields")
    return len(body)


def main():
    out = sys.argv[1]
    summary = json.load(open(f"{out}/summary.json", encoding="utf-8"))

    def spec_values(s):
        tests = s.get("tests") or {}
        values = {k: s[k] for k in SPECS if k in s and k != "tests"}
        for k in ["tests", "passes", "failures", "pending", "skipped", "flaky"]:
            values[k] = tests.get("overall" if k == "tests" else k)
        return values

    n = compare(f"{out}/tests.csv", TESTS, summary["tests"], lambda t: t)
    n += compare(f"{out}/specs.csv", SPECS, summary["specs"], spec_values)
    n += compare(f"{out}/errors.csv", ERRORS, summary["errors"], lambda e: e)
    for p in problems[:50]:
        print(p)
    if problems:
        sys.exit(1)
    print(f"csv ok: {n} rows agree with summary.json")


main()
