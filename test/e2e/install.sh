#!/usr/bin/env bash
# Installs the end-to-end tooling on a fresh Debian machine (run as root): the Debian packages
# code-server's native modules and the browser need, then code-server, playwright-core, mocha
# and @vscode/test-electron into test/e2e/node_modules. Idempotent: a finished install whose
# package-lock.json has not changed is reused.
set -euo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive

debian_packages=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "e2e install: apt packages: ${missing[*]}"
  # Another apt run (e.g. .ci/run's chromium) may hold the lock: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi

# code-server's inner npm install fetches ripgrep from GitHub unless this cache file exists;
# Debian's rg stands in for it. The path is under os.tmpdir(), as @vscode/ripgrep computes it.
rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
rg_tarball="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tarball" ]; then
  mkdir -p "$rg_cache"
  tar -czf "$rg_tarball" -C /usr/bin rg
fi

stamp=node_modules/.dying-neurons-e2e-installed
lock_hash() { { cat package.json; cat package-lock.json 2>/dev/null || true; } | sha256sum | cut -d' ' -f1; }
want="$(lock_hash)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/code-server ]; then
  echo "e2e install: reusing test/e2e/node_modules"
  exit 0
fi

export npm_config_unsafe_perm=true npm_config_yes=true
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
node_modules/.bin/code-server --version >/dev/null
lock_hash >"$stamp"
echo "e2e install: done"
