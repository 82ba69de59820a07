import { CatalogError } from './errors';
import type { Page, PageRequest } from './model';

/** Options for walking every page. */
export interface AllPagesOptions {
  limit?: number;
  /** Stop after this many pages (an endless stream of pages is a server bug, not a catalog). */
  maxPages?: number;
  signal?: AbortSignal;
  /** Called after each page, e.g. for progress. */
  onPage?: (page: Page, pageNumber: number) => void;
}

/** The same default as the editor's `namespaceBrowser.maxPages` setting. */
export const DEFAULT_MAX_PAGES = 1000;

/**
 * Walk every page of a listing. A page token the server already gave is a protocol error (it would loop
 * forever), and so is going past `maxPages`.
 */
export async function allPages(
  fetchPage: (page: PageRequest) => Promise<Page>,
  what: string,
  options: AllPagesOptions = {},
): Promise<string[]> {
  const items: string[] = [];
  const seen = new Set<string>();
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let token: string | undefined;
  for (let n = 1; ; n++) {
    if (options.signal?.aborted) throw new CatalogError('cancelled', `listing ${what} was cancelled`);
    const page = await fetchPage({ pageToken: token, limit: options.limit });
    for (const item of page.items) items.push(item);
    options.onPage?.(page, n);
    token = page.nextPageToken;
    if (!token) return items;
    if (seen.has(token)) {
      throw new CatalogError('protocol', `the server repeated a page token while listing ${what} (page ${n + 1}); stopped to avoid looping forever`);
    }
    seen.add(token);
    if (n >= maxPages) {
      throw new CatalogError('protocol', `listing ${what} went past ${maxPages} pages; stopped (the page limit is a setting)`);
    }
  }
}
