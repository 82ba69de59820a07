// Find Table: one listing of every table (Lance ListAllTables) where the server can be trusted with it, else a
// breadth-first walk over a connection's namespaces, page by page. No `vscode` import here.
import type { CatalogClient } from '../../core/client';
import { CatalogError, errorMessage, isCatalogError } from '../../core/errors';
import type { Identifier, Page, PageRequest } from '../../core/model';

/** How far a search got. */
export interface FindProgress {
  namespaces: number;
  tables: number;
  /** Listings that failed or hit the page cap; the walk goes on without them. */
  skipped: number;
  /** How the tables were listed: every table in one listing (ListAllTables), or namespace by namespace. */
  via: 'one listing' | 'walk';
  /** Why the walk, when the client has ListAllTables. */
  why?: string;
}

export interface FindOptions {
  pageSize: number;
  /** Cap per listing: an endless stream of pages is a server bug. */
  maxPages: number;
  signal: AbortSignal;
  onMatch(table: Identifier): void;
  onProgress?(progress: FindProgress): void;
  /** A listing that failed (the walk continues). */
  onSkip?(what: Identifier, error: unknown): void;
}

type Lister = Pick<CatalogClient, 'listNamespaces' | 'listTables' | 'listAllTables'>;

/**
 * Servers whose ListAllTables was found wanting, with why: the next search walks at once. Keyed by client, so a
 * reconnected (perhaps upgraded) server is asked again.
 */
const untrusted = new WeakMap<object, string>();

/** Case-insensitive substring match, the same rule as the tree's filter. */
export function matches(name: string, fragment: string): boolean {
  return name.toLowerCase().includes(fragment.toLowerCase());
}

/**
 * Every table whose name contains `fragment`, reported as soon as its page arrives: through ListAllTables when the
 * server implements it and its answer can be trusted (see `inOneListing`), else by walking the namespaces. Stops at
 * once when `signal` aborts (rejects with a `cancelled` CatalogError).
 */
export async function findTables(client: Lister, fragment: string, options: FindOptions): Promise<FindProgress> {
  let why: string | undefined;
  if (client.listAllTables) {
    why = untrusted.get(client);
    if (why === undefined) {
      const result = await inOneListing(client, client.listAllTables.bind(client), fragment, options);
      if (!('reason' in result)) return result;
      why = result.reason;
      // What the server is (no such operation, an empty answer over a full catalog) is remembered; a failure is not.
      if (result.lasting) untrusted.set(client, why);
    }
  }
  return walk(client, fragment, options, why);
}

/**
 * ListAllTables, page by page. Its first page decides whether to trust it:
 * - tables on it: the server lists every table, and it is used to the end;
 * - an error that says the operation is not there (404, 405, 406, 501), or any other failure: walk instead;
 * - no tables at all: the reference server (pylance 14, a directory namespace) answers `{"tables": []}` whatever the
 *   catalog holds, so an empty answer proves nothing by itself. It is believed only when the root namespace is empty
 *   too (no table, no child namespace: then the walk would find nothing either); otherwise the search walks.
 * Returns the progress when the listing was used, or why it was not (and whether that will stay so).
 */
async function inOneListing(
  client: Lister,
  listAll: NonNullable<CatalogClient['listAllTables']>,
  fragment: string,
  options: FindOptions,
): Promise<FindProgress | { reason: string; lasting: boolean }> {
  const progress: FindProgress = { namespaces: 0, tables: 0, skipped: 0, via: 'one listing' };
  const namespaces = new Set<string>();
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 1; ; n++) {
    throwIfCancelled(options.signal);
    let page: Page<Identifier>;
    try {
      page = await listAll({ pageToken: token, limit: options.pageSize }, { signal: options.signal });
    } catch (e) {
      throwIfCancelled(options.signal);
      if (n === 1) {
        const missing = isCatalogError(e) && [404, 405, 406, 501].includes(e.status ?? 0);
        return { reason: missing ? `the server does not implement ListAllTables (${(e as CatalogError).status})` : `ListAllTables failed: ${errorMessage(e)}`, lasting: missing };
      }
      // Part of the way through: what was found stands; the rest of the listing is lost.
      progress.skipped += 1;
      options.onSkip?.([], e);
      return progress;
    }
    throwIfCancelled(options.signal);
    if (n === 1 && page.items.length === 0 && !page.nextPageToken) {
      if (!(await rootIsEmpty(client, options))) return { reason: 'ListAllTables answered no tables, but the root namespace is not empty (pylance 14 answers so)', lasting: true };
      return progress;
    }
    for (const id of page.items) {
      if (id.length === 0) continue;
      const name = id[id.length - 1]!;
      // Counted for the progress line only: parts joined by a character no name holds here.
      if (id.length > 1) namespaces.add(id.length === 2 ? id[0]! : id.slice(0, -1).join('\u0000'));
      if (matches(name, fragment)) options.onMatch(id);
    }
    progress.tables += page.items.length;
    progress.namespaces = namespaces.size;
    options.onProgress?.({ ...progress });
    token = page.nextPageToken;
    if (!token) return progress;
    if (seen.has(token) || n >= options.maxPages) {
      progress.skipped += 1;
      options.onSkip?.([], new CatalogError('protocol', seen.has(token) ? 'ListAllTables repeated a page token; stopped' : `ListAllTables went past ${options.maxPages} pages; stopped (the page limit is a setting)`));
      return progress;
    }
    seen.add(token);
  }
}

/** Whether the root namespace holds neither a table nor a namespace (one short page of each). */
async function rootIsEmpty(client: Lister, options: FindOptions): Promise<boolean> {
  const signal = options.signal;
  const [tables, namespaces] = await Promise.all([client.listTables([], { limit: 1 }, { signal }), client.listNamespaces([], { limit: 1 }, { signal })]);
  return tables.items.length === 0 && namespaces.items.length === 0;
}

/**
 * Walks every namespace under the root, breadth first, listing tables and child namespaces one page at a time, and
 * reports each matching table as soon as its page arrives.
 */
async function walk(client: Lister, fragment: string, options: FindOptions, why: string | undefined): Promise<FindProgress> {
  const progress: FindProgress = { namespaces: 0, tables: 0, skipped: 0, via: 'walk', ...(why ? { why } : {}) };
  const queue: Identifier[] = [[]];
  for (let head = 0; head < queue.length; head++) {
    const namespace = queue[head]!;
    throwIfCancelled(options.signal);
    await eachPage(
      (page) => client.listTables(namespace, page, { signal: options.signal }),
      options,
      namespace,
      progress,
      (names) => {
        progress.tables += names.length;
        for (const name of names) if (matches(name, fragment)) options.onMatch([...namespace, name]);
      },
    );
    await eachPage(
      (page) => client.listNamespaces(namespace, page, { signal: options.signal }),
      options,
      namespace,
      progress,
      (names) => {
        for (const name of names) queue.push([...namespace, name]);
      },
    );
    if (namespace.length > 0) progress.namespaces += 1;
    options.onProgress?.({ ...progress });
  }
  return progress;
}

async function eachPage(
  fetch: (page: PageRequest) => Promise<Page>,
  options: FindOptions,
  namespace: Identifier,
  progress: FindProgress,
  onItems: (names: string[]) => void,
): Promise<void> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 1; n <= options.maxPages; n++) {
    throwIfCancelled(options.signal);
    let page: Page;
    try {
      page = await fetch({ pageToken: token, limit: options.pageSize });
    } catch (e) {
      throwIfCancelled(options.signal);
      progress.skipped += 1;
      options.onSkip?.(namespace, e);
      return;
    }
    throwIfCancelled(options.signal);
    onItems(page.items);
    options.onProgress?.({ ...progress });
    token = page.nextPageToken;
    if (!token) return;
    if (seen.has(token)) break;
    seen.add(token);
  }
  // Past the page cap, or a repeated token: skip the rest of this listing rather than loop forever.
  progress.skipped += 1;
  options.onSkip?.(namespace, new CatalogError('protocol', `stopped after ${options.maxPages} pages (the page limit is a setting)`));
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CatalogError('cancelled', 'Find Table was cancelled');
}
