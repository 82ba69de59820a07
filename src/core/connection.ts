import { CatalogError } from './errors';
import type { CatalogProtocol } from './protocols';

/** The catalog protocols a connection can speak: the registry's ids (protocols.ts). */
export type { CatalogProtocol };

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
  /** Path to a PEM CA bundle trusted in addition to the system's (a path on the machine that sends the requests). */
  caFile?: string;
  /** Path to the PEM client certificate shown to servers that ask for one (mutual TLS); with `clientKeyFile`. */
  clientCertFile?: string;
  /** Path to the PEM private key of the client certificate; its passphrase, if any, is a secret. */
  clientKeyFile?: string;
  /** Accept any TLS certificate (warns on every use). */
  allowInsecureTls?: boolean;
  /** Cap on a response body, bytes. */
  maxResponseBytes?: number;
  /** Max requests in flight for this connection. */
  maxConcurrentRequests?: number;
}

/**
 * Every field of a connection with the JSON it holds: `auth` is `{type, settings}`, `map` names to strings. The one
 * list that the checks of connection files (core/connectionCheck.ts) and of stored connections (the editor's
 * records) read; `Record<keyof ...>` makes a new ConnectionConfig field a compile error here.
 */
export const CONNECTION_FIELD_TYPES: Record<keyof ConnectionConfig, 'string' | 'number' | 'boolean' | 'auth' | 'map'> = {
  id: 'string',
  name: 'string',
  protocol: 'string',
  uri: 'string',
  delimiter: 'string',
  warehouse: 'string',
  prefix: 'string',
  auth: 'auth',
  headers: 'map',
  connectTimeoutMs: 'number',
  requestTimeoutMs: 'number',
  caFile: 'string',
  clientCertFile: 'string',
  clientKeyFile: 'string',
  allowInsecureTls: 'boolean',
  maxResponseBytes: 'number',
  maxConcurrentRequests: 'number',
};

/** Secret auth settings of a connection, by setting key. */
export type ConnectionSecrets = Record<string, string>;

export const DEFAULT_DELIMITER = '$';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

/**
 * The catalog URI as a URL, or what is wrong with it: it must be an http(s) URL without credentials in it (the
 * transport sends the origin and path only, so credentials there would be silently dropped). The one check of a
 * URI: the wizard, the team setting, the CLI and openCatalog ask it.
 */
export function checkCatalogUri(value: string): { url: URL; problem?: undefined } | { url?: undefined; problem: string } {
  const v = value.trim();
  if (!v) return { problem: 'Enter the catalog URL, e.g. http://127.0.0.1:2333 or https://catalog.example.com/iceberg.' };
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { problem: `"${v}" is not a URL: start with http:// or https://, e.g. https://catalog.example.com.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `Use an http:// or https:// URL (not ${url.protocol}//).` };
  if (url.username || url.password) return { problem: 'Leave credentials out of the URL; an auth provider keeps them, in the OS secret store.' };
  return { url };
}

/** What is wrong with a catalog URI (the wizard's words), or undefined when it can be used. */
export function catalogUriProblem(value: string): string | undefined {
  return checkCatalogUri(value).problem;
}

/** The catalog URI as a URL, or a `config` error that says what is wrong with it. */
export function parseCatalogUri(value: string): URL {
  const checked = checkCatalogUri(value);
  if (checked.problem !== undefined) throw new CatalogError('config', `the catalog URI ${JSON.stringify(value)} cannot be used: ${checked.problem}`);
  return checked.url;
}
