import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import type { Identifier } from '../../core/model';
import type { Services } from '../services';
import type { DetailsData, DetailsToHost, DetailsToWebview, Section, SectionName } from '../../webview/protocol';
import { toErrorInfo } from '../errorView';
import { settle } from './errors';
import { panelIcon } from './icons';
import { panelOptions, renderShell } from './html';

/** Which catalog object a details panel shows. */
export type DetailsKind = 'table' | 'namespace' | 'view';

/** What the in-host tests can observe of a panel. */
export interface PanelProbe {
  readonly key: string;
  readonly panel: vscode.WebviewPanel;
  /** How many times the webview said `ready`. */
  readonly readyCount: number;
  /** Types of the messages posted to the webview, in order. */
  readonly posted: readonly string[];
  /** Render times the webview reported. */
  readonly renders: readonly { ms: number; fields: number }[];
}

const VIEW_TYPE: Record<DetailsKind, string> = {
  table: 'namespaceBrowser.tableDetails',
  namespace: 'namespaceBrowser.namespaceDetails',
  view: 'namespaceBrowser.viewDetails',
};

/** One details panel per catalog object: a table, a namespace or a view. Loads its parts in parallel. */
export class DetailsPanel implements PanelProbe {
  readonly panel: vscode.WebviewPanel;
  readyCount = 0;
  readonly posted: string[] = [];
  readonly renders: { ms: number; fields: number }[] = [];
  private data: DetailsData;
  private loading?: AbortController;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    readonly key: string,
    readonly kind: DetailsKind,
    private readonly connectionId: string,
    private readonly identifier: Identifier,
    private readonly onDidDispose: () => void,
  ) {
    const extensionUri = services.context.extensionUri;
    const connectionName = services.connections.get(connectionId)?.name ?? connectionId;
    const display = identifier.join('.') || '(root)';
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE[kind], identifier[identifier.length - 1] ?? connectionName, vscode.ViewColumn.Active, panelOptions(extensionUri));
    this.panel.iconPath = panelIcon(extensionUri, kind);
    this.data = this.emptyData({ connectionId, connectionName, display, identifier: [...identifier] });
    this.panel.webview.html = renderShell(this.panel.webview, extensionUri, 'details');
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: DetailsToHost) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    void this.load();
  }

  /** What the panel currently shows (for tests and copy). */
  get state(): DetailsData {
    return this.data;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** (Re)load every part; each part is posted as soon as it arrives. */
  async load(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const signal = controller.signal;
    this.data = this.emptyData(this.data);
    this.post({ type: 'data', data: this.data });
    let client: CatalogClient;
    try {
      client = await this.services.catalogs.client(this.connectionId, signal);
    } catch (e) {
      const failed: Section<never> = { state: 'error', error: toErrorInfo(e) };
      for (const name of this.sectionNames()) this.setSection(name, failed, signal);
      return;
    }
    if (signal.aborted) return;
    const header = { ...this.data, display: client.displayIdentifier(this.identifier) };
    this.data = header;
    this.panel.title = this.identifier[this.identifier.length - 1] ?? header.connectionName;
    this.post({ type: 'data', data: this.data });
    const id = this.identifier;
    const parts: Promise<void>[] = [];
    const run = (name: SectionName, f: () => Promise<unknown>) => parts.push(settle(f).then((s) => this.setSection(name, s, signal)));
    if (this.kind === 'table') {
      run('table', async () => {
        const details = await client.describeTable(id, { signal });
        // The tree row shows the version and can copy the location without asking again.
        this.services.tree.noteTableDetails?.(this.connectionId, details);
        return details;
      });
      run('versions', () => client.listVersions(id, { signal }));
      run('indices', () => client.listIndices(id, { signal }));
    } else if (this.kind === 'namespace') {
      run('namespace', () => client.describeNamespace(id, { signal }));
    } else {
      run('view', async () => {
        if (!client.describeView) throw new Error('this catalog has no views');
        return client.describeView(id, { signal });
      });
    }
    await Promise.all(parts);
  }

  private sectionNames(): SectionName[] {
    return this.kind === 'table' ? ['table', 'versions', 'indices'] : [this.kind];
  }

  private emptyData(h: { connectionId: string; connectionName: string; display: string; identifier: string[] }): DetailsData {
    const header = { connectionId: h.connectionId, connectionName: h.connectionName, display: h.display, identifier: h.identifier };
    const loading = { state: 'loading' } as const;
    if (this.kind === 'table') return { ...header, kind: 'table', table: loading, versions: loading, indices: loading };
    if (this.kind === 'namespace') return { ...header, kind: 'namespace', namespace: loading };
    return { ...header, kind: 'view', view: loading };
  }

  private setSection(name: SectionName, section: Section<unknown>, signal: AbortSignal): void {
    // A refresh started meanwhile: this answer belongs to the old load.
    if (signal.aborted) return;
    (this.data as unknown as Record<string, Section<unknown>>)[name] = section;
    this.post({ type: 'section', name, section });
  }

  private post(message: DetailsToWebview): void {
    // Before `ready` the webview would drop messages; it gets the whole state when it says ready.
    if (this.readyCount === 0) return;
    this.posted.push(message.type === 'section' ? `section:${message.name}` : message.type);
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(m: DetailsToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.readyCount += 1;
        this.post({ type: 'data', data: this.data });
        return;
      case 'refresh':
        await this.load();
        return;
      case 'openRecord':
        await this.services.panels.showRequests({ recordId: m.recordId });
        return;
      case 'rendered':
        this.renders.push({ ms: m.ms, fields: m.fields });
        this.services.output.debug(`details panel rendered ${m.fields} fields in ${Math.round(m.ms)} ms`);
        return;
      case 'copy':
        await this.copy(m.what, m.text);
        return;
    }
  }

  private async copy(what: Extract<DetailsToHost, { type: 'copy' }>['what'], text?: string): Promise<void> {
    let value: string | undefined;
    const d = this.data;
    if (what === 'identifier') {
      const client = await this.services.catalogs.client(this.connectionId).catch(() => undefined);
      value = client ? client.copyIdentifier(this.identifier) : d.display;
    } else if (what === 'location') {
      if (d.kind === 'table' && d.table.state === 'ok') value = d.table.value.location;
      if (d.kind === 'view' && d.view.state === 'ok') value = d.view.value.location;
    } else if (what === 'schema') {
      if (d.kind === 'table' && d.table.state === 'ok') value = JSON.stringify(d.table.value.schema, null, 2);
      if (d.kind === 'view' && d.view.state === 'ok') value = JSON.stringify(d.view.value.schema, null, 2);
    } else if (what === 'raw') {
      const s = d.kind === 'table' ? d.table : d.kind === 'view' ? d.view : d.namespace;
      if (s.state === 'ok') value = JSON.stringify(s.value.raw ?? s.value, null, 2);
    } else if (what === 'sql') {
      value = text;
    }
    if (value === undefined) return;
    await vscode.env.clipboard.writeText(value);
    vscode.window.setStatusBarMessage(`Copied ${what === 'sql' ? 'SQL' : what}`, 2000);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loading?.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDidDispose();
  }
}
