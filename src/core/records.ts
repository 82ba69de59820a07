import type { AuthExplanation, ComparedTexts } from './authContract';
import type { CatalogErrorKind } from './errors';
import type { AlignedLine } from './lineDiff';

/** One HTTP exchange as the user may inspect it: everything redacted, bodies truncated. */
export interface RequestRecord {
  id: string;
  connectionId: string;
  connectionName?: string;
  /** Catalog operation, e.g. `ListTables`, `DescribeTable`, or `oauth2.token`. */
  operation: string;
  method: string;
  /** The URL as sent (query values that look secret redacted). */
  url: string;
  startedAt: string; // ISO time
  durationMs?: number;
  status?: number;
  /** 1 for the first try, 2 for the retry after a refresh, ... */
  attempt: number;
  requestHeaders: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBodyPreview?: string;
  responseBodyPreview?: string;
  /** Total response body size in bytes, if read. */
  responseBytes?: number;
  error?: { kind: CatalogErrorKind; message: string };
  /** What the auth provider did. */
  auth?: AuthExplanation;
  /** When the server said what it expected (a SigV4 403): ours and theirs, aligned line by line. */
  comparisons?: RecordComparison[];
  /** What the client concluded from this exchange, e.g. that it follows the catalog's `overrides.uri`. */
  notes?: string[];
  /** For an auth side request (`oauth2.token`, `sts.AssumeRole`, ...): the catalog request it was sent for. */
  causedBy?: RequestCause;
}

/** What an auth session's side request was sent for: a catalog request (by operation and record), or connecting. */
export interface RequestCause {
  operation: string;
  recordId?: string;
}

/** Two texts of a refused request, side by side: what we sent, what the server expected, and their alignment. */
export interface RecordComparison extends ComparedTexts {
  rows: AlignedLine[];
}

/**
 * A bounded in-memory ring of request records with change notification. Every operation on the hot path is O(1):
 * a Map keeps insertion order, so the oldest record is its first key, and replacing a record by id (the transport
 * puts each record twice, before sending and once answered) keeps its place.
 */
export class RequestLog {
  private readonly records = new Map<string, RequestRecord>();
  private readonly listeners = new Set<(r: RequestRecord) => void>();
  private seq = 0;
  /** list()'s array, rebuilt only when a record was added, replaced or dropped since the last call. */
  private snapshot?: readonly RequestRecord[];

  constructor(private capacity = 500) {}

  nextId(): string {
    this.seq += 1;
    return `r${Date.now().toString(36)}-${this.seq}`;
  }

  setCapacity(capacity: number): void {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.trim();
  }

  /** Add or replace (by id) a record and notify listeners. */
  put(record: RequestRecord): void {
    const replacing = this.records.has(record.id);
    this.records.set(record.id, record);
    if (!replacing) this.trim();
    this.snapshot = undefined;
    for (const l of this.listeners) l(record);
  }

  get(id: string): RequestRecord | undefined {
    return this.records.get(id);
  }

  /** Newest last. */
  list(): readonly RequestRecord[] {
    return (this.snapshot ??= [...this.records.values()]);
  }

  clear(): void {
    this.records.clear();
    this.snapshot = undefined;
  }

  onRecord(listener: (r: RequestRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private trim(): void {
    while (this.records.size > this.capacity) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
      this.snapshot = undefined;
    }
  }
}
