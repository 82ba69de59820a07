#!/usr/bin/env bash
# `npm test`: every suite, on a fresh machine too. Installs what the suites need (a pinned Python environment for
# the real Lance server, the botocore verifier, moto and pyiceberg; the Iceberg and Nessie servers from Maven Central;
# code-server for every editor in scripts/runtimes.json, Chromium, a second Node) into a machine-wide cache, builds,
# then runs all suites in one node:test run so its summary is the last thing printed and its exit status covers
# everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export NSB_CACHE_DIR="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"

[ -x node_modules/.bin/tsx ] || npm ci --no-audit --no-fund

runtime() { node -p "const r = require('./scripts/runtimes.json'); $1"; }

echo "== preparing the Python environment (pylance, pyarrow, botocore, pyiceberg, moto)" >&2
NSB_PYTHON="$(bash scripts/python-env.sh | tail -n 1)"
export NSB_PYTHON
echo "== preparing the Iceberg REST catalog server (Maven Central)" >&2
bash scripts/iceberg-server.sh >/dev/null
echo "== preparing Project Nessie (Maven Central) and a Java 21+ to run it" >&2
bash scripts/nessie-server.sh >/dev/null
for editor in $(runtime "r.editors.map((e) => e.name).join(' ')"); do
  echo "== preparing code-server and Chromium: $(runtime "((e) => \`VS Code \${e.vscode} (code-server \${e.codeServer})\`)(r.editors.find((e) => e.name === '$editor'))")" >&2
  bash scripts/ensure-code-server.sh "$editor" >/dev/null
done
OTHER_NODE="$(runtime r.alsoTestOnNode)"
echo "== preparing Node $OTHER_NODE (npm registry)" >&2
bash scripts/ensure-node.sh "$OTHER_NODE" >/dev/null

echo "== typecheck, lint, format and build" >&2
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent build:tests
npm run --silent package >/dev/null

echo "== tests on Node $(node --version), unit and integration again on Node $OTHER_NODE" >&2
# Longest files first, so the two slots finish together. Node 20's runner takes no glob patterns: scripts/test-files.sh
# lists the files (and fails on one in no runner's folder).
files="$(bash scripts/test-files.sh editor other-node integration unit)"
mapfile -t files <<<"$files"
exec node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
