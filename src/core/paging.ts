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
 * Where a paged listing is: the token of the next page and the tokens the server already gave. Every walker of
 * pages (allPages, the tree's listings, Find Table) moves one of these along, so they agree on when a listing ends
 * and when it must stop: a page token the server already gave would loop forever, and so would a listing without
 * end, past `maxPages`.
 */
export class PageCursor {
  private token: string | undefined;
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    /** What is listed, for messages: `namespaces of sales`. */
    private readonly what: string,
    private readonly maxPages = Infinity,
    /** Where to start: the token of a page that failed before, to read on from it. */
    from?: string,
  ) {
    this.token = from;
  }

  /** The request for the next page. */
  next(limit?: number): PageRequest {
    return { pageToken: this.token, limit };
  }

  /** Pages taken so far. */
  get pageCount(): number {
    return this.pages;
  }

  /**
   * Take a page's answer: true when another page follows. A repeated token, or a next page beyond `maxPages`, is a
   * `protocol` CatalogError that says which, and leaves the cursor where it was.
   */
  advance(page: Pick<Page<unknown>, 'nextPageToken'>): boolean {
    const token = page.nextPageToken || undefined;
    const taken = this.pages + 1;
    if (token !== undefined && this.seen.has(token)) {
      throw new CatalogError('protocol', `the server repeated a page token while listing ${this.what} (page ${taken + 1}); stopped to avoid looping forever`);
    }
    if (token !== undefined && taken >= this.maxPages) {
      throw new CatalogError('protocol', `listing ${this.what} went past ${this.maxPages} pages; stopped (the page limit is a setting)`);
    }
    this.pages = taken;
    this.token = token;
    if (token !== undefined) this.seen.add(token);
    return token !== undefined;
  }
}

/** Walk every page of a listing (see PageCursor for when it stops). */
export async function allPages(fetchPage: (page: PageRequest) => Promise<Page>, what: string, options: AllPagesOptions = {}): Promise<string[]> {
  const items: string[] = [];
  const cursor = new PageCursor(what, options.maxPages ?? DEFAULT_MAX_PAGES);
  for (;;) {
    if (options.signal?.aborted) throw new CatalogError('cancelled', `listing ${what} was cancelled`);
    const page = await fetchPage(cursor.next(options.limit));
    for (const item of page.items) items.push(item);
    options.onPage?.(page, cursor.pageCount + 1);
    if (!cursor.advance(page)) return items;
  }
}
