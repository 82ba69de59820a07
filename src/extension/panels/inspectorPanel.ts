import * as vscode from 'vscode';
import { curlCanSign, toCurl } from '../../core/curl';
import type { RequestLog, RequestRecord } from '../../core/records';
import type { InspectorToHost, InspectorToWebview, RecordSummary } from '../../webview/protocol';
import type { ConnectionStoreApi } from '../services';
import { ComparisonDocuments } from './comparisonDocuments';
import { PANELS } from './descriptors';
import { type MessageHandlers, type PanelContext, PanelHost } from './host';

/** How often new records are sent to the webview: a burst of requests becomes one message, not a thousand. */
export const BATCH_MS = 250;

/** The list row of a record: no headers, no bodies. */
export function summarize(r: RequestRecord): RecordSummary {
  return {
    id: r.id,
    connectionId: r.connectionId,
    connectionName: r.connectionName,
    operation: r.operation,
    method: r.method,
    url: r.url,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    status: r.status,
    attempt: r.attempt,
    errorKind: r.error?.kind,
  };
}

/** What the inspector needs besides the panel plumbing. */
export interface InspectorDeps {
  readonly log: Pick<RequestLog, 'list' | 'get' | 'clear' | 'onRecord'>;
  readonly connections: Pick<ConnectionStoreApi, 'list'>;
  /** How many records the log keeps (the webview trims its list to match). */
  maxRecords(): number;
}

/** Which connection and record the inspector is narrowed to. */
export interface RequestsFilter {
  connectionId?: string;
  recordId?: string;
}

/** The request inspector: one panel, live-updated from the request log. */
export class InspectorPanel extends PanelHost<InspectorToWebview, InspectorToHost> {
  /** Records that arrived since the last batch, by id (a record is put again when its answer arrives). */
  private readonly pending = new Map<string, RequestRecord>();
  private timer?: ReturnType<typeof setTimeout>;
  private focus?: RequestsFilter;
  private comparisons?: ComparisonDocuments;

  constructor(
    context: PanelContext,
    private readonly deps: InspectorDeps,
    restored?: vscode.WebviewPanel,
  ) {
    super(PANELS.requests, context, PANELS.requests.title, restored);
    this.register(deps.log.onRecord((r) => this.onRecord(r)));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Bring the panel forward, narrowed to a connection and/or on one record. */
  show(filter: RequestsFilter = {}): void {
    this.reveal();
    this.focus = filter;
    this.post({ type: 'focus', ...filter });
  }

  protected override onReady(): void {
    this.sendAll();
    if (this.focus) this.post({ type: 'focus', ...this.focus });
  }

  protected readonly handlers: MessageHandlers<InspectorToHost> = {
    select: (m) => {
      const record = this.deps.log.get(m.recordId);
      if (!record) this.post({ type: 'recordMissing', recordId: m.recordId });
      else this.post({ type: 'record', record, curl: toCurl(record), curlSigned: curlCanSign(record) });
    },
    copyCurl: async (m) => {
      const record = this.deps.log.get(m.recordId);
      if (!record) return;
      await vscode.env.clipboard.writeText(toCurl(record));
      vscode.window.setStatusBarMessage('Copied as cURL (secrets are environment variables)', 3000);
      this.post({ type: 'copied', what: 'as cURL' });
    },
    openDiff: async (m) => {
      const record = this.deps.log.get(m.recordId);
      if (!record) return;
      this.comparisons ??= this.register(new ComparisonDocuments());
      await this.comparisons.open(record, m.comparison);
    },
    copy: async (m) => {
      await vscode.env.clipboard.writeText(m.text);
      vscode.window.setStatusBarMessage(`Copied ${m.what}`, 2000);
      this.post({ type: 'copied', what: m.what });
    },
    clear: () => {
      this.deps.log.clear();
      this.sendAll();
    },
  };

  private onRecord(r: RequestRecord): void {
    this.pending.set(r.id, r);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pending.size === 0 || !this.isReady) return;
    const records = [...this.pending.values()].map(summarize);
    this.pending.clear();
    this.post({ type: 'recordsAdded', records, capacity: this.deps.maxRecords() });
  }

  private sendAll(): void {
    this.pending.clear();
    const connections = this.deps.connections.list().map((c) => ({ id: c.id, name: c.name }));
    this.post({ type: 'records', records: this.deps.log.list().map(summarize), connections });
  }
}
