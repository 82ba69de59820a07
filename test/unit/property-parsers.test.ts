import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CatalogError } from '../../src/core/errors';
import { LanceRestClient } from '../../src/core/lance/client';
import { parseArrowSchema } from '../../src/core/lance/schema';
import { IcebergRestClient } from '../../src/core/iceberg/client';
import { parseCatalogConfig, ENDPOINTS } from '../../src/core/iceberg/config';
import { describeType, parseIcebergSchema } from '../../src/core/iceberg/schema';
import { tableDetailsFromLoadResult, versionsFromMetadata } from '../../src/core/iceberg/tableMetadata';
import { viewDetailsFromLoadResult } from '../../src/core/iceberg/viewMetadata';
import { decodeErrorResponse } from '../../src/core/transport/errorBody';
import { jsonDepthExceeds } from '../../src/core/transport/jsonDepth';
import { explainSigV4Rejection } from '../../src/core/auth/sigv4/rejection';
import { lanceRestProtocol } from '../../src/core/lance/protocol';
import { icebergRestProtocol } from '../../src/core/iceberg/protocol';
import type { Call, Reply, Transport } from '../../src/core/transport/transport';
import type { ConnectionConfig } from '../../src/core/connection';
import { outcome } from '../support/hostileOutcomes';

/**
 * Every response parser, fed arbitrary JSON shaped like the real bodies (the real field names, the real type
 * names, plus keys that attack JavaScript objects: `__proto__`, `toString`): each either returns a result or
 * throws a CatalogError, never anything else (no TypeError, no RangeError).
 */

const RUNS = 10_000;

const FIELD_NAMES = [
  // Lance
  'namespaces',
  'tables',
  'page_token',
  'properties',
  'schema',
  'fields',
  'name',
  'type',
  'nullable',
  'metadata',
  'length',
  'version',
  'location',
  'table_uri',
  'stats',
  'storage_options',
  'versions',
  'timestamp_millis',
  'manifest_size',
  'indexes',
  'indices',
  'index_name',
  'index_type',
  'columns',
  'index_uuid',
  'status',
  'count',
  'num_indexed_rows',
  'context',
  // Iceberg
  'metadata-location',
  'config',
  'storage-credentials',
  'format-version',
  'table-uuid',
  'schemas',
  'schema-id',
  'current-schema-id',
  'identifier-field-ids',
  'partition-specs',
  'spec-id',
  'source-id',
  'field-id',
  'transform',
  'sort-orders',
  'order-id',
  'direction',
  'null-order',
  'snapshots',
  'snapshot-id',
  'parent-snapshot-id',
  'sequence-number',
  'timestamp-ms',
  'summary',
  'manifest-list',
  'refs',
  'current-snapshot-id',
  'statistics',
  'statistics-path',
  'file-size-in-bytes',
  'blob-metadata',
  'partition-statistics',
  'last-updated-ms',
  'last-sequence-number',
  'default-spec-id',
  'default-sort-order-id',
  'defaults',
  'overrides',
  'endpoints',
  'prefix',
  'element',
  'element-id',
  'element-required',
  'key',
  'key-id',
  'value',
  'value-id',
  'value-required',
  'required',
  'doc',
  'id',
  'initial-default',
  'write-default',
  'version-id',
  'current-version-id',
  'representations',
  'sql',
  'dialect',
  'default-namespace',
  'default-catalog',
  'view-uuid',
  'identifiers',
  'next-page-token',
  'namespace',
  'total-records',
  'operation',
  'rest-page-size',
  'view-endpoints-supported',
  // error bodies
  'error',
  'message',
  'Message',
  'code',
  'detail',
  'title',
];
const HOSTILE_KEYS = ['__proto__', 'toString', 'valueOf', 'constructor', 'hasOwnProperty', 'toJSON'];
const TYPE_NAMES = [
  'struct',
  'list',
  'map',
  'large_list',
  'fixed_size_list',
  'dictionary',
  'decimal128',
  'fixed_size_binary',
  'int64',
  'utf8',
  'bool',
  'tag',
  'branch',
  'decimal(10,2)',
  'fixed[16]',
  'main',
  'GET /v1/{prefix}/namespaces',
];

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string() },
);
const primitive = fc.oneof(
  fc.constantFrom(...TYPE_NAMES),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e300, -1e300, 8.64e15 + 1, 2 ** 63, -1, 0),
  fc.boolean(),
  fc.constant(null),
);
const { shaped } = fc.letrec<{ shaped: unknown }>((tie) => ({
  shaped: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.array(tie('shaped'), { maxLength: 4 }),
    fc.dictionary(key, tie('shaped'), { maxKeys: 6 }),
  ),
}));
/** What arrives on the wire: only what survives JSON. */
const body = shaped.map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);

/** Note the property in the reliability report (only when generating it). */
function proved(what: string): void {
  outcome('property-based', `${what}: ${RUNS.toLocaleString('en')} generated bodies`, 'each gave a result or a CatalogError; no other exception');
}

async function typedOutcome(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof CatalogError)) throw new Error(`escaped as ${(e as Error)?.name}: ${(e as Error)?.stack ?? String(e)}`);
  }
}

const connection: ConnectionConfig = { id: 'p', name: 'property', protocol: 'lance-rest', uri: 'http://127.0.0.1:1', auth: { type: 'none' } };

/** A transport that answers every call with `json` (Iceberg's config call with `config`). */
function stub(json: unknown, config: unknown = {}): Transport {
  return {
    call: async (c: Call): Promise<Reply> => ({ status: 200, headers: {}, json: c.operation === 'GetConfig' ? config : json, recordId: 'r1' }),
  } as unknown as Transport;
}

const lanceOperations: [string, (c: LanceRestClient) => Promise<unknown>][] = [
  ['listNamespaces', (c) => c.listNamespaces(['a'])],
  ['listTables', (c) => c.listTables(['a'])],
  ['describeNamespace', (c) => c.describeNamespace(['a'])],
  ['describeTable', (c) => c.describeTable(['a', 't'])],
  ['listVersions', (c) => c.listVersions(['a', 't'])],
  ['listIndices', (c) => c.listIndices(['a', 't'])],
  ['countRows', (c) => c.countRows(['a', 't'])],
];

for (const [name, op] of lanceOperations) {
  test(`Lance ${name}: any body gives a result or a CatalogError`, async () => {
    await fc.assert(
      fc.asyncProperty(body, async (json) => typedOutcome(() => op(new LanceRestClient(connection, stub(json))))),
      { numRuns: RUNS },
    );
    proved(`Lance ${name}`);
  });
}

const icebergOperations: [string, (c: IcebergRestClient) => Promise<unknown>][] = [
  ['listNamespaces', (c) => c.listNamespaces(['a'])],
  ['listTables', (c) => c.listTables(['a'])],
  ['describeNamespace', (c) => c.describeNamespace(['a'])],
  [
    'loadTable (describeTable, versions, row count)',
    async (c) =>
      Promise.all([c.describeTable(['a', 't']), c.listVersions(['a', 't']), c.countRows(['a', 't']).catch((e) => e)]).then(([, , n]) => {
        if (n instanceof Error) throw n;
      }),
  ],
  ['describeView', (c) => c.describeView(['a', 'v'])],
];

for (const [name, op] of icebergOperations) {
  test(`Iceberg ${name}: any body gives a result or a CatalogError`, async () => {
    const config = { defaults: {}, overrides: {}, endpoints: Object.values(ENDPOINTS) };
    await fc.assert(
      fc.asyncProperty(body, async (json) => typedOutcome(() => op(new IcebergRestClient({ ...connection, protocol: 'iceberg-rest' }, stub(json, config))))),
      { numRuns: RUNS },
    );
    proved(`Iceberg ${name}`);
  });
}

test('Iceberg config: any body gives a configuration or a CatalogError', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (json) =>
      typedOutcome(() => {
        const c = parseCatalogConfig(json, { warehouse: 'w' }, 'r1');
        c.endpoints.supports(ENDPOINTS.listNamespaces);
      }),
    ),
    { numRuns: RUNS },
  );
  proved('Iceberg GET /v1/config');
});

test('Iceberg loadTable metadata parsers: any body gives details or a CatalogError', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (json) =>
      typedOutcome(() => {
        const d = tableDetailsFromLoadResult(['a', 't'], json, 'r1');
        if (d.iceberg) versionsFromMetadata(d.iceberg);
        viewDetailsFromLoadResult(['a', 'v'], json, 'r1');
      }),
    ),
    { numRuns: RUNS },
  );
  proved('Iceberg LoadTable and LoadView metadata');
});

test('JSON Arrow schema: any value gives fields or a CatalogError', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (json) => typedOutcome(() => parseArrowSchema(json))),
    { numRuns: RUNS },
  );
  proved('Lance JSON Arrow schema');
});

test('Iceberg types: any value gives a display type and never throws', () => {
  fc.assert(
    fc.property(body, (json) => {
      assert.equal(typeof describeType(json).type, 'string');
      assert.ok(Array.isArray(parseIcebergSchema(json)));
    }),
    { numRuns: RUNS },
  );
  proved('Iceberg types');
});

test('error bodies: any status, content type and text give a message, never an exception', () => {
  const text = fc.oneof(
    body.map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constantFrom(
      '<html><title>x</title></html>',
      '<Error><Code>SignatureDoesNotMatch</Code></Error>',
      '{"message":"Signature expired: 20240102T030405Z is now earlier than 20240102T031000Z"}',
    ),
  );
  fc.assert(
    fc.property(fc.integer({ min: 100, max: 599 }), fc.constantFrom('application/json', 'text/html', 'text/plain', ''), text, (status, ct, t) => {
      for (const reader of [undefined, lanceRestProtocol.readErrorBody, icebergRestProtocol.readErrorBody]) {
        const d = decodeErrorResponse(status, { 'content-type': ct }, t, { operation: 'ListTables', subject: 'the root namespace' }, reader);
        assert.equal(typeof d.message, 'string');
        assert.equal(typeof d.kind, 'string');
      }
      const rejection = explainSigV4Rejection({ status, headers: { 'content-type': ct }, body: t }, undefined);
      assert.ok(rejection === undefined || typeof rejection.message === 'string');
    }),
    { numRuns: RUNS },
  );
  proved('error bodies (Lance, Iceberg, AWS, HTML, SigV4 rejections)');
});

test('the JSON depth scan agrees with the real depth of any JSON value', () => {
  const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depth)) : 0);
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, max) => {
      assert.equal(jsonDepthExceeds(JSON.stringify(v), max), depth(v) > max);
    }),
    { numRuns: RUNS },
  );
});
