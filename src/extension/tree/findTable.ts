// Find Table…: asks for a name fragment, walks the connection's namespaces with progress and cancel, and shows
// matches in a QuickPick as they arrive; picking one reveals it in the tree and opens its details.
import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import { errorMessage, isCatalogError } from '../../core/errors';
import type { Identifier } from '../../core/model';
import type { CatalogTreeDeps } from './index';
import { findTables, type FindProgress } from './find';
import type { CatalogTree } from './provider';
import { safeUri } from './rows';

interface MatchItem extends vscode.QuickPickItem {
  table: Identifier;
}

/** One search, observable by tests: what it found and when the walk ended. */
export interface FindSession {
  connectionId: string;
  fragment: string;
  matches: Identifier[];
  /** How the quick pick ended: a match picked, or closed. */
  outcome?: 'picked' | 'closed';
  /** Settles when the walk ends (finished, failed or cancelled). */
  done: Promise<FindProgress | undefined>;
  cancel(): void;
}

export class TableFinder {
  /** The latest search (tests read it; one search at a time). */
  current: FindSession | undefined;

  constructor(
    private readonly deps: Pick<CatalogTreeDeps, 'connections' | 'catalogs' | 'output' | 'settings'> & { readonly panels: Pick<CatalogTreeDeps['panels'], 'showTable'> },
    private readonly tree: CatalogTree,
  ) {}

  /** The whole command: pick a connection if needed, ask for the fragment, search, reveal and open the pick. */
  async run(connectionId?: string, fragment?: string): Promise<Identifier | undefined> {
    connectionId ??= await this.pickConnection();
    if (!connectionId) return undefined;
    const connection = this.deps.connections.get(connectionId);
    if (!connection) return undefined;
    fragment ??= await vscode.window.showInputBox({
      title: `Find Table in ${connection.name}`,
      prompt: 'Part of a table name (case-insensitive). Every namespace is searched, in one listing where the catalog has one.',
      placeHolder: 'e.g. orders',
      validateInput: (v) => (v.trim() ? undefined : 'Type part of a table name'),
    });
    if (!fragment?.trim()) return undefined;
    fragment = fragment.trim();

    let client: CatalogClient;
    try {
      client = await this.deps.catalogs.client(connectionId);
    } catch (e) {
      void vscode.window.showErrorMessage(`Find Table: cannot open "${connection.name}": ${errorMessage(e)}`);
      return undefined;
    }

    this.current?.cancel();
    const controller = new AbortController();
    const quickPick = vscode.window.createQuickPick<MatchItem>();
    quickPick.title = `Find Table in ${connection.name}: "${fragment}"`;
    quickPick.placeholder = 'Searching… matches appear as they are found';
    quickPick.matchOnDescription = true;
    quickPick.busy = true;
    // The search takes a while: looking at the progress notification or the tree must not close the results.
    quickPick.ignoreFocusOut = true;
    const items: MatchItem[] = [];
    const session: FindSession = {
      connectionId,
      fragment,
      matches: [],
      done: Promise.resolve(undefined),
      cancel: () => controller.abort(),
    };
    this.current = session;

    // Matches are shown in batches: reassigning the list on every match would cost O(matches²).
    let flush: NodeJS.Timeout | undefined;
    const show = () => {
      flush = undefined;
      quickPick.items = items.slice();
    };
    const onMatch = (table: Identifier) => {
      session.matches.push(table);
      items.push({
        table,
        label: `$(table) ${client.displayIdentifier(table)}`,
        description: client.displayIdentifier(table.slice(0, -1)),
      });
      flush ??= setTimeout(show, 100);
    };

    const picked = new Promise<MatchItem | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        // Enter before any match has arrived does nothing: the search goes on.
        const item = quickPick.activeItems[0] ?? quickPick.selectedItems[0];
        if (item) {
          session.outcome ??= 'picked';
          resolve(item);
        }
      });
      quickPick.onDidHide(() => {
        session.outcome ??= 'closed';
        resolve(undefined);
      });
    });
    quickPick.show();

    const { pageSize, maxPages } = this.deps.settings();
    session.done = Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Find Table "${fragment}"`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const summary = (p: FindProgress) =>
            p.via === 'one listing'
              ? `listed ${p.tables} tables in ${p.namespaces} namespaces in one listing${p.skipped ? ' (the listing stopped early)' : ''}`
              : `searched ${p.namespaces} namespaces, ${p.tables} tables${p.skipped ? ` (${p.skipped} listings failed)` : ''}`;
          try {
            const result = await findTables(client, fragment!, {
              pageSize,
              maxPages,
              signal: controller.signal,
              onMatch,
              onProgress: (p) => progress.report({ message: summary(p) }),
              onSkip: (ns, e) =>
                this.deps.output.warn(`Find Table: skipped ${ns.length ? client.displayIdentifier(ns) : 'the rest of the listing'}: ${errorMessage(e)}`),
            });
            if (result.why) this.deps.output.warn(`Find Table walked the namespaces: ${result.why}`);
            if (flush) clearTimeout(flush);
            show();
            quickPick.busy = false;
            quickPick.placeholder = items.length
              ? `${items.length} matching tables (${summary(result)})`
              : `No table name contains "${fragment}" (${summary(result)})`;
            return result;
          } catch (e) {
            quickPick.busy = false;
            if (isCatalogError(e) && e.kind === 'cancelled') return undefined;
            quickPick.placeholder = `Search failed: ${errorMessage(e)}`;
            return undefined;
          }
        },
      ),
    );

    const choice = await picked;
    // Picking or closing ends the walk at once.
    controller.abort();
    quickPick.dispose();
    if (!choice) return undefined;
    await this.tree.revealTable(connectionId, choice.table);
    await this.deps.panels.showTable(connectionId, choice.table);
    return choice.table;
  }

  private async pickConnection(): Promise<string | undefined> {
    const all = this.tree.connections();
    if (all.length === 0) {
      void vscode.window.showInformationMessage('Add a connection first.');
      return undefined;
    }
    if (all.length === 1) return all[0]!.connectionId;
    const pick = await vscode.window.showQuickPick(
      all.map((c) => ({ label: c.connection.name, description: safeUri(c.connection.uri), connectionId: c.connectionId })),
      { title: 'Find Table in which connection?' },
    );
    return pick?.connectionId;
  }
}
