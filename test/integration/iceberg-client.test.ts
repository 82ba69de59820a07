// The Iceberg REST adapter against the Iceberg project's own RESTCatalogServer, seeded through its REST API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startIcebergCatalog, type IcebergCatalog } from '../support/icebergServer';
import { ICEBERG_SEED, seedIceberg, type IcebergSeedResult } from '../support/icebergSeed';
import { createRuntime } from '../../src/core/runtime';
import type { CatalogClient } from '../../src/core/client';
import { allPages } from '../../src/core/paging';
import { CatalogError } from '../../src/core/errors';

describe('Iceberg REST adapter against RESTCatalogServer', () => {
  let server: IcebergCatalog;
  let seed: IcebergSeedResult;
  let client: CatalogClient;
  const runtime = createRuntime({ env: {} });

  before(async () => {
    server = await startIcebergCatalog();
    seed = await seedIceberg(server.uri);
    client = runtime.open({ id: 'ice', name: 'ice', protocol: 'iceberg-rest', uri: server.uri, warehouse: server.warehouse, auth: { type: 'none' } }, {});
    await client.initialize();
    // Timings for the report: how long a warm `java -jar` takes until /v1/config answers.
    console.log(`# RESTCatalogServer ready in ${server.startupMs} ms`);
  });
  after(async () => {
    client?.dispose();
    await server?.stop();
  });

  test('GET /v1/config is sent once, with the warehouse', () => {
    const config = runtime.log.list().filter((r) => r.operation === 'GetConfig');
    assert.equal(config.length, 1);
    assert.match(config[0]!.url, /\/v1\/config\?warehouse=file%3A%2F%2F/);
  });

  test('namespaces nested three levels deep, %1F on the wire', async () => {
    assert.deepEqual((await client.listNamespaces([])).items.sort(), ['db', 'odd space', 'wide']);
    assert.deepEqual((await client.listNamespaces(['db'])).items.sort(), ['marketing', 'sales']);
    assert.deepEqual((await client.listNamespaces(['db', 'sales'])).items, ['emea']);
    assert.deepEqual((await client.listTables(['db', 'sales', 'emea'])).items, ['customers']);
    const urls = runtime.log.list().map((r) => r.url);
    assert.ok(
      urls.some((u) => u.includes('parent=db%1Fsales')),
      'parent= joined by %1F',
    );
    assert.ok(
      urls.some((u) => u.includes('/namespaces/db%1Fsales%1Femea/tables')),
      'path joined by %1F',
    );
    assert.deepEqual((await client.describeNamespace(['db'])).properties['owner'], 'data-eng');
  });

  test('paging with a small page size: several requests, nothing lost or repeated', async () => {
    const before = runtime.log.list().length;
    const pages: number[] = [];
    const names = await allPages((p) => client.listNamespaces(['wide'], p), 'namespaces of wide', { limit: 25, onPage: (p) => pages.push(p.items.length) });
    assert.equal(names.length, ICEBERG_SEED.wideNamespaces);
    assert.equal(new Set(names).size, ICEBERG_SEED.wideNamespaces);
    assert.ok(pages.length >= 5, `pages: ${pages}`);
    assert.ok(pages.every((n) => n <= 25));
    assert.equal(runtime.log.list().length - before, pages.length, 'one request per page');
    const tables = await allPages((p) => client.listTables(['wide'], p), 'tables of wide', { limit: 7 });
    assert.deepEqual(
      tables.sort(),
      Array.from({ length: ICEBERG_SEED.wideTables }, (_, i) => `t${String(i).padStart(3, '0')}`),
    );
  });

  test('the partitioned table: schema with ids, spec, sort order, two snapshots, branch and tag', async () => {
    const t = await client.describeTable(['db', 'sales', 'orders']);
    const m = t.iceberg!;
    assert.equal(t.format, 'iceberg');
    assert.equal(m.formatVersion, 2);
    assert.match(m.tableUuid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(m.metadataLocation ?? '', /metadata\.json$/);
    assert.match(t.location ?? '', /db\/sales\/orders$/);
    assert.equal(t.version, 2n, 'version = the current snapshot sequence number');
    assert.equal(t.properties['owner'], 'sales');
    const byName = new Map(t.schema.map((f) => [f.name, f]));
    assert.deepEqual([byName.get('id')?.id, byName.get('id')?.nullable, byName.get('id')?.doc], [1, false, 'order id']);
    assert.equal(byName.get('amount')?.type, 'decimal(10, 2)');
    assert.equal(byName.get('hash')?.type, 'fixed[16]');
    assert.equal(byName.get('items')?.type, 'list<struct>');
    // The server assigns fresh field ids on create (breadth first: top level 1..17, then nested), as Iceberg does.
    assert.deepEqual(
      byName.get('items')?.children?.map((c) => [c.name, c.id, c.nullable]),
      [['element', 20, false]],
    );
    assert.deepEqual(
      byName.get('items')?.children?.[0]?.children?.map((c) => [c.name, c.id]),
      [
        ['sku', 21],
        ['price', 22],
      ],
    );
    assert.equal(byName.get('attrs')?.type, 'map<string, list<int>>');
    assert.deepEqual(
      byName.get('attrs')?.children?.map((c) => c.id),
      [23, 24],
    );
    assert.deepEqual(
      byName.get('address')?.children?.map((c) => [c.name, c.id, c.nullable, c.doc]),
      [
        ['city', 18, false, undefined],
        ['zip', 19, true, 'postal code'],
      ],
    );
    assert.deepEqual(
      m.schemas.map((s) => [s.schemaId, s.identifierFieldIds]),
      [[0, [1]]],
    );

    const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
    assert.deepEqual(
      spec.fields.map((f) => [f.name, f.transform, f.sourceName, f.fieldId]),
      [
        ['region', 'identity', 'region', 1000],
        ['ts_day', 'day', 'ts', 1001],
        ['id_bucket', 'bucket[16]', 'id', 1002],
      ],
    );
    const order = m.sortOrders.find((o) => o.orderId === m.defaultSortOrderId)!;
    assert.deepEqual(
      order.fields.map((f) => [f.sourceName, f.direction, f.nullOrder]),
      [['ts', 'desc', 'nulls-last']],
    );

    const [s1, s2] = ICEBERG_SEED.snapshots;
    assert.deepEqual(
      m.snapshots.map((s) => s.snapshotId),
      [String(s2.id), String(s1.id)],
    );
    assert.equal(m.snapshots[0]?.parentSnapshotId, String(s1.id));
    assert.equal(m.snapshots[0]?.operation, 'append');
    assert.equal(m.snapshots[0]?.timestamp, new Date(seed.snapshotTimesMs[1]!).toISOString());
    assert.equal(m.currentSnapshotId, String(s2.id));
    assert.deepEqual(
      m.refs.map((r) => [r.name, r.type, r.snapshotId]),
      [
        ['main', 'branch', String(s2.id)],
        [ICEBERG_SEED.tag, 'tag', String(s1.id)],
      ],
    );
    assert.equal(t.stats?.['total-records'], s2.total);
  });

  test('versions are snapshots newest first; count-rows from total-records; no indices', async () => {
    const v = await client.listVersions(['db', 'sales', 'orders']);
    assert.deepEqual(
      v.map((x) => x.version),
      [ICEBERG_SEED.snapshots[1].id, ICEBERG_SEED.snapshots[0].id],
    );
    assert.equal(v[0]?.metadata?.['operation'], 'append');
    assert.equal(v[0]?.metadata?.['added-records'], '5');
    assert.equal(v[1]?.metadata?.['refs'], `tag ${ICEBERG_SEED.tag}`);
    assert.equal(await client.countRows(['db', 'sales', 'orders']), 15);
    assert.equal(await client.countRows(['db', 'sales', 'emea', 'customers']), 0, 'no snapshot yet: empty');
    assert.deepEqual(await client.listIndices(['db', 'sales', 'orders']), []);
  });

  test('the view: listed beside tables, with its schema and SQL per dialect', async () => {
    assert.deepEqual((await client.listViews!(['db', 'sales'])).items, ['orders_by_region']);
    assert.deepEqual((await client.listTables(['db', 'sales'])).items, ['orders']);
    const view = await client.describeView!(['db', 'sales', 'orders_by_region']);
    assert.deepEqual(
      view.schema.map((f) => [f.name, f.type, f.nullable]),
      [
        ['region', 'string', true],
        ['n', 'long', false],
      ],
    );
    assert.equal(view.currentVersionId, 1);
    assert.deepEqual(view.versions[0]?.representations, [
      { type: 'sql', sql: ICEBERG_SEED.viewSql, dialect: 'spark' },
      { type: 'sql', sql: ICEBERG_SEED.viewSqlTrino, dialect: 'trino' },
    ]);
    assert.deepEqual(view.versions[0]?.defaultNamespace, ['db', 'sales']);
    assert.equal(view.properties['comment'], 'orders per region');
  });

  // The server's JDBC backend stores namespaces as dotted strings, so a dot inside a namespace part cannot be
  // seeded there; a table name with a dot can.
  test('a namespace with a space and a table name with a dot', async () => {
    assert.deepEqual((await client.listTables(['odd space'])).items, ['a.b']);
    const t = await client.describeTable(['odd space', 'a.b']);
    assert.equal(client.displayIdentifier(t.identifier), 'odd space.`a.b`');
    assert.ok(runtime.log.list().some((r) => r.url.includes('/namespaces/odd%20space/tables/a.b')));
  });

  test('a missing table is not-found, named in Iceberg words', async () => {
    await assert.rejects(client.describeTable(['db', 'sales', 'nope']), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /^table db\.sales\.nope not found/);
      return true;
    });
    await assert.rejects(
      client.listTables(['db', 'nope']),
      (e: unknown) => e instanceof CatalogError && e.kind === 'not-found' && /namespace db\.nope not found/.test(e.message),
    );
  });
});
