// The conventions of a Unix command users script against: --version, help on stdout only when asked, usage mistakes
// as one line on stderr with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseArgs } from '../../src/cli/args';
import { runCli } from '../support/cli';

const VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

async function nsb(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

test('--version prints the version on stdout, in the bundle as in the sources', async () => {
  assert.deepEqual(await nsb('--version'), { code: 0, stdout: `nsb ${VERSION}\n`, stderr: '' });
  assert.deepEqual(await nsb('--uri', 'http://127.0.0.1:1', '--version'), { code: 0, stdout: `nsb ${VERSION}\n`, stderr: '' });
  const bundled = await runCli(['--version']);
  assert.deepEqual(bundled, { code: 0, stdout: `nsb ${VERSION}\n`, stderr: '' });
});

test('--version V after head and describe-table is still a table version', () => {
  assert.equal(parseArgs(['head', 't', '--version', '3']).version, 3n);
  assert.equal(parseArgs(['--version', '18446744073709551615', 'describe-table', 't']).version, 18446744073709551615n);
});

test('help on stdout when asked, exit 0; nothing asked: one line on stderr, exit 2', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await nsb(flag);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^nsb — /);
    assert.equal(r.stderr, '');
  }
  assert.deepEqual(await nsb(), { code: 2, stdout: '', stderr: 'nsb: no command given\n(see nsb --help)\n' });
});

test('usage mistakes: "nsb: ..." and "(see nsb --help)" on stderr, exit 2, never "internal error"', async () => {
  const cases: [string[], string][] = [
    [['frobnicate'], 'nsb: unknown command "frobnicate"'],
    [['--frob', 'ls'], 'nsb: unknown option --frob'],
    [['-x', 'ls'], 'nsb: unknown option -x'],
    [['--toString', 'ls'], 'nsb: unknown option --toString'],
    [['ls', '--uri'], 'nsb: --uri needs a value'],
    [['--json=yes', 'ls'], 'nsb: --json takes no value'],
    [['ls'], 'nsb: no catalog: give --uri URL'],
    [['--uri', 'http://127.0.0.1:1', 'describe-table'], 'nsb: missing identifier'],
    [['--uri', 'http://127.0.0.1:1', 'ls', '--version'], 'nsb: --version after a command needs a value'],
    [['--uri', 'http://127.0.0.1:1', '--auth-opt', 'nope=1', 'ls'], 'nsb: auth type "none" has no setting "nope"'],
  ];
  for (const [argv, start] of cases) {
    const r = await nsb(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '', argv.join(' '));
    assert.ok(r.stderr.startsWith(start), `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^nsb: [^\n]*\n\(see nsb --help\)\n$/, argv.join(' '));
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});

test('a value may start with a dash, as before', () => {
  assert.equal(parseArgs(['head', 't', '--filter', '-x > 1']).filter, '-x > 1');
  assert.deepEqual(parseArgs(['--auth-opt', 'token=-abc', 'ls']).authOptions, { token: '-abc' });
  assert.deepEqual(parseArgs(['--uri=http://h', 'ls', '--', '--json']).args, ['--json']);
});
