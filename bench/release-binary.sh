# Sourced by the benchmark scripts: sets BIN to $RUNREPORT_BIN when given (a path or a command on
# PATH), else builds the release binary and uses it. Expects to run from the repository root.
if [[ -n "${RUNREPORT_BIN:-}" ]]; then
  if ! BIN="$(type -P -- "$RUNREPORT_BIN")"; then
    echo "bench: RUNREPORT_BIN=$RUNREPORT_BIN not found" >&2
    exit 1
  fi
  echo "==> using RUNREPORT_BIN=$BIN (not building)"
else
  echo "==> swift build -c release --product runreport"
  swift build -c release --product runreport
  BIN="$(swift build -c release --show-bin-path)/runreport"
fi
if [[ ! -x "$BIN" ]]; then
  echo "bench: $BIN is not an executable file" >&2
  exit 1
fi
