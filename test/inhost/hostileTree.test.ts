// Hostile names in the Catalogs tree, in a real extension host: a server (test/support/hostileServer.ts, started
// by test/e2e/inhost/launches.ts, which passes NSB_TEST_HOSTILE_URI) whose namespace and table names are markup,
// bidi overrides, control characters, 10,000 characters, empty, or Markdown links and theme icons. Every row must
// be a plain-string label with an untrusted, HTML-free Markdown tooltip, and nothing may throw.
// Without that server the suite registers nothing, which fails a launch that names it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOSTILE_NAMES } from '../support/hostileServer';
import type { ExtensionInternals } from '../../src/extension/extension';
import { testServices, waitFor } from './services';
import type { CatalogTreeApi } from '../../src/extension/tree';
import type { ContainerNode, NamespaceNode, TreeNode } from '../../src/extension/tree/model';

const serverUri = process.env.NSB_TEST_HOSTILE_URI;
/** Names the launcher adds to the hostile server's listings: Markdown that would be a command link and an icon. */
const MARKDOWN_NAMES: string[] = JSON.parse(process.env.NSB_TEST_HOSTILE_EXTRA ?? '[]');

const nameOf = (n: TreeNode) => (n.kind === 'namespace' || n.kind === 'table' || n.kind === 'view' ? n.name : undefined);

if (serverUri) {
  describe('hostile names in the Catalogs tree', function () {
    this.timeout(60_000);
    const connectionId = 'hostile-tree';
    let services: ExtensionInternals;
    let tree: CatalogTreeApi;
    const root = () => tree.provider.connectionNode(connectionId)!;

    before(async () => {
      services = await testServices();
      tree = services.tree as CatalogTreeApi;
      await services.connections.save({ id: connectionId, name: 'Hostile Tree', protocol: 'lance-rest', uri: serverUri, auth: { type: 'none' } }, {});
      await waitFor('the connection row', () => tree.provider.connectionNode(connectionId));
    });

    after(async () => {
      await services.connections.remove(connectionId);
    });

    /** The checks every row must pass, whatever its node. */
    function assertInert(node: TreeNode): vscode.TreeItem {
      const item = tree.provider.getTreeItem(node);
      const what = `${node.kind} ${JSON.stringify(nameOf(node))?.slice(0, 60)}`;
      assert.equal(typeof item.label, 'string', `${what}: the label is a plain string, never Markdown`);
      assert.ok(item.description === undefined || typeof item.description === 'string', `${what}: description is text`);
      assert.ok(item.tooltip instanceof vscode.MarkdownString, `${what}: the tooltip is a MarkdownString`);
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.equal(tooltip.isTrusted, false, `${what}: tooltip not trusted (no command links)`);
      assert.equal(tooltip.supportHtml, false, `${what}: tooltip renders no HTML`);
      assert.equal(typeof item.accessibilityInformation?.label, 'string', `${what}: has an accessibility label`);
      const name = nameOf(node);
      if (name !== undefined) {
        // The label is the name exactly: shown as characters, neither cut nor "cleaned" into another name.
        assert.equal(item.label, name);
        // Catalog text reaches the tooltip only escaped: no raw link, image, HTML tag or theme icon survives.
        assert.doesNotMatch(tooltip.value, /(?<!\\)\]\(command:/, `${what}: no live command link`);
        assert.doesNotMatch(tooltip.value, /(?<!\\)\$\(alert\)/, `${what}: no live theme icon`);
        assert.doesNotMatch(tooltip.value, /<img|<script/i, `${what}: no HTML tag`);
      }
      return item;
    }

    it('the root lists every hostile name as namespaces and tables; each row is inert text', async () => {
      const rows = await tree.provider.getChildren(root());
      const expected = [...HOSTILE_NAMES, ...MARKDOWN_NAMES];
      assert.deepEqual(rows.filter((r) => r.kind === 'namespace').map(nameOf), expected);
      assert.deepEqual(rows.filter((r) => r.kind === 'table').map(nameOf), expected);
      for (const row of rows) assertInert(row);
      const long = rows.find((r) => nameOf(r)?.length === 10_000);
      assert.ok(long, 'the 10,000-character name is a row');
      assert.equal((tree.provider.getTreeItem(long).label as string).length, 10_000);
      const empty = rows.find((r) => r.kind === 'namespace' && r.name === '');
      assert.ok(empty, 'the empty name is a row');
      assertInert(empty);
    });

    it('expanding every hostile namespace at once ends in rows or error rows, all inert, nothing thrown', async () => {
      const namespaces = (await tree.provider.getChildren(root())).filter((r): r is NamespaceNode => r.kind === 'namespace');
      const results = await Promise.all(namespaces.map((n) => tree.provider.getChildren(n)));
      const kinds = new Set<string>();
      results.forEach((rows, i) => {
        assert.ok(rows.length > 0, `${JSON.stringify(namespaces[i]!.name).slice(0, 40)} shows something`);
        for (const row of rows) {
          kinds.add(row.kind);
          assertInert(row);
          assert.equal(tree.provider.getParent(row), namespaces[i]);
        }
      });
      // The hostile server answers names under any namespace it can route, and an error for one it cannot (the
      // empty name makes an empty path segment): both kinds of row appear.
      assert.ok(kinds.has('table') && kinds.has('namespace'), `row kinds: ${[...kinds]}`);
      assert.ok(kinds.has('error'), `row kinds: ${[...kinds]}`);
      // One level deeper under markup, to be sure nested identifiers built from hostile parts work too.
      const img = namespaces.find((n) => n.name.startsWith('<img'))! as ContainerNode;
      const nested = (await tree.provider.getChildren(img)).find((r): r is NamespaceNode => r.kind === 'namespace' && r.name.startsWith('</script>'))!;
      for (const row of await tree.provider.getChildren(nested)) assertInert(row);
      const table = (await tree.provider.getChildren(nested)).find((r) => r.kind === 'table' && r.name.includes('\u202E'))!;
      assert.deepEqual((table as unknown as { id: string[] }).id, [HOSTILE_NAMES[0], HOSTILE_NAMES[1], HOSTILE_NAMES[2]]);
      assert.match(tree.provider.getTreeItem(table).accessibilityInformation!.label, /^invoice.*, table in namespace /s);
    });
  });
}
