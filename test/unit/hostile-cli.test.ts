import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { json } from '../support/faultServer';
import { runCli } from '../support/cli';
import { startHostileServer, type HostileServer } from '../support/hostileServer';
import { outcome } from '../support/hostileOutcomes';

/** What `nsb` prints for a hostile catalog: every byte that could drive a terminal or reorder text is escaped. */

let server: HostileServer;
before(async () => {
  server = await startHostileServer();
});
after(() => server.close());

// Written out by hand (not computed with `printable`) so the test checks the escaping rather than repeating it.
const ESCAPED = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(document.cookie)</script>',
  'invoice\\u202egpj.exe',
  'bell\\u0007esc\\u001b[31mred\\u001b[0m',
  'two\\u000alines\\u000d\\u0000nul',
  'sep\\u2028arator\\u061cmark',
  'x'.repeat(10_000),
  '',
];

test('nsb ls prints hostile names escaped, one per line, whole', async () => {
  const r = await runCli(['--uri', server.uri, 'ls']);
  assert.equal(r.code, 0, r.stderr);
  const expected = [...ESCAPED.map((n) => `namespace  ${n}`), ...ESCAPED.map((n) => `table      ${n}`)].join('\n') + '\n';
  assert.equal(r.stdout, expected);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\u061c]/);
  outcome('hostile names', 'nsb ls of names with bidi overrides and control characters', `printed escaped, e.g. ${JSON.stringify(r.stdout.split('\n')[2])}`);
});

test('nsb describe-namespace prints hostile properties escaped', async () => {
  const r = await runCli(['--uri', server.uri, 'describe-namespace', 'a']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'namespace  a',
      'properties',
      '  <b>owner</b> = <img src=x onerror=alert(1)>',
      '  comment = </script><script>alert(1)</script>',
      '  direction = abc\\u202edef\\u2066ghi',
      '  terminal = \\u001b]0;pwned\\u0007title',
      '',
    ].join('\n'),
  );
  outcome(
    'hostile names',
    'nsb describe-namespace with an OSC terminal-title sequence in a property',
    `printed escaped: ${JSON.stringify(r.stdout.split('\n')[5])}`,
  );
});

test('nsb --json keeps the data but escapes bidi overrides and C1 controls', async () => {
  const r = await runCli(['--uri', server.uri, '--json', 'ls']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\u061c]/);
  const parsed = JSON.parse(r.stdout) as { namespaces: string[] };
  assert.equal(parsed.namespaces[2], 'invoice\u202Egpj.exe', 'the same value after JSON.parse');
});

test('nsb shows a server error message escaped (a hostile error body cannot drive the terminal)', async () => {
  server.answer(/namespace\/evil\/list$/, (_req, res) => json(res, 400, { error: 'bad \u001b[2J\u001b[Hcleared \u202Eesrever', code: 13 }));
  const r = await runCli(['--uri', server.uri, 'ls', 'evil']);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    'nsb: invalid-input: the catalog rejected ListNamespaces on namespace evil as invalid (400): bad \\u001b[2J\\u001b[Hcleared \\u202eesrever\n',
  );
  outcome('hostile names', 'an error body with terminal escape sequences', r.stderr.trim());
});

test('nsb ls stops a repeated page token and an endless stream of pages', async () => {
  server.answer(/namespace\/repeat\/list$/, (_req, res) => json(res, 200, { namespaces: ['a'], page_token: 'again' }));
  const repeated = await runCli(['--uri', server.uri, 'ls', 'repeat']);
  assert.equal(repeated.code, 1);
  assert.equal(
    repeated.stderr,
    'nsb: protocol: the server repeated a page token while listing namespaces of namespace repeat (page 3); stopped to avoid looping forever\n',
  );
  server.answer(/namespace\/endless\/list$/, (_req, res, n) => json(res, 200, { namespaces: [`n${n}`], page_token: `t${n}` }));
  const endless = await runCli(['--uri', server.uri, 'ls', 'endless']);
  assert.equal(endless.code, 1);
  assert.equal(endless.stderr, 'nsb: protocol: listing namespaces of namespace endless went past 1000 pages; stopped (the page limit is a setting)\n');
  outcome('paging', 'nsb ls against an endless stream of pages', endless.stderr.trim());
});
