// Find Table…: asks for a name fragment, walks the connection's namespaces with progress and cancel, and shows
// matches in a QuickPick as they arrive; picking one reveals it in the tree and opens its details.
import * as vscode from 'vscode';
import type { CatalogClient } from '../../core/client';
import { errorMessage, isCatalogError } from '../../core/errors';
import type { Identifier } from '../../core/model';
import type { CatalogTreeDeps } from './index';
import { findTables, resumeFind, type FindFailure, type FindOptions, type FindProgress, type FindResult } from './tableSearch';
import { setPickPrompt } from '../quickPickPrompt';
import type { CatalogTree } from './provider';
import { safeUri } from './rows';

interface MatchItem extends vscode.QuickPickItem {
  table?: Identifier;
  /** The row that retries the listings that failed. */
  retry?: true;
}

/** One search, observable by tests: what it found and when the walk ended. */
export interface FindSession {
  connectionId: string;
  fragment: string;
  matches: Identifier[];
  /** Listings that failed in the last walk (empty: the search is complete). */
  failures: FindFailure[];
  /** What the quick pick says about the result (its prompt, or its placeholder before VS Code had prompts). */
  status: string;
  /** How the quick pick ended: a match picked, or closed. */
  outcome?: 'picked' | 'closed';
  /** Settles when the latest walk ends (finished, failed or cancelled). */
  done: Promise<FindResult | undefined>;
  /** Retries the failed listings, as the quick pick's Retry row and button do; settles when that walk ends. */
  retry(): Promise<FindResult | undefined>;
  cancel(): void;
}

const RETRY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: 'Retry the listings that failed' };

export class TableFinder {
  /** The latest search (tests read it; one search at a time). */
  current: FindSession | undefined;

  constructor(
    private readonly deps: Pick<CatalogTreeDeps, 'connections' | 'catalogs' | 'output' | 'settings'> & {
      readonly panels: Pick<CatalogTreeDeps['panels'], 'showTable'>;
    },
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
    // The search's status stays in view while the user filters the matches, where the editor can show it so.
    setPickPrompt(quickPick, 'Searching… matches appear as they are found');
    quickPick.matchOnDescription = true;
    quickPick.busy = true;
    // The search takes a while: looking at the progress notification or the tree must not close the results.
    quickPick.ignoreFocusOut = true;
    const items: MatchItem[] = [];
    let retryRows: MatchItem[] = [];
    const session: FindSession = {
      connectionId,
      fragment,
      matches: [],
      failures: [],
      status: 'Searching… matches appear as they are found',
      done: Promise.resolve(undefined),
      retry: () => Promise.resolve(undefined),
      cancel: () => controller.abort(),
    };
    this.current = session;

    // Matches are shown in batches: reassigning the list on every match would cost O(matches²).
    let flush: NodeJS.Timeout | undefined;
    const show = () => {
      flush = undefined;
      quickPick.items = [...items, ...retryRows];
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

    const { pageSize, maxPages } = this.deps.settings();
    const summary = (p: FindProgress) =>
      p.via === 'one listing'
        ? `listed ${p.tables} tables in ${p.namespaces} namespaces in one listing${p.skipped ? ' (the listing stopped early)' : ''}`
        : `searched ${p.namespaces} namespaces, ${p.tables} tables${p.skipped ? ` (${p.skipped} listings failed)` : ''}`;
    const what = (f: FindFailure) =>
      f.listing === 'every table' ? 'the listing of every table' : `${f.listing} of ${f.namespace.length ? client.displayIdentifier(f.namespace) : 'the root'}`;
    let last: FindResult | undefined;
    /** One walk (the first, or a retry of what failed) with a progress notification; ends by saying what it found. */
    const search = (previous?: FindResult) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Find Table "${fragment}"${previous ? ': retrying what failed' : ''}`, cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => controller.abort());
            quickPick.busy = true;
            retryRows = [];
            show();
            const options: FindOptions = {
              pageSize,
              maxPages,
              signal: controller.signal,
              onMatch,
              onProgress: (p) => progress.report({ message: summary(p) }),
              onSkip: (ns, e) =>
                this.deps.output.warn(
                  `Find Table: could not list ${client.displayIdentifier(ns) || 'the root (or the rest of the listing of every table)'}: ${errorMessage(e)}`,
                ),
            };
            try {
              const result = previous ? await resumeFind(client, fragment!, options, previous) : await findTables(client, fragment!, options);
              if (result.why && !previous) this.deps.output.warn(`Find Table walked the namespaces: ${result.why}`);
              if (flush) clearTimeout(flush);
              last = result;
              session.failures = result.failures;
              const searched = summary({ ...result, skipped: 0 });
              if (result.failures.length === 0) {
                session.status = items.length ? `${items.length} matching tables (${searched})` : `No table name contains "${fragment}" (${searched})`;
              } else {
                // Never a partial answer presented as complete: say so, how much failed, and offer to retry.
                const n = result.failures.length;
                const failed = `${n} listing${n > 1 ? 's' : ''} failed`;
                session.status = `Incomplete: ${failed}. ${items.length ? `${items.length} matching tables so far` : `No match so far for "${fragment}"`} (${searched})`;
                const first = result.failures[0]!;
                const reason = errorMessage(first.error);
                retryRows = [
                  { label: 'incomplete search', kind: vscode.QuickPickItemKind.Separator },
                  {
                    retry: true,
                    alwaysShow: true,
                    label: `$(refresh) Retry the ${failed.replace(' failed', '')} that failed`,
                    description: result.failures.slice(0, 3).map(what).join(', ') + (n > 3 ? `, and ${n - 3} more` : ''),
                    detail: `${what(first)}: ${reason}${n > 1 ? ' (each failure is in the log)' : ''}`,
                  },
                ];
              }
              quickPick.buttons = result.failures.length ? [RETRY_BUTTON] : [];
              setPickPrompt(quickPick, session.status);
              quickPick.busy = false;
              show();
              return result;
            } catch (e) {
              quickPick.busy = false;
              if (isCatalogError(e) && e.kind === 'cancelled') return undefined;
              session.status = `Search failed: ${errorMessage(e)}`;
              setPickPrompt(quickPick, session.status);
              return undefined;
            }
          },
        ),
      );

    session.retry = () => {
      if (!last || last.failures.length === 0 || quickPick.busy) return session.done;
      session.done = search(last);
      return session.done;
    };

    const picked = new Promise<MatchItem | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        // Enter before any match has arrived does nothing: the search goes on.
        const item = quickPick.activeItems[0] ?? quickPick.selectedItems[0];
        if (item?.retry) return void session.retry();
        if (item?.table) {
          session.outcome ??= 'picked';
          resolve(item);
        }
      });
      quickPick.onDidTriggerButton((b) => b === RETRY_BUTTON && void session.retry());
      quickPick.onDidHide(() => {
        session.outcome ??= 'closed';
        resolve(undefined);
      });
    });
    quickPick.show();
    session.done = search();

    const choice = await picked;
    // Picking or closing ends the walk at once.
    controller.abort();
    quickPick.dispose();
    if (!choice?.table) return undefined;
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
