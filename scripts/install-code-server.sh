#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end tests: code-server 4.100.3 (VS Code 1.100.3, web build)
# into .e2e/code-server (gitignored), using only the npm registry and Debian packages.
#   bash scripts/install-code-server.sh [DIR]
# Idempotent: a stamp naming the code-server and Node versions makes a second run a no-op.
# What the stock install would fetch from elsewhere, and what this does instead:
#  - its postinstall downloads ripgrep from GitHub -> scripts are skipped; Debian's ripgrep goes where VS Code looks
#  - native modules fetch node headers or prebuilt binaries -> rebuilt with node-gyp against the local headers
set -euo pipefail
VERSION=4.100.3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/.e2e/code-server}
STAMP="$DIR/.installed"
WANT="code-server $VERSION, node $(node -v)"
START=$SECONDS

log() { echo "install-code-server: $*"; }

# --- Debian packages: browser, ripgrep, and the headers the native modules build against ---
apt_install() {
  local need=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${need[*]}"; return 1; }
    sudo=(sudo)
  fi
  log "apt-get install ${need[*]}"
  # Another apt/dpkg (e.g. a provisioning step) may hold the lock: apt waits for the dpkg lock itself,
  # and the loop covers the package-list lock that `apt-get update` takes.
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need[@]}" >/dev/null; then
      return 0
    fi
    log "apt-get failed (attempt $attempt; the apt lock may be held), retrying in 30s"
    sleep 30
  done
  return 1
}
apt_install chromium ripgrep python3 make g++ pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$DIR/node_modules/.bin/code-server" ]; then
  log "$WANT already installed in $DIR"
  exit 0
fi

# Node's own headers, so node-gyp never downloads them (Debian's nodejs ships them under /usr/include/node).
NODEDIR=$(cd "$(dirname "$(readlink -f "$(command -v node)")")/.." && pwd)
[ -f "$NODEDIR/include/node/node_api.h" ] || { log "Node headers not found under $NODEDIR/include/node"; exit 1; }
NODE_GYP=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
[ -f "$NODE_GYP" ] || { log "node-gyp (bundled with npm) not found at $NODE_GYP"; exit 1; }
BUILD_LOG="$DIR.build.log"
gyp() { node "$NODE_GYP" rebuild --nodedir="$NODEDIR" --jobs="$(nproc)" "$@" >>"$BUILD_LOG" 2>&1; }
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# A half-finished or outdated install is started over rather than patched (only ever a folder this script made).
MARKER='{ "name": "mldock-e2e-code-server", "private": true }'
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ] && [ "$(cat "$DIR/package.json" 2>/dev/null)" != "$MARKER" ]; then
  log "$DIR exists and was not made by this script; choose another folder"; exit 1
fi
rm -rf "$DIR" "$BUILD_LOG"
mkdir -p "$DIR"
cd "$DIR"
echo "$MARKER" >package.json
log "npm install code-server@$VERSION"
npm install --ignore-scripts --loglevel=error "code-server@$VERSION" >/dev/null

# argon2 (password hashing; unused with --auth none, but loaded at start-up) wants a prebuilt binary.
(cd node_modules/argon2 &&
  gyp --napi_build_version=3 --module_name=argon2 --module_path=lib/binding/napi-v3 &&
  mkdir -p lib/binding/napi-v3 && cp build/lib/binding/napi-v3/argon2.node lib/binding/napi-v3/) ||
  { tail -40 "$BUILD_LOG"; log "argon2 did not build (log: $BUILD_LOG)"; exit 1; }

cd node_modules/code-server/lib/vscode
log "npm install VS Code's server dependencies"
npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null
failed=()
for d in $(find node_modules -name binding.gyp -not -path '*/ripgrep/*' -not -path '*windows*' -exec dirname {} \; | sort -u); do
  log "building native module $d"
  (cd "$d" && gyp) || failed+=("$d")
done
# The terminal (node-pty), file watching (@parcel/watcher) and logging (spdlog) are needed by the scenarios.
for d in "${failed[@]}"; do
  case "$d" in
    *node-pty*|*watcher*|*spdlog*) tail -40 "$BUILD_LOG"; log "required native module $d did not build (log: $BUILD_LOG)"; exit 1 ;;
    *) log "warning: optional native module $d did not build" ;;
  esac
done
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null) ||
  log "warning: built-in extensions' dependencies did not install"
cd "$DIR"

# --version writes a default config file; keep it inside DIR rather than the user's home.
version=$(XDG_CONFIG_HOME="$DIR/.config" node_modules/.bin/code-server --version | grep -m1 "^$VERSION " || true)
[ -n "$version" ] || { log "code-server did not report version $VERSION"; exit 1; }
echo "$WANT" >"$STAMP"
log "installed $version in $((SECONDS - START))s"
