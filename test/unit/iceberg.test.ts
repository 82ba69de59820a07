// The Iceberg REST adapter's pure parts: identifiers, type mapping, config merge, endpoint gating.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayIcebergIdentifier, namespaceParam, namespacePathSegment } from '../../src/core/iceberg/identifier';
import { describeType, parseIcebergSchema, parseStructField } from '../../src/core/iceberg/schema';
import { ENDPOINTS, Endpoints, mergeCatalogConfig, parseCatalogConfig } from '../../src/core/iceberg/config';
import { parseTableMetadata, tableDetailsFromLoadResult, versionsFromMetadata } from '../../src/core/iceberg/tableMetadata';
import { IcebergRestClient } from '../../src/core/iceberg/client';
import { parseJsonExact, stringifyJson } from '../../src/core/int64';
import { encodeQuery } from '../../src/core/transport/encoding';
import type { Call, Reply, Transport } from '../../src/core/transport/transport';
import { CatalogError } from '../../src/core/errors';

describe('Iceberg identifiers', () => {
  test('namespace parts are joined by the unit separator, %1F on the wire', () => {
    assert.equal(namespacePathSegment(['db', 'sales', 'emea']), 'db%1Fsales%1Femea');
    assert.equal(namespacePathSegment(['a b', 'x/y', 'é']), 'a%20b%1Fx%2Fy%1F%C3%A9');
    assert.equal(namespaceParam(['db', 'sales']), 'db\x1Fsales');
    assert.equal(encodeQuery([['parent', namespaceParam(['db', 'sales'])]]), 'parent=db%1Fsales');
  });

  test('display joins with dots and quotes parts holding a dot with backticks', () => {
    assert.equal(displayIcebergIdentifier(['db', 'sales', 'orders']), 'db.sales.orders');
    assert.equal(displayIcebergIdentifier(['odd.name', 'a b']), '`odd.name`.a b');
    assert.equal(displayIcebergIdentifier(['we`ird.x']), '`we``ird.x`');
  });
});

describe('Iceberg types', () => {
  const primitive = (t: string) => describeType(t).type;
  test('every primitive keeps Iceberg spelling; decimal and fixed are normalised', () => {
    for (const t of [
      'boolean',
      'int',
      'long',
      'float',
      'double',
      'date',
      'time',
      'timestamp',
      'timestamptz',
      'timestamp_ns',
      'timestamptz_ns',
      'string',
      'uuid',
      'binary',
      'variant',
      'unknown',
      'geometry(srid:4326)',
    ]) {
      assert.equal(primitive(t), t);
    }
    assert.equal(primitive('decimal(10,2)'), 'decimal(10, 2)');
    assert.equal(primitive('decimal( 38 , 0 )'), 'decimal(38, 0)');
    assert.equal(primitive('fixed[16]'), 'fixed[16]');
    assert.equal(primitive('fixed[ 4 ]'), 'fixed[4]');
  });

  test('struct fields: id, required → nullable, doc, defaults', () => {
    const f = parseStructField({ id: 7, name: 'x', type: 'long', required: true, doc: 'the x', 'initial-default': 0 });
    assert.deepEqual(f, { name: 'x', type: 'long', nullable: false, id: 7, doc: 'the x', metadata: { 'initial-default': '0' } });
    assert.equal(parseStructField({ id: 8, name: 'y', type: 'string', required: false }).nullable, true);
  });

  test('nested struct, list and map keep element/key/value ids and required flags', () => {
    const fields = parseIcebergSchema({
      type: 'struct',
      fields: [
        { id: 1, name: 'address', required: false, type: { type: 'struct', fields: [{ id: 2, name: 'city', type: 'string', required: true }] } },
        { id: 3, name: 'tags', required: true, type: { type: 'list', 'element-id': 4, element: 'string', 'element-required': false } },
        {
          id: 5,
          name: 'attrs',
          required: false,
          type: {
            type: 'map',
            'key-id': 6,
            key: 'string',
            'value-id': 7,
            'value-required': true,
            value: { type: 'list', 'element-id': 8, element: 'decimal(9,2)', 'element-required': true },
          },
        },
      ],
    });
    assert.deepEqual(fields[0], {
      name: 'address',
      type: 'struct',
      nullable: true,
      id: 1,
      children: [{ name: 'city', type: 'string', nullable: false, id: 2 }],
    });
    assert.deepEqual(fields[1], {
      name: 'tags',
      type: 'list<string>',
      nullable: false,
      id: 3,
      children: [{ name: 'element', type: 'string', nullable: true, id: 4 }],
    });
    const attrs = fields[2]!;
    assert.equal(attrs.type, 'map<string, list<decimal(9, 2)>>');
    assert.deepEqual(
      attrs.children?.map((c) => [c.name, c.id, c.nullable]),
      [
        ['key', 6, false],
        ['value', 7, false],
      ],
    );
    assert.deepEqual(attrs.children?.[1]?.children, [{ name: 'element', type: 'decimal(9, 2)', nullable: false, id: 8 }]);
  });

  test('a list of structs shows the struct as the element child', () => {
    const d = describeType({
      type: 'list',
      'element-id': 2,
      'element-required': true,
      element: { type: 'struct', fields: [{ id: 3, name: 'sku', type: 'string', required: true }] },
    });
    assert.equal(d.type, 'list<struct>');
    assert.deepEqual(
      d.children?.[0]?.children?.map((c) => c.name),
      ['sku'],
    );
  });

  test('an unknown type object is shown as JSON, not thrown', () => {
    assert.equal(describeType({ type: 'geography-ish', x: 1 }).type, '{"type":"geography-ish","x":1}');
    assert.deepEqual(parseIcebergSchema(null), []);
  });
});

describe('Iceberg catalog config', () => {
  test('defaults < connection < overrides', () => {
    assert.deepEqual(mergeCatalogConfig({ a: 'd', b: 'd', c: 'd' }, { b: 'conn', c: 'conn' }, { c: 'o' }), { a: 'd', b: 'conn', c: 'o' });
    const c = parseCatalogConfig({ defaults: { warehouse: 'default-wh', clients: '4' }, overrides: { prefix: 'ws/abc' } }, { warehouse: 'mine' });
    assert.equal(c.properties['warehouse'], 'mine');
    assert.equal(c.prefix, 'ws/abc');
    const o = parseCatalogConfig({ defaults: {}, overrides: { warehouse: 'forced' } }, { warehouse: 'mine' });
    assert.equal(o.properties['warehouse'], 'forced');
  });

  test('a malformed config is a protocol error', () => {
    assert.throws(
      () => parseCatalogConfig('nope', {}),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol',
    );
    assert.throws(
      () => parseCatalogConfig({ endpoints: 'x' }, {}),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol',
    );
  });

  test('advertised endpoints gate calls; spacing and a missing leading slash do not matter', () => {
    const e = new Endpoints(['GET v1/{prefix}/namespaces', 'GET  /v1/{prefix}/namespaces/{namespace}/tables']);
    assert.ok(e.supports(ENDPOINTS.listNamespaces));
    assert.ok(e.supports(ENDPOINTS.listTables));
    assert.ok(!e.supports(ENDPOINTS.listViews));
    assert.throws(() => e.require(ENDPOINTS.loadView, 'views'), /does not support views/);
  });

  test('without advertised endpoints: namespaces and tables, views only with view-endpoints-supported', () => {
    const plain = new Endpoints(undefined, {});
    assert.ok(plain.supports(ENDPOINTS.loadTable));
    assert.ok(!plain.supports(ENDPOINTS.listViews));
    assert.ok(new Endpoints(undefined, { 'view-endpoints-supported': 'true' }).supports(ENDPOINTS.listViews));
  });
});

/** A transport double that answers from a table of paths, recording every call. */
function fakeTransport(routes: Record<string, unknown>): { transport: Transport; calls: Call[] } {
  const calls: Call[] = [];
  const transport = {
    note() {},
    explainFailure: (e: CatalogError) => e,
    async call(call: Call): Promise<Reply> {
      calls.push(call);
      const key = `${call.method} ${call.path}${call.query?.length ? `?${encodeQuery(call.query)}` : ''}`;
      if (!(key in routes)) throw new CatalogError('not-found', `no route ${key}`, { status: 404 });
      return { status: 200, headers: {}, json: routes[key], recordId: String(calls.length) };
    },
  } as unknown as Transport;
  return { transport, calls };
}

describe('IcebergRestClient against a transport double', () => {
  const connection = {
    id: 'c',
    name: 'c',
    protocol: 'iceberg-rest' as const,
    uri: 'http://x',
    warehouse: 'arn:aws:s3tables:us-east-1:1:bucket/b',
    auth: { type: 'none' },
  };

  test('config with warehouse and prefix; namespaces listed under the prefix with parent=%1F', async () => {
    const { transport, calls } = fakeTransport({
      'GET /v1/config?warehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A1%3Abucket%2Fb': { defaults: {}, overrides: { prefix: 'arn%3Aaws%3Abucket' } },
      'GET /v1/arn%3Aaws%3Abucket/namespaces?parent=db%1Fsales': { namespaces: [['db', 'sales', 'emea']] },
    });
    const client = new IcebergRestClient(connection, transport);
    await client.initialize();
    assert.deepEqual(await client.listNamespaces(['db', 'sales']), { items: ['emea'], nextPageToken: undefined });
    assert.equal(calls.length, 2);
  });

  test('the server lacking view endpoints: no view requests, an empty list', async () => {
    const { transport, calls } = fakeTransport({
      'GET /v1/config?warehouse=arn%3Aaws%3As3tables%3Aus-east-1%3A1%3Abucket%2Fb': { defaults: {}, overrides: {}, endpoints: ['GET /v1/{prefix}/namespaces'] },
    });
    const client = new IcebergRestClient(connection, transport);
    assert.deepEqual(await client.listViews(['db']), { items: [] });
    await assert.rejects(client.listTables(['db']), (e: unknown) => e instanceof CatalogError && e.kind === 'config' && /listing tables/.test(e.message));
    await assert.rejects(client.describeView(['db', 'v']), /does not advertise view support/);
    assert.match(client.viewsUnavailable() ?? '', /does not advertise view support/);
    assert.equal(calls.length, 1, 'only GET /v1/config was sent');
  });

  test('paging: the first page sends an empty pageToken, then next-page-token', async () => {
    const { transport, calls } = fakeTransport({
      'GET /v1/config': { defaults: {}, overrides: {} },
      'GET /v1/namespaces/db/tables?pageToken=&pageSize=2': {
        identifiers: [
          { namespace: ['db'], name: 'a' },
          { namespace: ['db'], name: 'b' },
        ],
        'next-page-token': 't2',
      },
      'GET /v1/namespaces/db/tables?pageToken=t2&pageSize=2': { identifiers: [{ namespace: ['db'], name: 'c' }], 'next-page-token': null },
    });
    const client = new IcebergRestClient({ ...connection, warehouse: undefined }, transport);
    assert.deepEqual(await client.listTables(['db'], { limit: 2 }), { items: ['a', 'b'], nextPageToken: 't2' });
    assert.deepEqual(await client.listTables(['db'], { limit: 2, pageToken: 't2' }), { items: ['c'], nextPageToken: undefined });
    assert.equal(calls.length, 3);
  });
});

describe('Iceberg table metadata', () => {
  const metadata = {
    'format-version': 2,
    'table-uuid': 'u-1',
    location: 's3://b/t',
    'current-schema-id': 1,
    schemas: [
      {
        type: 'struct',
        'schema-id': 0,
        fields: [
          { id: 1, name: 'id', type: 'long', required: true },
          { id: 2, name: 'old', type: 'int', required: false },
        ],
      },
      {
        type: 'struct',
        'schema-id': 1,
        fields: [
          { id: 1, name: 'id', type: 'long', required: true },
          { id: 3, name: 'ts', type: 'timestamptz', required: false },
        ],
      },
    ],
    'default-spec-id': 0,
    'partition-specs': [
      {
        'spec-id': 0,
        fields: [
          { name: 'ts_day', transform: 'day', 'source-id': 3, 'field-id': 1000 },
          { name: 'old', transform: 'identity', 'source-id': 2, 'field-id': 1001 },
        ],
      },
    ],
    'current-snapshot-id': 20,
    snapshots: [
      { 'snapshot-id': 10, 'sequence-number': 1, 'timestamp-ms': 1000, 'manifest-list': 'm1', summary: { operation: 'append', 'total-records': '3' } },
      {
        'snapshot-id': 20,
        'parent-snapshot-id': 10,
        'sequence-number': 2,
        'timestamp-ms': 2000,
        'manifest-list': 'm2',
        summary: { operation: 'overwrite', 'total-records': '5' },
      },
    ],
    refs: { tagged: { type: 'tag', 'snapshot-id': 10 }, main: { type: 'branch', 'snapshot-id': 20 } },
    statistics: [
      {
        'snapshot-id': 20,
        'statistics-path': 's3://b/t/stats.puffin',
        'file-size-in-bytes': 10,
        'file-footer-size-in-bytes': 2,
        'blob-metadata': [{ type: 'apache-datasketches-theta-v1', 'snapshot-id': 20, 'sequence-number': 2, fields: [1] }],
      },
    ],
  };

  test('snapshots newest first, refs main first, sources named (dropped columns from older schemas)', () => {
    const m = parseTableMetadata(metadata, 's3://b/t/metadata/v3.json');
    assert.deepEqual(
      m.snapshots.map((s) => s.snapshotId),
      ['20', '10'],
    );
    assert.deepEqual(
      m.refs.map((r) => [r.name, r.type, r.snapshotId]),
      [
        ['main', 'branch', '20'],
        ['tagged', 'tag', '10'],
      ],
    );
    assert.deepEqual(
      m.partitionSpecs[0]?.fields.map((f) => f.sourceName),
      ['ts', 'old'],
    );
    assert.equal(m.statistics[0]?.blobs?.[0]?.type, 'apache-datasketches-theta-v1');
    assert.equal(m.metadataLocation, 's3://b/t/metadata/v3.json');
  });

  test('TableDetails: current schema, version = current sequence number, config redacted', () => {
    const t = tableDetailsFromLoadResult(['db', 't'], {
      'metadata-location': 'x',
      metadata,
      config: { 's3.secret-access-key': 'SECRETSECRET', 's3.region': 'us-east-1' },
    });
    assert.deepEqual(
      t.schema.map((f) => f.name),
      ['id', 'ts'],
    );
    assert.equal(t.version, 2n);
    assert.equal(t.storageOptions['s3.region'], 'us-east-1');
    assert.ok(!stringifyJson(t).includes('SECRETSECRET'), 'no secret in details or raw');
    assert.equal(t.stats?.['total-records'], 5);
  });

  test('versions: snapshot ids newest first with operation, summary and refs', () => {
    const v = versionsFromMetadata(parseTableMetadata(metadata));
    assert.deepEqual(
      v.map((x) => x.version),
      [20n, 10n],
    );
    assert.equal(v[0]?.metadata?.['operation'], 'overwrite');
    assert.equal(v[0]?.metadata?.['refs'], 'branch main');
    assert.equal(v[1]?.metadata?.['refs'], 'tag tagged');
    assert.equal(v[0]?.timestamp, new Date(2000).toISOString());
  });

  test('format v1 without refs: the current snapshot is main', () => {
    const m = parseTableMetadata({
      'format-version': 1,
      'current-snapshot-id': 5,
      snapshots: [{ 'snapshot-id': 5, 'timestamp-ms': 1, summary: { operation: 'append' } }],
    });
    assert.deepEqual(m.refs, [{ name: 'main', type: 'branch', snapshotId: '5' }]);
  });
});

describe('Iceberg int64 snapshot ids', () => {
  test('parseJsonExact keeps snapshot ids exact; other numbers and strings untouched', () => {
    const text =
      '{"current-snapshot-id": 8735294938485749321, "snapshots":[{"snapshot-id":8735294938485749321,"parent-snapshot-id":-1,"timestamp-ms":1700000000000}],"refs":{"main":{"snapshot-id":8735294938485749321,"type":"branch"}},"properties":{"x":"\\"snapshot-id\\": 1"}}';
    const o = parseJsonExact(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(o['current-snapshot-id'], '8735294938485749321');
    assert.equal(o['snapshots'][0]['snapshot-id'], '8735294938485749321');
    assert.equal(o['snapshots'][0]['parent-snapshot-id'], -1);
    assert.equal(o['snapshots'][0]['timestamp-ms'], 1700000000000);
    assert.equal(o['properties']['x'], '"snapshot-id": 1');
    const m = parseTableMetadata(o);
    assert.equal(m.currentSnapshotId, '8735294938485749321');
    assert.equal(m.refs[0]?.snapshotId, '8735294938485749321');
    assert.deepEqual(
      versionsFromMetadata(m).map((v) => v.version),
      [8735294938485749321n],
    );
  });

  test('format v1: the version is the current snapshot id, exact', () => {
    const body = parseJsonExact(
      '{"metadata":{"format-version":1,"current-snapshot-id":5414903734668045955,"snapshots":[{"snapshot-id":5414903734668045955,"timestamp-ms":1,"summary":{"operation":"append"}}]}}',
    );
    assert.equal(tableDetailsFromLoadResult(['db', 't'], body).version, 5414903734668045955n);
  });

  test('a snapshot without an id cannot be a version: a protocol error, not a made-up id', () => {
    const m = parseTableMetadata({ snapshots: [{ 'timestamp-ms': 1 }] });
    assert.throws(
      () => versionsFromMetadata(m),
      (e: unknown) => e instanceof CatalogError && e.kind === 'protocol' && /snapshot-id/.test(e.message),
    );
  });
});
