import { CatalogError } from '../errors';
import { expectObject, expectStringArray, stringRecord } from '../validate';

/**
 * The catalog configuration of `GET /v1/config`: the server's `defaults` apply first, the connection's own
 * properties (warehouse, prefix) next, the server's `overrides` last (the spec's order, and the Java client's).
 * `prefix` is taken from the merged result.
 */
export interface CatalogConfig {
  properties: Record<string, string>;
  /**
   * The path segment(s) after `/v1/`, as given (servers send it percent-encoded already); only characters a URL
   * path cannot carry (spaces, `|`, non-ASCII...) are percent-encoded.
   */
  prefix?: string;
  /** Where the prefix came from, for messages. */
  prefixSource?: 'server defaults' | 'connection' | 'server overrides';
  /** `overrides.uri`: the base URI the server says clients should use from now on. */
  uriOverride?: string;
  endpoints: Endpoints;
}

export function mergeCatalogConfig(
  defaults: Record<string, string>,
  connection: Record<string, string>,
  overrides: Record<string, string>,
): Record<string, string> {
  return { ...defaults, ...connection, ...overrides };
}

/** Read a `CatalogConfig` body defensively and merge it with the connection's properties. */
export function parseCatalogConfig(body: unknown, connection: Record<string, string>, recordId?: string): CatalogConfig {
  const o = expectObject(body, 'GetConfig', recordId);
  const defaults = stringRecord(o['defaults']);
  const overrides = stringRecord(o['overrides']);
  const properties = mergeCatalogConfig(defaults, connection, overrides);
  const advertised =
    o['endpoints'] === undefined || o['endpoints'] === null ? undefined : expectStringArray(o['endpoints'], 'endpoints', 'GetConfig', recordId);
  const prefix = properties['prefix'] ? pathPrefix(properties['prefix']) : undefined;
  const prefixSource = !prefix
    ? undefined
    : overrides['prefix'] !== undefined
      ? 'server overrides'
      : connection['prefix'] !== undefined
        ? 'connection'
        : 'server defaults';
  const uriOverride = overrides['uri']?.trim() || undefined;
  return { properties, prefix, prefixSource, uriOverride, endpoints: new Endpoints(advertised, properties) };
}

/** A prefix as a path: no leading or trailing `/`; characters a path cannot carry are encoded, `%XX` kept as given. */
export function pathPrefix(prefix: string): string | undefined {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? trimmed.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@%/]/gu, (c) => encodeURIComponent(c)) : undefined;
}

/** The endpoints this client calls, in the spec's notation ("<verb> <path template>"). */
export const ENDPOINTS = {
  listNamespaces: 'GET /v1/{prefix}/namespaces',
  loadNamespace: 'GET /v1/{prefix}/namespaces/{namespace}',
  listTables: 'GET /v1/{prefix}/namespaces/{namespace}/tables',
  loadTable: 'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
  listViews: 'GET /v1/{prefix}/namespaces/{namespace}/views',
  loadView: 'GET /v1/{prefix}/namespaces/{namespace}/views/{view}',
} as const;

/**
 * A server that lists no `endpoints` (older than Iceberg 1.7) is assumed to support the namespace and table
 * endpoints, and the view endpoints only when it sets `view-endpoints-supported=true`, as Iceberg's Java client
 * assumes.
 */
const DEFAULT_ENDPOINTS = [ENDPOINTS.listNamespaces, ENDPOINTS.loadNamespace, ENDPOINTS.listTables, ENDPOINTS.loadTable];
const VIEW_ENDPOINTS = [ENDPOINTS.listViews, ENDPOINTS.loadView];

export class Endpoints {
  private readonly supported: Set<string>;
  /** Whether the server listed its endpoints (otherwise the defaults above are assumed). */
  readonly advertised: boolean;

  constructor(advertised: readonly string[] | undefined, properties: Record<string, string> = {}) {
    this.advertised = advertised !== undefined;
    const list = advertised ?? [...DEFAULT_ENDPOINTS, ...(properties['view-endpoints-supported'] === 'true' ? VIEW_ENDPOINTS : [])];
    this.supported = new Set(list.map(normaliseEndpoint));
  }

  supports(endpoint: string): boolean {
    return this.supported.has(normaliseEndpoint(endpoint));
  }

  /** Fail before sending when the server said it lacks an endpoint. */
  require(endpoint: string, what: string): void {
    if (!this.supports(endpoint)) {
      throw new CatalogError('config', `this catalog does not support ${what} (its configuration does not list "${endpoint}")`);
    }
  }

  /**
   * Why views are not listed, or undefined when they are. The spec's default for a server that lists no endpoints
   * is no views, even when it serves them: the user is told so rather than shown nothing.
   */
  viewsUnavailable(): string | undefined {
    if (this.supports(ENDPOINTS.listViews)) return undefined;
    return this.advertised
      ? `this catalog does not advertise view support (its /v1/config endpoints do not list "${ENDPOINTS.listViews}"), so views are not listed`
      : 'this catalog does not advertise view support (its /v1/config lists no endpoints and does not set view-endpoints-supported=true), so views are not listed';
  }
}

/** Servers differ in small ways (`GET v1/config` without the leading slash, extra spaces); compare the essentials. */
function normaliseEndpoint(endpoint: string): string {
  const [verb = '', ...rest] = endpoint.trim().split(/\s+/);
  return `${verb.toUpperCase()} ${rest.join(' ').replace(/^\/+/, '')}`;
}
