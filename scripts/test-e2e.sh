#!/usr/bin/env bash
# The editor tests only, in a real VS Code (code-server + Chromium): the in-host suites and the UI tests, in every
# editor of scripts/runtimes.json (NSB_EDITORS=newest, or floor, for one).
set -euo pipefail
cd "$(dirname "$0")/.."

for editor in $(node -p "require('./scripts/runtimes.json').editors.map((e) => e.name).join(' ')"); do
  bash scripts/ensure-code-server.sh "$editor" >/dev/null
done
npm run --silent build:tests
npm run --silent package   # a production build of dist/ plus the .vsix the UI tests install
files="$(bash scripts/test-files.sh editor)"
mapfile -t files <<<"$files"
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
