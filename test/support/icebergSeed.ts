// Seeds a RESTCatalogServer through the Iceberg REST API itself (plain fetch): nested namespaces, a wide namespace
// for paging, a partitioned v2 table with two snapshots, a tag and a sort order, and a view with SQL.
// Snapshots are committed with `add-snapshot` + `set-snapshot-ref`; their manifest lists need not exist, because
// loading a table reads only the metadata file the server wrote. Their ids are random 63-bit values, as real
// writers make them, drawn anew on every run: a client that rounds int64s through a JavaScript number fails.
import { randomBytes } from 'node:crypto';
import { stringifyJson } from '../../src/core/int64';

/** A random positive int64 that a JavaScript number cannot hold exactly (as nearly every real snapshot id). */
export function randomSnapshotId(): bigint {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
    if (id > BigInt(Number.MAX_SAFE_INTEGER) && BigInt(Number(id)) !== id) return id;
  }
}

const FIRST_SNAPSHOT = randomSnapshotId();
const SECOND_SNAPSHOT = randomSnapshotId();

export const ICEBERG_SEED = {
  wideNamespaces: 120,
  wideTables: 30,
  snapshots: [
    { id: FIRST_SNAPSHOT, parent: undefined as bigint | undefined, seq: 1, added: 10, total: 10 },
    { id: SECOND_SNAPSHOT, parent: FIRST_SNAPSHOT as bigint | undefined, seq: 2, added: 5, total: 15 },
  ],
  tag: 'v1',
  viewSql: 'SELECT region, count(*) AS n FROM db.sales.orders GROUP BY region',
  viewSqlTrino: 'SELECT region, count(*) AS n FROM "db"."sales"."orders" GROUP BY region',
} as const;

/** Every Iceberg type, nested ones included, with ids as the spec assigns them. */
export const ORDERS_SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  'identifier-field-ids': [1],
  fields: [
    { id: 1, name: 'id', type: 'long', required: true, doc: 'order id' },
    { id: 2, name: 'ts', type: 'timestamptz', required: true },
    { id: 3, name: 'region', type: 'string', required: false },
    { id: 4, name: 'amount', type: 'decimal(10,2)', required: false },
    { id: 5, name: 'flag', type: 'boolean', required: false },
    { id: 6, name: 'qty', type: 'int', required: false },
    { id: 7, name: 'ratio', type: 'float', required: false },
    { id: 8, name: 'score', type: 'double', required: false },
    { id: 9, name: 'day', type: 'date', required: false },
    { id: 10, name: 'tod', type: 'time', required: false },
    { id: 11, name: 'local_ts', type: 'timestamp', required: false },
    { id: 12, name: 'uid', type: 'uuid', required: false },
    { id: 13, name: 'hash', type: 'fixed[16]', required: false },
    { id: 14, name: 'payload', type: 'binary', required: false },
    {
      id: 15,
      name: 'address',
      required: false,
      type: {
        type: 'struct',
        fields: [
          { id: 16, name: 'city', type: 'string', required: true },
          { id: 17, name: 'zip', type: 'string', required: false, doc: 'postal code' },
        ],
      },
    },
    {
      id: 18,
      name: 'items',
      required: false,
      type: {
        type: 'list',
        'element-id': 19,
        'element-required': true,
        element: {
          type: 'struct',
          fields: [
            { id: 20, name: 'sku', type: 'string', required: true },
            { id: 21, name: 'price', type: 'decimal(9,2)', required: false },
          ],
        },
      },
    },
    {
      id: 22,
      name: 'attrs',
      required: false,
      type: {
        type: 'map',
        'key-id': 23,
        key: 'string',
        'value-id': 24,
        'value-required': false,
        value: { type: 'list', 'element-id': 25, element: 'int', 'element-required': false },
      },
    },
  ],
};

export const ORDERS_SPEC = {
  'spec-id': 0,
  fields: [
    { name: 'region', transform: 'identity', 'source-id': 3, 'field-id': 1000 },
    { name: 'ts_day', transform: 'day', 'source-id': 2, 'field-id': 1001 },
    { name: 'id_bucket', transform: 'bucket[16]', 'source-id': 1, 'field-id': 1002 },
  ],
};

export const ORDERS_SORT = { 'order-id': 1, fields: [{ 'source-id': 2, transform: 'identity', direction: 'desc', 'null-order': 'nulls-last' }] };

/** What the seed chose at run time (snapshot times must follow the table's creation, so they are taken from the clock). */
export interface IcebergSeedResult {
  snapshotTimesMs: number[];
}

export async function seedIceberg(uri: string): Promise<IcebergSeedResult> {
  const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${uri}/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : stringifyJson(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`seed: ${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const ns = (parts: string[], properties: Record<string, string> = {}) => api('POST', '/namespaces', { namespace: parts, properties });
  const seg = (parts: string[]) => parts.map(encodeURIComponent).join('%1F');

  await ns(['db'], { owner: 'data-eng', comment: 'top level' });
  await ns(['db', 'sales'], { owner: 'sales' });
  await ns(['db', 'sales', 'emea']);
  await ns(['db', 'marketing']);
  await ns(['odd space']);
  await ns(['wide']);
  // Sequential on purpose: the JDBC backend on in-memory SQLite serialises writes anyway.
  for (let i = 0; i < ICEBERG_SEED.wideNamespaces; i++) await ns(['wide', `n${String(i).padStart(3, '0')}`]);
  const simpleSchema = { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'id', type: 'long', required: true }] };
  for (let i = 0; i < ICEBERG_SEED.wideTables; i++)
    await api('POST', `/namespaces/wide/tables`, { name: `t${String(i).padStart(3, '0')}`, schema: simpleSchema });
  await api('POST', `/namespaces/${seg(['db', 'sales', 'emea'])}/tables`, { name: 'customers', schema: simpleSchema });
  await api('POST', `/namespaces/${seg(['odd space'])}/tables`, { name: 'a.b', schema: simpleSchema });

  const orders = ['db', 'sales'];
  await api('POST', `/namespaces/${seg(orders)}/tables`, {
    name: 'orders',
    schema: ORDERS_SCHEMA,
    'partition-spec': ORDERS_SPEC,
    'write-order': ORDERS_SORT,
    properties: { 'format-version': '2', owner: 'sales', 'write.format.default': 'parquet' },
  });
  const table = `/namespaces/${seg(orders)}/tables/orders`;
  const snapshotTimesMs: number[] = [];
  for (const [i, s] of ICEBERG_SEED.snapshots.entries()) {
    // Iceberg rejects a snapshot older than the table's last metadata change; a second apart keeps them ordered.
    const time = Date.now() + 1000 * (i + 1);
    snapshotTimesMs.push(time);
    const updates: unknown[] = [
      {
        action: 'add-snapshot',
        snapshot: {
          'snapshot-id': s.id,
          ...(s.parent !== undefined ? { 'parent-snapshot-id': s.parent } : {}),
          'sequence-number': s.seq,
          'timestamp-ms': time,
          'manifest-list': `file:///nonexistent/orders/metadata/snap-${s.id}.avro`,
          summary: {
            operation: 'append',
            'added-records': String(s.added),
            'total-records': String(s.total),
            'added-data-files': '1',
            'total-data-files': String(i + 1),
          },
          'schema-id': 0,
        },
      },
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': s.id },
    ];
    if (i === 1) updates.push({ action: 'set-snapshot-ref', 'ref-name': ICEBERG_SEED.tag, type: 'tag', 'snapshot-id': ICEBERG_SEED.snapshots[0].id });
    await api('POST', table, {
      requirements: [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': s.parent ?? null }],
      updates,
    });
  }

  await api('POST', `/namespaces/${seg(orders)}/views`, {
    name: 'orders_by_region',
    schema: {
      type: 'struct',
      'schema-id': 0,
      fields: [
        { id: 1, name: 'region', type: 'string', required: false },
        { id: 2, name: 'n', type: 'long', required: true },
      ],
    },
    'view-version': {
      'version-id': 1,
      'timestamp-ms': Date.now(),
      'schema-id': 0,
      summary: { 'engine-name': 'spark', 'engine-version': '3.5.0' },
      representations: [
        { type: 'sql', sql: ICEBERG_SEED.viewSql, dialect: 'spark' },
        { type: 'sql', sql: ICEBERG_SEED.viewSqlTrino, dialect: 'trino' },
      ],
      'default-namespace': orders,
    },
    properties: { comment: 'orders per region' },
  });
  return { snapshotTimesMs };
}
