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
    throw new CatalogError(
      'invalid-input',
      `the namespace name ${JSON.stringify(bad)} contains the unit separator (0x1F), which Iceberg REST uses between namespace levels; it cannot be addressed`,
    );
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

/**
 * Read an identifier written as `displayIcebergIdentifier` writes it: parts joined with `.`, a part in backticks
 * when it holds a `.` or a backtick (doubled inside) or is empty. The empty text is the root namespace.
 */
export function parseIcebergIdentifier(text: string): string[] {
  if (text === '') return [];
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (text[i] === '`') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new CatalogError('invalid-input', `the identifier ${JSON.stringify(text)} has a backtick that is never closed`);
        if (text[i] === '`') {
          if (text[i + 1] !== '`') break;
          i += 1;
        }
        part += text[i];
        i += 1;
      }
      i += 1;
    } else {
      const end = text.indexOf('.', i);
      part = text.slice(i, end < 0 ? text.length : end);
      if (part === '') throw new CatalogError('invalid-input', `the identifier ${JSON.stringify(text)} has an empty part; write an empty name as \`\``);
      if (part.includes('`'))
        throw new CatalogError(
          'invalid-input',
          `the identifier ${JSON.stringify(text)} has a backtick inside a name; quote the name in backticks and double the backtick`,
        );
      i += part.length;
    }
    parts.push(part);
    if (i >= text.length) return parts;
    if (text[i] !== '.') throw new CatalogError('invalid-input', `the identifier ${JSON.stringify(text)} goes on after a quoted name without a "."`);
    i += 1;
    if (i >= text.length) throw new CatalogError('invalid-input', `the identifier ${JSON.stringify(text)} ends with "."`);
  }
}
