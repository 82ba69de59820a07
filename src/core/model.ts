/** Catalog objects in the form the tree, the panels and the CLI use, whatever protocol they came from. */

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

export interface TableVersion {
  version: number;
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
  version?: number;
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
}
