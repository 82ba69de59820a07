#!/usr/bin/env bash
# Installs Node.js VERSION from the npm registry's `node-<os>-<arch>` package (the official build, headers included)
# into the machine-wide cache and prints the path of its `node` on the last stdout line. Idempotent and locked: a
# warm run only checks a marker; parallel runs wait for one install. Used for the newest VS Code's code-server and
# for running the CLI and core tests on a second Node.
set -euo pipefail

VERSION="${1:?usage: ensure-node.sh VERSION}"
CACHE_ROOT="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"
DIR="$CACHE_ROOT/node-$VERSION"
MARKER="$DIR/.installed"

case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "ensure-node: no Node package for $(uname -m)" >&2; exit 1 ;;
esac
PACKAGE="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch"
NODE="$DIR/node_modules/$PACKAGE/bin/node"

if [[ -f "$MARKER" && -x "$NODE" ]]; then echo "$NODE"; exit 0; fi
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/node-$VERSION.lock"
flock 9
if [[ -f "$MARKER" && -x "$NODE" ]]; then echo "$NODE"; exit 0; fi

echo "ensure-node: installing $PACKAGE@$VERSION into $DIR" >&2
rm -rf "$DIR" && mkdir -p "$DIR"
npm install --prefix "$DIR" --no-audit --no-fund --no-save --loglevel=error "$PACKAGE@$VERSION" >&2
actual="$("$NODE" --version)"
[[ "$actual" == "v$VERSION" ]] || { echo "ensure-node: $NODE is $actual, not v$VERSION" >&2; exit 1; }
# Native modules (code-server's) build against these headers: node-gyp cannot download them offline.
[[ -f "$DIR/node_modules/$PACKAGE/include/node/node.h" ]] || { echo "ensure-node: $PACKAGE@$VERSION has no include/node headers" >&2; exit 1; }
touch "$MARKER"
echo "$NODE"
