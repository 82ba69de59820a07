// The Lance adapter against the Lance project's own RestAdapter (pylance), seeded with real Lance data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { lanceStandard } from '../support/lanceSeed';
import { createRuntime } from '../../src/core/runtime';
import type { CatalogClient } from '../../src/core/client';
import { allPages } from '../../src/core/paging';
import { CatalogError } from '../../src/core/errors';

describe('Lance REST adapter against the reference RestAdapter', () => {
  let server: RunningServer;
  let client: CatalogClient;
  const runtime = createRuntime({ env: {} });

  before(async () => {
    server = await startLanceCatalog({ seed: 'standard' });
    client = runtime.open({ id: 'lance', name: 'lance', protocol: 'lance-rest', uri: server.uri, auth: { type: 'none' } }, {});
    await client.initialize();
  });
  after(async () => {
    client?.dispose();
    await server?.stop();
  });

  test('namespaces three levels deep, in server order', async () => {
    assert.deepEqual((await client.listNamespaces([])).items, lanceStandard.namespaces_by_parent['$']);
    assert.deepEqual((await client.listNamespaces(['analytics'])).items, ['marketing']);
    assert.deepEqual((await client.listNamespaces(['analytics', 'marketing'])).items, ['campaigns']);
    assert.deepEqual((await client.listTables(['analytics', 'marketing', 'campaigns'])).items, ['clicks']);
  });

  test('2,500 tables are listed with a small page size, every page, none lost or repeated', async () => {
    const pagesSeen: number[] = [];
    const names = await allPages((p) => client.listTables(['big'], p), 'tables of big', { limit: 97, onPage: (p) => pagesSeen.push(p.items.length) });
    assert.equal(names.length, 2500);
    assert.equal(new Set(names).size, 2500);
    assert.equal(names[0], 't00000');
    assert.equal(names.at(-1), 't02499');
    assert.ok(pagesSeen.length >= 26, `pages: ${pagesSeen.length}`);
    assert.ok(pagesSeen.every((n) => n <= 97));
  });

  test('one page at a time: the first page does not fetch the rest', async () => {
    const before = runtime.log.list().length;
    const page = await client.listTables(['big'], { limit: 50 });
    assert.equal(page.items.length, 50);
    assert.ok(page.nextPageToken);
    assert.equal(runtime.log.list().length - before, 1);
  });

  test('names with spaces, non-ASCII letters and reserved characters', async () => {
    assert.deepEqual((await client.listTables(['raw data'])).items, ['events 2024']);
    assert.deepEqual((await client.listTables(['données'])).items, ['température']);
    const odd = (await client.listTables(['odd'])).items;
    assert.deepEqual(odd, lanceStandard.tables_by_namespace['odd']);
    for (const name of odd) assert.equal(await client.countRows(['odd', name]), 1, name);
    assert.equal((await client.describeTable(['raw data', 'events 2024'])).identifier.join('$'), 'raw data$events 2024');
  });

  test('describe namespace returns its properties', async () => {
    assert.deepEqual((await client.describeNamespace(['sales'])).properties, lanceStandard.namespace_properties['sales']);
  });

  test('describe table: location, version, nested schema with metadata, row count', async () => {
    const seed = lanceStandard.tables['sales$emea$orders']!;
    const t = await client.describeTable(['sales', 'emea', 'orders']);
    assert.equal(t.version, BigInt(seed.versions));
    assert.match(t.location ?? '', /orders/);
    assert.deepEqual(
      t.schema.map((f) => f.name),
      seed.columns,
    );
    const byName = new Map(t.schema.map((f) => [f.name, f]));
    assert.equal(byName.get('order_id')?.nullable, false);
    assert.ok(byName.get('order_id')?.metadata, 'field metadata kept');
    assert.equal(byName.get('amount')?.type, 'decimal128(10, 2)');
    assert.equal(byName.get('tags')?.type, 'list<utf8>');
    assert.deepEqual(
      byName.get('address')?.children?.map((c) => c.name),
      ['city', 'zip'],
    );
    assert.equal(t.stats?.['num_rows'], seed.rows);
  });

  test('nested Arrow types from a real table keep their structure', async () => {
    const t = await client.describeTable(['analytics', 'marketing', 'campaigns', 'clicks']);
    const types = new Map(t.schema.map((f) => [f.name, f]));
    const all = JSON.stringify(t.schema);
    assert.match(all, /fixed_size_list<float32>\[4\]/);
    assert.match(all, /map<utf8, int32>/);
    assert.match(all, /large_list</);
    assert.ok(
      [...types.values()].some((f) => f.type === 'struct' && f.children?.some((c) => c.type === 'struct')),
      'nested struct',
    );
  });

  test('versions newest first, with timestamps', async () => {
    const v = await client.listVersions(['sales', 'emea', 'orders']);
    assert.deepEqual(
      v.map((x) => x.version),
      [3n, 2n, 1n],
    );
    assert.ok(v.every((x) => x.timestamp && !Number.isNaN(Date.parse(x.timestamp))));
  });

  test('indices with their stats', async () => {
    const [index, ...rest] = await client.listIndices(['sales', 'emea', 'orders']);
    assert.equal(rest.length, 0);
    assert.equal(index?.name, 'order_id_idx');
    assert.deepEqual(index?.columns, ['order_id']);
    assert.match(index?.type ?? '', /btree/i);
    assert.equal(index?.stats?.['num_indexed_rows'], 5);
  });

  test('a missing table is a not-found error naming it, with its request record', async () => {
    await assert.rejects(client.describeTable(['sales', 'emea', 'nope']), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /^table sales\$emea\$nope not found/);
      assert.equal(runtime.log.get(e.recordId!)?.status, 404);
      return true;
    });
  });
});
