/** Percent-encoding as catalogs and SigV4 expect it (RFC 3986: only unreserved characters stay literal). */

/** Encode one path segment or query component: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Serialise query pairs in order, `%20` for space (never `+`). */
export function encodeQuery(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}
