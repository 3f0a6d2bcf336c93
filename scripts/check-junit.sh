#!/usr/bin/env bash
# CI: the JUnit XML of a few fixtures, in every profile, checked outside our own code: xmllint
# against the profile's XSD in Schemas/, then junitparser and xunitparser (scripts/check_junit.py), whose
# counts must equal the counters the file declares.
#
# Usage: scripts/check-junit.sh PATH/TO/runreport
# Needs xmllint (libxml2-utils) and the Python packages junitparser and xunitparser, taken from
# $RUNREPORT_PYTHON (scripts/test.sh sets it to .build-venv's python), else python3; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:?usage: scripts/check-junit.sh PATH/TO/runreport}"
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
command -v xmllint >/dev/null || { echo "xmllint is missing (apt-get install libxml2-utils)" >&2; exit 2; }

fixtures=(flaky-retries hostile-strings real-flaky-c7068a4d timed-out cancelled multi-group unclaimed)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=()
for profile in standard ant per-attempt; do
  case "$profile" in
    ant) xsd=Schemas/windyroad-ant-JUnit.xsd ;;
    *) xsd=Schemas/jenkins-xunit-junit-10.xsd ;;
  esac
  for fixture in "${fixtures[@]}"; do
    out="$work/$profile/$fixture"
    "$bin" report "Tests/RunReportTests/Fixtures/$fixture" --out "$out" --format junit --junit-profile "$profile" --quiet
    xmllint --noout --nonet --schema "$xsd" "$out/junit.xml"
    files+=("$out/junit.xml")
  done
done
"${RUNREPORT_PYTHON:-python3}" scripts/check_junit.py "${files[@]}"
echo "junit: ${#files[@]} files valid (xmllint) and counted alike by junitparser and xunitparser"
