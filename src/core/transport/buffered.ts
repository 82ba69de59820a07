import type * as Undici from 'undici';
import type { Dispatcher } from './undici';

/** Why a buffered request stopped before its answer was complete. */
export type StopReason = 'timeout' | 'cancelled';

/** The answer to one request, read whole. */
export interface BufferedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface BufferedRequest {
  origin: string;
  /** Path and query, exactly as sent. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface BufferLimits {
  /** The whole exchange, from dispatch to the last byte. */
  timeoutMs: number;
  maxBytes: number;
  /** Called with the size limit's error when the answer is larger; what it returns is the rejection. */
  tooLarge: () => Error;
  signal?: AbortSignal;
}

/**
 * Sends one request through undici's dispatcher and collects the answer into one buffer, with one timer for the
 * deadline, the caller's signal and a size cap. This is undici's `request()` minus what a buffered JSON answer does
 * not need: no Readable stream per response, no async iterator, no AbortController per request.
 *
 * Rejects with the transport's error, or with an error whose `stopReason` says the deadline or the caller stopped
 * it. `status` and `headers` are kept on the handle once they arrived, so a failure while reading can still
 * record them.
 */
export class BufferedExchange {
  status: number | undefined;
  headers: Record<string, string> | undefined;
  readonly answer: Promise<BufferedAnswer>;
  private resolve!: (a: BufferedAnswer) => void;
  private reject!: (e: Error) => void;
  private abort: ((reason: Error) => void) | undefined;
  private stopped: Error | undefined;
  private settled = false;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: (() => void) | undefined;

  constructor(
    dispatcher: Dispatcher,
    request: BufferedRequest,
    private readonly limits: BufferLimits,
  ) {
    this.answer = new Promise<BufferedAnswer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.timer = setTimeout(() => this.stop(stopError('timeout')), limits.timeoutMs);
    const signal = limits.signal;
    if (signal) {
      if (signal.aborted) this.stop(stopError('cancelled'));
      else {
        this.onCallerAbort = () => this.stop(stopError('cancelled'));
        signal.addEventListener('abort', this.onCallerAbort, { once: true });
      }
    }
    if (!this.settled)
      dispatcher.dispatch(
        { origin: request.origin, path: request.path, method: request.method as Undici.Dispatcher.HttpMethod, headers: request.headers, body: request.body },
        this,
      );
  }

  // undici's dispatch handler (the callbacks its own request() uses).

  onConnect(abort: (reason: Error) => void): void {
    if (this.stopped) abort(this.stopped);
    else this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // 1xx: the real answer follows
    this.status = statusCode;
    this.headers = flattenRawHeaders(rawHeaders);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.received += chunk.byteLength;
    if (this.received > this.limits.maxBytes) {
      this.stop(this.limits.tooLarge());
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    if (this.status === undefined) return this.onError(new Error('the connection ended without an answer'));
    this.finish();
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received);
    this.resolve({ status: this.status, headers: this.headers ?? {}, body });
  }

  onError(err: Error): void {
    if (this.settled) return;
    this.finish();
    this.reject(this.stopped ?? err);
  }

  /** Stop now (deadline, caller, size cap): settle at once, and abort the socket's request when it has one. */
  private stop(reason: Error): void {
    if (this.settled) return;
    this.stopped = reason;
    this.finish();
    this.reject(reason);
    this.abort?.(reason);
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.limits.signal?.removeEventListener('abort', this.onCallerAbort);
  }
}

function stopError(reason: StopReason): Error & { stopReason: StopReason } {
  return Object.assign(new Error(reason === 'timeout' ? 'deadline passed' : 'cancelled by the caller'), { stopReason: reason });
}

export function stopReasonOf(e: unknown): StopReason | undefined {
  return (e as { stopReason?: StopReason } | undefined)?.stopReason;
}

const LATIN1 = 'latin1';

/** Header names lowercased, repeated headers joined with ", " (as the request records show them). */
export function flattenRawHeaders(raw: readonly (Buffer | string)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString(LATIN1).toLowerCase();
    const value = raw[i + 1]!.toString(LATIN1);
    if (name === '__proto__') continue;
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}
