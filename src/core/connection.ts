/** The catalog protocols a connection can speak. */
export type CatalogProtocol = 'lance-rest' | 'iceberg-rest';

/**
 * A connection as stored by the extension (non-secret part in a file per connection, secrets in SecretStorage) and
 * as read by `nsb --connection FILE`. Secret auth settings are never part of this object when it is persisted; they
 * are supplied separately (see `ConnectionSecrets`).
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
  /**
   * Iceberg path prefix (`/v1/{prefix}/…`), e.g. a Nessie branch. As in the Java client, the server's `defaults`
   * give way to it and its `overrides` win over it.
   */
  prefix?: string;
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

/** Each field of the stored and file shape, its JSON type, and the protocols that read it (all when absent). */
const CONNECTION_FIELDS: Record<keyof ConnectionConfig, { type: 'string' | 'number' | 'boolean' | 'object'; protocols?: CatalogProtocol[] }> = {
  id: { type: 'string' },
  name: { type: 'string' },
  protocol: { type: 'string' },
  uri: { type: 'string' },
  delimiter: { type: 'string', protocols: ['lance-rest'] },
  warehouse: { type: 'string', protocols: ['iceberg-rest'] },
  prefix: { type: 'string', protocols: ['iceberg-rest'] },
  auth: { type: 'object' },
  headers: { type: 'object' },
  connectTimeoutMs: { type: 'number' },
  requestTimeoutMs: { type: 'number' },
  caFile: { type: 'string' },
  allowInsecureTls: { type: 'boolean' },
  maxResponseBytes: { type: 'number' },
  maxConcurrentRequests: { type: 'number' },
};

/**
 * The problems of a connection written by hand (`nsb --connection FILE`): a field nothing reads, for this protocol
 * or at all, is an error that names it, never silently ignored; so is a field of the wrong type. `extra` are keys
 * the caller reads itself (the CLI's `secrets`).
 */
export function connectionFieldProblems(o: Record<string, unknown>, protocol: CatalogProtocol, extra: readonly string[] = []): string[] {
  const problems: string[] = [];
  const known = Object.keys(CONNECTION_FIELDS);
  for (const [key, value] of Object.entries(o)) {
    if (extra.includes(key)) continue;
    const field = (CONNECTION_FIELDS as Record<string, { type: string; protocols?: CatalogProtocol[] }>)[key];
    if (!field || !Object.prototype.hasOwnProperty.call(CONNECTION_FIELDS, key)) {
      problems.push(`unknown field "${key}" (fields: ${[...known, ...extra].join(', ')})`);
    } else if (value !== undefined && value !== null && (typeof value !== field.type || (field.type === 'object' && Array.isArray(value)))) {
      problems.push(`"${key}" should be ${field.type === 'object' ? 'an object' : `a ${field.type}`}, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    } else if (field.protocols && !field.protocols.includes(protocol)) {
      problems.push(`"${key}" is read only by ${field.protocols.join(', ')} connections, and this one is ${protocol}`);
    }
  }
  const auth = o['auth'];
  if (auth && typeof auth === 'object' && !Array.isArray(auth)) {
    for (const key of Object.keys(auth)) if (key !== 'type' && key !== 'settings') problems.push(`unknown field "auth.${key}" (fields: auth.type, auth.settings)`);
  }
  return problems;
}
