import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import { int64AsText } from '../../core/int64';
import type { Identifier } from '../../core/model';
import type { DetailsData, DetailsToHost, DetailsToWebview, Section, SectionName } from '../../webview/protocol';
import { toErrorInfo } from '../errorView';
import type { OpenCatalogsApi, TableDescribed } from '../services';
import { PANELS, type PanelDescriptor } from './descriptors';
import { type MessageHandlers, type PanelContext, PanelHost } from './host';

/** Which catalog object a details panel shows. */
export type DetailsKind = 'table' | 'namespace' | 'view';

const DESCRIPTORS: Record<DetailsKind, PanelDescriptor> = {
  table: PANELS.tableDetails,
  namespace: PANELS.namespaceDetails,
  view: PANELS.viewDetails,
};

/** What a details panel needs besides the panel plumbing. */
export interface DetailsDeps {
  readonly catalogs: Pick<OpenCatalogsApi, 'client'>;
  connectionName(connectionId: string): string | undefined;
  showRequests(filter: { recordId: string }): Promise<void>;
  /** The panel loaded a table's details (the tree shows its version from them). */
  described(event: TableDescribed): void;
}

/** The object a details panel is about. */
export interface DetailsTarget {
  readonly kind: DetailsKind;
  readonly connectionId: string;
  readonly identifier: Identifier;
}

/** One details panel per catalog object: a table, a namespace or a view. Loads its parts in parallel. */
export class DetailsPanel extends PanelHost<DetailsToWebview, DetailsToHost> {
  readonly kind: DetailsKind;
  private readonly connectionId: string;
  private readonly identifier: Identifier;
  private shown: DetailsData;
  private loading?: AbortController;

  constructor(
    context: PanelContext,
    private readonly deps: DetailsDeps,
    target: DetailsTarget,
    restored?: vscode.WebviewPanel,
  ) {
    const connectionName = deps.connectionName(target.connectionId) ?? target.connectionId;
    super(DESCRIPTORS[target.kind], context, target.identifier[target.identifier.length - 1] ?? connectionName, restored);
    this.kind = target.kind;
    this.connectionId = target.connectionId;
    this.identifier = [...target.identifier];
    const display = this.identifier.join('.') || '(root)';
    this.shown = this.emptyData({ connectionId: this.connectionId, connectionName, display, identifier: [...this.identifier] });
    this.register({ dispose: () => this.loading?.abort() });
    void this.load();
  }

  /** What the panel shows now (what its copy buttons copy). */
  get data(): DetailsData {
    return this.shown;
  }

  protected override onReady(): void {
    this.post({ type: 'data', data: this.shown });
  }

  protected readonly handlers: MessageHandlers<DetailsToHost> = {
    refresh: () => this.load(),
    openRecord: (m) => this.deps.showRequests({ recordId: m.recordId }),
    rendered: (m) => this.context.output.debug(`details panel rendered ${m.fields} fields in ${Math.round(m.ms)} ms`),
    copy: (m) => this.copy(m.what, m.text),
  };

  /** (Re)load every part; each part is posted as soon as it arrives. */
  async load(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const signal = controller.signal;
    this.shown = this.emptyData(this.shown);
    this.post({ type: 'data', data: this.shown });
    let client: CatalogClient;
    try {
      client = await this.deps.catalogs.client(this.connectionId, signal);
    } catch (e) {
      const failed: Section<never> = { state: 'error', error: toErrorInfo(e) };
      for (const name of this.sectionNames()) this.setSection(name, failed, signal);
      return;
    }
    if (signal.aborted) return;
    const header = { ...this.shown, display: client.displayIdentifier(this.identifier) };
    this.shown = header;
    this.panel.title = this.identifier[this.identifier.length - 1] ?? header.connectionName;
    this.post({ type: 'data', data: this.shown });
    const id = this.identifier;
    const parts: Promise<void>[] = [];
    // Messages to a webview are plain JSON: int64 values (BigInts in the core) travel as their exact text.
    const run = (name: SectionName, f: () => Promise<unknown>) => parts.push(settle(async () => int64AsText(await f())).then((s) => this.setSection(name, s, signal)));
    if (this.kind === 'table') {
      run('table', async () => {
        const details = await client.describeTable(id, { signal });
        this.deps.described({ connectionId: this.connectionId, table: details });
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
    (this.shown as unknown as Record<string, Section<unknown>>)[name] = section;
    this.post({ type: 'section', name, section });
  }

  private async copy(what: Extract<DetailsToHost, { type: 'copy' }>['what'], text?: string): Promise<void> {
    let value: string | undefined;
    const d = this.shown;
    if (what === 'identifier') {
      const client = await this.deps.catalogs.client(this.connectionId).catch(() => undefined);
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
}

/** Settle a load into a section: its value or its own error, never a rejection. */
async function settle<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { state: 'ok', value: await load() };
  } catch (e) {
    return { state: 'error', error: toErrorInfo(e) };
  }
}
