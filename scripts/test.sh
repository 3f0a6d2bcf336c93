#!/usr/bin/env bash
# The whole test suite, as the README gives it and CI runs it:
#   1. `swift test`: unit, golden-file, CLI and fetch tests (the fetch tests start a fake Currents
#      API on 127.0.0.1; XSD validation with libxml2 runs inside them);
#   2. the JUnit files checked by their real consumers: xmllint --schema, junitparser, xunitparser;
#   3. the HTML report in headless Chromium (console, network, behaviour, axe-core) and the W3C Nu
#      checker.
# It first installs what is missing (scripts/install-test-deps.sh: Debian packages as root, pip).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

echo "==> swift test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift test 2>&1 | tee "$log"
count="$(grep -Eo 'Test run with [0-9]+ tests' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)"
[ "$count" -gt 0 ] || { echo "no Swift Testing tests ran"; exit 1; }

bin="$(swift build --show-bin-path)/runreport"
echo "==> JUnit consumers (xmllint, junitparser, xunitparser)"
bash scripts/check-junit.sh "$bin"
echo "==> HTML in headless Chromium, axe-core, W3C Nu checker"
python3 scripts/check_html.py "$bin"

echo "all tests passed: $count Swift tests, the JUnit consumer checks and the browser check"
