// Row rendering decisions as plain data: flags, texts and clicks per node and per error kind.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CatalogErrorKind } from '../../src/core/errors';
import { CatalogError } from '../../src/core/errors';
import { findTables, resumeFind } from '../../src/extension/tree/tableSearch';
import type { ErrorInfo } from '../../src/extension/errorView';
import { childRows, type TableNode, TreeModel } from '../../src/extension/tree/model';
import { errorRow, rowFor, type RowContext } from '../../src/extension/tree/rows';

const ctx: RowContext = { display: (_c, id) => id.join('$') };
const info = (source: 'user' | 'settings') => ({
  id: 'c1',
  name: 'Local Lance',
  protocol: 'lance-rest',
  uri: 'http://user:pw@127.0.0.1:2333/?token=x',
  authType: 'sigv4',
  source,
});

async function loadedRoot(tables: string[], namespaces: string[] = []) {
  const model = new TreeModel(
    () => async (kind) => ({ items: kind === 'namespace' ? namespaces : kind === 'table' ? tables : [] }),
    () => 100,
  );
  const root = model.connection(info('user'));
  await root.listing.loadNext();
  return root;
}

describe('tree rows', () => {
  test('a connection row: database icon, protocol and host, flags by source, no user info from the URI', () => {
    const model = new TreeModel(
      () => async () => ({ items: [] }),
      () => 1,
    );
    const user = rowFor(model.connection(info('user')), ctx);
    assert.equal(user.icon.id, 'database');
    assert.equal(user.description, 'Lance REST · 127.0.0.1:2333');
    assert.equal(user.contextValue, 'nsb:connection;filterable;editable');
    assert.equal(rowFor(model.connection(info('settings')), ctx).contextValue, 'nsb:connection;filterable');
    const text = JSON.stringify(user.tooltip);
    assert.match(text, /http:\/\/127\.0\.0\.1:2333/);
    assert.doesNotMatch(text, /pw|token=x/);
  });

  test('namespace, table and filtered rows', async () => {
    const root = await loadedRoot(['orders', 'customers'], ['sales']);
    const [ns, orders] = childRows(root);
    const nsRow = rowFor(ns!, ctx);
    assert.equal(nsRow.icon.id, 'symbol-namespace');
    assert.equal(nsRow.contextValue, 'nsb:namespace;filterable');
    assert.equal(nsRow.collapsible, 'collapsed');
    const tableRow = rowFor(orders!, ctx);
    assert.equal(tableRow.icon.id, 'table');
    assert.equal(tableRow.description, undefined, 'no version before details were loaded');
    assert.equal(tableRow.command?.command, 'namespaceBrowser.previewDetails');
    assert.equal(tableRow.accessibilityLabel, 'orders, table in connection Local Lance');
    (orders as TableNode).facts = { version: 3n, location: 's3://bucket/orders.lance' };
    const known = rowFor(orders!, ctx);
    assert.equal(known.description, 'v3');
    assert.equal(known.accessibilityLabel, 'orders, v3, table in connection Local Lance');
    assert.match(JSON.stringify(known.tooltip), /s3:\/\/bucket\/orders\.lance/);
    root.listing.filter = 'ORD';
    const rootRow = rowFor(root, ctx);
    assert.equal(rootRow.contextValue, 'nsb:connection;filterable;filtered;editable');
    assert.match(rootRow.description!, /filter: "ORD"/);
  });

  test('every row is spoken as it is shown: its label, then its description, word for word (WCAG 2.5.3)', async () => {
    const root = await loadedRoot(['orders'], ['sales']);
    root.listing.filter = 'x';
    const rows = [rowFor(root, ctx), ...childRows(root).map((n) => rowFor(n, ctx))];
    assert.ok(rows.some((r) => r.contextValue.startsWith('nsb:namespace')) || rows.some((r) => r.contextValue === 'nsb:empty'));
    rows.push(errorRow('e', { kind: 'unauthenticated', message: 'HTTP 401: token expired', status: 401 } as ErrorInfo, root, ctx));
    for (const r of rows) {
      const shown = [r.label, r.description].filter(Boolean).join(', ');
      assert.ok(r.accessibilityLabel.startsWith(shown), `${JSON.stringify(r.accessibilityLabel)} starts with ${JSON.stringify(shown)}`);
      if (r.contextValue !== 'nsb:empty') assert.ok(r.accessibilityLabel.length > shown.length, `${r.label}: and then says what the row is`);
    }
  });

  test('where the catalog does not advertise views, a namespace says so instead of showing nothing', async () => {
    const model = new TreeModel(
      (_c, parent) => async (kind) => ({ items: parent.length === 0 && kind === 'namespace' ? ['sales'] : [] }),
      () => 100,
    );
    const root = model.connection(info('user'));
    await root.listing.loadNext();
    const [ns] = childRows(root);
    const hidden: RowContext = { ...ctx, viewsUnavailable: () => 'this catalog does not advertise view support' };
    assert.match(JSON.stringify(rowFor(ns!, hidden).tooltip), /"label":"Views","text":"not shown: this catalog does not advertise view support"/);
    assert.doesNotMatch(JSON.stringify(rowFor(ns!, ctx).tooltip), /Views/);
    if (ns!.kind !== 'namespace') throw new Error('a namespace');
    await ns.listing.loadNext();
    const [empty] = childRows(ns);
    const row = rowFor(empty!, hidden);
    assert.equal(row.label, 'No namespaces or tables');
    assert.equal(row.description, 'no views advertised');
    assert.match(row.accessibilityLabel, /does not advertise view support/);
    assert.equal(rowFor(empty!, ctx).description, undefined);
  });

  test('a namespace row counts its tables from the pages loaded, a lower bound while more wait, nothing before it is listed', async () => {
    const calls: string[] = [];
    const model = new TreeModel(
      (_c, parent) => async (kind, page) => {
        calls.push(`${parent.join('.')}:${kind}:${page.pageToken ?? ''}`);
        if (parent.length === 0) return { items: kind === 'namespace' ? ['sales', 'big', 'none'] : [] };
        if (parent[0] === 'sales') return { items: kind === 'namespace' ? ['emea'] : kind === 'table' ? ['orders', 'customers'] : [] };
        if (parent[0] === 'big' && kind === 'table') return page.pageToken ? { items: ['t2'] } : { items: ['t0', 't1'], nextPageToken: 'p2' };
        return { items: [] };
      },
      () => 2,
    );
    const root = model.connection(info('user'));
    await root.listing.loadNext();
    const [sales, big, none] = childRows(root);
    if (sales?.kind !== 'namespace' || big?.kind !== 'namespace' || none?.kind !== 'namespace') throw new Error('three namespaces');
    assert.equal(rowFor(sales, ctx).description, undefined, 'not listed yet: no count, and none asked for');
    assert.ok(!calls.some((c) => c.startsWith('sales')));
    await sales.listing.loadNext();
    assert.equal(rowFor(sales, ctx).description, '1 namespace · 2 tables');
    assert.equal(rowFor(sales, ctx).accessibilityLabel, 'sales, 1 namespace · 2 tables, namespace in connection Local Lance');
    await big.listing.loadNext();
    assert.equal(rowFor(big, ctx).description, '2+ tables');
    await big.listing.loadNext();
    assert.equal(rowFor(big, ctx).description, '3 tables');
    await none.listing.loadNext();
    assert.equal(rowFor(none, ctx).description, 'empty');
    big.listing.filter = 't';
    assert.match(rowFor(big, ctx).description ?? '', /^filter: "t" · 3 of 3 loaded$/);
  });

  test('a filtered Load more row says the filter applies to the loaded rows', async () => {
    const model = new TreeModel(
      () => async (kind, page) =>
        kind === 'table' ? { items: Array.from({ length: 300 }, (_, i) => `t${i}`), nextPageToken: page.pageToken ? undefined : 'p2' } : { items: [] },
      () => 300,
    );
    const root = model.connection(info('user'));
    await root.listing.loadNext();
    root.listing.filter = 't1';
    const more = childRows(root).at(-1)!;
    assert.equal(more.kind, 'loadMore');
    const row = rowFor(more, ctx);
    assert.equal(row.label, '111 of 300 loaded match; Load more…');
    assert.equal(row.contextValue, 'nsb:loadMore');
    assert.equal(row.command?.command, 'namespaceBrowser.loadMore');
  });

  const cases: [CatalogErrorKind, number | undefined, string, string, string][] = [
    ['forbidden', 403, 'Access denied (403), see request', 'nsb:error;auth;retry;record', 'namespaceBrowser.showRequest'],
    ['unauthenticated', 401, 'Not signed in or credentials expired', 'nsb:error;auth;retry;record', 'namespaceBrowser.reauthenticate'],
    ['network', undefined, 'Cannot reach 127.0.0.1:2333 — Retry', 'nsb:error;retry;record', 'namespaceBrowser.retry'],
    ['timeout', undefined, 'Cannot reach 127.0.0.1:2333 (timed out) — Retry', 'nsb:error;retry;record', 'namespaceBrowser.retry'],
    ['unavailable', 503, 'Cannot reach 127.0.0.1:2333 (503) — Retry', 'nsb:error;retry;record', 'namespaceBrowser.retry'],
    ['protocol', 200, 'Unexpected answer from the server, see request', 'nsb:error;retry;record', 'namespaceBrowser.showRequest'],
  ];
  for (const [kind, status, label, contextValue, click] of cases) {
    test(`a ${kind} error row: "${label}"`, async () => {
      const root = await loadedRoot([]);
      const error: ErrorInfo = { kind, status, message: `full message for ${kind}`, recordId: 'r42' };
      const row = errorRow('k', error, root, ctx);
      assert.equal(row.label, label);
      assert.equal(row.contextValue, contextValue);
      assert.equal(row.command?.command, click);
      assert.equal(row.description, `full message for ${kind}`);
      assert.match(JSON.stringify(row.tooltip), new RegExp(`full message for ${kind}`));
      assert.match(row.icon.id, /^(error|warning)$/);
    });
  }

  test('an error without a record has no ;record flag and a click that does something else', async () => {
    const root = await loadedRoot([]);
    const row = errorRow('k', { kind: 'forbidden', status: 403, message: 'no' }, root, ctx);
    assert.equal(row.contextValue, 'nsb:error;auth;retry');
    assert.equal(row.command?.command, 'namespaceBrowser.retry');
  });
});

describe('Find Table in one listing (ListAllTables), and when it is not trusted', () => {
  // A catalog of namespaces a, a$deep and b; ListAllTables answers full identifiers, 10 a page.
  const all = ['a$Orders', 'a$x', 'a$deep$orders_v2', ...Array.from({ length: 25 }, (_, i) => `b$t${i}`), 'b$my_orders'];
  const tree: Record<string, { ns: string[]; tables: string[] }> = {
    '': { ns: ['a', 'b'], tables: [] },
    a: { ns: ['deep'], tables: ['Orders', 'x'] },
    b: { ns: [], tables: [...Array.from({ length: 25 }, (_, i) => `t${i}`), 'my_orders'] },
    a$deep: { ns: [], tables: ['orders_v2'] },
  };
  const page = <T>(items: T[], token?: string) => {
    const start = Number(token ?? 0);
    return { items: items.slice(start, start + 10), nextPageToken: start + 10 < items.length ? String(start + 10) : undefined };
  };
  function catalog(listAll: (token?: string) => Promise<{ items: string[][]; nextPageToken?: string }>, walkTree = tree) {
    const calls = { listAll: 0, walk: 0 };
    return {
      calls,
      client: {
        listAllTables: async (r: { pageToken?: string } = {}) => (calls.listAll++, listAll(r.pageToken)),
        listNamespaces: async (p: readonly string[], r: { pageToken?: string } = {}) => (calls.walk++, page(walkTree[p.join('$')]!.ns, r.pageToken)),
        listTables: async (p: readonly string[], r: { pageToken?: string } = {}) => (calls.walk++, page(walkTree[p.join('$')]!.tables, r.pageToken)),
      },
    };
  }
  const search = async (client: Parameters<typeof findTables>[0], fragment = 'orders') => {
    const found: string[] = [];
    const result = await findTables(client, fragment, {
      pageSize: 10,
      maxPages: 100,
      signal: new AbortController().signal,
      onMatch: (id) => found.push(id.join('$')),
    });
    return { found, result };
  };

  test('a server that lists its tables: every page of the one listing, no walk', async () => {
    const { client, calls } = catalog(async (token) => {
      const p = page(all, token);
      return { items: p.items.map((t) => t.split('$')), nextPageToken: p.nextPageToken };
    });
    const { found, result } = await search(client);
    assert.deepEqual(found, ['a$Orders', 'a$deep$orders_v2', 'b$my_orders']);
    assert.deepEqual(result, { namespaces: 3, tables: 29, skipped: 0, via: 'one listing', failures: [] });
    assert.deepEqual(calls, { listAll: 3, walk: 0 });
  });

  test('an empty answer over a catalog that has tables (pylance 14): the walk finds them, and is used from then on', async () => {
    const { client, calls } = catalog(async () => ({ items: [] }));
    const first = await search(client);
    assert.deepEqual(first.found, ['a$Orders', 'b$my_orders', 'a$deep$orders_v2']);
    assert.equal(first.result.via, 'walk');
    assert.match(first.result.why ?? '', /answered no tables, but the root namespace is not empty/);
    assert.equal(calls.listAll, 1);
    const second = await search(client);
    assert.deepEqual(second.found, first.found);
    assert.equal(calls.listAll, 1, 'not asked again');
  });

  test('an empty answer over an empty catalog is believed: nothing to walk', async () => {
    const { client, calls } = catalog(async () => ({ items: [] }), { '': { ns: [], tables: [] } });
    const { found, result } = await search(client);
    assert.deepEqual(found, []);
    assert.equal(result.via, 'one listing');
    assert.deepEqual(calls, { listAll: 1, walk: 2 });
  });

  test('the one listing failing part of the way: what was found stands, the failure says where, a retry reads on from there', async () => {
    let fail = true;
    const { client, calls } = catalog(async (token) => {
      if (token === '20' && fail) throw new CatalogError('network', 'connection reset');
      const p = page(all, token);
      return { items: p.items.map((t) => t.split('$')), nextPageToken: p.nextPageToken };
    });
    const options = { pageSize: 10, maxPages: 100, signal: new AbortController().signal };
    const found: string[] = [];
    const first = await findTables(client, 'orders', { ...options, onMatch: (id) => found.push(id.join('$')) });
    assert.equal(first.via, 'one listing');
    assert.deepEqual(found, ['a$Orders', 'a$deep$orders_v2']);
    assert.equal(first.failures.length, 1);
    assert.deepEqual({ ...first.failures[0], error: undefined }, { namespace: [], listing: 'every table', pageToken: '20', error: undefined });
    fail = false;
    const second = await resumeFind(client, 'orders', { ...options, onMatch: (id) => found.push(id.join('$')) }, first);
    assert.deepEqual(found, ['a$Orders', 'a$deep$orders_v2', 'b$my_orders']);
    assert.deepEqual({ ...second, failures: second.failures.length }, { namespaces: 3, tables: 29, skipped: 0, via: 'one listing', failures: 0 });
    assert.deepEqual(calls, { listAll: 4, walk: 0 }, 'pages 1 and 2, the failed 3rd, then only the 3rd again');
  });

  test('no ListAllTables (404): the walk, remembered; a failure (network): the walk, asked again next time', async () => {
    const missing = catalog(async () => {
      throw new CatalogError('not-found', 'no route', { status: 404 });
    });
    assert.match((await search(missing.client)).result.why ?? '', /does not implement ListAllTables \(404\)/);
    await search(missing.client);
    assert.equal(missing.calls.listAll, 1);
    const flaky = catalog(async () => {
      throw new CatalogError('network', 'connection reset');
    });
    const r = await search(flaky.client);
    assert.deepEqual(r.found, ['a$Orders', 'b$my_orders', 'a$deep$orders_v2']);
    assert.match(r.result.why ?? '', /ListAllTables failed: connection reset/);
    await search(flaky.client);
    assert.equal(flaky.calls.listAll, 2);
  });
});

describe('Find Table walk', () => {
  test('breadth first, every page, matches as they arrive, case-insensitive', async () => {
    const tree: Record<string, { ns: string[]; tables: string[] }> = {
      '': { ns: ['a', 'b'], tables: [] },
      a: { ns: ['deep'], tables: ['Orders', 'x'] },
      b: { ns: [], tables: Array.from({ length: 25 }, (_, i) => `t${i}`).concat('my_orders') },
      a$deep: { ns: [], tables: ['orders_v2'] },
    };
    let requests = 0;
    const page = (all: string[], token?: string) => {
      const start = Number(token ?? 0);
      return { items: all.slice(start, start + 10), nextPageToken: start + 10 < all.length ? String(start + 10) : undefined };
    };
    const client = {
      listNamespaces: async (p: readonly string[], r: { pageToken?: string } = {}) => (requests++, page(tree[p.join('$')]!.ns, r.pageToken)),
      listTables: async (p: readonly string[], r: { pageToken?: string } = {}) => (requests++, page(tree[p.join('$')]!.tables, r.pageToken)),
    };
    const found: string[] = [];
    const result = await findTables(client, 'ORDERS', {
      pageSize: 10,
      maxPages: 100,
      signal: new AbortController().signal,
      onMatch: (id) => found.push(id.join('$')),
    });
    assert.deepEqual(found, ['a$Orders', 'b$my_orders', 'a$deep$orders_v2']);
    assert.deepEqual(result, { namespaces: 3, tables: 29, skipped: 0, via: 'walk', failures: [] });
    assert.equal(requests, 4 * 2 + 2, 'b has 3 pages of tables');
  });

  test('failed listings are reported with where they stopped; a retry resumes there and finds the rest', async () => {
    const tree: Record<string, { ns: string[]; tables: string[] }> = {
      '': { ns: ['a', 'b', 'c'], tables: [] },
      a: { ns: [], tables: ['orders_a'] },
      b: { ns: ['hidden'], tables: Array.from({ length: 15 }, (_, i) => `t${i}`).concat('orders_b') },
      c: { ns: [], tables: ['orders_c'] },
      b$hidden: { ns: [], tables: ['orders_hidden'] },
    };
    // Down: the second page of b's tables, b's child namespaces, and all of c's tables.
    let down = true;
    const failing = (p: string, kind: string, token?: string) =>
      down && ((p === 'b' && kind === 't' && token === '10') || (p === 'b' && kind === 'n') || (p === 'c' && kind === 't'));
    const asked: string[] = [];
    const page = (p: readonly string[], kind: 'n' | 't', token?: string) => {
      asked.push(`${kind}:${p.join('$')}:${token ?? ''}`);
      if (failing(p.join('$'), kind, token)) return Promise.reject(new CatalogError('unavailable', 'the catalog is unavailable (500)'));
      const all = kind === 'n' ? tree[p.join('$')]!.ns : tree[p.join('$')]!.tables;
      const start = Number(token ?? 0);
      return Promise.resolve({ items: all.slice(start, start + 10), nextPageToken: start + 10 < all.length ? String(start + 10) : undefined });
    };
    const client = {
      listNamespaces: (p: readonly string[], r: { pageToken?: string } = {}) => page(p, 'n', r.pageToken),
      listTables: (p: readonly string[], r: { pageToken?: string } = {}) => page(p, 't', r.pageToken),
    };
    const found: string[] = [];
    const options = { pageSize: 10, maxPages: 100, signal: new AbortController().signal, onMatch: (id: readonly string[]) => found.push(id.join('$')) };
    const first = await findTables(client, 'orders', options);
    assert.deepEqual(found, ['a$orders_a']);
    assert.equal(first.skipped, 3);
    assert.deepEqual(
      first.failures.map((f) => `${f.listing}:${f.namespace.join('$')}:${f.pageToken ?? ''}`),
      ['tables:b:10', 'namespaces:b:', 'tables:c:'],
    );
    down = false;
    asked.length = 0;
    const second = await resumeFind(client, 'orders', options, first);
    assert.deepEqual(found, ['a$orders_a', 'b$orders_b', 'c$orders_c', 'b$hidden$orders_hidden']);
    assert.deepEqual(second.failures, []);
    assert.equal(second.skipped, 0);
    assert.equal(second.tables, first.tables + 6 + 1 + 1, 'counts continue from the first walk');
    assert.deepEqual(asked, ['t:b:10', 'n:b:', 't:c:', 't:b$hidden:', 'n:b$hidden:'], 'only what failed, from the page that failed, then what it revealed');
  });

  test('an abort stops the walk at once', async () => {
    const controller = new AbortController();
    let requests = 0;
    const client = {
      listNamespaces: async () => (requests++, { items: ['n'] }),
      listTables: async () => {
        requests++;
        controller.abort();
        return { items: [] };
      },
    };
    await assert.rejects(
      findTables(client, 'x', { pageSize: 10, maxPages: 10, signal: controller.signal, onMatch: () => undefined }),
      (e: Error & { kind?: string }) => e.kind === 'cancelled',
    );
    assert.equal(requests, 1);
  });
});
