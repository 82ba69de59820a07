// LanceDB's own client (@lancedb/lancedb, Rust underneath) as an independent reader of the Lance catalog: on the same
// reference RestAdapter, seeded by pylance with nested namespaces, odd names, versions and indices, our answers
// (listings, namespace properties, versions, indices and their stats, row counts, schemas) equal LanceDB's. LanceDB
// reads versions, indices and schemas from the dataset itself, so this checks our REST reading against the data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataType, type Field, type Schema } from 'apache-arrow';
import type { CatalogClient } from '../../src/core/client';
import type { SchemaField } from '../../src/core/model';
import { allPages } from '../../src/core/paging';
import { createRuntime } from '../../src/core/runtime';
import { lanceStandard } from '../support/lanceSeed';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';

interface LanceDbTable {
  version(): Promise<number>;
  listVersions(): Promise<{ version: number; timestamp: Date; metadata: Record<string, string> }[]>;
  listIndices(): Promise<{ name: string; indexType: string; columns: string[] }[]>;
  indexStats(name: string): Promise<{ numIndexedRows: number; numUnindexedRows: number; indexType: string } | undefined>;
  countRows(): Promise<number>;
  schema(): Promise<Schema>;
  close(): void;
}
interface LanceDb {
  tableNames(namespacePath?: string[], options?: { startAfter?: string; limit?: number }): Promise<string[]>;
  listNamespaces(namespacePath?: string[], options?: { pageToken?: string; limit?: number }): Promise<{ namespaces: string[]; pageToken?: string | null }>;
  describeNamespace(namespacePath: string[]): Promise<{ properties?: Record<string, string> }>;
  openTable(name: string, namespacePath?: string[]): Promise<LanceDbTable>;
  close(): void;
}

/**
 * LanceDB 0.31.0 writes a space in a route as `+` (form encoding), which the reference server reads as a literal
 * `+`: it cannot address such names (it lists no tables in `raw data`, and describing it fails). For those names the
 * seed's own record is the reference instead; the test checks that LanceDB still cannot, so that a fixed LanceDB is
 * noticed and the exception removed.
 */
const lancedbCannotAddress = (parts: string[]) => parts.some((p) => p.includes(' '));

/** An Arrow type in the words our Lance schema reader uses (`int64`, `list<utf8>`, `decimal128(10, 2)`). */
function arrowTypeName(t: DataType): string {
  if (DataType.isInt(t)) return `${t.isSigned ? 'int' : 'uint'}${t.bitWidth}`;
  if (DataType.isFloat(t)) return ['float16', 'float32', 'float64'][t.precision]!;
  if (DataType.isUtf8(t)) return 'utf8';
  if (DataType.isLargeUtf8(t)) return 'large_utf8';
  if (DataType.isBool(t)) return 'bool';
  if (DataType.isBinary(t)) return 'binary';
  if (DataType.isLargeBinary(t)) return 'large_binary';
  if (DataType.isDecimal(t)) return `decimal${t.bitWidth}(${t.precision}, ${t.scale})`;
  if (DataType.isTimestamp(t)) return 'timestamp';
  if (DataType.isDate(t)) return t.unit === 0 ? 'date32' : 'date64';
  if (DataType.isList(t)) return `list<${arrowTypeName(t.children[0]!.type)}>`;
  if (DataType.isLargeList(t)) return `large_list<${arrowTypeName(t.children[0]!.type)}>`;
  if (DataType.isMap(t)) {
    const [key, value] = (t.children[0]!.type as DataType).children;
    return `map<${arrowTypeName(key!.type)}, ${arrowTypeName(value!.type)}>`;
  }
  // The DescribeTable schema names a dictionary column by its values' type.
  if (DataType.isDictionary(t)) return arrowTypeName(t.dictionary);
  if (DataType.isFixedSizeList(t)) return `fixed_size_list<${arrowTypeName(t.children[0]!.type)}>[${t.listSize}]`;
  if (DataType.isStruct(t)) return 'struct';
  if (DataType.isFixedSizeBinary(t)) return `fixed_size_binary[${t.byteWidth}]`;
  return `arrow:${String(t)}`;
}

/** Name, nullability and type of every field, children included, for both readers. */
function arrowShape(fields: Field[]): unknown[] {
  const nested = (t: DataType) => DataType.isStruct(t) || DataType.isList(t) || DataType.isLargeList(t) || DataType.isFixedSizeList(t) || DataType.isMap(t);
  return fields.map((f) => ({ name: f.name, nullable: f.nullable, type: arrowTypeName(f.type), children: nested(f.type) ? arrowShape(f.type.children) : [] }));
}
function ourShape(fields: SchemaField[]): unknown[] {
  return fields.map((f) => ({ name: f.name, nullable: f.nullable, type: f.type, children: ourShape(f.children ?? []) }));
}

describe('our Lance client and LanceDB read the same catalog alike', () => {
  let lance: RunningServer;
  let ours: CatalogClient;
  let db: LanceDb;
  const namespaces: string[][] = [];
  before(async () => {
    lance = await startLanceCatalog({ seed: 'standard' });
    ours = createRuntime().open({ id: 'x', name: 'x', protocol: 'lance-rest', uri: lance.uri, auth: { type: 'none' } }, {});
    const lancedb = (await import('@lancedb/lancedb')) as unknown as { connectNamespace(impl: 'rest', config: { uri: string }): Promise<LanceDb> };
    db = await lancedb.connectNamespace('rest', { uri: lance.uri });
  });
  after(async () => {
    db?.close();
    ours?.dispose();
    await lance?.stop();
  });

  /** LanceDB's table listing: it pages with `startAfter` and ends on a short page. */
  async function lancedbTables(ns: string[]): Promise<string[]> {
    const out: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await db.tableNames(ns, { limit: 1000, ...(after ? { startAfter: after } : {}) });
      out.push(...page);
      if (page.length < 1000) return out;
      after = page.at(-1);
    }
  }

  async function lancedbNamespaces(ns: string[]): Promise<string[]> {
    const out: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await db.listNamespaces(ns, pageToken ? { pageToken } : {});
      out.push(...page.namespaces);
      pageToken = page.pageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  test('every namespace level and every table listing, odd names included', async () => {
    const walk = async (ns: string[]): Promise<void> => {
      const where = ns.join('$') || 'the root';
      const mine = await allPages((p) => ours.listNamespaces(ns, p), 'namespaces');
      const tables = await allPages((p) => ours.listTables(ns, p), 'tables', { limit: 1000 });
      if (lancedbCannotAddress(ns)) {
        assert.deepEqual([...mine].sort(), lanceStandard.namespaces_by_parent[ns.join('$')] ?? [], `namespaces of ${where} (seed)`);
        assert.deepEqual([...tables].sort(), lanceStandard.tables_by_namespace[ns.join('$')], `tables of ${where} (seed)`);
        assert.notDeepEqual(await lancedbTables(ns), tables, `LanceDB still misaddresses ${where}; drop the exception`);
      } else {
        assert.deepEqual([...mine].sort(), [...(await lancedbNamespaces(ns))].sort(), `namespaces of ${where}`);
        assert.deepEqual(tables, await lancedbTables(ns), `tables of ${where}`);
      }
      for (const child of mine) {
        namespaces.push([...ns, child]);
        await walk([...ns, child]);
      }
    };
    await walk([]);
    assert.deepEqual(namespaces.map((n) => n.join('$')).sort(), [...lanceStandard.namespaces].sort(), 'the walk saw every seeded namespace');
  });

  test('namespace properties', async () => {
    for (const ns of namespaces) {
      const mine = (await ours.describeNamespace(ns)).properties;
      if (lancedbCannotAddress(ns)) {
        assert.deepEqual(mine, lanceStandard.namespace_properties[ns.join('$')] ?? {}, `${ns.join('$')} (seed)`);
        await assert.rejects(db.describeNamespace(ns), /route names/, `LanceDB still misaddresses ${ns.join('$')}; drop the exception`);
      } else {
        assert.deepEqual(mine, (await db.describeNamespace(ns)).properties ?? {}, ns.join('$'));
      }
    }
  });

  test('each table: version, versions with times, indices with stats, row count, schema', async () => {
    const tables = Object.values(lanceStandard.tables);
    assert.ok(tables.some((t) => t.indices.length > 0) && tables.some((t) => /[^a-z0-9_]/i.test(t.name)), 'the seed has indices and odd names');
    for (const seed of tables.filter((t) => !lancedbCannotAddress(t.id))) {
      const id = seed.id;
      const where = id.join('$');
      const table = await db.openTable(id.at(-1)!, id.slice(0, -1));
      try {
        const details = await ours.describeTable(id);
        // The reference server cannot open a dataset whose name needs escaping in its location (non-ASCII, %, #, ?, /):
        // it answers DescribeTable without version and schema and calls the table "only declared". We show what it
        // said; the versions, indices and rows below still come from the data and must agree.
        const declaredOnly = (details.raw as { is_only_declared?: boolean }).is_only_declared === true && details.version === undefined;
        if (declaredOnly) assert.match(seed.name, /[^A-Za-z0-9_ +-]/, `${where}: only a name that needs escaping explains a declared-only answer`);
        else assert.equal(details.version, BigInt(await table.version()), `${where}: version`);

        const theirVersions = await table.listVersions();
        const ourVersions = await ours.listVersions(id);
        assert.deepEqual(
          ourVersions.map((v) => v.version),
          theirVersions.map((v) => BigInt(v.version)).sort((a, b) => (a < b ? 1 : -1)),
          `${where}: versions`,
        );
        // The REST server dates a version by its manifest file, LanceDB by the commit inside it: a few ms apart.
        const theirTimes = new Map(theirVersions.map((v) => [BigInt(v.version), v.timestamp.getTime()]));
        for (const v of ourVersions) {
          const gap = Math.abs(Date.parse(v.timestamp!) - theirTimes.get(v.version)!);
          assert.ok(gap < 1000, `${where}: version ${v.version} is dated ${v.timestamp}, LanceDB says ${new Date(theirTimes.get(v.version)!).toISOString()}`);
        }

        const theirIndices = await table.listIndices();
        const ourIndices = await ours.listIndices(id);
        assert.deepEqual(ourIndices.map((i) => [i.name, i.columns]).sort(), theirIndices.map((i) => [i.name, i.columns]).sort(), `${where}: indices`);
        for (const index of ourIndices) {
          const stats = await table.indexStats(index.name);
          assert.equal(index.stats?.['num_indexed_rows'], stats?.numIndexedRows, `${where}: ${index.name} indexed rows`);
          assert.equal(index.stats?.['num_unindexed_rows'], stats?.numUnindexedRows, `${where}: ${index.name} unindexed rows`);
          assert.equal(index.type?.toLowerCase(), theirIndices.find((i) => i.name === index.name)?.indexType.toLowerCase(), `${where}: ${index.name} type`);
        }

        assert.equal(await ours.countRows(id), await table.countRows(), `${where}: rows`);
        assert.equal(details.stats?.['num_rows'], seed.rows, `${where}: rows in the details`);
        if (declaredOnly) {
          assert.deepEqual(details.schema, [], `${where}: no schema was given`);
          continue;
        }
        let theirs: Schema | undefined;
        try {
          theirs = await table.schema();
        } catch (e) {
          // LanceDB 0.31 (lance-core 8) panics on a schema pylance 14 writes and reads: a timestamp with a fixed-offset
          // zone (`timestamp[us, tz=+05:30]`, in preview$all_types). For that table the seed is the reference.
          assert.match(String(e), /Panic in async function/, `${where}: ${String(e)}`);
          assert.equal(where, 'preview$all_types', `${where}: LanceDB could not read this schema: ${String(e)}`);
          assert.deepEqual(
            details.schema.map((f) => f.name),
            seed.columns,
            `${where}: columns (seed)`,
          );
          assert.ok(
            details.schema.some((f) => f.type === 'timestamp' && f.name === 'ts_us_offset'),
            `${where}: we show the fixed-offset timestamp`,
          );
        }
        if (theirs) assert.deepEqual(ourShape(details.schema), arrowShape(theirs.fields), `${where}: schema`);
      } finally {
        table.close();
      }
    }
  });
});
