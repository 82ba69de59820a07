import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import { int64AsText } from '../../core/int64';
import { atLabel, type Identifier, type TableAt } from '../../core/model';
import { protocolOf } from '../../core/protocols';
import type { DetailsData, DetailsToHost, DetailsToWebview, PreviewQuery, PreviewState, Section, SectionName } from '../../webview/protocol';
import { toErrorInfo } from '../errorView';
import type { OpenCatalogsApi, TableDescribed } from '../services';
import { DETAILS_DESCRIPTORS, type DetailsKind } from './descriptors';
import { type MessageHandlers, type PanelContext, PanelHost } from './host';
import { TablePreview } from './preview';
import { atFromText, atToText } from './restore';

/** What a details panel needs besides the panel plumbing. */
export interface DetailsDeps {
  readonly catalogs: Pick<OpenCatalogsApi, 'client'>;
  connectionName(connectionId: string): string | undefined;
  showRequests(filter: { recordId: string }): Promise<void>;
  /** The panel loaded a table's details (the tree shows its version from them). */
  described(event: TableDescribed): void;
  /** Open the table at a version or tag in a panel of its own. */
  openAt(connectionId: string, table: Identifier, at: TableAt): Promise<void>;
  /** `namespaceBrowser.preview.rows`: rows per preview page. */
  previewRows(): number;
  /** Re-authenticate the connection (the command of that name); true when new secrets were entered. */
  reauthenticate(connectionId: string): Promise<boolean>;
  /** The reader did something in the panel (refresh, copy, a query): a preview panel is kept open from then on. */
  interacted(panel: DetailsPanel): void;
}

/** The object a details panel is about. */
export interface DetailsTarget {
  readonly kind: DetailsKind;
  readonly connectionId: string;
  readonly identifier: Identifier;
  /** A table at a version or tag (time travel); absent for the latest. */
  readonly at?: TableAt;
}

/** A panel's title: the object's name, and where in its history a time-travel panel is (`orders @v3`, `orders @gold`). */
export function detailsTitle(name: string, at?: TableAt): string {
  return at ? `${name} @${atLabel(at)}` : name;
}

/** One details panel per catalog object: a table, a namespace or a view. Loads its parts in parallel. */
export class DetailsPanel extends PanelHost<DetailsToWebview, DetailsToHost> {
  readonly kind: DetailsKind;
  private readonly connectionId: string;
  private readonly identifier: Identifier;
  private readonly at: TableAt | undefined;
  private shown: DetailsData;
  private loading?: AbortController;
  /** A preview panel: the next object opened with a single click replaces it (see Panels.openDetails). */
  private previewMode = false;
  /** Told apart from an open panel of the same name: e.g. ` — sales.emea` (see Panels.retitle). */
  private titleSuffix = '';
  /** Tables only: the data preview. */
  readonly preview: TablePreview | undefined;

  constructor(
    context: PanelContext,
    private readonly deps: DetailsDeps,
    target: DetailsTarget,
    restored?: { readonly panel: vscode.WebviewPanel; readonly query?: PreviewQuery },
    show?: { viewColumn?: vscode.ViewColumn; preserveFocus?: boolean },
  ) {
    const connectionName = deps.connectionName(target.connectionId) ?? target.connectionId;
    super(
      DETAILS_DESCRIPTORS[target.kind],
      context,
      detailsTitle(target.identifier[target.identifier.length - 1] ?? connectionName, target.at),
      restored?.panel,
      show,
    );
    this.kind = target.kind;
    this.connectionId = target.connectionId;
    this.identifier = [...target.identifier];
    this.at = target.kind === 'table' ? target.at : undefined;
    const display = this.identifier.join('.') || '(root)';
    this.shown = this.emptyData({ connectionId: this.connectionId, connectionName, display, identifier: [...this.identifier] });
    if (this.kind === 'table') {
      this.preview = new TablePreview(
        {
          client: (signal) => this.deps.catalogs.client(this.connectionId, signal),
          post: (m) => this.post(m),
          pageRows: () => this.deps.previewRows(),
          copy: (text, what) => this.toClipboard(text, what),
          unavailable: (client) => previewUnavailable(client, this.identifier),
        },
        this.identifier,
        { ...restored?.query, at: atToText(this.at) },
      );
      this.register({ dispose: () => this.preview?.dispose() });
    }
    this.register({ dispose: () => this.loading?.abort() });
    void this.load();
  }

  /** The table or object this panel is about, when it is the active editor (Open in Python from its title bar). */
  get activeSubject(): { kind: DetailsKind; connectionId: string; identifier: Identifier } | undefined {
    return this.panel.active ? { kind: this.kind, connectionId: this.connectionId, identifier: this.identifier } : undefined;
  }

  /** What the panel shows now (what its copy buttons copy). */
  get data(): DetailsData {
    return this.shown;
  }

  /** The object's name (and point in history): what the tab says unless another open panel says the same. */
  get baseTitle(): string {
    return detailsTitle(this.identifier[this.identifier.length - 1] ?? this.shown.connectionName, this.at);
  }

  /** The namespace path, then the connection: what tells two panels of the same name apart. */
  get place(): { namespace: string; connection: string } {
    return { namespace: this.identifier.slice(0, -1).join('.') || '(root)', connection: this.shown.connectionName };
  }

  setTitleSuffix(suffix: string): void {
    this.titleSuffix = suffix;
    this.panel.title = `${this.baseTitle}${suffix}`;
  }

  get isPreview(): boolean {
    return this.previewMode;
  }

  set isPreview(preview: boolean) {
    if (this.previewMode === preview) return;
    this.previewMode = preview;
    this.post({ type: 'mode', preview });
  }

  protected override onReady(): void {
    this.post({ type: 'data', data: this.shown });
    // A fresh page starts as a kept panel: only a preview needs saying.
    if (this.previewMode) this.post({ type: 'mode', preview: true });
    if (this.preview) this.post({ type: 'preview', preview: this.preview.state });
  }

  protected readonly handlers: MessageHandlers<DetailsToHost> = {
    refresh: () => this.interact(() => this.load()),
    keepOpen: () => this.interact(() => undefined),
    reauthenticate: () =>
      this.interact(async () => {
        if (await this.deps.reauthenticate(this.connectionId)) await this.load();
      }),
    openRecord: (m) => this.deps.showRequests({ recordId: m.recordId }),
    openAt: (m) => {
      const at = atFromText(m.at);
      return at ? this.deps.openAt(this.connectionId, this.identifier, at) : undefined;
    },
    rendered: (m) => this.context.output.debug(`details panel rendered ${m.fields} fields in ${Math.round(m.ms)} ms`),
    previewShown: (m) => this.context.output.debug(`preview showed ${m.rows} rows × ${m.columns} columns`),
    copy: (m) => this.interact(() => this.copy(m.what, m.text)),
    previewQuery: (m) => this.interact(() => this.preview?.start(m.query)),
    previewMore: () => this.interact(() => this.preview?.more()),
    previewRows: (m) => this.preview?.rows(m.generation, m.from, m.to),
    previewValue: (m) => this.preview?.value(m.generation, m.row, m.column),
    previewCopy: (m) => this.preview?.copy(m.generation, m.what, m.row, m.column),
  };

  /** Something the reader did here: as the Explorer pins a preview editor that is edited, the panel stays open. */
  private interact<T>(run: () => T): T {
    this.deps.interacted(this);
    return run();
  }

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
    this.panel.title = `${this.baseTitle}${this.titleSuffix}`;
    this.post({ type: 'data', data: this.shown });
    const id = this.identifier;
    const at = this.at;
    const parts: Promise<void>[] = [];
    // Messages to a webview are plain JSON: int64 values (BigInts in the core) travel as their exact text.
    const run = (name: SectionName, f: () => Promise<unknown>) =>
      parts.push(settle(async () => int64AsText(await f())).then((s) => this.setSection(name, s, signal)));
    if (this.kind === 'table') {
      if (this.preview) parts.push(this.preview.start());
      run('table', async () => {
        if (!at) {
          const details = await client.describeTable(id, { signal });
          this.deps.described({ connectionId: this.connectionId, table: details });
          return details;
        }
        if (!client.describeTableAt) throw new Error(`${client.connection.protocol} tables are not read at a version here`);
        return client.describeTableAt(id, at, { signal });
      });
      run('versions', () => client.listVersions(id, { signal }));
      run('indices', () => client.listIndices(id, { signal, at }));
      const { tableStats, listTags, listBranches } = client;
      // GetTableStats takes no version: a panel at a version shows none rather than the latest's.
      if (tableStats && !at) run('stats', () => tableStats.call(client, id, { signal }));
      if (listTags) run('tags', () => listTags.call(client, id, { signal }));
      if (listBranches) run('branches', () => listBranches.call(client, id, { signal }));
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
    if (this.kind === 'table') {
      const at = atToText(this.at);
      return { ...header, kind: 'table', ...(at ? { at } : {}), table: loading, versions: loading, indices: loading };
    }
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
    await this.toClipboard(value, what === 'sql' ? 'SQL' : what);
  }

  private async toClipboard(text: string, what: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${what}`, 2000);
    this.post({ type: 'copied', what });
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

/** Why this table has no data preview, in its protocol's words, and what reads its rows instead. */
function previewUnavailable(client: CatalogClient, table: Identifier): Extract<PreviewState, { state: 'unavailable' }> {
  const protocol = protocolOf(client.connection.protocol);
  const elsewhere = protocol?.rowsElsewhere?.(client.connection, table);
  return {
    state: 'unavailable',
    reason: elsewhere?.reason ?? `No data preview for ${protocol?.title ?? client.connection.protocol} tables.`,
    ...(elsewhere?.snippet ? { snippet: elsewhere.snippet } : {}),
  };
}
