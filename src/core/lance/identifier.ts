import { CatalogError } from '../errors';
import { encodeRfc3986 } from '../transport/encoding';
import type { Identifier } from '../model';

/**
 * Lance `string identifier`: parts joined by the delimiter; the root namespace is the delimiter alone.
 * In a URL path the whole string is one segment, each part percent-encoded (so a `/`, `%`, `#`, `?` or `+`
 * inside a name cannot change the route), and the delimiter itself percent-encoded too.
 */
export function joinIdentifier(id: Identifier, delimiter: string): string {
  if (id.length === 0) return delimiter;
  for (const part of id) {
    if (part.includes(delimiter)) {
      throw new CatalogError(
        'invalid-input',
        `the name "${part}" contains the connection's delimiter "${delimiter}"; choose another delimiter for this connection`,
      );
    }
  }
  const joined = id.join(delimiter);
  // With a multi-character delimiter, `a:` + `::` + `:b` reads back differently; the server would misread it too.
  const back = joined.split(delimiter);
  if (back.length !== id.length || back.some((p, i) => p !== id[i])) {
    throw new CatalogError(
      'invalid-input',
      `the identifier ${JSON.stringify(id)} is ambiguous with the delimiter "${delimiter}"; choose another delimiter for this connection`,
    );
  }
  return joined;
}

/** How people read a Lance identifier: its parts joined by the delimiter; the root namespace is the delimiter alone. */
export function displayLanceIdentifier(id: Identifier, delimiter: string): string {
  return id.length === 0 ? delimiter : id.join(delimiter);
}

/** The path segment for an identifier: its string form, percent-encoded. */
export function identifierPathSegment(id: Identifier, delimiter: string): string {
  return encodeRfc3986(joinIdentifier(id, delimiter));
}

/** Split a string identifier back into parts (the delimiter alone, or empty, is the root). */
export function splitIdentifier(text: string, delimiter: string): string[] {
  if (text === '' || text === delimiter) return [];
  return text.split(delimiter);
}
