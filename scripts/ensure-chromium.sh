#!/usr/bin/env bash
# The webview tests drive Debian's Chromium (never a downloaded browser). Install it when it is
# missing and we may (root with apt-get); otherwise say what to do.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the webview tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium >/dev/null
else
  echo "The webview tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2
  exit 1
fi
