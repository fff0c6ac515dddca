#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it (README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -e ".[test]"
if [ ! -x /usr/bin/chromium ]; then
  # Browser tests drive Debian's Chromium through Playwright; never `playwright install`.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
exec python -m pytest "$@"
