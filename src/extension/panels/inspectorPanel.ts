import * as vscode from 'vscode';
import { curlCanSign, toCurl } from '../../core/curl';
import type { RequestRecord } from '../../core/records';
import type { Services } from '../services';
import type { InspectorToHost, InspectorToWebview, RecordSummary } from '../../webview/protocol';
import { panelIcon } from './icons';
import { panelOptions, renderShell } from './html';

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

/** The request inspector: one panel, live-updated from the request log. */
export class InspectorPanel {
  readonly panel: vscode.WebviewPanel;
  readyCount = 0;
  /** The last messages posted to the webview, for the in-host tests. */
  readonly sent: InspectorToWebview[] = [];
  /** Records that arrived since the last batch, by id (a record is put again when its answer arrives). */
  private readonly pending = new Map<string, RequestRecord>();
  private timer?: ReturnType<typeof setTimeout>;
  private focus?: { connectionId?: string; recordId?: string };
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly services: Services,
    private readonly onDidDispose: () => void,
  ) {
    const extensionUri = services.context.extensionUri;
    this.panel = vscode.window.createWebviewPanel('namespaceBrowser.requests', 'Requests', vscode.ViewColumn.Active, panelOptions(extensionUri));
    this.panel.iconPath = panelIcon(extensionUri, 'inspector');
    this.panel.webview.html = renderShell(this.panel.webview, extensionUri, 'inspector');
    const subscription = services.runtime.log.onRecord((r) => this.onRecord(r));
    this.disposables.push(
      new vscode.Disposable(() => subscription.dispose()),
      this.panel.webview.onDidReceiveMessage((m: InspectorToHost) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Bring the panel forward, narrowed to a connection and/or on one record. */
  show(filter: { connectionId?: string; recordId?: string } = {}): void {
    this.panel.reveal(undefined, false);
    this.focus = filter;
    if (this.readyCount > 0) this.post({ type: 'focus', ...filter });
  }

  private onRecord(r: RequestRecord): void {
    this.pending.set(r.id, r);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.pending.size === 0 || this.readyCount === 0) return;
    const records = [...this.pending.values()].map(summarize);
    this.pending.clear();
    this.post({ type: 'recordsAdded', records, capacity: this.services.settings().inspectorMaxRecords });
  }

  private post(message: InspectorToWebview): void {
    if (this.readyCount === 0 || this.disposed) return;
    this.sent.push(message);
    if (this.sent.length > 200) this.sent.splice(0, this.sent.length - 200);
    void this.panel.webview.postMessage(message);
  }

  private sendAll(): void {
    this.pending.clear();
    const connections = this.services.connections.list().map((c) => ({ id: c.id, name: c.name }));
    this.post({ type: 'records', records: this.services.runtime.log.list().map(summarize), connections });
  }

  private async onMessage(m: InspectorToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.readyCount += 1;
        this.sendAll();
        if (this.focus) this.post({ type: 'focus', ...this.focus });
        return;
      case 'select': {
        const record = this.services.runtime.log.get(m.recordId);
        if (!record) this.post({ type: 'recordMissing', recordId: m.recordId });
        else this.post({ type: 'record', record, curl: toCurl(record), curlSigned: curlCanSign(record) });
        return;
      }
      case 'copyCurl': {
        const record = this.services.runtime.log.get(m.recordId);
        if (!record) return;
        await vscode.env.clipboard.writeText(toCurl(record));
        vscode.window.setStatusBarMessage('Copied as cURL (secrets are environment variables)', 3000);
        return;
      }
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        vscode.window.setStatusBarMessage(`Copied ${m.what}`, 2000);
        return;
      case 'clear':
        this.services.runtime.log.clear();
        this.sendAll();
        return;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDidDispose();
  }
}
