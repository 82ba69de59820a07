// The tree's paged listing as plain data: one page at a time, appended, filtered, reset; errors kept only until retry.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CatalogError } from '../../src/core/errors';
import type { Page, PageRequest } from '../../src/core/model';
import { childRows, type ChildKind, type ConnectionNode, type NamespaceNode, TreeModel } from '../../src/extension/tree/model';

/** A catalog held in memory, paging by offset tokens like a server; counts every page asked. */
function catalog(spec: Record<string, { namespaces?: string[]; tables?: string[] }>) {
  const calls: { kind: ChildKind; parent: string; page: PageRequest }[] = [];
  let fail: CatalogError | undefined;
  let gate: Promise<void> | undefined;
  const fetcher =
    (_c: string, parent: readonly string[]) =>
    async (kind: ChildKind, page: PageRequest, signal: AbortSignal): Promise<Page> => {
      calls.push({ kind, parent: parent.join('$'), page });
      if (gate) await gate;
      if (signal.aborted) throw new CatalogError('cancelled', 'aborted');
      if (fail) throw fail;
      const entry = spec[parent.join('$')] ?? {};
      const all = kind === 'namespace' ? (entry.namespaces ?? []) : kind === 'table' ? (entry.tables ?? []) : [];
      const start = page.pageToken ? Number(page.pageToken) : 0;
      const end = start + (page.limit ?? 1000);
      return { items: all.slice(start, end), nextPageToken: end < all.length ? String(end) : undefined };
    };
  return {
    calls,
    fetcher,
    failWith: (e?: CatalogError) => (fail = e),
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const info = { id: 'c1', name: 'Local', protocol: 'lance-rest', uri: 'http://127.0.0.1:1', authType: 'none', source: 'user' as const };
const names = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

function setup(spec: Parameters<typeof catalog>[0], pageSize = 100) {
  const c = catalog(spec);
  const model = new TreeModel(c.fetcher, () => pageSize);
  const root = model.connection(info);
  return { ...c, model, root };
}

describe('tree listing', () => {
  test('the first load asks one namespaces page, then the first tables page when the namespaces ended', async () => {
    const { root, calls } = setup({ '': { namespaces: ['sales'], tables: names(250) } });
    await root.listing.loadNext();
    assert.deepEqual(
      calls.map((c) => [c.kind, c.page.pageToken, c.page.limit]),
      [
        ['namespace', undefined, 100],
        ['table', undefined, 100],
      ],
    );
    const rows = childRows(root);
    assert.equal(rows.length, 1 + 100 + 1);
    assert.equal(rows[0]!.kind, 'namespace');
    assert.equal(rows.at(-1)!.kind, 'loadMore');
  });

  test('Load more appends the next page without asking earlier ones again, and ends without a Load more row', async () => {
    const { root, calls } = setup({ '': { tables: names(250) } });
    await root.listing.loadNext();
    const firstRows = childRows(root);
    await root.listing.loadNext();
    await root.listing.loadNext();
    const tablePages = calls.filter((c) => c.kind === 'table').map((c) => c.page.pageToken);
    assert.deepEqual(tablePages, [undefined, '100', '200']);
    const rows = childRows(root);
    assert.equal(rows.length, 250);
    assert.deepEqual(
      rows.map((r) => (r.kind === 'table' ? r.name : r.kind)),
      names(250),
    );
    assert.equal(rows[0], firstRows[0], 'loaded nodes keep their identity across pages');
    assert.equal(root.listing.hasMore, false);
  });

  test('a load in flight is joined, not repeated', async () => {
    const { root, calls, hold } = setup({ '': { tables: names(10) } });
    const release = hold();
    const a = root.listing.loadNext();
    const b = root.listing.loadNext();
    assert.equal(root.listing.loading, true);
    release();
    await Promise.all([a, b]);
    assert.deepEqual(
      calls.map((c) => c.kind),
      ['namespace', 'table', 'view'],
      'one page of each kind, once',
    );
  });

  test('an error becomes a row, keeps the loaded pages, and the next load retries the failed page only', async () => {
    const { root, calls, failWith } = setup({ '': { tables: names(150) } });
    await root.listing.loadNext();
    failWith(new CatalogError('forbidden', 'denied', { status: 403, recordId: 'r1' }));
    await root.listing.loadNext();
    let rows = childRows(root);
    assert.equal(rows.length, 101);
    const last = rows.at(-1)!;
    assert.equal(last.kind, 'error');
    assert.deepEqual(last.kind === 'error' && last.error, { kind: 'forbidden', message: 'denied', status: 403, recordId: 'r1' });
    failWith(undefined);
    await root.listing.loadNext();
    rows = childRows(root);
    assert.equal(rows.length, 150);
    assert.equal(root.listing.error, undefined);
    assert.deepEqual(
      calls.filter((c) => c.kind === 'table').map((c) => c.page.pageToken),
      [undefined, '100', '100'],
    );
  });

  test('reset drops the pages and aborts the load in flight without leaving an error', async () => {
    const { root, hold } = setup({ '': { tables: names(10) } });
    const release = hold();
    const load = root.listing.loadNext();
    root.listing.reset();
    release();
    await load;
    assert.equal(root.listing.error, undefined);
    assert.equal(root.listing.loadedCount, 0);
    assert.equal(root.listing.started, false);
  });

  test('the filter is a case-insensitive substring over loaded names; Load more says so', async () => {
    const { root } = setup({ '': { namespaces: ['Sales', 'raw'], tables: ['orders', 'SALES_2024', 'x'] } }, 100);
    await root.listing.loadNext();
    root.listing.filter = 'sal';
    assert.deepEqual(
      childRows(root).map((r) => (r.kind === 'namespace' || r.kind === 'table' ? r.name : r.kind)),
      ['Sales', 'SALES_2024'],
    );
    root.listing.filter = 'nothing';
    assert.deepEqual(
      childRows(root).map((r) => r.kind),
      ['empty'],
    );
  });

  test('a repeated page token is a protocol error, not an endless listing', async () => {
    const model = new TreeModel(
      () => async () => ({ items: ['a'], nextPageToken: 'same' }),
      () => 1,
    );
    const root = model.connection(info);
    await root.listing.loadNext();
    await root.listing.loadNext();
    assert.equal(root.listing.error?.kind, 'protocol');
  });

  test('nested namespaces get their own listing and keys that include the path', async () => {
    const { root } = setup({ '': { namespaces: ['a'] }, a: { namespaces: ['b'] }, a$b: { tables: ['t'] } });
    await root.listing.loadNext();
    const a = root.listing.loaded[0] as NamespaceNode;
    await a.listing.loadNext();
    const b = a.listing.loaded[0] as NamespaceNode;
    await b.listing.loadNext();
    const t = b.listing.loaded[0]!;
    assert.deepEqual(t.id, ['a', 'b', 't']);
    assert.equal(t.parent, b);
    assert.equal(t.key, 'c:c1/n:a/n:b/t:t');
    assert.equal(t.connectionId, 'c1');
  });

  test('a duplicate name from the server is skipped (a duplicate row id would break the view)', async () => {
    const model = new TreeModel(
      () => async (kind) => ({ items: kind === 'table' ? ['a', 'a', 'b'] : [] }),
      () => 10,
    );
    const root: ConnectionNode = model.connection(info);
    await root.listing.loadNext();
    assert.equal(root.listing.loadedCount, 2);
    assert.equal(root.listing.duplicates, 1);
  });
});

describe('an empty namespace listing', () => {
  test('confirms the namespace exists; when it is gone the row is the error and the next load asks again', async () => {
    let gone = true;
    let confirmations = 0;
    const model = new TreeModel(
      () => async () => ({ items: [] }),
      () => 10,
      async () => {
        confirmations++;
        if (gone) throw new CatalogError('not-found', 'namespace x not found', { status: 404 });
      },
    );
    const root = model.connection(info);
    await root.listing.loadNext();
    assert.equal(confirmations, 0, 'the root is never confirmed');
    const ns = model.namespace(root, 'x');
    await ns.listing.loadNext();
    assert.deepEqual(
      childRows(ns).map((r) => r.kind),
      ['error'],
    );
    gone = false;
    await ns.listing.loadNext();
    assert.deepEqual(
      childRows(ns).map((r) => r.kind),
      ['empty'],
    );
    assert.equal(confirmations, 2);
  });
});
