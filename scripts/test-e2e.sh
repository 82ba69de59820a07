#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server + Chromium): the in-host mocha suite and the UI tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-code-server.sh >/dev/null
npm run --silent build:tests
npm run --silent package   # a production build of dist/ plus the .vsix the UI tests install
node --import tsx --test --test-concurrency=1 --test-reporter=spec test/e2e/*.test.ts
