#!/usr/bin/env bash
# `npm test`: every suite, on a fresh machine too. Installs what the suites need (a pinned Python environment for
# the real Lance server, the botocore verifier, moto and pyiceberg; the Iceberg and Nessie servers from Maven Central;
# code-server and Chromium for the editor tests) into a
# machine-wide cache, builds, then runs all suites in one node:test run so its summary is the last thing printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NSB_CACHE_DIR="${NSB_CACHE_DIR:-$HOME/.cache/namespace-browser}"

[ -x node_modules/.bin/tsx ] || npm ci --no-audit --no-fund

echo "== preparing the Python environment (pylance, pyarrow, botocore, pyiceberg, moto)" >&2
NSB_PYTHON="$(bash scripts/python-env.sh | tail -n 1)"
export NSB_PYTHON
echo "== preparing the Iceberg REST catalog server (Maven Central)" >&2
bash scripts/iceberg-server.sh >/dev/null
echo "== preparing Project Nessie (Maven Central) and a Java 21+ to run it" >&2
bash scripts/nessie-server.sh >/dev/null
echo "== preparing code-server and Chromium" >&2
bash scripts/ensure-code-server.sh >/dev/null

echo "== typecheck, lint and build" >&2
npm run --silent typecheck
npm run --silent lint
npm run --silent build:tests
npm run --silent package >/dev/null

echo "== tests" >&2
# Node 20's runner takes no glob patterns: scripts/test-files.sh lists the files (and fails on one in no runner's folder).
files="$(bash scripts/test-files.sh unit integration editor)"
mapfile -t files <<<"$files"
exec node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
