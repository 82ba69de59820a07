// The webview panels: table, namespace and view details (one per object) and the request inspector (one).
import * as vscode from 'vscode';
import { atLabel, type Identifier, type TableAt } from '../../core/model';
import { Disposable } from '../lifecycle';
import type { OpenCatalogsApi, ConnectionStoreApi, PanelsApi, TableDescribed } from '../services';
import { DETAILS_DESCRIPTORS as DESCRIPTORS, PANELS, type DetailsKind } from './descriptors';
import type { DetailsPanel } from './detailsPanel';
import type { PanelContext, PanelObserver } from './host';
import type { InspectorDeps, InspectorPanel, RequestsFilter } from './inspectorPanel';
import { readDetailsState } from './restore';

/** What the panels need from the rest of the extension. */
export interface PanelsDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: PanelContext['output'];
  readonly catalogs: Pick<OpenCatalogsApi, 'client'>;
  readonly connections: Pick<ConnectionStoreApi, 'get' | 'list'>;
  readonly log: InspectorDeps['log'];
  /** `namespaceBrowser.inspector.maxRecords`, read when it is needed. */
  inspectorMaxRecords(): number;
  /** `namespaceBrowser.preview.rows`, read for every page of a preview. */
  previewRows(): number;
  /** In the extension host of the tests (ExtensionMode.Test): only then may observers watch the panels. */
  readonly testMode: boolean;
}

/** Opens, reuses and disposes the panels; announces what they learned. */
export class Panels extends Disposable implements PanelsApi {
  private readonly details = new Map<string, DetailsPanel>();
  private inspector?: InspectorPanel;
  private readonly observers = new Set<PanelObserver>();
  private readonly context: PanelContext;
  private readonly described = this.register(new vscode.EventEmitter<TableDescribed>());
  /** A details panel loaded a table's details. */
  readonly onDidDescribeTable = this.described.event;

  constructor(private readonly deps: PanelsDeps) {
    super();
    this.context = { extensionUri: deps.extensionUri, output: deps.output, observers: this.observers };
    this.register({ dispose: () => this.closeAll() });
    // Panels open when the window reloaded come back: VS Code hands each one over with what its webview kept.
    for (const kind of ['table', 'namespace', 'view'] as const) {
      this.register(
        vscode.window.registerWebviewPanelSerializer(DESCRIPTORS[kind].viewType, {
          deserializeWebviewPanel: async (panel, state) => this.restoreDetails(panel, state),
        }),
      );
    }
    this.register(
      vscode.window.registerWebviewPanelSerializer(PANELS.requests.viewType, {
        deserializeWebviewPanel: async (panel) => {
          if (this.inspector) panel.dispose();
          else this.openInspector(panel);
        },
      }),
    );
  }

  private restoreDetails(panel: vscode.WebviewPanel, state: unknown): void {
    const kept = readDetailsState(state);
    if ('error' in kept) {
      this.deps.output.warn(`A restored panel was closed: ${kept.error}`);
      panel.dispose();
      return;
    }
    const { kind, connectionId, identifier, at } = kept.target;
    if (this.details.has(detailsKey(kind, connectionId, identifier, at))) {
      panel.dispose();
      return;
    }
    this.showDetails(kind, connectionId, identifier, at, { panel, ...(kept.query ? { query: kept.query } : {}) });
  }

  /** A table's panel; with `at`, a panel of its own at that version or tag (time travel). */
  async showTable(connectionId: string, table: Identifier, at?: TableAt): Promise<void> {
    this.showDetails('table', connectionId, table, at);
  }

  async showNamespace(connectionId: string, namespace: Identifier): Promise<void> {
    this.showDetails('namespace', connectionId, namespace);
  }

  async showView(connectionId: string, view: Identifier): Promise<void> {
    this.showDetails('view', connectionId, view);
  }

  /**
   * The Explorer's way (its preview editors are for text editors only, so this emulates them): a preview takes the
   * place of the previous preview panel, unless that one was kept open (double click, Enter, or anything done in it);
   * an object already open is only brought forward. `preserveFocus` leaves the keyboard in the tree.
   */
  async openDetails(kind: DetailsKind, connectionId: string, identifier: Identifier, mode: { preview: boolean; preserveFocus: boolean }): Promise<void> {
    const open = this.details.get(detailsKey(kind, connectionId, identifier));
    if (open) {
      if (!mode.preview) open.isPreview = false;
      open.reveal(mode.preserveFocus);
      return;
    }
    const previous = [...this.details.values()].find((p) => p.isPreview);
    const viewColumn = previous?.panel.viewColumn;
    const panel = this.showDetails(kind, connectionId, identifier, undefined, undefined, {
      ...(viewColumn ? { viewColumn } : {}),
      preserveFocus: mode.preserveFocus,
    });
    panel.isPreview = mode.preview;
    // After the new tab exists, so that the editor group does not close and reopen in between.
    previous?.dispose();
  }

  async showRequests(filter: RequestsFilter = {}): Promise<void> {
    (this.inspector ?? this.openInspector()).show(filter);
  }

  private openInspector(restored?: vscode.WebviewPanel): InspectorPanel {
    // On demand (scripts/onDemand.mjs): the inspector's host loads when it first opens.
    const { InspectorPanel } = require('./inspectorPanel') as typeof import('./inspectorPanel');
    const inspector = new InspectorPanel(
      this.context,
      {
        log: this.deps.log,
        connections: this.deps.connections,
        maxRecords: () => this.deps.inspectorMaxRecords(),
      },
      restored,
    );
    this.inspector = inspector;
    inspector.onDidDispose(() => {
      if (this.inspector === inspector) this.inspector = undefined;
    });
    return inspector;
  }

  /** The open panel of an object (at a version or tag), if any. */
  detailsPanel(kind: DetailsKind, connectionId: string, identifier: Identifier, at?: TableAt): DetailsPanel | undefined {
    return this.details.get(detailsKey(kind, connectionId, identifier, at));
  }

  activeTable(): { connectionId: string; id: Identifier } | undefined {
    for (const panel of this.details.values()) {
      const subject = panel.activeSubject;
      if (subject?.kind === 'table') return { connectionId: subject.connectionId, id: subject.identifier };
    }
    return undefined;
  }

  /** The request inspector, if open. */
  get inspectorPanel(): InspectorPanel | undefined {
    return this.inspector;
  }

  /** Watch every panel's traffic (the in-host tests). Refused outside test mode: shipped code never watches. */
  observe(observer: PanelObserver): vscode.Disposable {
    if (!this.deps.testMode) throw new Error('panel observers are for the extension tests only');
    this.observers.add(observer);
    return new vscode.Disposable(() => this.observers.delete(observer));
  }

  private showDetails(
    kind: DetailsKind,
    connectionId: string,
    identifier: Identifier,
    at?: TableAt,
    restored?: ConstructorParameters<typeof DetailsPanel>[3],
    show?: ConstructorParameters<typeof DetailsPanel>[4],
  ): DetailsPanel {
    const key = detailsKey(kind, connectionId, identifier, at);
    const open = this.details.get(key);
    if (open) {
      // Opened for good (a command, Find Table, a restored panel): no longer a preview.
      open.isPreview = false;
      open.reveal();
      return open;
    }
    // On demand (scripts/onDemand.mjs): the details panels' host loads with the first one.
    const { DetailsPanel } = require('./detailsPanel') as typeof import('./detailsPanel');
    const panel = new DetailsPanel(
      this.context,
      {
        catalogs: this.deps.catalogs,
        connectionName: (id) => this.deps.connections.get(id)?.name,
        showRequests: (filter) => this.showRequests(filter),
        described: (event) => this.described.fire(event),
        openAt: (id, table, point) => this.showTable(id, table, point),
        previewRows: () => this.deps.previewRows(),
        reauthenticate: async (id) => (await vscode.commands.executeCommand<boolean>('namespaceBrowser.reauthenticate', id)) === true,
        interacted: (p) => {
          p.isPreview = false;
        },
      },
      { kind, connectionId, identifier, ...(at ? { at } : {}) },
      restored,
      show,
    );
    this.details.set(key, panel);
    panel.onDidDispose(() => {
      if (this.details.get(key) === panel) this.details.delete(key);
      this.retitle();
    });
    this.retitle();
    return panel;
  }

  /**
   * Two open panels of the same name (`orders` in two namespaces, or two connections) are told apart on their tabs:
   * a webview tab has a title and nothing else (no description, no tooltip of ours), so the title gets the namespace,
   * and the connection too where the namespace does not tell them apart. A name open once keeps its plain title.
   */
  private retitle(): void {
    const byTitle = new Map<string, DetailsPanel[]>();
    for (const p of this.details.values()) {
      const same = byTitle.get(p.baseTitle) ?? [];
      same.push(p);
      byTitle.set(p.baseTitle, same);
    }
    for (const same of byTitle.values()) {
      if (same.length === 1) {
        same[0]!.setTitleSuffix('');
        continue;
      }
      const namespaces = same.map((p) => p.place.namespace);
      for (const p of same) {
        const { namespace, connection } = p.place;
        const sharedNamespace = namespaces.filter((n) => n === namespace).length > 1;
        p.setTitleSuffix(sharedNamespace ? ` — ${namespace} · ${connection}` : ` — ${namespace}`);
      }
    }
  }

  /** Close every panel (on deactivation, and in tests). */
  closeAll(): void {
    for (const p of [...this.details.values()]) p.dispose();
    this.inspector?.dispose();
  }
}

function detailsKey(kind: DetailsKind, connectionId: string, identifier: Identifier, at?: TableAt): string {
  return JSON.stringify([kind, connectionId, at ? `@${'version' in at ? 'v' : 't'}${atLabel(at)}` : '', ...identifier]);
}
