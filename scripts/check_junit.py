#!/usr/bin/env python3
"""Parse a junit.xml written by runreport with two third-party parsers and check that their counts
equal the counters the file declares.

Usage: check_junit.py FILE [FILE ...]

The declared counters are the root's (`tests`, `failures`, `errors`) when present, else the sums of
the suites' (the Ant profile's root has no attributes); `skipped` is always the sum of the suites'
(junit-10 has no `skipped` on the root). Each parser's counts are what it finds in the cases:
- junitparser: every case's `result` list (Failure, Error, Skipped; retry elements such as
  `flakyFailure` are not results, so a flaky pass counts as a pass);
- xunitparser: the unittest result it builds (testsRun, failures, errors, skipped).
Exit status 0 when every file agrees, 1 otherwise.
"""
import sys
import xml.etree.ElementTree as ET

import junitparser
import xunitparser


class LenientPropertiesParser(xunitparser.Parser):
    """xunitparser merges every <testsuite> into one TestSuite and asserts that a property name is
    never seen twice, so any file with several suites carrying the same property (group, machineId…)
    fails on that assert before anything is counted. Keep the first value instead; counting is untouched."""

    def parse_properties(self, el, ts):
        for e in el:
            if e.tag == "property":
                ts.properties.setdefault(e.attrib["name"], e.attrib["value"])


def declared(path):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites", f"root is <{root.tag}>"
    suites = root.findall("testsuite")
    sums = {k: sum(int(s.attrib.get(k, "0")) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
    counts = dict(sums)
    for k in ("tests", "failures", "errors"):
        if k in root.attrib:
            counts[k] = int(root.attrib[k])
            if counts[k] != sums[k]:
                raise AssertionError(f"root {k}={counts[k]} but the suites say {sums[k]}")
    return counts


def by_junitparser(path):
    xml = junitparser.JUnitXml.fromfile(path)
    suites = [xml] if isinstance(xml, junitparser.TestSuite) else list(xml)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for case in suite:
            counts["tests"] += 1
            kinds = {type(r) for r in case.result}
            counts["failures"] += junitparser.Failure in kinds
            counts["errors"] += junitparser.Error in kinds
            counts["skipped"] += junitparser.Skipped in kinds
    return counts


def by_xunitparser(path):
    with open(path, "rb") as f:
        suite, result = LenientPropertiesParser().parse(f)
    return {
        "tests": result.testsRun,
        "failures": len(result.failures),
        "errors": len(result.errors),
        "skipped": len(result.skipped),
    }


def main(paths):
    ok = True
    for path in paths:
        try:
            expected = declared(path)
        except Exception as error:
            print(f"FAIL {path}: {type(error).__name__}: {error}")
            ok = False
            continue
        agreed = True
        for name, parser in (("junitparser", by_junitparser), ("xunitparser", by_xunitparser)):
            try:
                counts = parser(path)
            except Exception as error:  # xunitparser checks the root counters itself, with a bare assert
                print(f"FAIL {path}: {name} rejects the file: {type(error).__name__}: {str(error) or 'a root counter differs from its own count'}")
                agreed = False
                continue
            if counts != expected:
                print(f"FAIL {path}: {name} counts {counts}, the file declares {expected}")
                agreed = False
        if agreed:
            print(f"ok   {path}: {expected} (junitparser, xunitparser agree)")
        ok = ok and agreed
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
