// The webview panels: table, namespace and view details (one per object) and the request inspector (one).
import type * as vscode from 'vscode';
import type { Identifier } from '../../core/model';
import type { PanelsApi, Services } from '../services';
import { DetailsPanel, type DetailsKind } from './detailsPanel';
import { InspectorPanel } from './inspectorPanel';

/** The panels, plus what the in-host tests look at. */
export class Panels implements PanelsApi, vscode.Disposable {
  /** Open details panels by connection, kind and identifier. */
  readonly details = new Map<string, DetailsPanel>();
  inspector?: InspectorPanel;

  constructor(private readonly services: Services) {}

  async showTable(connectionId: string, table: Identifier): Promise<void> {
    this.showDetails('table', connectionId, table);
  }

  async showNamespace(connectionId: string, namespace: Identifier): Promise<void> {
    this.showDetails('namespace', connectionId, namespace);
  }

  async showView(connectionId: string, view: Identifier): Promise<void> {
    this.showDetails('view', connectionId, view);
  }

  async showRequests(filter: { connectionId?: string; recordId?: string } = {}): Promise<void> {
    this.inspector ??= new InspectorPanel(this.services, () => (this.inspector = undefined));
    this.inspector.show(filter);
  }

  /** The open panel of an object, if any. */
  detailsPanel(kind: DetailsKind, connectionId: string, identifier: Identifier): DetailsPanel | undefined {
    return this.details.get(detailsKey(kind, connectionId, identifier));
  }

  private showDetails(kind: DetailsKind, connectionId: string, identifier: Identifier): void {
    const key = detailsKey(kind, connectionId, identifier);
    const open = this.details.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const panel = new DetailsPanel(this.services, key, kind, connectionId, identifier, () => this.details.delete(key));
    this.details.set(key, panel);
  }

  dispose(): void {
    for (const p of [...this.details.values()]) p.dispose();
    this.inspector?.dispose();
  }
}

function detailsKey(kind: DetailsKind, connectionId: string, identifier: Identifier): string {
  return JSON.stringify([kind, connectionId, ...identifier]);
}

export function createPanels(services: Services): Panels {
  return new Panels(services);
}
