/** The catalog protocols a connection can speak. */
export type CatalogProtocol = 'lance-rest' | 'iceberg-rest';

/**
 * A connection as stored by the extension (non-secret part in globalState, secrets in SecretStorage) and as read
 * by `nsb --connection FILE`. Secret auth settings are never part of this object when it is persisted; they are
 * supplied separately (see `ConnectionSecrets`).
 */
export interface ConnectionConfig {
  /** Stable id (secrets are keyed by it). */
  id: string;
  /** Display name. */
  name: string;
  protocol: CatalogProtocol;
  /** Catalog base URI, e.g. `http://127.0.0.1:2333` (Lance) or `https://s3tables.us-east-1.amazonaws.com/iceberg`. */
  uri: string;
  /** Lance identifier delimiter (default `$`). */
  delimiter?: string;
  /** Iceberg warehouse. */
  warehouse?: string;
  /** Auth provider by name and its non-secret settings. */
  auth: { type: string; settings?: Record<string, string> };
  /** Static extra headers (non-secret). A static Authorization here next to a provider that sets it is an error. */
  headers?: Record<string, string>;
  /** Milliseconds. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Path to a PEM CA bundle trusted in addition to the system's. */
  caFile?: string;
  /** Accept any TLS certificate (warns on every use). */
  allowInsecureTls?: boolean;
  /** Cap on a response body, bytes. */
  maxResponseBytes?: number;
  /** Max requests in flight for this connection. */
  maxConcurrentRequests?: number;
}

/** Secret auth settings of a connection, by setting key. */
export type ConnectionSecrets = Record<string, string>;

export const DEFAULT_DELIMITER = '$';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
