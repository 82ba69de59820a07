// Find Table: a breadth-first walk over a connection's namespaces, page by page. No `vscode` import here.
import type { CatalogClient } from '../../core/client';
import { CatalogError } from '../../core/errors';
import type { Identifier, Page, PageRequest } from '../../core/model';

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
