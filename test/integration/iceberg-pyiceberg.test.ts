// The Iceberg project's own RESTCatalogServer seeded by pyiceberg (real commits, random 63-bit snapshot ids, a format
// v1 table, odd names): every snapshot id nsb prints, as text and as JSON, is the id pyiceberg wrote.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseJsonExact } from '../../src/core/int64';
import { runCli } from '../support/cli';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { seedWithPyiceberg, snapshotIdsNewestFirst, type PyicebergSeed } from '../support/pyicebergSeed';

describe('nsb against RESTCatalogServer seeded by pyiceberg', () => {
  let server: IcebergCatalog;
  let seed: PyicebergSeed;
  before(async () => {
    server = await startIcebergCatalog();
    seed = await seedWithPyiceberg({ uri: server.uri, warehouse: server.warehouse });
  });
  after(async () => server?.stop());
  const nsb = (...args: string[]) => runCli(['--protocol', 'iceberg-rest', '--uri', server.uri, '--warehouse', server.warehouse, ...args]);

  test('versions (text and --json) list every snapshot by its exact id, newest first', async () => {
    const tables = Object.values(seed.tables).filter((t) => t.snapshots.length);
    const ids = tables.flatMap((t) => t.snapshots.map((s) => BigInt(s.id)));
    assert.ok(
      ids.some((id) => id > BigInt(Number.MAX_SAFE_INTEGER)),
      'ids beyond 2^53, as pyiceberg makes them',
    );
    for (const t of tables) {
      const id = [...t.namespace, t.name];
      const expected = snapshotIdsNewestFirst(t);
      const json = await nsb('--json', 'versions', ...id);
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(
        [...json.stdout.matchAll(/"version": (\d+)/g)].map((m) => m[1]),
        expected,
        id.join('.'),
      );
      const parsed = parseJsonExact(json.stdout) as { version: string; metadata: Record<string, string> }[];
      assert.deepEqual(
        parsed.map((v) => v.metadata['snapshot-id']),
        expected,
      );
      assert.deepEqual(
        parsed.map((v) => v.metadata['parent-snapshot-id'] ?? null),
        [...t.snapshots].sort((a, b) => b.sequence - a.sequence).map((s) => s.parent),
      );
      const text = await nsb('versions', ...id);
      assert.deepEqual(
        text.stdout
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/)[0]),
        expected,
      );
      assert.match(text.stdout, new RegExp(`^${t.current}  \\S+  append  branch main  current$`, 'm'));
    }
  });

  test("a format v1 table: describe-table's version is the current snapshot id, exact", async () => {
    const v1 = Object.values(seed.tables).find((t) => t.format_version === 1);
    assert.ok(v1, 'the seed has a format v1 table');
    const id = [...v1.namespace, v1.name];
    const text = await nsb('describe-table', ...id);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^version    ${v1.current}$`, 'm'));
    assert.match(text.stdout, /^format {5}iceberg v1$/m);
    assert.match((await nsb('--json', 'describe-table', ...id)).stdout, new RegExp(`"version": ${v1.current},`));
  });

  test("odd names, nesting, row counts and the view pyiceberg's seed made", async () => {
    const root = JSON.parse((await nsb('--json', 'ls')).stdout);
    assert.deepEqual([...root.namespaces].sort(), ['nsb', 'odd space', 'ünï-cödé']);
    const sales = JSON.parse((await nsb('--json', 'ls', 'nsb', 'sales')).stdout);
    assert.deepEqual(sales, { namespaces: ['emea'], tables: sales.tables, views: ['orders_by_customer'] });
    for (const t of Object.values(seed.tables)) assert.equal((await nsb('count-rows', ...t.namespace, t.name)).stdout, `${t.rows}\n`, t.name);
    const view = await nsb('describe-view', 'nsb', 'sales', 'orders_by_customer');
    assert.match(view.stdout, /SELECT customer, count\(\*\) AS n FROM nsb\.sales\.orders GROUP BY customer/);
  });
});
