import type { AuthExplanation } from './auth/provider';
import type { CatalogErrorKind } from './errors';

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
  /** When the server said what it expected (SigV4 403), the expected canonical request / string to sign. */
  serverExpected?: { canonicalRequest?: string; stringToSign?: string };
}

/** A bounded in-memory ring of request records with change notification. */
export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private readonly listeners = new Set<(r: RequestRecord) => void>();
  private seq = 0;

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
    const i = this.records.findIndex((r) => r.id === record.id);
    if (i >= 0) this.records[i] = record;
    else {
      this.records.push(record);
      this.trim();
    }
    for (const l of this.listeners) l(record);
  }

  get(id: string): RequestRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** Newest last. */
  list(): readonly RequestRecord[] {
    return this.records;
  }

  clear(): void {
    this.records.length = 0;
  }

  onRecord(listener: (r: RequestRecord) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private trim(): void {
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }
}
