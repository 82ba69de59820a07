#!/usr/bin/env bash
# Installs what the e2e tests need: Debian's Chromium and code-server 4.100.3 (VS Code 1.100.3, the last release
# that runs on Node 20). Idempotent: a warm run only checks a marker. Last stdout line: the code-server executable.
# Details and reasons: shared/docs/testing-in-vscode.md.
set -euo pipefail

CS_VERSION=4.100.3
CS_ROOT="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}/code-server-$CS_VERSION"
CS_BIN="$CS_ROOT/node_modules/.bin/code-server"
MARKER="$CS_ROOT/.installed"

log() { echo "ensure-code-server: $*" >&2; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when an install from the current ones fails.
  apt-get install -y -q "${missing[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2; }
fi

if [[ ! -f "$MARKER" || ! -x "$CS_BIN" ]]; then
  log "installing code-server@$CS_VERSION into $CS_ROOT"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this cached archive.
  RGC="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  RG_TGZ="$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ ! -f "$RG_TGZ" ]]; then
    rgdir=$(mktemp -d)
    mkdir -p "$RGC" && cp "$(command -v rg)" "$rgdir/"
    tar czf "$RG_TGZ" -C "$rgdir" rg && rm -rf "$rgdir"
  fi
  # Native modules must build against Node's own headers: node-gyp cannot download them offline.
  NODEDIR=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [[ -f "$NODEDIR/include/node/node.h" ]] || { log "no Node headers under $NODEDIR/include/node"; exit 1; }
  rm -rf "$CS_ROOT" && mkdir -p "$CS_ROOT"
  # yes: lets node-pty's `npx node-gyp` run; unsafe_perm: lets code-server's postinstall run as root.
  npm_config_yes=true npm_config_nodedir="$NODEDIR" npm_config_unsafe_perm=true \
    npm install --prefix "$CS_ROOT" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >&2
  # A throwaway config dir: code-server otherwise writes a password file into ~/.config.
  XDG_CONFIG_HOME="$CS_ROOT/.xdg-config" "$CS_BIN" --version >&2
  touch "$MARKER"
fi

echo "$CS_BIN"
