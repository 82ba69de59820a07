#!/usr/bin/env bash
# Installs what the editor tests need: Debian's Chromium and the code-server of one editor from scripts/runtimes.json
# (`floor`, the default: code-server 4.100.3 = VS Code 1.100.3 on the system's Node 20; `newest`: the newest
# code-server on the Node it needs, installed from the registry by ensure-node.sh). Idempotent and locked: a warm run
# only checks a marker. Last stdout line: an executable that starts that code-server.
# Details and reasons: shared/docs/testing-in-vscode.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

EDITOR_NAME="${1:-floor}"
read -r CS_VERSION VSCODE_VERSION NODE_VERSION < <(node -e '
  const e = require(process.argv[1]).editors.find((x) => x.name === process.argv[2]);
  if (!e) { console.error(`ensure-code-server: no editor "${process.argv[2]}" in scripts/runtimes.json`); process.exit(1); }
  console.log(e.codeServer, e.vscode, e.node);' "$here/runtimes.json" "$EDITOR_NAME")
CACHE_ROOT="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"
CS_ROOT="$CACHE_ROOT/code-server-$CS_VERSION"
# On the system's Node, npm's own bin link; on a cached Node, a wrapper that runs code-server's entry point on it.
if [[ "$NODE_VERSION" == system ]]; then CS_BIN="$CS_ROOT/node_modules/.bin/code-server"; else CS_BIN="$CS_ROOT/bin/code-server"; fi
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

if [[ -f "$MARKER" && -x "$CS_BIN" ]]; then echo "$CS_BIN"; exit 0; fi
mkdir -p "$CACHE_ROOT"
# Parallel test runs share the cache: one install at a time, the others wait and reuse it.
exec 9>"$CACHE_ROOT/code-server-$CS_VERSION.lock"
flock 9
if [[ -f "$MARKER" && -x "$CS_BIN" ]]; then echo "$CS_BIN"; exit 0; fi

if [[ "$NODE_VERSION" == system ]]; then
  NODE="$(readlink -f "$(command -v node)")"
else
  NODE="$(bash "$here/ensure-node.sh" "$NODE_VERSION" | tail -n 1)"
fi
NODEDIR="$(dirname "$(dirname "$NODE")")"
# Native modules must build against Node's own headers: node-gyp cannot download them offline.
[[ -f "$NODEDIR/include/node/node.h" ]] || { log "no Node headers under $NODEDIR/include/node"; exit 1; }
# The system's npm, run by the chosen Node (the registry's node packages carry no npm); that Node first on PATH, so
# install scripts and node-gyp build for it.
NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[[ -f "$NPM_CLI" ]] || NPM_CLI="$(npm root -g)/npm/bin/npm-cli.js"

log "installing code-server@$CS_VERSION (VS Code $VSCODE_VERSION) on Node $("$NODE" --version) into $CS_ROOT"
# @vscode/ripgrep's postinstall (code-server 4.100) downloads rg from GitHub unless it finds this cached archive;
# newer releases ship @vscode/ripgrep-universal with the binaries inside.
RGC="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -f "$RG_TGZ" ]]; then
  rgdir=$(mktemp -d)
  mkdir -p "$RGC" && cp "$(command -v rg)" "$rgdir/"
  tar czf "$RG_TGZ" -C "$rgdir" rg && rm -rf "$rgdir"
fi
rm -rf "$CS_ROOT" && mkdir -p "$CS_ROOT"
# yes: lets node-pty's `npx node-gyp` run; unsafe_perm: lets code-server's postinstall run as root.
# Run from `npm test`, the environment holds the outer npm's npm_config_user_agent ("npm/… node/v20…"); the inner npm
# takes it as its own config, and code-server's postinstall reads the Node major from it and refuses Node 24's install.
PATH="$(dirname "$NODE"):$PATH" env -u npm_config_user_agent npm_config_yes=true npm_config_nodedir="$NODEDIR" npm_config_unsafe_perm=true \
  "$NODE" "$NPM_CLI" install --prefix "$CS_ROOT" --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" >&2
if [[ "$NODE_VERSION" != system ]]; then
  mkdir -p "$CS_ROOT/bin"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE" "$CS_ROOT/node_modules/code-server/out/node/entry.js" >"$CS_BIN"
  chmod +x "$CS_BIN"
fi
# code-server runs only on the Node major its VS Code was built for.
wanted="$("$NODE" -p "require('$CS_ROOT/node_modules/code-server/package.json').engines.node")"
[[ "$("$NODE" -p 'process.versions.node.split(".")[0]')" == "$wanted" ]] ||
  { log "code-server@$CS_VERSION needs Node $wanted, not $("$NODE" --version) (scripts/runtimes.json)"; exit 1; }
# The pin names the VS Code inside; check it. A throwaway config dir: code-server otherwise writes ~/.config.
version="$(XDG_CONFIG_HOME="$CS_ROOT/.xdg-config" "$CS_BIN" --version)"
log "$version"
[[ "$version" == *"Code $VSCODE_VERSION"* ]] || { log "code-server@$CS_VERSION is not VS Code $VSCODE_VERSION (scripts/runtimes.json)"; exit 1; }
touch "$MARKER"
echo "$CS_BIN"
