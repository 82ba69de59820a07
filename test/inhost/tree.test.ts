// The Catalogs tree inside a real extension host, against the real Lance reference server (NSB_TEST_LANCE_URI,
// started by test/e2e/inhost/launches.ts). Skipped when that server is not given.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension/extension';
import { testServices, waitFor } from './services';
import type { CatalogTreeApi } from '../../src/extension/tree';
import type { ContainerNode, ErrorNode, NamespaceNode, TableNode, TreeNode } from '../../src/extension/tree/model';

const lanceUri = process.env.NSB_TEST_LANCE_URI;

const nameOf = (n: TreeNode) => (n.kind === 'namespace' || n.kind === 'table' || n.kind === 'view' ? n.name : `<${n.kind}>`);

/** A TCP relay in front of the Lance server that the test can stop and start again on the same port. */
class Relay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: URL) {}
  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

(lanceUri ? describe : describe.skip)('Catalogs tree against the Lance reference server', function () {
  this.timeout(120_000);
  let services: ExtensionInternals;
  let tree: CatalogTreeApi;
  const connectionId = 'tree-test-lance';

  const root = () => tree.provider.connectionNode(connectionId)!;
  const children = (node: TreeNode) => tree.provider.getChildren(node);
  async function child(container: ContainerNode, name: string): Promise<TreeNode> {
    const rows = await children(container);
    const found = rows.find((r) => nameOf(r) === name);
    assert.ok(found, `${name} not under ${container.key}: ${rows.map(nameOf).join(', ')}`);
    return found;
  }
  const records = (operation: string, urlPart: string) =>
    services.runtime.log.list().filter((r) => r.connectionId === connectionId && r.operation === operation && r.url.includes(urlPart));

  before(async () => {
    services = await testServices();
    tree = services.tree as CatalogTreeApi;
    await vscode.workspace.getConfiguration('namespaceBrowser').update('pageSize', 100, vscode.ConfigurationTarget.Global);
    await services.connections.save({ id: connectionId, name: 'Tree Lance', protocol: 'lance-rest', uri: lanceUri!, auth: { type: 'none' } }, {});
    await waitFor('the connection row', () => tree.provider.connectionNode(connectionId));
  });

  after(async () => {
    await services.connections.remove(connectionId);
  });

  it('shows the connection as a row that says what it is', async () => {
    const item = tree.provider.getTreeItem(root());
    assert.equal(item.label, 'Tree Lance');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'database');
    assert.match(String(item.description), /^Lance REST · 127\.0\.0\.1:\d+$/);
    assert.equal(item.contextValue, 'nsb:connection;filterable;editable');
    assert.ok(item.accessibilityInformation?.label.includes('Tree Lance'));
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.ok(!tooltip.supportHtml);
  });

  it('big: 100 tables and Load more; 24 × Load more give 2,500 rows in server order with one request per page', async () => {
    const big = (await child(root(), 'big')) as NamespaceNode;
    const before = records('ListTables', '/big/').length;
    let rows = await children(big);
    assert.equal(rows.length, 101);
    assert.equal(rows[100]!.kind, 'loadMore');
    assert.equal(tree.provider.getTreeItem(rows[100]!).label, 'Load more…');
    assert.deepEqual(rows.slice(0, 3).map(nameOf), ['t00000', 't00001', 't00002']);
    const first = rows[0];
    for (let i = 0; i < 24; i++) {
      const more = rows.at(-1)!;
      assert.equal(more.kind, 'loadMore', `page ${i + 2} should still offer Load more`);
      await vscode.commands.executeCommand('namespaceBrowser.loadMore', more);
      rows = await children(big);
      assert.equal(rows.length, Math.min(2500, 100 * (i + 2)) + (i < 23 ? 1 : 0));
    }
    const expected = Array.from({ length: 2500 }, (_, i) => `t${String(i).padStart(5, '0')}`);
    assert.deepEqual(rows.map(nameOf), expected);
    assert.equal(rows[0], first, 'earlier rows are the same nodes, not fetched again');
    assert.equal(records('ListTables', '/big/').length - before, 25, 'exactly one ListTables request per page');
    const table = tree.provider.getTreeItem(rows[2499]!);
    assert.equal((table.iconPath as vscode.ThemeIcon).id, 'table');
    assert.equal(table.accessibilityInformation?.label, 't02499, table in namespace big');
    assert.equal(table.command?.command, 'namespaceBrowser.previewDetails');
  });

  it('the filter applies to loaded rows and says so; Clear Filter restores them', async () => {
    const big = (await child(root(), 'big')) as NamespaceNode;
    tree.provider.refreshNode(big);
    await children(big);
    tree.provider.setFilter(big, 'T0005');
    const rows = await children(big);
    assert.deepEqual(
      rows.slice(0, -1).map(nameOf),
      Array.from({ length: 10 }, (_, i) => `t0005${i}`),
    );
    assert.equal(tree.provider.getTreeItem(rows.at(-1)!).label, '10 of 100 loaded match; Load more…');
    const item = tree.provider.getTreeItem(big);
    assert.match(String(item.description), /filter: "T0005"/);
    assert.equal(item.contextValue, 'nsb:namespace;filterable;filtered');
    await vscode.commands.executeCommand('namespaceBrowser.clearFilter', big);
    assert.equal((await children(big)).length, 101);
  });

  it('nested namespaces load to three levels: analytics → marketing → campaigns → clicks', async () => {
    const analytics = (await child(root(), 'analytics')) as NamespaceNode;
    const marketing = (await child(analytics, 'marketing')) as NamespaceNode;
    const campaigns = (await child(marketing, 'campaigns')) as NamespaceNode;
    const clicks = await child(campaigns, 'clicks');
    assert.equal(clicks.kind, 'table');
    assert.deepEqual((clicks as TableNode).id, ['analytics', 'marketing', 'campaigns', 'clicks']);
    assert.equal(tree.provider.getParent(clicks), campaigns);
    // Listed to its end: the row says how many tables it has, counted from that listing (no request of its own).
    assert.equal(tree.provider.getTreeItem(campaigns).description, '1 table');
    assert.equal(tree.provider.getTreeItem(campaigns).accessibilityInformation?.label, 'campaigns, 1 table, namespace in namespace analytics$marketing');
    const sales = (await child(root(), 'sales')) as NamespaceNode;
    const emea = (await child(sales, 'emea')) as NamespaceNode;
    assert.deepEqual((await children(emea)).map(nameOf).sort(), ['customers', 'orders']);
  });

  it('Copy Identifier and Copy Location; the row then shows the version', async () => {
    const sales = (await child(root(), 'sales')) as NamespaceNode;
    const emea = (await child(sales, 'emea')) as NamespaceNode;
    const orders = (await child(emea, 'orders')) as TableNode;
    assert.equal(await vscode.commands.executeCommand('namespaceBrowser.copyIdentifier', orders), 'sales$emea$orders');
    assert.equal(await vscode.env.clipboard.readText(), 'sales$emea$orders');
    const location = await vscode.commands.executeCommand<string>('namespaceBrowser.copyLocation', orders);
    assert.match(location, /orders/);
    assert.equal(await vscode.env.clipboard.readText(), location);
    const item = tree.provider.getTreeItem(orders);
    assert.match(String(item.description), /^v\d+$/);
    assert.ok((item.tooltip as vscode.MarkdownString).value.includes('Location'));
  });

  it('a missing namespace shows an error row, not a thrown error', async () => {
    const missing = tree.provider.model.namespace(root(), 'no-such-namespace');
    const rows = await children(missing);
    assert.equal(rows.length, 1);
    const error = rows[0] as ErrorNode;
    assert.equal(error.kind, 'error', `expected an error row, got ${rows.map(nameOf)}`);
    const item = tree.provider.getTreeItem(error);
    assert.match(String(item.contextValue), /^nsb:error/);
    assert.ok(item.description, 'the full message is in the description');
    assert.ok(item.command, 'an error row does something when clicked');
  });

  it('a stopped server shows "Cannot reach … — Retry"; after it is back, expanding again loads (errors are not cached)', async () => {
    const relay = new Relay(new URL(lanceUri!));
    await relay.start();
    const id = 'tree-test-relay';
    await services.connections.save({ id, name: 'Tree Relay', protocol: 'lance-rest', uri: `http://127.0.0.1:${relay.port}`, auth: { type: 'none' } }, {});
    try {
      const node = await waitFor('the relay connection', () => tree.provider.connectionNode(id));
      assert.ok((await children(node)).some((r) => nameOf(r) === 'sales'));
      await relay.stop();
      tree.provider.refreshNode(node);
      const rows = await children(node);
      assert.equal(rows.length, 1);
      const item = tree.provider.getTreeItem(rows[0]!);
      assert.match(String(item.label), /^Cannot reach 127\.0\.0\.1:\d+.* — Retry$/);
      assert.match(String(item.contextValue), /^nsb:error.*;retry/);
      assert.equal(item.command?.command, 'namespaceBrowser.retry');
      await relay.start();
      const again = await children(node);
      assert.ok(
        again.some((r) => nameOf(r) === 'sales'),
        `after the server is back: ${again.map(nameOf)}`,
      );
      // And the Retry command reloads the parent the same way.
      await relay.stop();
      tree.provider.refreshNode(node);
      const failed = await children(node);
      assert.equal(failed[0]!.kind, 'error');
      await relay.start();
      await vscode.commands.executeCommand('namespaceBrowser.retry', failed[0]);
      assert.ok((await children(node)).some((r) => nameOf(r) === 'big'));
    } finally {
      await relay.stop();
      await services.connections.remove(id);
    }
  });

  async function find(fragment: string): Promise<{ matches: string[]; picked: unknown }> {
    const run = vscode.commands.executeCommand<readonly string[] | undefined>('namespaceBrowser.findTable', root(), fragment);
    const session = await waitFor('a Find Table session', () => (tree.finder.current?.fragment === fragment ? tree.finder.current : undefined));
    await session.done;
    const matches = session.matches.map((m) => m.join('$'));
    let settled = false;
    void run.then(() => (settled = true));
    // The quick pick lives in the workbench: accept its first match the way Enter would, once it has arrived.
    await waitFor('the pick to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    });
    const picked = (await run)?.join('$');
    assert.equal(session.outcome, 'picked', 'the quick pick was closed instead of accepting a match');
    return { matches, picked };
  }

  it("Find Table finds campaigns' clicks and reveals it in the tree", async () => {
    const { matches, picked } = await find('clicks');
    assert.deepEqual(matches, ['analytics$marketing$campaigns$clicks']);
    assert.equal(picked, 'analytics$marketing$campaigns$clicks');
    const selected = tree.provider.view.selection[0];
    assert.equal(selected?.key, tree.provider.loadedTable(connectionId, ['analytics', 'marketing', 'campaigns', 'clicks'])?.key);
  });

  it("Find Table finds big's t02499 on the last page and reveals it, loading the pages it needs", async () => {
    const big = (await child(root(), 'big')) as NamespaceNode;
    tree.provider.refreshNode(big);
    const before = records('ListTables', '/big/').length;
    const { matches, picked } = await find('T02499');
    assert.deepEqual(matches, ['big$t02499']);
    assert.equal(picked, 'big$t02499');
    assert.equal(tree.provider.view.selection[0]?.key, tree.provider.loadedTable(connectionId, ['big', 't02499'])?.key);
    // The walk read all 25 pages, and revealing loaded the tree's 25 pages of big.
    assert.equal(records('ListTables', '/big/').length - before, 50);
  });
});
