#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run the whole suite.
#   bash scripts/test.sh [pytest args…]
# System packages: chromium (browser tests, driven by Playwright) with a CJK font (fonts-wqy-microhei: real
# glyph widths for the 360 px tests, readable screenshots), nginx-light (bundle test),
# nodejs + npm (axe-core for the accessibility scan), openssl (HTTPS in the nginx test). Python packages: .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium fonts-wqy-microhei nginx-light openssl)
# Node.js may come from another repository (nodesource ships npm inside its nodejs
# package, and Debian's npm then conflicts with it): ask apt only when npm is missing.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "apt-get not found: browser, nginx and accessibility tests will be skipped" >&2
fi

python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --silent
fi
exec .venv/bin/python -m pytest -q "$@"
