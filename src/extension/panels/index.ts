// The webview panels: table, namespace and view details (one per object) and the request inspector (one).
import * as vscode from 'vscode';
import { atLabel, type Identifier, type TableAt } from '../../core/model';
import { Disposable } from '../lifecycle';
import type { OpenCatalogsApi, ConnectionStoreApi, PanelsApi, TableDescribed } from '../services';
import { DetailsPanel, type DetailsKind } from './detailsPanel';
import type { PanelContext, PanelObserver } from './host';
import { type InspectorDeps, InspectorPanel, type RequestsFilter } from './inspectorPanel';

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

  async showRequests(filter: RequestsFilter = {}): Promise<void> {
    if (!this.inspector) {
      const inspector = new InspectorPanel(this.context, {
        log: this.deps.log,
        connections: this.deps.connections,
        maxRecords: () => this.deps.inspectorMaxRecords(),
      });
      this.inspector = inspector;
      inspector.onDidDispose(() => {
        if (this.inspector === inspector) this.inspector = undefined;
      });
    }
    this.inspector.show(filter);
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

  private showDetails(kind: DetailsKind, connectionId: string, identifier: Identifier, at?: TableAt): void {
    const key = detailsKey(kind, connectionId, identifier, at);
    const open = this.details.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const panel = new DetailsPanel(
      this.context,
      {
        catalogs: this.deps.catalogs,
        connectionName: (id) => this.deps.connections.get(id)?.name,
        showRequests: (filter) => this.showRequests(filter),
        described: (event) => this.described.fire(event),
        openAt: (id, table, point) => this.showTable(id, table, point),
        previewRows: () => this.deps.previewRows(),
      },
      { kind, connectionId, identifier, ...(at ? { at } : {}) },
    );
    this.details.set(key, panel);
    panel.onDidDispose(() => {
      if (this.details.get(key) === panel) this.details.delete(key);
    });
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
