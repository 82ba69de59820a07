// Find Table: a breadth-first walk over a connection's namespaces, page by page. No `vscode` import here.
import type { CatalogClient } from '../../core/client';
import { CatalogError } from '../../core/errors';
import type { Identifier, Page } from '../../core/model';
import { PageCursor } from '../../core/paging';

/** How far a search got. */
export interface FindProgress {
  namespaces: number;
  tables: number;
  /** Listings that failed or hit the page cap so far; the walk goes on without them. */
  skipped: number;
}

/** A listing the walk could not finish: where it stopped, so a retry resumes there. */
export interface FindFailure {
  namespace: Identifier;
  listing: 'tables' | 'namespaces';
  /** The page that failed (undefined: the first). */
  pageToken?: string;
  error: unknown;
}

/** The end of a walk: how far it got and what it could not list. Complete only when `failures` is empty. */
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
  /** A listing that failed (the walk continues). */
  onSkip?(what: Identifier, error: unknown): void;
}

type Lister = Pick<CatalogClient, 'listNamespaces' | 'listTables'>;

/** Case-insensitive substring match, the same rule as the tree's filter. */
export function matches(name: string, fragment: string): boolean {
  return name.toLowerCase().includes(fragment.toLowerCase());
}

interface Walk {
  client: Lister;
  fragment: string;
  options: FindOptions;
  progress: FindProgress;
  failures: FindFailure[];
  /** Namespaces still to visit (both their listings). */
  queue: Identifier[];
}

/**
 * Walks every namespace under the root, breadth first, listing tables and child namespaces one page at a time, and
 * reports each matching table as soon as its page arrives. A listing that fails is recorded and skipped (the walk
 * goes on); pass the result's `failures` to `resumeFind` to retry just those. Stops at once when `signal` aborts
 * (rejects with a `cancelled` CatalogError).
 */
export function findTables(client: Lister, fragment: string, options: FindOptions): Promise<FindResult> {
  return walk({ client, fragment, options, progress: { namespaces: 0, tables: 0, skipped: 0 }, failures: [], queue: [[]] }, []);
}

/**
 * Retries the listings a walk could not finish, each from the page that failed, and walks whatever new namespaces
 * they reveal. Counts continue from `previous`; only new pages report matches.
 */
export function resumeFind(client: Lister, fragment: string, options: FindOptions, previous: FindResult): Promise<FindResult> {
  const progress = { namespaces: previous.namespaces, tables: previous.tables, skipped: 0 };
  return walk({ client, fragment, options, progress, failures: [], queue: [] }, previous.failures);
}

async function walk(w: Walk, retries: readonly FindFailure[]): Promise<FindResult> {
  for (const failure of retries) {
    throwIfCancelled(w.options.signal);
    await listing(w, failure.namespace, failure.listing, failure.pageToken);
    w.options.onProgress?.({ ...w.progress });
  }
  for (let head = 0; head < w.queue.length; head++) {
    const namespace = w.queue[head]!;
    throwIfCancelled(w.options.signal);
    await listing(w, namespace, 'tables');
    await listing(w, namespace, 'namespaces');
    if (namespace.length > 0) w.progress.namespaces += 1;
    w.options.onProgress?.({ ...w.progress });
  }
  return { ...w.progress, failures: w.failures };
}

/** One listing, page by page from `token`; a failure is recorded with the page it stopped at. */
async function listing(w: Walk, namespace: Identifier, kind: FindFailure['listing'], token?: string): Promise<void> {
  const { options, progress } = w;
  const fail = (error: unknown, pageToken: string | undefined) => {
    progress.skipped += 1;
    w.failures.push({ namespace, listing: kind, pageToken, error });
    options.onSkip?.(namespace, error);
  };
  const cursor = new PageCursor(kind, options.maxPages, token);
  for (;;) {
    throwIfCancelled(options.signal);
    const request = cursor.next(options.pageSize);
    let page: Page;
    try {
      page = await (kind === 'tables' ? w.client.listTables(namespace, request, { signal: options.signal }) : w.client.listNamespaces(namespace, request, { signal: options.signal }));
    } catch (e) {
      throwIfCancelled(options.signal);
      return fail(e, request.pageToken);
    }
    throwIfCancelled(options.signal);
    if (kind === 'tables') {
      progress.tables += page.items.length;
      for (const name of page.items) if (matches(name, w.fragment)) options.onMatch([...namespace, name]);
    } else {
      for (const name of page.items) w.queue.push([...namespace, name]);
    }
    options.onProgress?.({ ...progress });
    try {
      if (!cursor.advance(page)) return;
    } catch (e) {
      // A repeated token or the page cap: the rest of this listing is skipped rather than read forever (a retry
      // reads on from the page that stopped it).
      return fail(e, page.nextPageToken || undefined);
    }
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CatalogError('cancelled', 'Find Table was cancelled');
}
