/** The kinds of failure a catalog call can end in; each maps to an action the user can take. */
export type CatalogErrorKind =
  | 'not-found'
  | 'unauthenticated'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'protocol'
  | 'config'
  | 'conflict'
  | 'invalid-input'
  | 'cancelled';

/** What a refusal is and what the user can do, e.g. "Wrong secret access key" / "Re-enter the secret access key". */
export interface Remedy {
  headline: string;
  action: string;
  /** Whether re-entering or refreshing the credentials is the fix (the editor offers Re-authenticate first). */
  credentials: boolean;
}

/** A failure as a value: a kind, a message a user can act on, and the request record that shows it. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(
    readonly kind: CatalogErrorKind,
    message: string,
    readonly options: {
      /** Id of the request record (see RequestLog) of the exchange that failed, if one was sent. */
      recordId?: string;
      /** HTTP status, when the server answered. */
      status?: number;
      /** Server-provided detail (already redacted), e.g. the ErrorResponse `detail`. */
      detail?: string;
      /** Seconds the server asked us to wait (Retry-After), for throttled/unavailable. */
      retryAfterSeconds?: number;
      /** What kind of refusal it is and what to do (an auth provider's reading of a 4xx). */
      remedy?: Remedy;
      /** Extra structured data, e.g. the expected canonical request from a SigV4 rejection. */
      data?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
  }
  get recordId(): string | undefined {
    return this.options.recordId;
  }
  get status(): number | undefined {
    return this.options.status;
  }
  get remedy(): Remedy | undefined {
    return this.options.remedy;
  }
  /** Whether re-entering or refreshing credentials is the likely fix. */
  get isAuthProblem(): boolean {
    return this.kind === 'unauthenticated' || this.kind === 'forbidden';
  }
  toJSON(): Record<string, unknown> {
    return { kind: this.kind, message: this.message, status: this.status, recordId: this.recordId, detail: this.options.detail };
  }
}

export function isCatalogError(e: unknown): e is CatalogError {
  return e instanceof CatalogError;
}

/** The words of anything thrown: an Error's message (also one from another realm, or error-like), else the value as text. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  try {
    return String(e);
  } catch {
    // An object without a prototype has no toString.
    return Object.prototype.toString.call(e);
  }
}

/** Map an HTTP status to an error kind. */
export function kindForStatus(status: number): CatalogErrorKind {
  switch (status) {
    case 400:
    case 406:
    case 422:
      return 'invalid-input';
    case 401:
    case 419:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 408:
    case 504:
      return 'timeout';
    case 429:
      return 'throttled';
    case 502:
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'unavailable' : 'protocol';
  }
}
