/** Retry timing for throttled (429) and unavailable (503) answers. */

/** Exponential back-off with jitter: attempt n waits in [b/2, 3b/2) with b = baseMs * 2^(n-1), never above capMs. */
export function backoffDelay(attempt: number, capMs: number, random: () => number = Math.random, baseMs = 200): number {
  const backoff = baseMs * 2 ** (attempt - 1);
  return Math.min(capMs, backoff / 2 + random() * backoff);
}

/**
 * How long to wait before the next try: the server's Retry-After when it gave one, else the back-off. `undefined`
 * means the server asked for longer than the cap: waiting that long would look like a hang, so the caller gives up
 * with a message saying when to try again.
 */
export function retryDelay(attempt: number, retryAfterSeconds: number | undefined, capMs: number, random: () => number = Math.random): number | undefined {
  if (retryAfterSeconds === undefined) return backoffDelay(attempt, capMs, random);
  const asked = Math.max(0, retryAfterSeconds * 1000);
  return asked > capMs ? undefined : asked;
}

/** `Retry-After`: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (value.trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** "45 s", "12 min", "1 h" */
export function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
