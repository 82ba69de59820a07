// package.json's engines.node says on which Node the CLI and core run: it must hold the Nodes the tests run on (this
// one, and the second Node of scripts/runtimes.json), and every package shipped in the bundles must run on all of it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import semver from 'semver';
import { otherNodeVersion } from '../support/otherNode';

const REPO = path.resolve(__dirname, '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8'));
const ours: string = read('package.json').engines.node;

test('engines.node holds the Node running these tests and the second Node the tests run on', () => {
  assert.ok(semver.validRange(ours), `engines.node ${ours} is a range`);
  assert.ok(semver.satisfies(process.version, ours), `this run's Node ${process.version} is outside engines.node ${ours}`);
  assert.ok(semver.satisfies(otherNodeVersion(), ours), `Node ${otherNodeVersion()} (scripts/runtimes.json) is outside engines.node ${ours}`);
});

test('every runtime dependency runs on every Node engines.node allows', () => {
  const lock = read('package-lock.json') as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }> };
  const narrower: string[] = [];
  let checked = 0;
  for (const [where, pkg] of Object.entries(lock.packages)) {
    const theirs = !where || pkg.dev || Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
    if (!theirs) continue;
    checked++;
    if (!semver.subset(ours, theirs)) narrower.push(`${where.replace(/^.*node_modules\//, '')} needs node ${theirs}`);
  }
  assert.ok(checked > 10, `only ${checked} runtime packages declare engines.node: is package-lock.json read right?`);
  assert.deepEqual(narrower, [], `engines.node is ${ours}`);
});
