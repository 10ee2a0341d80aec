#!/usr/bin/env bash
# Creates or updates the project's Python test environment (.venv/) from python/requirements-test.txt
# and prints its interpreter. Quick when nothing changed: the hash of the requirements file
# installed last is kept in the venv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
requirements="$root/python/requirements-test.txt"
stamp="$venv/requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv" >&2
fi
rm -f "$stamp"
"$venv/bin/python" -m pip install --retries 0 --quiet --requirement "$requirements" >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
