#!/usr/bin/env bash
# Installs the Debian packages Kaiku needs that are missing, and (for tests) the Python
# virtualenv with Selenium and axe-core. Usage: scripts/install-packages.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-run}" in
  run)  packages=(ca-certificates pkg-config libqrencode-dev libvoikko-dev voikko-fi libstemmer-dev zlib1g-dev) ;;
  test) packages=(ca-certificates pkg-config libqrencode-dev libvoikko-dev voikko-fi libstemmer-dev zlib1g-dev postgresql chromium chromium-driver nginx-light openssl faketime gcc) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v swift >/dev/null || { echo "Swift 6 is required (https://www.swift.org/install/linux/)." >&2; exit 1; }

if [ "${1:-run}" = test ]; then
  # axe-selenium-python 3 (axe-core 4.10, offline) needs Python 3.12 or newer.
  python=""
  for candidate in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python /root/.pyenv/versions/3.12*/bin/python python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      python=$candidate
      break
    fi
  done
  [ -n "$python" ] || { echo "Python 3.12 or newer is needed for the browser tests." >&2; exit 1; }
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import selenium, axe_selenium_python, pytest, openpyxl, holidays, fhir.resources, schemathesis' 2>/dev/null; then
    "$python" -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check -r Tests/system/requirements.txt
  fi
fi
