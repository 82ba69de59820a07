// Every `nsb` command against the real Lance reference server, as users script it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { lanceStandard } from '../support/lanceSeed';
import { runCli } from '../support/cli';

describe('nsb against the reference Lance RestAdapter', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLanceCatalog({ seed: 'standard' });
  });
  after(async () => server?.stop());
  const nsb = (...args: string[]) => runCli(['--uri', server.uri, ...args]);

  test('ls lists the root namespace', async () => {
    const r = await nsb('ls');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split('\n'),
      lanceStandard.namespaces_by_parent['$']!.map((n) => `namespace  ${n}`),
    );
  });

  test('ls --json gives {namespaces, tables} in server order, across every page', async () => {
    const r = await nsb('--json', '--page-size', '300', 'ls', 'big');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['namespaces', 'tables']);
    assert.deepEqual(doc.namespaces, []);
    assert.equal(doc.tables.length, 2500);
    assert.deepEqual(doc.tables.slice(0, 2), ['t00000', 't00001']);
  });

  test('identifier parts are separate arguments, spaces and non-ASCII included', async () => {
    const r = await nsb('--json', 'ls', 'sales', 'emea');
    assert.deepEqual(JSON.parse(r.stdout), { namespaces: [], tables: ['customers', 'orders'] });
    const raw = await nsb('--json', 'ls', 'raw data');
    assert.deepEqual(JSON.parse(raw.stdout).tables, ['events 2024']);
    const fr = await nsb('count-rows', 'données', 'température');
    assert.equal(fr.stdout.trim(), '1');
  });

  test('describe-namespace prints properties', async () => {
    const r = await nsb('describe-namespace', 'sales');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /owner = data-eng/);
    const j = await nsb('--json', 'describe-namespace', 'sales');
    assert.deepEqual(JSON.parse(j.stdout).properties, lanceStandard.namespace_properties['sales']);
  });

  test('describe-table prints location, version, schema, stats', async () => {
    const r = await nsb('describe-table', 'sales', 'emea', 'orders');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^table {6}sales\$emea\$orders$/m);
    assert.match(r.stdout, /^version {4}3$/m);
    assert.match(r.stdout, /^ {2}order_id: int64 not null/m);
    assert.match(r.stdout, /^ {4}city: utf8$/m);
    assert.match(r.stdout, /num_rows = 5/);
    const j = JSON.parse((await nsb('--json', 'describe-table', 'sales', 'emea', 'orders')).stdout);
    assert.equal(j.format, 'lance');
    assert.equal(j.version, 3);
    assert.deepEqual(j.identifier, ['sales', 'emea', 'orders']);
  });

  test('versions, newest first', async () => {
    const j = JSON.parse((await nsb('--json', 'versions', 'sales', 'emea', 'orders')).stdout);
    assert.deepEqual(
      j.map((v: { version: number }) => v.version),
      [3, 2, 1],
    );
    const r = await nsb('versions', 'sales', 'emea', 'orders');
    assert.match(r.stdout.split('\n')[0]!, /^\s+3 {2}\d{4}-\d\d-\d\dT/);
  });

  test('indices with stats', async () => {
    const r = await nsb('indices', 'sales', 'emea', 'orders');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^order_id_idx {2}BTree {2}on order_id/m);
    assert.match(r.stdout, /num_indexed_rows = 5/);
  });

  test('--explain prints each request record to stderr', async () => {
    const r = await nsb('--explain', 'ls', 'sales');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /--- ListNamespaces GET http:\/\/127\.0\.0\.1:\d+\/v1\/namespace\/sales\/list → 200/);
    assert.match(r.stderr, /--- ListTables GET .*\/v1\/namespace\/sales\/table\/list → 200/);
  });

  test('a missing table: one line on stderr, exit code 1, no stack trace', async () => {
    const r = await nsb('describe-table', 'sales', 'emea', 'nope');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^nsb: not-found: table sales\$emea\$nope not found/);
  });

  test('usage errors exit 2', async () => {
    assert.equal((await nsb('frobnicate')).code, 2);
    assert.equal((await nsb('describe-table')).code, 2);
    assert.equal((await runCli(['ls'])).code, 2);
    const r = await nsb('--page-size', 'x', 'ls');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--page-size must be a positive whole number/);
  });

  test('--connection FILE reads the stored connection shape', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nsb-conn-'));
    const file = path.join(dir, 'conn.json');
    writeFileSync(file, JSON.stringify({ id: 'x', name: 'local', protocol: 'lance-rest', uri: server.uri, delimiter: '$', auth: { type: 'none' } }));
    const r = await runCli(['--connection', file, '--json', 'ls', 'sales']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).namespaces, ['apac', 'emea']);
  });

  test('a stopped server: a connection error with exit code 2', async () => {
    const lone = await startLanceCatalog({ seed: 'none' });
    const uri = lone.uri;
    await lone.stop();
    const r = await runCli(['--uri', uri, 'ls']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), `nsb: network: cannot reach ${uri}: connection refused (is the catalog server running?)`);
  });
});
