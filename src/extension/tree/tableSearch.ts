// Find Table: one listing of every table (Lance ListAllTables) where the server can be trusted with it, else a
// breadth-first walk over a connection's namespaces, page by page. No `vscode` import here.
import type { CatalogClient } from '../../core/client';
import { CatalogError, errorMessage, isCatalogError } from '../../core/errors';
import type { Identifier, Page } from '../../core/model';
import { PageCursor } from '../../core/paging';
import { matches } from './model';

/** How far a search got. */
export interface FindProgress {
  namespaces: number;
  tables: number;
  /** Listings that failed or hit the page cap so far; the search goes on without them. */
  skipped: number;
  /** How the tables were listed: every table in one listing (ListAllTables), or namespace by namespace. */
  via: 'one listing' | 'walk';
  /** Why the walk, when the client has ListAllTables. */
  why?: string;
}

/** A listing the search could not finish: where it stopped, so a retry resumes there. */
export interface FindFailure {
  /** The namespace listed (the root, `[]`, for the one listing of every table). */
  namespace: Identifier;
  listing: 'tables' | 'namespaces' | 'every table';
  /** The page that failed (undefined: the first). */
  pageToken?: string;
  error: unknown;
}

/** The end of a search: how far it got and what it could not list. Complete only when `failures` is empty. */
export interface FindResult extends FindProgress {
  failures: FindFailure[];
}

export interface FindOptions {
  pageSize: number;
  /** Cap per listing: an endless stream of pages is a server bug. */
  maxPages: number;
  signal: AbortSignal;
  onMatch(table: Identifier): void;
  onProgress?(progress: FindProgress): void;
  /** A listing that failed (the search continues); `[]` with the one listing means the rest of that listing. */
  onSkip?(what: Identifier, error: unknown): void;
}

type Lister = Pick<CatalogClient, 'listNamespaces' | 'listTables' | 'listAllTables'>;

/**
 * Servers whose ListAllTables was found wanting, with why: the next search walks at once. Keyed by client, so a
 * reconnected (perhaps upgraded) server is asked again.
 */
const untrusted = new WeakMap<object, string>();

interface Search {
  client: Lister;
  fragment: string;
  options: FindOptions;
  progress: FindProgress;
  failures: FindFailure[];
  /** Namespaces still to visit (both their listings). */
  queue: Identifier[];
  /** Parents of the tables seen in the one listing, for the progress line. */
  namespaces: Set<string>;
}

/**
 * Every table whose name contains `fragment`, reported as soon as its page arrives: through ListAllTables when the
 * server implements it and its answer can be trusted (see `inOneListing`), else by walking every namespace under the
 * root, breadth first, listing tables and child namespaces one page at a time. A listing that fails is recorded and
 * skipped (the search goes on); pass the result to `resumeFind` to retry just those. Stops at once when `signal`
 * aborts (rejects with a `cancelled` CatalogError).
 */
export async function findTables(client: Lister, fragment: string, options: FindOptions): Promise<FindResult> {
  const search = (via: FindProgress['via'], why?: string): Search => ({
    client,
    fragment,
    options,
    progress: { namespaces: 0, tables: 0, skipped: 0, via, ...(why ? { why } : {}) },
    failures: [],
    queue: via === 'walk' ? [[]] : [],
    namespaces: new Set(),
  });
  let why: string | undefined;
  if (client.listAllTables) {
    why = untrusted.get(client);
    if (why === undefined) {
      const s = search('one listing');
      const outcome = await inOneListing(s);
      if (outcome === 'used') return { ...s.progress, failures: s.failures };
      why = outcome.reason;
      // What the server is (no such operation, an empty answer over a full catalog) is remembered; a failure is not.
      if (outcome.lasting) untrusted.set(client, why);
    }
  }
  return run(search('walk', why), []);
}

/**
 * Retries the listings a search could not finish, each from the page that failed, and walks whatever new namespaces
 * they reveal. Counts continue from `previous`; only new pages report matches.
 */
export function resumeFind(client: Lister, fragment: string, options: FindOptions, previous: FindResult): Promise<FindResult> {
  const { failures: _failures, ...rest } = previous;
  const progress: FindProgress = { ...rest, skipped: 0 };
  return run({ client, fragment, options, progress, failures: [], queue: [], namespaces: new Set() }, previous.failures);
}

async function run(s: Search, retries: readonly FindFailure[]): Promise<FindResult> {
  for (const failure of retries) {
    throwIfCancelled(s.options.signal);
    if (failure.listing === 'every table') await everyTable(s, failure.pageToken);
    else await listing(s, failure.namespace, failure.listing, failure.pageToken);
    s.options.onProgress?.({ ...s.progress });
  }
  for (let head = 0; head < s.queue.length; head++) {
    const namespace = s.queue[head]!;
    throwIfCancelled(s.options.signal);
    await listing(s, namespace, 'tables');
    await listing(s, namespace, 'namespaces');
    if (namespace.length > 0) s.progress.namespaces += 1;
    s.options.onProgress?.({ ...s.progress });
  }
  return { ...s.progress, failures: s.failures };
}

function fail(s: Search, namespace: Identifier, kind: FindFailure['listing'], pageToken: string | undefined, error: unknown): void {
  s.progress.skipped += 1;
  s.failures.push({ namespace, listing: kind, pageToken, error });
  s.options.onSkip?.(namespace, error);
}

/** One listing of a namespace, page by page from `token`; a failure is recorded with the page it stopped at. */
async function listing(s: Search, namespace: Identifier, kind: 'tables' | 'namespaces', token?: string): Promise<void> {
  const { options, progress } = s;
  const cursor = new PageCursor(kind, options.maxPages, token);
  for (;;) {
    throwIfCancelled(options.signal);
    const request = cursor.next(options.pageSize);
    let page: Page;
    try {
      page = await (kind === 'tables'
        ? s.client.listTables(namespace, request, { signal: options.signal })
        : s.client.listNamespaces(namespace, request, { signal: options.signal }));
    } catch (e) {
      throwIfCancelled(options.signal);
      return fail(s, namespace, kind, request.pageToken, e);
    }
    throwIfCancelled(options.signal);
    if (kind === 'tables') {
      progress.tables += page.items.length;
      for (const name of page.items) if (matches(name, s.fragment)) options.onMatch([...namespace, name]);
    } else {
      for (const name of page.items) s.queue.push([...namespace, name]);
    }
    options.onProgress?.({ ...progress });
    try {
      if (!cursor.advance(page)) return;
    } catch (e) {
      // A repeated token or the page cap: the rest of this listing is skipped rather than read forever (a retry
      // reads on from the page that stopped it).
      return fail(s, namespace, kind, page.nextPageToken || undefined, e);
    }
  }
}

/**
 * ListAllTables, page by page. Its first page decides whether to trust it:
 * - tables on it: the server lists every table, and it is used to the end;
 * - an error that says the operation is not there (404, 405, 406, 501), or any other failure: walk instead;
 * - no tables at all: the reference server (pylance 14, a directory namespace) answers `{"tables": []}` whatever the
 *   catalog holds, so an empty answer proves nothing by itself. It is believed only when the root namespace is empty
 *   too (no table, no child namespace: then the walk would find nothing either); otherwise the search walks.
 * Returns 'used' when the listing was used (a failure after its first page is recorded, to resume), or why it was
 * not (and whether that will stay so).
 */
async function inOneListing(s: Search): Promise<'used' | { reason: string; lasting: boolean }> {
  const listAll = s.client.listAllTables!.bind(s.client);
  const { options } = s;
  let first: Page<Identifier>;
  try {
    first = await listAll({ limit: options.pageSize }, { signal: options.signal });
  } catch (e) {
    throwIfCancelled(options.signal);
    const missing = isCatalogError(e) && [404, 405, 406, 501].includes(e.status ?? 0);
    return {
      reason: missing ? `the server does not implement ListAllTables (${(e as CatalogError).status})` : `ListAllTables failed: ${errorMessage(e)}`,
      lasting: missing,
    };
  }
  throwIfCancelled(options.signal);
  if (first.items.length === 0 && !first.nextPageToken) {
    if (!(await rootIsEmpty(s.client, options)))
      return { reason: 'ListAllTables answered no tables, but the root namespace is not empty (pylance 14 answers so)', lasting: true };
    options.onProgress?.({ ...s.progress });
    return 'used';
  }
  await everyTable(s, undefined, first);
  return 'used';
}

/** The one listing of every table from `token` (or after its `first` page, already read). */
async function everyTable(s: Search, token: string | undefined, first?: Page<Identifier>): Promise<void> {
  const { options, progress } = s;
  const cursor = new PageCursor('every table', options.maxPages, token);
  for (let page = first; ; page = undefined) {
    throwIfCancelled(options.signal);
    const request = cursor.next(options.pageSize);
    if (!page) {
      try {
        page = await s.client.listAllTables!(request, { signal: options.signal });
      } catch (e) {
        throwIfCancelled(options.signal);
        // Part of the way through: what was found stands; a retry reads on from this page.
        return fail(s, [], 'every table', request.pageToken, e);
      }
      throwIfCancelled(options.signal);
    }
    for (const id of page.items) {
      if (id.length === 0) continue;
      const name = id[id.length - 1]!;
      // Counted for the progress line only: parts joined by a character no name holds here.
      if (id.length > 1) s.namespaces.add(id.slice(0, -1).join('\u0000'));
      if (matches(name, s.fragment)) options.onMatch(id);
    }
    progress.tables += page.items.length;
    progress.namespaces = Math.max(progress.namespaces, s.namespaces.size);
    options.onProgress?.({ ...progress });
    try {
      if (!cursor.advance(page)) return;
    } catch (e) {
      return fail(s, [], 'every table', page.nextPageToken || undefined, e);
    }
  }
}

/** Whether the root namespace holds neither a table nor a namespace (one short page of each). */
async function rootIsEmpty(client: Lister, options: FindOptions): Promise<boolean> {
  const signal = options.signal;
  const [tables, namespaces] = await Promise.all([client.listTables([], { limit: 1 }, { signal }), client.listNamespaces([], { limit: 1 }, { signal })]);
  return tables.items.length === 0 && namespaces.items.length === 0;
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CatalogError('cancelled', 'Find Table was cancelled');
}
