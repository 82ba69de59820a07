/** Token lifetime bookkeeping shared by the token-issuing providers (OAuth2 client credentials, Google). */

/** Refresh this long before expiry at most: a token is never used in its last five minutes. */
export const MAX_REFRESH_MARGIN_MS = 5 * 60_000;
/** RFC 6749 makes `expires_in` optional; with no JWT `exp` either, assume the common one hour. */
export const DEFAULT_LIFETIME_MS = 60 * 60_000;

/** Where a token's expiry came from, shown in the explanation. */
export type ExpirySource = 'expires_in' | 'jwt exp' | 'default (1 h)' | 'issuer';

/** A token we hold, with the times that decide when to replace it. */
export interface CachedToken {
  value: string;
  obtainedAt: number;
  expiresAt: number;
  expirySource: ExpirySource;
}

/**
 * Margin before expiry at which a token is replaced: a tenth of its lifetime, at most five minutes, so that a
 * 2-second test token is refreshed 200 ms early and a 1-hour token 5 minutes early.
 */
export function refreshMargin(lifetimeMs: number): number {
  return Math.min(Math.max(lifetimeMs, 0) / 10, MAX_REFRESH_MARGIN_MS);
}

/** The moment from which the token should no longer be used. */
export function refreshAt(token: CachedToken): number {
  return token.expiresAt - refreshMargin(token.expiresAt - token.obtainedAt);
}

export function isFresh(token: CachedToken | undefined, now: number): token is CachedToken {
  return !!token && now < refreshAt(token);
}

/** The `exp` claim (seconds since the epoch) of a JWT, or undefined when the token is opaque. Not verified: only a hint. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (payload && typeof payload === 'object' && 'exp' in payload) {
      const exp = (payload as { exp: unknown }).exp;
      if (typeof exp === 'number' && Number.isFinite(exp)) return exp;
    }
  } catch {
    /* not a JWT after all */
  }
  return undefined;
}

/**
 * Expiry per Iceberg's rule: `expires_in` (seconds), else the JWT `exp`, else one hour. When a JWT carries an
 * `exp` earlier than `expires_in` implies (whole-second truncation, or a server announcing more than it signs),
 * the earlier one wins: a token used past its `exp` only earns a 401.
 */
export function tokenExpiry(accessToken: string, expiresInSeconds: number | undefined, now: number): { expiresAt: number; expirySource: ExpirySource } {
  const exp = jwtExpiry(accessToken);
  const fromJwt = exp !== undefined ? exp * 1000 : undefined;
  if (expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0) {
    const fromExpiresIn = now + expiresInSeconds * 1000;
    if (fromJwt !== undefined && fromJwt < fromExpiresIn) return { expiresAt: fromJwt, expirySource: 'jwt exp' };
    return { expiresAt: fromExpiresIn, expirySource: 'expires_in' };
  }
  if (fromJwt !== undefined) return { expiresAt: fromJwt, expirySource: 'jwt exp' };
  return { expiresAt: now + DEFAULT_LIFETIME_MS, expirySource: 'default (1 h)' };
}

/**
 * Holds one token and fetches a new one when it is no longer fresh; concurrent callers share the one in-flight
 * fetch, so that a burst of requests at startup (or after a 401) costs a single token request.
 */
export class TokenCache {
  private token: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<CachedToken>,
    private readonly now: () => number,
  ) {}

  /** The cached token if fresh, else a new one; `fromCache` tells the explanation which. */
  async get(signal?: AbortSignal): Promise<{ token: CachedToken; fromCache: boolean }> {
    const current = this.token;
    if (isFresh(current, this.now()) && !this.inFlight) return { token: current, fromCache: true };
    return { token: await this.fetchShared(signal), fromCache: false };
  }

  /** Discard the cached token and fetch another (after a 401); joins a fetch already under way. */
  async refresh(signal?: AbortSignal): Promise<CachedToken> {
    this.token = undefined;
    return this.fetchShared(signal);
  }

  clear(): void {
    this.token = undefined;
  }

  peek(): CachedToken | undefined {
    return this.token;
  }

  private fetchShared(signal?: AbortSignal): Promise<CachedToken> {
    if (!this.inFlight) {
      // Not bound to any one caller's signal: a caller that gives up must not fail the others' shared fetch.
      const p = this.fetchToken().then((t) => {
        this.token = t;
        return t;
      });
      this.inFlight = p;
      const clear = () => {
        if (this.inFlight === p) this.inFlight = undefined;
      };
      p.then(clear, clear);
    }
    return abortable(this.inFlight, signal);
  }
}

/** Wait for `p`, or reject as soon as `signal` aborts (the underlying work carries on for other waiters). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
