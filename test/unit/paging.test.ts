import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allPages } from '../../src/core/paging';
import { CatalogError } from '../../src/core/errors';
import type { Page, PageRequest } from '../../src/core/model';
import { findTables } from '../../src/extension/tree/tableSearch';
import { TreeModel } from '../../src/extension/tree/model';

function pages(list: Page[]) {
  const asked: PageRequest[] = [];
  let i = 0;
  return {
    asked,
    fetch: async (p: PageRequest) => {
      asked.push(p);
      const page = list[i++];
      if (!page) throw new Error('asked for a page past the end');
      return page;
    },
  };
}

test('walks every page in order, passing each token and the limit', async () => {
  const p = pages([{ items: ['a', 'b'], nextPageToken: 't1' }, { items: ['c'], nextPageToken: 't2' }, { items: ['d'] }]);
  assert.deepEqual(await allPages(p.fetch, 'tables', { limit: 2 }), ['a', 'b', 'c', 'd']);
  assert.deepEqual(p.asked, [
    { pageToken: undefined, limit: 2 },
    { pageToken: 't1', limit: 2 },
    { pageToken: 't2', limit: 2 },
  ]);
});

test('empty pages in the middle do not end the listing; an empty last page does', async () => {
  const p = pages([{ items: [], nextPageToken: 't1' }, { items: ['x'], nextPageToken: 't2' }, { items: [] }]);
  assert.deepEqual(await allPages(p.fetch, 'tables'), ['x']);
  assert.equal(p.asked.length, 3);
});

test('a repeated page token is a protocol error, not an endless loop', async () => {
  const p = pages([{ items: ['a'], nextPageToken: 'same' }, { items: ['b'], nextPageToken: 'same' }, { items: ['c'] }]);
  await assert.rejects(allPages(p.fetch, 'namespaces of sales'), (e: unknown) => {
    assert.ok(e instanceof CatalogError);
    assert.equal(e.kind, 'protocol');
    assert.match(e.message, /repeated a page token while listing namespaces of sales/);
    return true;
  });
  assert.equal(p.asked.length, 2);
});

test('an endless stream of distinct pages stops at maxPages', async () => {
  let n = 0;
  const fetch = async () => ({ items: [`i${n}`], nextPageToken: `t${++n}` });
  await assert.rejects(allPages(fetch, 'tables', { maxPages: 50 }), /went past 50 pages/);
  assert.equal(n, 50);
});

test('cancellation stops between pages', async () => {
  const controller = new AbortController();
  const fetch = async () => {
    controller.abort();
    return { items: ['a'], nextPageToken: 'next' };
  };
  await assert.rejects(allPages(fetch, 'tables', { signal: controller.signal }), (e: unknown) => e instanceof CatalogError && e.kind === 'cancelled');
});

describe('the three walkers of pages move one cursor: allPages, a tree listing, Find Table', () => {
  /** Namespace pages whose tokens repeat after `distinct` pages, or never (an endless listing). */
  function server(distinct: number, repeat: boolean) {
    const asked: (string | undefined)[] = [];
    const page = async (request: PageRequest): Promise<Page> => {
      asked.push(request.pageToken);
      const n = asked.length;
      return { items: [`ns${n}`], nextPageToken: repeat && n > distinct ? `t${distinct}` : `t${n}` };
    };
    return { asked, page };
  }

  async function walkAll(distinct: number, repeat: boolean, maxPages: number) {
    const s = server(distinct, repeat);
    const error = await allPages(s.page, 'namespaces', { maxPages }).then(
      () => undefined,
      (e: unknown) => e as CatalogError,
    );
    return { asked: s.asked, message: error?.message };
  }

  async function walkTree(distinct: number, repeat: boolean) {
    const s = server(distinct, repeat);
    const listing = new TreeModel(
      () => (kind, p) => (kind === 'namespace' ? s.page(p) : Promise.resolve({ items: [] })),
      () => 1,
    ).connection({
      id: 'c',
      name: 'c',
      protocol: 'p',
      uri: 'http://127.0.0.1:1',
      authType: 'none',
      source: 'user',
    }).listing;
    for (let i = 0; i < 50 && !listing.error && listing.hasMore; i++) await listing.loadNext();
    return { asked: s.asked, message: listing.error?.message };
  }

  async function walkFind(distinct: number, repeat: boolean, maxPages: number) {
    const s = server(distinct, repeat);
    const skipped: string[] = [];
    const client = {
      listTables: async () => ({ items: [] }),
      listNamespaces: async (parent: readonly string[], p?: PageRequest) => (parent.length ? { items: [] } : s.page(p ?? {})),
    };
    await findTables(client, 'x', {
      pageSize: 1,
      maxPages,
      signal: new AbortController().signal,
      onMatch: () => undefined,
      onSkip: (_ns, e) => skipped.push((e as Error).message),
    });
    return { asked: s.asked, message: skipped[0] };
  }

  test('a repeated page token stops each of them at the same page, for the same reason', async () => {
    const all = await walkAll(3, true, 100);
    const tree = await walkTree(3, true);
    const find = await walkFind(3, true, 100);
    assert.deepEqual(all.asked, [undefined, 't1', 't2', 't3']);
    assert.deepEqual(tree.asked, all.asked);
    assert.deepEqual(find.asked, all.asked);
    assert.equal(all.message, 'the server repeated a page token while listing namespaces (page 5); stopped to avoid looping forever');
    assert.match(tree.message!, /the server repeated a page token while listing namespaces \(page 5\)/);
    assert.equal(find.message, all.message);
  });

  test('an endless listing stops at the page limit where there is one (allPages, Find Table)', async () => {
    const all = await walkAll(Infinity, false, 5);
    const find = await walkFind(Infinity, false, 5);
    assert.equal(all.asked.length, 5);
    assert.deepEqual(find.asked, all.asked);
    assert.equal(all.message, 'listing namespaces went past 5 pages; stopped (the page limit is a setting)');
    assert.equal(find.message, all.message);
  });
});
