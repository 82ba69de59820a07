import type {
  Identifier,
  IcebergPartitionSpec,
  IcebergRef,
  IcebergSchema,
  IcebergSnapshot,
  IcebergSortOrder,
  IcebergStatisticsFile,
  IcebergTableMetadata,
  SchemaField,
  TableDetails,
  TableVersion,
} from '../model';
import { CatalogError } from '../errors';
import { int64 } from '../int64';
import { redactMap } from '../redact';
import { expectObject, isoTime, optionalNumber, optionalString, stringRecord } from '../validate';
import { fieldNamesById, parseIcebergSchema } from './schema';

type Json = Record<string, unknown>;

/**
 * A `LoadTableResult` (`metadata-location`, `metadata`, `config`) as shared TableDetails plus Iceberg's own
 * metadata. `version` is the current snapshot's sequence number, a counter that grows with every commit. Format v1
 * tables have no sequence numbers; for them `version` is the current snapshot id (exact, like every int64 here).
 * A table without snapshots has no version.
 */
export function tableDetailsFromLoadResult(identifier: Identifier, body: unknown, recordId?: string): TableDetails {
  const result = expectObject(body, 'LoadTable', recordId);
  const m = expectObject(result['metadata'], 'LoadTable', recordId);
  const iceberg = parseTableMetadata(m, optionalString(result['metadata-location']));
  const current = iceberg.schemas.find((s) => s.schemaId === iceberg.currentSchemaId) ?? iceberg.schemas[iceberg.schemas.length - 1];
  const currentSnapshot = iceberg.snapshots.find((s) => s.snapshotId === iceberg.currentSnapshotId);
  const storageOptions = redactMap(stringRecord(result['config']));
  const stats: Record<string, string | number> = {};
  for (const key of ['total-records', 'total-data-files', 'total-delete-files', 'total-files-size', 'total-position-deletes', 'total-equality-deletes']) {
    const v = currentSnapshot?.summary[key];
    if (v !== undefined) stats[key] = optionalNumber(v) ?? v;
  }
  stats['snapshots'] = iceberg.snapshots.length;
  return {
    identifier,
    format: 'iceberg',
    location: optionalString(m['location']),
    version: currentSnapshot
      ? currentSnapshot.sequenceNumber !== undefined
        ? BigInt(currentSnapshot.sequenceNumber)
        : int64(currentSnapshot.snapshotId)
      : undefined,
    schema: current?.fields ?? [],
    stats,
    properties: redactMap(stringRecord(m['properties'])),
    storageOptions,
    raw: redactedLoadResult(result, storageOptions),
    iceberg,
  };
}

export function parseTableMetadata(m: Json, metadataLocation?: string): IcebergTableMetadata {
  const schemas: IcebergSchema[] = list(m['schemas']).map((s) => {
    const o = obj(s);
    const out: IcebergSchema = { schemaId: optionalNumber(o['schema-id']), fields: parseIcebergSchema(o) };
    if (Array.isArray(o['identifier-field-ids'])) out.identifierFieldIds = o['identifier-field-ids'].filter((n): n is number => typeof n === 'number');
    return out;
  });
  // Partition and sort sources are named from the current schema, falling back to older schemas for dropped columns.
  const names = new Map<number, string>();
  const currentSchemaId = optionalNumber(m['current-schema-id']);
  for (const s of [...schemas].sort((a, b) => Number(a.schemaId === currentSchemaId) - Number(b.schemaId === currentSchemaId))) {
    for (const [id, name] of fieldNamesById(s.fields)) names.set(id, name);
  }
  const partitionSpecs: IcebergPartitionSpec[] = list(m['partition-specs']).map((s) => {
    const o = obj(s);
    return {
      specId: optionalNumber(o['spec-id']),
      fields: list(o['fields']).map((f) => {
        const p = obj(f);
        const sourceId = optionalNumber(p['source-id']) ?? -1;
        return {
          name: optionalString(p['name']) ?? '',
          transform: optionalString(p['transform']) ?? '',
          sourceId,
          sourceName: names.get(sourceId),
          fieldId: optionalNumber(p['field-id']),
        };
      }),
    };
  });
  const sortOrders: IcebergSortOrder[] = list(m['sort-orders']).map((s) => {
    const o = obj(s);
    return {
      orderId: optionalNumber(o['order-id']),
      fields: list(o['fields']).map((f) => {
        const p = obj(f);
        const sourceId = optionalNumber(p['source-id']) ?? -1;
        return {
          sourceId,
          sourceName: names.get(sourceId),
          transform: optionalString(p['transform']) ?? 'identity',
          direction: optionalString(p['direction']) ?? '',
          nullOrder: optionalString(p['null-order']) ?? '',
        };
      }),
    };
  });
  const snapshots: IcebergSnapshot[] = list(m['snapshots']).map((s) => {
    const o = obj(s);
    const summary = stringRecord(o['summary']);
    const millis = optionalNumber(o['timestamp-ms']);
    return {
      snapshotId: idString(o['snapshot-id']) ?? '',
      parentSnapshotId: idString(o['parent-snapshot-id']),
      sequenceNumber: optionalNumber(o['sequence-number']),
      timestamp: isoTime(millis),
      operation: summary['operation'],
      summary,
      manifestList: optionalString(o['manifest-list']),
      schemaId: optionalNumber(o['schema-id']),
    };
  });
  snapshots.sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? '') || (b.sequenceNumber ?? 0) - (a.sequenceNumber ?? 0));
  const refs: IcebergRef[] = Object.entries(obj(m['refs'])).map(([name, r]) => {
    const o = obj(r);
    const ref: IcebergRef = { name, type: o['type'] === 'tag' ? 'tag' : 'branch', snapshotId: idString(o['snapshot-id']) ?? '' };
    const maxRefAgeMs = optionalNumber(o['max-ref-age-ms']);
    const maxSnapshotAgeMs = optionalNumber(o['max-snapshot-age-ms']);
    const minSnapshotsToKeep = optionalNumber(o['min-snapshots-to-keep']);
    if (maxRefAgeMs !== undefined) ref.maxRefAgeMs = maxRefAgeMs;
    if (maxSnapshotAgeMs !== undefined) ref.maxSnapshotAgeMs = maxSnapshotAgeMs;
    if (minSnapshotsToKeep !== undefined) ref.minSnapshotsToKeep = minSnapshotsToKeep;
    return ref;
  });
  refs.sort((a, b) => Number(b.name === 'main') - Number(a.name === 'main') || a.name.localeCompare(b.name));
  // Format v1 tables may have no `refs`; their current snapshot is the implicit `main` branch.
  let currentSnapshotId = idString(m['current-snapshot-id']);
  if (currentSnapshotId === '-1') currentSnapshotId = undefined;
  if (!refs.some((r) => r.name === 'main') && currentSnapshotId !== undefined) refs.unshift({ name: 'main', type: 'branch', snapshotId: currentSnapshotId });
  const statistics: IcebergStatisticsFile[] = list(m['statistics']).map((s) => {
    const o = obj(s);
    return {
      snapshotId: idString(o['snapshot-id']) ?? '',
      path: optionalString(o['statistics-path']) ?? '',
      fileSizeInBytes: optionalNumber(o['file-size-in-bytes']),
      blobs: list(o['blob-metadata']).map((b) => {
        const bo = obj(b);
        return { type: optionalString(bo['type']) ?? '', fields: list(bo['fields']).filter((n): n is number => typeof n === 'number') };
      }),
    };
  });
  const partitionStatistics: IcebergStatisticsFile[] = list(m['partition-statistics']).map((s) => {
    const o = obj(s);
    return {
      snapshotId: idString(o['snapshot-id']) ?? '',
      path: optionalString(o['statistics-path']) ?? '',
      fileSizeInBytes: optionalNumber(o['file-size-in-bytes']),
    };
  });
  const lastUpdated = optionalNumber(m['last-updated-ms']);
  return {
    formatVersion: optionalNumber(m['format-version']) ?? 1,
    tableUuid: optionalString(m['table-uuid']),
    metadataLocation,
    lastUpdated: isoTime(lastUpdated),
    lastSequenceNumber: optionalNumber(m['last-sequence-number']),
    currentSchemaId,
    schemas,
    defaultSpecId: optionalNumber(m['default-spec-id']),
    partitionSpecs,
    defaultSortOrderId: optionalNumber(m['default-sort-order-id']),
    sortOrders,
    currentSnapshotId,
    snapshots,
    refs,
    statistics,
    partitionStatistics,
  };
}

/**
 * Snapshots as table versions, newest first: version = the exact snapshot id; operation, summary, parent and refs as
 * metadata. A snapshot without an id cannot be a version: that answer is malformed.
 */
export function versionsFromMetadata(iceberg: IcebergTableMetadata, recordId?: string): TableVersion[] {
  return iceberg.snapshots.map((s, i) => {
    const version = int64(s.snapshotId);
    if (version === undefined)
      throw new CatalogError('protocol', `LoadTable: snapshot ${i + 1} of ${iceberg.snapshots.length} has no "snapshot-id"`, { recordId });
    const metadata: Record<string, string> = { ...s.summary };
    metadata['snapshot-id'] = s.snapshotId;
    if (s.parentSnapshotId) metadata['parent-snapshot-id'] = s.parentSnapshotId;
    if (s.sequenceNumber !== undefined) metadata['sequence-number'] = String(s.sequenceNumber);
    const refs = iceberg.refs.filter((r) => r.snapshotId === s.snapshotId).map((r) => `${r.type} ${r.name}`);
    if (refs.length) metadata['refs'] = refs.join(', ');
    if (s.snapshotId === iceberg.currentSnapshotId) metadata['current'] = 'true';
    return { version, timestamp: s.timestamp, metadata };
  });
}

/** The current schema's fields, for callers that only need them. */
export function currentFields(iceberg: IcebergTableMetadata): SchemaField[] {
  return (iceberg.schemas.find((s) => s.schemaId === iceberg.currentSchemaId) ?? iceberg.schemas[iceberg.schemas.length - 1])?.fields ?? [];
}

/** The raw answer for "raw JSON" with `config` and vended `storage-credentials` redacted. */
function redactedLoadResult(result: Json, storageOptions: Record<string, string>): Json {
  const raw: Json = { ...result };
  if (result['config'] !== undefined) raw['config'] = storageOptions;
  if (Array.isArray(result['storage-credentials'])) {
    raw['storage-credentials'] = result['storage-credentials'].map((c) => {
      const o = obj(c);
      return { ...o, config: redactMap(stringRecord(o['config'])) };
    });
  }
  return raw;
}

/** An int64 id as decimal text (small ids arrive as numbers, large ones as the exact text the parser kept). */
function idString(value: unknown): string | undefined {
  return int64(value)?.toString();
}

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
