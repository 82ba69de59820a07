import { CatalogError } from '../errors';
import type { Identifier } from '../model';
import { encodeRfc3986 } from '../transport/encoding';

/**
 * Iceberg joins multi-level namespaces with the unit separator (0x1F) in paths and in `parent=`; each part is
 * percent-encoded on its own so a `.` or `/` inside a part stays part of that name.
 */
export const NAMESPACE_SEPARATOR = '\x1F';

/** The `{namespace}` path segment, e.g. `db%1Fsales`. */
export function namespacePathSegment(namespace: Identifier): string {
  return checked(namespace).map(encodeRfc3986).join('%1F');
}

/** The unencoded `parent=` value (the transport encodes the query, turning 0x1F into `%1F`). */
export function namespaceParam(namespace: Identifier): string {
  return checked(namespace).join(NAMESPACE_SEPARATOR);
}

/**
 * A part holding 0x1F itself would be read back by the server as two parts: it would address another namespace.
 * Such a name can come from a hostile or broken server's listing; refuse it rather than ask for something else.
 */
function checked(namespace: Identifier): Identifier {
  const bad = namespace.find((part) => part.includes(NAMESPACE_SEPARATOR));
  if (bad !== undefined) {
    throw new CatalogError('invalid-input', `the namespace name ${JSON.stringify(bad)} contains the unit separator (0x1F), which Iceberg REST uses between namespace levels; it cannot be addressed`);
  }
  return namespace;
}

/**
 * How Iceberg users write identifiers: parts joined with `.`; a part that holds a `.` (or a backtick, or is
 * empty) is quoted with backticks, doubling any backtick inside, as Spark SQL does.
 */
export function displayIcebergIdentifier(id: Identifier): string {
  return id.map(quotePart).join('.');
}

function quotePart(part: string): string {
  if (part !== '' && !/[.`]/.test(part)) return part;
  return `\`${part.replace(/`/g, '``')}\``;
}

/** Split a table or view identifier into its namespace and name; an identifier needs both. */
export function splitObjectIdentifier(id: Identifier): { namespace: Identifier; name: string } {
  return { namespace: id.slice(0, -1), name: id[id.length - 1] ?? '' };
}
