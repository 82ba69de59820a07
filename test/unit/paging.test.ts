import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPages } from '../../src/core/paging';
import { CatalogError } from '../../src/core/errors';
import type { Page, PageRequest } from '../../src/core/model';

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
  assert.deepEqual(p.asked, [{ pageToken: undefined, limit: 2 }, { pageToken: 't1', limit: 2 }, { pageToken: 't2', limit: 2 }]);
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
