#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it (README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Browser tests drive Debian's Chromium through Playwright (never `playwright install`);
# the report pages' pure JS module is tested in Node (tests/js, run by tests/unit).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec python -m pytest "$@"
