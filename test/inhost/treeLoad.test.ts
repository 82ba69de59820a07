// Load and concurrency in a real extension host: 200 namespaces expanded at once against a loopback server that
// records how many requests it had in flight (test/support/concurrencyServer.ts, started by
// test/e2e/inhost/launches.ts, which passes NSB_TEST_CONCURRENCY_URI), with maxConcurrentRequests = 4 from settings.
// Without that server the suite registers nothing, which fails a launch that names it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConcurrencyStats } from '../support/concurrencyServer';
import type { ExtensionInternals } from '../../src/extension/extension';
import { testServices, waitFor } from './services';
import type { CatalogTreeApi } from '../../src/extension/tree';
import type { ErrorNode, NamespaceNode, TreeNode } from '../../src/extension/tree/model';

const serverUri = process.env.NSB_TEST_CONCURRENCY_URI;
/** What the server was started with (namespace → failing status), passed along so the test knows what to expect. */
const failures: Record<string, number> = JSON.parse(process.env.NSB_TEST_CONCURRENCY_FAILURES ?? '{}');
const NAMESPACES = 200;
const TABLES = ['t0', 't1', 't2'];
const LIMIT = 4;

/** The server's counters; `records` and `total` only for namespace listings (a visible tree may list the root). */
async function control(what: 'stats' | 'hold' | 'release' | 'reset' | 'heal'): Promise<ConcurrencyStats> {
  const res = await fetch(`${serverUri}/__control/${what}`);
  assert.equal(res.status, 200);
  const stats = (await res.json()) as ConcurrencyStats;
  const records = stats.records.filter((r) => r.namespace !== '');
  return { ...stats, records, total: records.length };
}

/** Rejects when the promise has not settled in time, naming what hung (a node stuck loading). */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

if (serverUri) {
  describe('200 namespaces expanded at once, at most 4 requests in flight', function () {
    this.timeout(120_000);
    const connectionId = 'load-team';
    let services: ExtensionInternals;
    let tree: CatalogTreeApi;
    const config = () => vscode.workspace.getConfiguration('namespaceBrowser');
    const root = () => tree.provider.connectionNode(connectionId)!;
    const children = (n: TreeNode) => tree.provider.getChildren(n);

    before(async () => {
      services = await testServices();
      tree = services.tree as CatalogTreeApi;
      // A team connection, as a team would share it: through settings, with the limit set there too.
      await config().update('maxConcurrentRequests', LIMIT, vscode.ConfigurationTarget.Global);
      await config().update('pageSize', 500, vscode.ConfigurationTarget.Global);
      await config().update(
        'connections',
        [{ id: connectionId, name: 'Load Catalog', protocol: 'lance-rest', uri: serverUri, auth: { type: 'none' } }],
        vscode.ConfigurationTarget.Global,
      );
      await waitFor('the team connection row', () => tree.provider.connectionNode(connectionId));
      assert.equal(services.settings().maxConcurrentRequests, LIMIT);
      assert.equal(services.connections.get(connectionId)?.source, 'settings');
    });

    after(async () => {
      await control('release');
      await config().update('connections', undefined, vscode.ConfigurationTarget.Global);
      await config().update('maxConcurrentRequests', undefined, vscode.ConfigurationTarget.Global);
      await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    });

    async function namespaces(): Promise<NamespaceNode[]> {
      const rows = await children(root());
      const ns = rows.filter((r): r is NamespaceNode => r.kind === 'namespace');
      assert.equal(ns.length, NAMESPACES, `root rows: ${rows.length} (${rows.filter((r) => r.kind !== 'namespace').map((r) => r.kind)})`);
      return ns;
    }

    /** Every node ends loaded with its tables, or (the failing ones) with one error row carrying the status. */
    function assertSettled(nodes: NamespaceNode[], rowsOf: TreeNode[][]): void {
      const stuck = nodes.filter((n) => n.listing.loading || !n.listing.started).map((n) => n.name);
      assert.deepEqual(stuck, [], 'no node is left loading');
      nodes.forEach((node, i) => {
        const rows = rowsOf[i]!;
        const status = failures[node.name];
        if (status) {
          assert.equal(rows.length, 1, `${node.name}: ${rows.map((r) => r.kind)}`);
          const error = rows[0] as ErrorNode;
          assert.equal(error.kind, 'error', `${node.name} fails with ${status}`);
          assert.equal(error.error.status, status);
          const item = tree.provider.getTreeItem(error);
          assert.match(String(item.contextValue), /^nsb:error.*;retry.*;record/);
          if (status === 403) assert.equal(item.label, 'Access denied (403), see request');
        } else {
          assert.deepEqual(
            rows.map((r) => `${r.kind}:${r.kind === 'table' ? r.name : ''}`),
            TABLES.map((t) => `table:${t}`),
            `${node.name} shows its tables`,
          );
        }
      });
    }

    it('expanding all 200 at once: never more than 4 in flight at the server, every node loaded or an error row', async () => {
      const nodes = await namespaces();
      await control('reset');
      const started = Date.now();
      const rowsOf = await within(60_000, 'expanding 200 namespaces', Promise.all(nodes.map((n) => children(n))));
      const elapsed = Date.now() - started;
      const stats = await control('stats');
      // Each namespace costs two listings (child namespaces, then tables); a failing one stops at the first.
      const failing = Object.keys(failures).length;
      assert.equal(stats.total, (NAMESPACES - failing) * 2 + failing, 'one request per listing, none repeated');
      assert.ok(stats.peak <= LIMIT, `peak ${stats.peak} in flight exceeds the limit ${LIMIT}`);
      assert.equal(stats.peak, LIMIT, 'the requests did overlap up to the limit (else the test proves nothing)');
      assert.equal(stats.inFlight, 0);
      assertSettled(nodes, rowsOf);
      console.log(`      200 namespaces: ${stats.total} requests, peak ${stats.peak} in flight, ${elapsed} ms`);
    });

    it('refreshing the connection while 200 loads are in flight cancels them; the tree then reloads cleanly', async () => {
      tree.refresh(connectionId);
      const old = await namespaces();
      const recordsBefore = new Set(services.runtime.log.list().map((r) => r.id));
      await control('hold');
      await control('reset');
      const loads = old.map((n) => children(n));
      // Act only once requests are surely in flight: the server is holding the first four answers.
      await waitFor('4 requests held at the server', async () => (await control('stats')).inFlight === LIMIT);
      tree.refresh(connectionId);
      // The client gives up the held requests: the server sees the connections closed before it answered.
      await waitFor('the held requests to be abandoned', async () => (await control('stats')).aborted >= LIMIT);
      await control('release');
      await within(30_000, 'the superseded expansions', Promise.all(loads));
      const stats = await control('stats');
      assert.equal(stats.aborted, LIMIT);
      // Nothing else reached the server: not the loads queued behind the limit, and no new load of a dropped node.
      assert.equal(stats.total, LIMIT, `requests after the refresh: ${stats.records.slice(LIMIT, LIMIT + 5).map((r) => r.path)}…`);
      assert.deepEqual(
        stats.records.map((r) => r.outcome),
        Array(LIMIT).fill('aborted'),
      );
      const cancelled = services.runtime.log.list().filter((r) => !recordsBefore.has(r.id) && r.connectionId === connectionId && r.error?.kind === 'cancelled');
      assert.equal(cancelled.length, LIMIT, 'the inspector records say the abandoned requests were cancelled');
      assert.ok(
        old.every((n) => !n.listing.loading && !n.listing.started),
        'the dropped nodes hold no load',
      );

      // The refreshed connection lists new nodes, and they load as before.
      await control('reset');
      const fresh = await namespaces();
      assert.ok(
        fresh.every((n, i) => n !== old[i]),
        'the refresh built new nodes',
      );
      const rowsOf = await within(60_000, 'expanding 200 namespaces again', Promise.all(fresh.map((n) => children(n))));
      const again = await control('stats');
      assert.ok(again.peak <= LIMIT, `peak ${again.peak} after the refresh`);
      assertSettled(fresh, rowsOf);
    });

    // Last: it heals the server's failures.
    it('Find Table with failing listings says the search is incomplete and how much failed; Retry finds the rest', async () => {
      const failing = Object.keys(failures).length;
      const search = async (fragment: string) => {
        const run = vscode.commands.executeCommand<readonly string[] | undefined>('namespaceBrowser.findTable', root(), fragment);
        const session = await waitFor('a Find Table session', () => (tree.finder.current?.fragment === fragment ? tree.finder.current : undefined));
        const result = await session.done;
        assert.ok(result, `the walk ended: ${session.status}`);
        return { run, session, result };
      };
      const close = async (run: Thenable<unknown>) => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.equal(await run, undefined);
      };

      // Nothing matches: the old wording ("No table name contains") would claim a complete answer.
      const none = await search('nomatch');
      assert.equal(none.result.failures.length, failing * 2, 'each failing namespace fails both its listings');
      assert.equal(
        none.session.status,
        `Incomplete: ${failing * 2} listings failed. No match so far for "nomatch" (searched 200 namespaces, ${(NAMESPACES - failing) * TABLES.length} tables)`,
      );
      await close(none.run);

      const some = await search('t1');
      assert.equal(some.session.matches.length, NAMESPACES - failing);
      assert.match(some.session.status, new RegExp(`^Incomplete: ${failing * 2} listings failed\\. ${NAMESPACES - failing} matching tables so far`));
      assert.deepEqual(
        [...new Set(some.result.failures.map((f) => f.namespace.join('.')))].sort(),
        Object.keys(failures).sort(),
        'the failures name the namespaces that failed',
      );
      await control('heal');
      const again = await some.session.retry();
      assert.deepEqual(again?.failures, [], 'the retry finished every listing');
      assert.equal(some.session.matches.length, NAMESPACES, 'and found the tables it could not see before');
      assert.match(some.session.status, /^200 matching tables \(searched 200 namespaces, 600 tables\)$/);
      await close(some.run);
    });
  });
}
