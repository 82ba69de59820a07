import { redactUrl } from '../redact';

/** What to do with a 3xx answer. */
export type RedirectDecision = { follow: true; url: URL } | { follow: false; reason: string };

/** Statuses that mean "the same resource is over there"; 300, 304 and 305 mean something else. */
const FOLLOWABLE = new Set([301, 302, 303, 307, 308]);

/**
 * The redirect policy. Credentials (an Authorization header, a SigV4 signature, an API key) must never reach a
 * server the user did not name, so only same-origin redirects of reads (GET/HEAD) are followed, and they are signed
 * again for the new URL. A different origin (host, port or scheme) is refused, and so, explicitly, is HTTPS to HTTP.
 */
export function decideRedirect(from: URL, status: number, location: string | undefined, method: string): RedirectDecision {
  if (!location) return { follow: false, reason: 'without saying where (no Location header)' };
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return { follow: false, reason: 'to an invalid URL' };
  }
  const where = redactUrl(to);
  if (from.protocol === 'https:' && to.protocol !== 'https:') {
    return { follow: false, reason: `from HTTPS to ${where}; a downgrade to plain HTTP is never followed` };
  }
  if (to.origin !== from.origin) {
    return {
      follow: false,
      reason: `to another server (${where}); redirects to another origin are not followed so credentials never travel elsewhere — use that URL as the catalog URI if you trust it`,
    };
  }
  if (!FOLLOWABLE.has(status)) return { follow: false, reason: `to ${where} with status ${status}, which is not a plain redirect` };
  if (method !== 'GET' && method !== 'HEAD') return { follow: false, reason: `to ${where}; only GET requests are redirected` };
  return { follow: true, url: to };
}

/** Redirect chains longer than this are a loop or a misconfiguration. */
export const MAX_REDIRECTS = 5;
