// The tree's commands. Commands that take a node are hidden from the palette (package.json) and get it from menus.
import * as vscode from 'vscode';
import { errorMessage, isCatalogError } from '../../core/errors';
import type { TableAt } from '../../core/model';
import type { CatalogTreeDeps } from './index';
import type { TableFinder } from './findTableCommand';
import { childRows, type ContainerNode, type ErrorNode, type LoadMoreNode, type TableNode, type TreeNode } from './model';
import type { CatalogTree } from './provider';

/** Two clicks on one row within this time are a double click (the workbench's own lists use 500 ms). */
const DOUBLE_CLICK_MS = 500;

/** VS Code passes a command whatever its caller gave: a tree node from a menu, arguments from executeCommand. */
type CommandHandler = Parameters<typeof vscode.commands.registerCommand>[1];

function isContainer(node: TreeNode | undefined): node is ContainerNode {
  return node?.kind === 'connection' || node?.kind === 'namespace';
}

export function registerTreeCommands(deps: Pick<CatalogTreeDeps, 'catalogs' | 'panels'>, tree: CatalogTree, finder: () => TableFinder): vscode.Disposable[] {
  const { catalogs, panels } = deps;
  const command = (id: string, run: CommandHandler) => vscode.commands.registerCommand(id, run);

  const copyIdentifier = async (node: TreeNode) => {
    if (node.kind !== 'table' && node.kind !== 'namespace' && node.kind !== 'view') return;
    const client = await catalogs.client(node.connectionId);
    const text = client.copyIdentifier(node.id);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
    return text;
  };

  const copyLocation = async (node: TableNode) => {
    if (node?.kind !== 'table') return;
    let location = node.facts?.location;
    if (!location) {
      try {
        const client = await catalogs.client(node.connectionId);
        // A slow catalog (or a long retry) must not hold Copy Location hostage: the notification can cancel it.
        const details = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Reading the location of ${client.displayIdentifier(node.id)}`, cancellable: true },
          async (_progress, token) => {
            const controller = new AbortController();
            const sub = token.onCancellationRequested(() => controller.abort());
            try {
              return await client.describeTable(node.id, { signal: controller.signal });
            } catch (e) {
              if (token.isCancellationRequested) return undefined;
              throw e;
            } finally {
              sub.dispose();
            }
          },
        );
        if (!details) return;
        tree.noteTableDetails(node.connectionId, details);
        node.facts = { version: details.version, location: details.location };
        location = details.location;
      } catch (e) {
        const recordId = isCatalogError(e) ? e.recordId : undefined;
        const action = await vscode.window.showWarningMessage(
          `Cannot read the location of ${node.name}: ${errorMessage(e)}`,
          ...(recordId ? ['Show Request'] : []),
        );
        if (action) await panels.showRequests({ recordId });
        return;
      }
    }
    if (!location) {
      void vscode.window.showInformationMessage(`The catalog gives no location for ${node.name}.`);
      return;
    }
    await vscode.env.clipboard.writeText(location);
    vscode.window.setStatusBarMessage(`Copied ${location}`, 3000);
    return location;
  };

  const openDetails = async (node: TreeNode) => {
    if (node?.kind === 'table') await panels.showTable(node.connectionId, node.id);
    else if (node?.kind === 'namespace') await panels.showNamespace(node.connectionId, node.id);
    else if (node?.kind === 'view') await panels.showView(node.connectionId, node.id);
  };

  /**
   * A single click on a row (the row's command): a preview panel, the keyboard left in the tree. VS Code runs a
   * row's command on every click and tells nothing else, so a second click on the same row within the workbench's
   * double-click time is the double click that keeps the panel open, as in the Explorer.
   */
  let lastClick: { key: string; at: number } | undefined;
  const previewDetails = async (node: TreeNode) => {
    if (node?.kind !== 'table' && node?.kind !== 'view' && node?.kind !== 'namespace') return;
    const now = Date.now();
    const double = lastClick?.key === node.key && now - lastClick.at < DOUBLE_CLICK_MS;
    lastClick = double ? undefined : { key: node.key, at: now };
    await panels.openDetails(node.kind, node.connectionId, node.id, { preview: !double, preserveFocus: !double });
  };

  /** Enter in the tree: a table or view opens for good and takes the keyboard; other rows do what a click does. */
  const openSelected = async () => {
    const node = tree.view.selection[0];
    if (!node) return;
    if (node.kind === 'table' || node.kind === 'view')
      return panels.openDetails(node.kind, node.connectionId, node.id, { preview: false, preserveFocus: false });
    if (node.kind === 'loadMore') return loadMore(node);
    if (node.kind === 'error') return tree.loadMore(node.parent);
    if (node.kind === 'connection' || node.kind === 'namespace') return vscode.commands.executeCommand('list.toggleExpand');
  };

  /** Load more, then the keyboard on the first new row (where the Load more row was), as a long list reads on. */
  const loadMore = async (node: LoadMoreNode | ContainerNode) => {
    const container = node?.kind === 'loadMore' ? node.parent : node;
    if (!isContainer(container)) return;
    const before = childRows(container).length - 1;
    await tree.loadMore(container);
    const next = childRows(container)[Math.max(0, before)];
    if (next && tree.view.visible) await tree.view.reveal(next, { select: true, focus: true }).then(undefined, () => undefined);
  };

  /**
   * A table at a version or tag, in a panel of its own: picked from its tags and versions, or given as
   * `{version}` (a number or its text) or `{tag}` by executeCommand.
   */
  const openTableAt = async (node: TableNode, given?: { version?: string | number | bigint; tag?: string }) => {
    if (node?.kind !== 'table') return;
    let at: TableAt | undefined;
    if (given?.tag !== undefined) at = { tag: String(given.tag) };
    else if (given?.version !== undefined && /^\d+$/.test(String(given.version))) at = { version: BigInt(String(given.version)) };
    const client = await catalogs.client(node.connectionId);
    if (!client.describeTableAt) {
      void vscode.window.showInformationMessage(`Opening a table at a version is for Lance tables; the details of ${node.name} list its snapshots and refs.`);
      return;
    }
    at ??= await pickVersionOrTag(client, node);
    if (at) await panels.showTable(node.connectionId, node.id, at);
    return at;
  };

  return [
    command('namespaceBrowser.openTableAt', openTableAt),
    command('namespaceBrowser.refresh', () => tree.refresh()),
    command('namespaceBrowser.refreshNode', (node?: TreeNode) => {
      if (isContainer(node)) tree.refreshNode(node);
      else if (node) tree.refreshNode(node.parent);
      else tree.refresh();
    }),
    command('namespaceBrowser.loadMore', loadMore),
    // Reloads the failed page of the error row's parent (earlier pages stay).
    command('namespaceBrowser.retry', (node: ErrorNode) => {
      if (node?.kind === 'error') return tree.loadMore(node.parent);
      if (isContainer(node)) tree.refreshNode(node);
    }),
    command('namespaceBrowser.filterNamespace', async (node: ContainerNode) => {
      if (!isContainer(node)) return;
      const name = node.kind === 'connection' ? node.connection.name : node.name;
      const value = await vscode.window.showInputBox({
        title: `Filter ${name}`,
        prompt: `Show the loaded namespaces and tables whose name contains this (case-insensitive); it applies to the ${node.listing.loadedCount} rows loaded so far and to pages loaded later. Empty clears it.`,
        value: node.listing.filter ?? '',
      });
      if (value === undefined) return;
      tree.setFilter(node, value.trim() || undefined);
    }),
    command('namespaceBrowser.clearFilter', (node: ContainerNode) => {
      if (isContainer(node)) tree.setFilter(node, undefined);
    }),
    command('namespaceBrowser.findTable', (node?: TreeNode, fragment?: string) =>
      finder().run(node?.connectionId, typeof fragment === 'string' ? fragment : undefined),
    ),
    command('namespaceBrowser.copyIdentifier', copyIdentifier),
    command('namespaceBrowser.copyLocation', copyLocation),
    command('namespaceBrowser.openDetails', openDetails),
    command('namespaceBrowser.previewDetails', previewDetails),
    command('namespaceBrowser.openSelected', openSelected),
    command('namespaceBrowser.showRequests', (node?: TreeNode) => {
      if (node?.kind === 'error') return panels.showRequests({ connectionId: node.connectionId, recordId: node.error.recordId });
      if (node?.kind === 'connection') return panels.showRequests({ connectionId: node.connectionId });
      return panels.showRequests();
    }),
    command('namespaceBrowser.showRequest', (node: ErrorNode) => {
      if (node?.kind === 'error') return panels.showRequests({ recordId: node.error.recordId });
    }),
  ];
}

/** A quick pick of the table's tags, then its versions (newest first), filled as they arrive. */
async function pickVersionOrTag(client: import('../../core/client').CatalogClient, node: TableNode): Promise<TableAt | undefined> {
  type Item = vscode.QuickPickItem & { at?: TableAt };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `Open ${client.displayIdentifier(node.id)} at a version or tag`;
  pick.placeholder = 'Loading tags and versions…';
  pick.busy = true;
  pick.show();
  const controller = new AbortController();
  const [tags, versions] = await Promise.allSettled([
    client.listTags ? client.listTags(node.id, { signal: controller.signal }) : Promise.resolve([]),
    client.listVersions(node.id, { signal: controller.signal }),
  ]);
  const items: Item[] = [];
  if (tags.status === 'fulfilled' && tags.value.length) {
    items.push({ label: 'Tags', kind: vscode.QuickPickItemKind.Separator });
    for (const t of tags.value)
      items.push({ label: `$(tag) ${t.name}`, description: t.version !== undefined ? `version ${t.version}` : undefined, at: { tag: t.name } });
  }
  if (versions.status === 'fulfilled') {
    items.push({ label: 'Versions', kind: vscode.QuickPickItemKind.Separator });
    for (const v of versions.value) items.push({ label: `$(versions) v${v.version}`, description: v.timestamp, at: { version: BigInt(v.version) } });
  }
  const failed = [tags, versions].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => errorMessage(r.reason));
  pick.items = items;
  pick.busy = false;
  pick.placeholder = failed.length ? `Some of the history could not be read: ${failed.join('; ')}` : 'Pick a tag or a version';
  return new Promise<TableAt | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.at);
      pick.hide();
    });
    pick.onDidHide(() => {
      controller.abort();
      resolve(undefined);
      pick.dispose();
    });
  });
}
