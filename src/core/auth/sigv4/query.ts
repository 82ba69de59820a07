import { CatalogError } from '../../errors';
// RFC 3986 unreserved characters stay, everything else is %XX, as SigV4's canonical query (and smithy's escapeUri) wants.
import { encodeRfc3986 as uriEscape } from '../../transport/encoding';

/** Percent-decode one query component as a server does for SigV4: `+` is a literal plus, not a space. */
function decodeComponent(raw: string, search: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new CatalogError('invalid-input', `sigv4: the query "${search}" has a malformed percent-escape in "${raw}"`);
  }
}

export interface SigningQuery {
  /** Decoded keys and values in smithy's shape; smithy escapes them again with uriEscape when canonicalising. */
  query: Record<string, string | string[]>;
  /** The wire query rewritten in the exact encoding the canonical query uses (no leading `?`, original order kept). */
  wireSearch: string;
}

/**
 * Parse the wire query without changing what it means. Smithy re-escapes keys and values, so it must be given
 * decoded text; and the wire must then carry exactly that encoding, or a `+` (a plus to AWS, a space to some
 * servers) or a raw `:`/`/` of an ARN could be read differently from what was signed.
 */
export function parseWireQuery(search: string): SigningQuery {
  const query: Record<string, string | string[]> = {};
  const wire: string[] = [];
  const raw = search.startsWith('?') ? search.slice(1) : search;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), search);
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), search);
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
    wire.push(`${uriEscape(key)}=${uriEscape(value)}`);
  }
  return { query, wireSearch: wire.join('&') };
}
