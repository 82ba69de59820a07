#!/usr/bin/env bash
# `npm run demo` on a fresh machine: install what it needs, then run the demo (scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/tsx ] || npm ci --no-audit --no-fund
bash scripts/python-env.sh >/dev/null
bash scripts/ensure-code-server.sh >/dev/null
exec node --import tsx scripts/demo.ts
