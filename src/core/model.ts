/** Catalog objects in the form the tree, the panels and the CLI use, whatever protocol they came from. */
import type { ArrowRowSet } from './arrow/decode';

/** Identifier parts, outermost first. The root namespace is `[]`. */
export type Identifier = readonly string[];

/** One page of child names, in server order. */
export interface Page<T = string> {
  items: T[];
  /** Present when there is another page. */
  nextPageToken?: string;
}

export interface PageRequest {
  pageToken?: string;
  /** Page size asked of the server. */
  limit?: number;
}

/** A field of a table schema; nested types keep their children. */
export interface SchemaField {
  name: string;
  /** Display type, e.g. `int64`, `list<string>`, `struct`, `decimal(10, 2)`, `fixed_size_list<float32>[128]`. */
  type: string;
  nullable: boolean;
  /** Iceberg field id. */
  id?: number;
  /** Iceberg doc string. */
  doc?: string;
  metadata?: Record<string, string>;
  children?: SchemaField[];
}

/**
 * An int64 of the catalog (a Lance version, an Iceberg snapshot id): exact, as a BigInt. `nsb --json` prints it as a
 * JSON number with its exact digits; the panels receive it as decimal text.
 */
export type Int64 = bigint;

export interface TableVersion {
  /** Lance: the version number. Iceberg: the snapshot id (random 63-bit values, hence exact). */
  version: Int64;
  /** ISO time, if known. */
  timestamp?: string;
  /** Free-form details (operation, summary, manifest size...). */
  metadata?: Record<string, string>;
}

export interface TableIndex {
  name: string;
  /** e.g. BTREE, BITMAP, IVF_PQ. */
  type?: string;
  columns: string[];
  uuid?: string;
  status?: string;
  /** Index stats as label → value, e.g. `num_indexed_rows`. */
  stats?: Record<string, string | number>;
}

export interface NamespaceDetails {
  identifier: Identifier;
  properties: Record<string, string>;
  raw?: unknown;
}

export interface TableDetails {
  identifier: Identifier;
  format: 'lance' | 'iceberg';
  location?: string;
  /** Lance: the current version. Iceberg: the current snapshot's sequence number (format v1: its snapshot id). */
  version?: Int64;
  schema: SchemaField[];
  /** Schema-level metadata (Arrow schema metadata). */
  schemaMetadata?: Record<string, string>;
  /** e.g. num_rows, num_deleted_rows, num_fragments. */
  stats?: Record<string, string | number>;
  properties: Record<string, string>;
  /** Storage options with credential-like values redacted. */
  storageOptions: Record<string, string>;
  /** The response as received (with storage options redacted), for "raw JSON". */
  raw?: unknown;
  /** Iceberg table metadata beyond the shared fields (format === 'iceberg'). */
  iceberg?: IcebergTableMetadata;
  /** Where in its history the table was described, when not at its latest version (time travel). */
  at?: TableAt;
  /** The described version's own details (DescribeTableVersion), when described at a version or tag. */
  versionDetails?: TableVersionDetails;
}

/**
 * Iceberg table metadata in Iceberg's own words. Snapshot ids are int64: they are carried as decimal strings, since
 * a JSON number beyond 2^53 cannot be held exactly in a JavaScript number.
 */
export interface IcebergTableMetadata {
  formatVersion: number;
  tableUuid?: string;
  metadataLocation?: string;
  lastUpdated?: string;
  lastSequenceNumber?: number;
  currentSchemaId?: number;
  /** Every schema the table has had, the current one included. */
  schemas: IcebergSchema[];
  defaultSpecId?: number;
  partitionSpecs: IcebergPartitionSpec[];
  defaultSortOrderId?: number;
  sortOrders: IcebergSortOrder[];
  currentSnapshotId?: string;
  /** Newest first. */
  snapshots: IcebergSnapshot[];
  /** Branches and tags, `main` first, then by name. */
  refs: IcebergRef[];
  statistics: IcebergStatisticsFile[];
  partitionStatistics: IcebergStatisticsFile[];
}

export interface IcebergSchema {
  schemaId?: number;
  identifierFieldIds?: number[];
  fields: SchemaField[];
}

export interface IcebergPartitionSpec {
  specId?: number;
  fields: { name: string; transform: string; sourceId: number; sourceName?: string; fieldId?: number }[];
}

export interface IcebergSortOrder {
  orderId?: number;
  fields: { sourceId: number; sourceName?: string; transform: string; direction: string; nullOrder: string }[];
}

export interface IcebergSnapshot {
  snapshotId: string;
  parentSnapshotId?: string;
  sequenceNumber?: number;
  timestamp?: string;
  operation?: string;
  summary: Record<string, string>;
  manifestList?: string;
  schemaId?: number;
}

export interface IcebergRef {
  name: string;
  type: 'branch' | 'tag';
  snapshotId: string;
  maxRefAgeMs?: number;
  maxSnapshotAgeMs?: number;
  minSnapshotsToKeep?: number;
}

export interface IcebergStatisticsFile {
  snapshotId: string;
  path: string;
  fileSizeInBytes?: number;
  /** Puffin blob types with the field ids they cover (table statistics only). */
  blobs?: { type: string; fields: number[] }[];
}

/** A view (Iceberg): its current schema, its versions and their SQL. */
export interface ViewDetails {
  identifier: Identifier;
  format: 'iceberg';
  viewUuid?: string;
  formatVersion?: number;
  location?: string;
  metadataLocation?: string;
  currentVersionId?: number;
  /** The current version's schema. */
  schema: SchemaField[];
  /** Newest first. */
  versions: ViewVersion[];
  properties: Record<string, string>;
  raw?: unknown;
}

export interface ViewVersion {
  versionId: number;
  timestamp?: string;
  schemaId?: number;
  summary: Record<string, string>;
  representations: { type: string; sql: string; dialect: string }[];
  defaultCatalog?: string;
  defaultNamespace: Identifier;
}

/**
 * A point in a table's history to read it at: a version number, or a tag (the client resolves a tag to its version
 * and reads that version, so a server that ignores tags in a request still answers for the right one).
 */
export type TableAt = { version: bigint } | { tag: string };

/** How a point in history is written: `v3`, or the tag's name. */
export function atLabel(at: TableAt): string {
  return 'version' in at ? `v${at.version}` : at.tag;
}

/** Options of the calls that can read a table at a version or a tag. */
export interface AtOptions {
  signal?: AbortSignal;
  at?: TableAt;
}

/** One page of a table's rows (Lance QueryTable without a vector: a scan in the table's order). */
export interface TableQuery {
  /** Rows to return, at least 1 (sent as `k`; the reference server reads `k: 0` as every row). */
  limit: number;
  /** Rows to skip first. */
  offset?: number;
  /** Column names (Lance field paths) to return; every column when absent. */
  columns?: string[];
  /** A Lance SQL filter (`amount > 10 AND region = 'emea'`), sent as written. */
  filter?: string;
  at?: TableAt;
}

/** Rows as the server answered them, read from its Arrow answer when asked for. */
export interface TableRows {
  rows: ArrowRowSet;
  /** The version asked for (a tag's version when `at` named a tag); undefined for the latest. */
  version?: bigint;
  /** The tag asked for, if any. */
  tag?: string;
  /** The branch the tag lives on, when it is not the main one. */
  branch?: string;
  /** Size of the Arrow answer. */
  bytes: number;
  recordId: string;
}

/** GetTableStats: the table's size and fragments (of the latest version; the operation takes no version). */
export interface TableStats {
  totalBytes: bigint;
  numRows: bigint;
  numIndices: bigint;
  fragments: {
    count: bigint;
    /** Fragments small enough that compaction would merge them. */
    small: bigint;
    /** Rows per fragment. */
    lengths?: { min: bigint; max: bigint; mean: bigint; p25: bigint; p50: bigint; p75: bigint; p99: bigint };
  };
}

/** A tag: a name for a version (Lance), or an Iceberg tag ref (a name for a snapshot). */
export interface TableTag {
  name: string;
  /** Lance: the version the tag names. */
  version?: bigint;
  /** Iceberg: the snapshot the tag names (exact digits). */
  snapshotId?: string;
  /** The branch the tagged version lives on; absent for the main branch. */
  branch?: string;
  manifestSize?: bigint;
}

/** A branch of a table: where it was created from and when (Lance), or an Iceberg branch ref and its snapshot. */
export interface TableBranch {
  name: string;
  /** Lance: absent when the branch was created from the main branch. */
  parentBranch?: string;
  /** Lance: the parent's version the branch was created from. */
  parentVersion?: bigint;
  /** Iceberg: the snapshot the branch points to (exact digits). */
  snapshotId?: string;
  /** ISO time the branch was created, if known. */
  createdAt?: string;
  manifestSize?: bigint;
  metadata: Record<string, string>;
}

/** DescribeTableVersion: one version's manifest and metadata. */
export interface TableVersionDetails {
  version: bigint;
  manifestPath?: string;
  manifestSize?: bigint;
  eTag?: string;
  timestamp?: string;
  metadata: Record<string, string>;
}
