/** Percent-encoding as catalogs and SigV4 expect it (RFC 3986: only unreserved characters stay literal). */

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
// What encodeURIComponent leaves literal but RFC 3986 reserves.
const SUB_DELIMS = /[!'()*]/;
const SUB_DELIMS_ALL = /[!'()*]/g;

/** Encode one path segment or query component: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded. */
export function encodeRfc3986(value: string): string {
  if (UNRESERVED.test(value)) return value;
  const encoded = encodeURIComponent(value);
  return SUB_DELIMS.test(encoded) ? encoded.replace(SUB_DELIMS_ALL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

/** Serialise query pairs in order, `%20` for space (never `+`). */
export function encodeQuery(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
}
