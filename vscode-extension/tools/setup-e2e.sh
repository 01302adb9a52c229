#!/usr/bin/env bash
# Installs what the VS Code end-to-end tests need: Debian packages (Chromium, ripgrep,
# a compiler for code-server's native modules, a font with the ⏸ glyph), code-server
# from npm, and this extension's npm dependencies, built.
#
# Idempotent and cached: code-server goes to $SWITCHPOINT_TOOLS_CACHE (default
# ~/.cache/switchpoint-tools) under a folder named after its version, and a finished
# install leaves a stamp, so a second run only checks stamps. Prints, as its last line,
# the code-server launcher to use.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # the last release that runs on Node 20
APT_PACKAGES=(build-essential pkg-config python3 libkrb5-dev libsecret-1-dev libxkbfile-dev
              ripgrep chromium fonts-symbola)

here="$(cd "$(dirname "$0")/.." && pwd)"   # vscode-extension/
cache="${SWITCHPOINT_TOOLS_CACHE:-$HOME/.cache/switchpoint-tools}"
log() { echo "setup-e2e: $*" >&2; }

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

install_code_server() {
  local dest="$cache/code-server-$CODE_SERVER_VERSION"
  local stamp="$dest/.installed"
  [ -f "$stamp" ] && return 0
  log "installing code-server $CODE_SERVER_VERSION into $dest"
  rm -rf "$dest" "$dest.partial"
  mkdir -p "$dest.partial"
  # --ignore-scripts everywhere: the postinstall steps download ripgrep from GitHub,
  # which is unreachable here, and npm would then roll back the whole install.
  # We do the postinstall's work by hand below.
  (cd "$dest.partial" && npm install --prefix . --ignore-scripts --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" >&2)
  local cs="$dest.partial/node_modules/code-server"
  (cd "$cs/lib/vscode" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error --omit=dev >&2)
  mkdir -p "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
  ln -sf "$(command -v rg)" "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$cs/lib/vscode/node_modules.asar"
  ln -sf code-linux.sh "$cs/lib/vscode/bin/remote-cli/code-server"
  ln -sf browser-linux.sh "$cs/lib/vscode/bin/helpers/browser.sh"
  # Compile the native modules (node-pty, spdlog, kerberos, watcher, argon2, ...) here.
  log "compiling code-server's native modules"
  (cd "$cs/lib/vscode" && npm_config_build_from_source=true npm_config_yes=true npm rebuild --loglevel=error >&2)
  (cd "$dest.partial" && npm rebuild argon2 --build-from-source --loglevel=error >&2)
  touch "$dest.partial/.installed"
  mv "$dest.partial" "$dest"
}

install_extension_deps() {
  # npm ci only when package-lock.json changed since the last install in this checkout.
  local want stamp="$here/node_modules/.switchpoint-lock-hash"
  want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "npm ci in $here"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" > "$stamp"
  fi
  (cd "$here" && npm run --silent compile >&2)
}

mode="${1:-all}"   # "build": only the extension's own dependencies and build (unit tests)

# Test runs on one machine may overlap (several checkouts, several engineers): one
# installer at a time, the others wait and then find the stamps.
mkdir -p "$cache"
exec 9> "$cache/.setup.lock"
flock 9
if [ "$mode" = all ] || [ "$mode" = code-server ]; then
  install_debian_packages
  install_code_server
fi
if [ "$mode" != code-server ]; then
  install_extension_deps
fi
echo "$cache/code-server-$CODE_SERVER_VERSION/node_modules/code-server/out/node/entry.js"
