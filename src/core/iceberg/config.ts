import { CatalogError } from '../errors';
import { expectObject, expectStringArray, stringRecord } from '../validate';

/**
 * The catalog configuration of `GET /v1/config`: the server's `defaults` apply first, the connection's own
 * properties next, the server's `overrides` last (the spec's order). `prefix` is taken from the merged result.
 */
export interface CatalogConfig {
  properties: Record<string, string>;
  /** The path segment after `/v1/`, used exactly as the server gave it (already percent-encoded by its author). */
  prefix?: string;
  endpoints: Endpoints;
}

export function mergeCatalogConfig(defaults: Record<string, string>, connection: Record<string, string>, overrides: Record<string, string>): Record<string, string> {
  return { ...defaults, ...connection, ...overrides };
}

/** Read a `CatalogConfig` body defensively and merge it with the connection's properties. */
export function parseCatalogConfig(body: unknown, connection: Record<string, string>, recordId?: string): CatalogConfig {
  const o = expectObject(body, 'GetConfig', recordId);
  const properties = mergeCatalogConfig(stringRecord(o['defaults']), connection, stringRecord(o['overrides']));
  const advertised = o['endpoints'] === undefined || o['endpoints'] === null ? undefined : expectStringArray(o['endpoints'], 'endpoints', 'GetConfig', recordId);
  const prefix = properties['prefix'] ? properties['prefix'].replace(/^\/+|\/+$/g, '') : undefined;
  return { properties, prefix: prefix || undefined, endpoints: new Endpoints(advertised, properties) };
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
}

/** Servers differ in small ways (`GET v1/config` without the leading slash, extra spaces); compare the essentials. */
function normaliseEndpoint(endpoint: string): string {
  const [verb = '', ...rest] = endpoint.trim().split(/\s+/);
  return `${verb.toUpperCase()} ${rest.join(' ').replace(/^\/+/, '')}`;
}
