// `nsb --protocol iceberg-rest` end to end against the Iceberg project's own RESTCatalogServer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { ICEBERG_SEED, seedIceberg } from '../support/icebergSeed';
import { runCli } from '../support/cli';
import { parseJsonExact } from '../../src/core/int64';

describe('nsb against RESTCatalogServer (iceberg-rest)', () => {
  let server: IcebergCatalog;
  before(async () => {
    server = await startIcebergCatalog();
    await seedIceberg(server.uri);
  });
  after(async () => server?.stop());
  const nsb = (...args: string[]) => runCli(['--protocol', 'iceberg-rest', '--uri', server.uri, '--warehouse', server.warehouse, ...args]);

  test('ls walks nested namespaces; text lists views after tables', async () => {
    const root = await nsb('ls');
    assert.equal(root.code, 0, root.stderr);
    assert.deepEqual(root.stdout.trim().split('\n').sort(), ['namespace  db', 'namespace  odd space', 'namespace  wide']);
    const sales = await nsb('ls', 'db', 'sales');
    assert.equal(sales.code, 0, sales.stderr);
    assert.deepEqual(sales.stdout.trim().split('\n'), ['namespace  emea', 'table      orders', 'view       orders_by_region']);
  });

  test('ls --json keeps {namespaces, tables} and adds views; every page with a small page size', async () => {
    const r = await nsb('--json', 'ls', 'db', 'sales');
    assert.deepEqual(JSON.parse(r.stdout), { namespaces: ['emea'], tables: ['orders'], views: ['orders_by_region'] });
    const wide = await nsb('--json', '--page-size', '13', 'ls', 'wide');
    assert.equal(wide.code, 0, wide.stderr);
    const doc = JSON.parse(wide.stdout);
    assert.equal(doc.namespaces.length, ICEBERG_SEED.wideNamespaces);
    assert.equal(new Set(doc.namespaces).size, ICEBERG_SEED.wideNamespaces);
    assert.equal(doc.tables.length, ICEBERG_SEED.wideTables);
  });

  test('describe-table shows the schema with ids, the partition spec, refs and snapshots', async () => {
    const r = await nsb('describe-table', 'db', 'sales', 'orders');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^table {6}db\.sales\.orders$/m);
    assert.match(r.stdout, /^version {4}2$/m);
    assert.match(r.stdout, /^ {2}id: long not null {2}\(id 1\)$/m);
    assert.match(r.stdout, /^format {5}iceberg v2$/m);
    assert.match(r.stdout, /^ {2}ts_day: day\(ts\) {2}\(id 1001\)$/m);
    assert.match(r.stdout, /^ {2}id_bucket: bucket\[16\]\(id\) {2}\(id 1002\)$/m);
    assert.match(r.stdout, new RegExp(`^  tag +${ICEBERG_SEED.tag} → ${ICEBERG_SEED.snapshots[0].id}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^  ${ICEBERG_SEED.snapshots[1].id}  \\S+  append  added-records=5 total-records=15  \\(current\\)$`, 'm'));
    const json = JSON.parse((await nsb('--json', 'describe-table', 'db', 'sales', 'orders')).stdout);
    assert.equal(json.iceberg.partitionSpecs[0].fields.length, 3);
    assert.equal(json.iceberg.snapshots.length, 2);
  });

  test('versions, count-rows, indices, describe-namespace', async () => {
    const v = await nsb('--json', 'versions', 'db', 'sales', 'orders');
    // The ids are random 63-bit values: printed as JSON numbers with every digit (JSON.parse here would round them).
    const ids = ICEBERG_SEED.snapshots.map((s) => s.id).reverse();
    assert.deepEqual(
      [...v.stdout.matchAll(/"version": (\d+)/g)].map((m) => BigInt(m[1]!)),
      ids,
    );
    assert.deepEqual(
      (parseJsonExact(v.stdout) as { version: string }[]).map((x) => x.version),
      ids.map(String),
    );
    const text = await nsb('versions', 'db', 'sales', 'orders');
    assert.deepEqual(
      text.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0]),
      ids.map(String),
    );
    assert.equal((await nsb('count-rows', 'db', 'sales', 'orders')).stdout, '15\n');
    assert.equal((await nsb('indices', 'db', 'sales', 'orders')).stdout, '(no indices)\n');
    const ns = await nsb('describe-namespace', 'db');
    assert.match(ns.stdout, /owner = data-eng/);
  });

  test('a missing table: exit 1 and "table … not found"', async () => {
    const r = await nsb('describe-table', 'db', 'sales', 'nope');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^nsb: not-found: table db\.sales\.nope not found/);
  });
});

describe('nsb describe-view', () => {
  let server: IcebergCatalog;
  before(async () => {
    server = await startIcebergCatalog();
    await seedIceberg(server.uri);
  });
  after(async () => server?.stop());

  test('prints the view schema and its SQL for each dialect; Lance has no views (exit 2)', async () => {
    const r = await runCli([
      '--protocol',
      'iceberg-rest',
      '--uri',
      server.uri,
      '--warehouse',
      server.warehouse,
      'describe-view',
      'db',
      'sales',
      'orders_by_region',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^view {7}db\.sales\.orders_by_region$/m);
    assert.match(r.stdout, /^sql \(spark\)$/m);
    assert.match(r.stdout, /^sql \(trino\)$/m);
    assert.ok(r.stdout.includes(ICEBERG_SEED.viewSql.split('\n')[0]!));
    const j = JSON.parse(
      (
        await runCli([
          '--protocol',
          'iceberg-rest',
          '--uri',
          server.uri,
          '--warehouse',
          server.warehouse,
          '--json',
          'describe-view',
          'db',
          'sales',
          'orders_by_region',
        ])
      ).stdout,
    );
    assert.equal(j.format, 'iceberg');
    const lance = await runCli(['--uri', 'http://127.0.0.1:1', 'describe-view', 'a', 'b']);
    assert.equal(lance.code, 2);
  });
});
