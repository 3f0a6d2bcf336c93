#!/usr/bin/env bash
# The whole test suite, as the README gives it and CI runs it:
#   1. `swift test`: unit, golden-file, CLI and fetch tests (the fetch tests start a fake Currents
#      API on 127.0.0.1; XSD validation with libxml2 runs inside them; SchemaTests validates every
#      golden summary.json against Schemas/summary.schema.json with Python's jsonschema);
#   2. the JUnit files checked by their real consumers: xmllint --schema, junitparser, xunitparser;
#   3. the HTML report in headless Chromium (console, network, behaviour, axe-core) and the W3C Nu
#      checker.
# It first installs what is missing (scripts/install-test-deps.sh: Debian packages as root; the
# Python packages into the project's virtual environment .build-venv/, never the system Python),
# then runs everything with that environment's python first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

venv="${RUNREPORT_VENV:-.build-venv}"
venv="$(cd "$venv" && pwd)"
export PATH="$venv/bin:$PATH"
export RUNREPORT_PYTHON="$venv/bin/python3"
echo "==> Python for the checks: $RUNREPORT_PYTHON"

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
"$RUNREPORT_PYTHON" scripts/check_html.py "$bin"

echo "all tests passed: $count Swift tests, the JUnit consumer checks and the browser check"
