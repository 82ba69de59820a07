// What a set of someone else's catalog properties (Lance namespace properties, pyiceberg's or Iceberg Java's catalog
// properties) becomes here: a connection, its secrets, and every key that could not be used, each with why. The
// mappers live in the protocol folders (lance/properties.ts, iceberg/properties.ts); connectionImport.ts reads the
// text formats around them.
import type { ConnectionConfig, ConnectionSecrets } from './connection';

/** A connection read from properties: everything but the id, which the caller gives. */
export type ImportedConfig = Omit<ConnectionConfig, 'id' | 'name'> & { name?: string };

export interface PropertiesMapping {
  config: ImportedConfig;
  /** Secret auth settings found in the properties (tokens, secret keys, client secrets), by setting key. */
  secrets: ConnectionSecrets;
  /** Keys this tool knows but has no equivalent for (a storage credential, a client certificate), with why. */
  unused: { key: string; why: string }[];
  /** Keys nobody reads: a typo, or a newer version's. The CLI refuses them; the editor lists them. */
  unknown: string[];
}

/** A value or combination that cannot be used as it is (not a key: those are `unknown`). */
export class PropertiesError extends Error {}

/** Thrown when a text holds several catalogs and none was chosen: the caller asks which. */
export class ChooseCatalogError extends PropertiesError {
  constructor(readonly catalogs: string[]) {
    super(`it holds several catalogs (${catalogs.join(', ')}): choose one`);
  }
}

/** The key as written in the source, for messages: `spark.sql.catalog.prod.uri` rather than `uri`. */
export type KeyName = (key: string) => string;

/** true/false as Java's and pyiceberg's `property_as_bool` read them (case-insensitive). */
export function propertyBool(value: string, key: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new PropertiesError(`${key} must be true or false, not "${value}"`);
}

/** The entries whose key starts with `prefix` (case-insensitive), the prefix cut off. */
export function withPrefix(props: Record<string, string>, prefix: string): [string, string][] {
  return Object.entries(props)
    .filter(([k]) => k.toLowerCase().startsWith(prefix) && k.length > prefix.length)
    .map(([k, v]) => [k.slice(prefix.length), v]);
}

/** Header names whose value is a credential: they go to an auth provider's secret, never to plain headers. */
export const API_KEY_HEADERS = ['x-api-key', 'api-key', 'x-lancedb-api-key'];
