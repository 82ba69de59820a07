// Runs a runner's test files again on the second Node of scripts/runtimes.json (`alsoTestOnNode`, installed from the
// registry by scripts/ensure-node.sh): the CLI and core run on whatever Node a user has, and the newest VS Code's
// extension host is that Node. One child `node --test` per file, so a failure names its file and shows its output.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..');

/** The second Node's version, from scripts/runtimes.json. */
export function otherNodeVersion(): string {
  const runtimes = JSON.parse(fs.readFileSync(path.join(REPO, 'scripts/runtimes.json'), 'utf8')) as { alsoTestOnNode?: string };
  if (!runtimes.alsoTestOnNode) throw new Error('scripts/runtimes.json names no alsoTestOnNode');
  return runtimes.alsoTestOnNode;
}

/** Registers one test per file of `runner` (scripts/test-files.sh), each run on the second Node. */
export function testOnOtherNode(runner: 'unit' | 'integration'): void {
  const version = otherNodeVersion();
  const files = execFileSync('bash', [path.join(REPO, 'scripts/test-files.sh'), runner], { cwd: REPO, encoding: 'utf8' })
    .trim()
    .split('\n');
  describe(`${runner} tests · Node ${version}`, () => {
    let node: string;
    before(() => {
      node = execFileSync('bash', [path.join(REPO, 'scripts/ensure-node.sh'), version], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
        .trim()
        .split('\n')
        .pop()!;
      assert.equal(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(), `v${version}`);
      assert.notEqual(
        process.versions.node.split('.')[0],
        version.split('.')[0],
        `this run is on Node ${process.version} already: the second Node adds nothing`,
      );
    });
    for (const file of files) {
      test(`${file} · Node ${version}`, { timeout: 10 * 60_000 }, async (t) => {
        const { code, output } = await run(node, ['--import', 'tsx', '--test', '--test-reporter=spec', file]);
        assert.equal(code, 0, `${file} failed on Node ${version}; its output:\n${output.split('\n').slice(-300).join('\n')}`);
        const count = (what: string) => Number(new RegExp(`^ℹ ${what} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
        assert.ok(count('tests') > 0, `${file} ran no test on Node ${version}:\n${output}`);
        t.diagnostic(`${count('pass')} of ${count('tests')} passed, ${count('skipped')} skipped, ${count('todo')} todo`);
      });
    }
  });
}

function run(node: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Without the parent runner's marker, or the child takes itself for one of its files and runs nothing.
    const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
    const child = spawn(node, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') }));
  });
}
