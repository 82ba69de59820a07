import { CatalogError } from '../errors';

interface Entry<T> {
  promise: Promise<T>;
  /** Only when the first caller can cancel: a caller without a signal never leaves, so nothing could abort it. */
  controller: AbortController | undefined;
  callers: number;
}

/**
 * Shares one in-flight request among callers asking for the same thing (a tree expanding the same node twice, a
 * panel and the tree describing the same table). Each caller can cancel on its own: the shared request is
 * aborted only when every caller has gone, so one closed panel never fails another's request.
 */
export class InFlight<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** How many distinct requests are being shared right now (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  run(key: string, signal: AbortSignal | undefined, what: string, start: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CatalogError('cancelled', `${what} was cancelled`));
    let entry = this.entries.get(key);
    if (!entry) {
      const controller = signal ? new AbortController() : undefined;
      const promise = start(controller?.signal);
      const created: Entry<T> = { promise, controller, callers: 0 };
      const forget = () => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      };
      // Handled here so a request every caller abandoned never surfaces as an unhandled rejection.
      promise.then(forget, forget);
      this.entries.set(key, created);
      entry = created;
    }
    const shared = entry;
    shared.callers += 1;
    if (!signal) return shared.promise; // never leaves early, so it only waits for the answer
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        shared.callers -= 1;
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        if (shared.callers === 0) {
          // Nobody is waiting any more: stop the request, and let the next caller start a fresh one.
          if (this.entries.get(key) === shared) this.entries.delete(key);
          shared.controller?.abort();
        }
        reject(new CatalogError('cancelled', `${what} was cancelled`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (value) => {
          if (leave()) resolve(value);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  }
}
