// Find Table: a breadth-first walk over a connection's namespaces, page by page. No `vscode` import here.
import type { CatalogClient } from '../../core/client';
import { CatalogError } from '../../core/errors';
import type { Identifier, Page, PageRequest } from '../../core/model';
import { PageCursor } from '../../core/paging';

/** How far a search got. */
export interface FindProgress {
  namespaces: number;
  tables: number;
  /** Listings that failed or hit the page cap; the walk goes on without them. */
  skipped: number;
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

/**
 * Walks every namespace under the root, breadth first, listing tables and child namespaces one page at a time, and
 * reports each matching table as soon as its page arrives. Stops at once when `signal` aborts (rejects with a
 * `cancelled` CatalogError).
 */
export async function findTables(client: Lister, fragment: string, options: FindOptions): Promise<FindProgress> {
  const progress: FindProgress = { namespaces: 0, tables: 0, skipped: 0 };
  const queue: Identifier[] = [[]];
  for (let head = 0; head < queue.length; head++) {
    const namespace = queue[head]!;
    throwIfCancelled(options.signal);
    await eachPage(
      'tables',
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
      'namespaces',
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

/** Every page of one listing; one that fails, repeats a page token or goes past the page cap is skipped, not fatal. */
async function eachPage(
  what: string,
  fetch: (page: PageRequest) => Promise<Page>,
  options: FindOptions,
  namespace: Identifier,
  progress: FindProgress,
  onItems: (names: string[]) => void,
): Promise<void> {
  const cursor = new PageCursor(what, options.maxPages);
  const skip = (e: unknown) => {
    progress.skipped += 1;
    options.onSkip?.(namespace, e);
  };
  for (;;) {
    throwIfCancelled(options.signal);
    let page: Page;
    try {
      page = await fetch(cursor.next(options.pageSize));
    } catch (e) {
      throwIfCancelled(options.signal);
      return skip(e);
    }
    throwIfCancelled(options.signal);
    onItems(page.items);
    options.onProgress?.({ ...progress });
    try {
      if (!cursor.advance(page)) return;
    } catch (e) {
      return skip(e);
    }
  }
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CatalogError('cancelled', 'Find Table was cancelled');
}
