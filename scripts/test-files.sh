#!/usr/bin/env bash
# Prints the test files of one runner, one a line: `unit` and `integration` (node:test, no editor), `other-node` (the
# same two again on the second Node of scripts/runtimes.json), `editor` (node:test files that start code-server: the
# in-host launchers and the UI suites). Fails when a *.test.ts sits where no runner
# looks, so a test file in the wrong folder is an error, not a test that never runs.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A RUNNER=(
  [unit]='test/unit/*.test.ts'
  [integration]='test/integration/*.test.ts'
  [other-node]='test/other-node/*.test.ts'
  [editor]='test/e2e/inhost/*.test.ts test/e2e/ui/*.test.ts'
)
# Mocha suites run inside the extension host, started by test/e2e/inhost (not by node:test).
IN_HOST='test/inhost/*.test.ts'

expand() { for pattern in "$@"; do for f in $pattern; do [[ -f "$f" ]] && echo "$f"; done; done; return 0; }
placed="$(expand "${RUNNER[@]}" $IN_HOST)"
stray=()
while IFS= read -r f; do
  grep -qxF "$f" <<<"$placed" || stray+=("$f")
done < <(find test -name '*.test.ts' | sort)
if ((${#stray[@]})); then
  echo "test-files: no runner runs ${stray[*]}: unit tests go in test/unit, real-server tests in test/integration," \
    "in-host suites in test/inhost (see test/e2e/inhost/launches.ts), UI suites in test/e2e/ui" >&2
  exit 1
fi

for kind in "$@"; do
  [[ -n "${RUNNER[$kind]:-}" ]] || { echo "test-files: no runner '$kind' (${!RUNNER[*]})" >&2; exit 1; }
  expand ${RUNNER[$kind]}
done
