/**
 * The messages between the extension host and the panels' webviews. Shared by both sides (types only: the webview
 * bundle imports nothing that runs from here but plain helpers). A webview announces `ready`; the host answers with
 * data, and again on every refresh.
 */
import type { CatalogErrorKind } from '../core/errors';
import type { RequestRecord } from '../core/records';
import type { Cell } from '../core/arrow/cells';
import type { Int64AsText } from '../core/int64';
import type { NamespaceDetails, TableBranch, TableDetails, TableIndex, TableStats, TableTag, TableVersion, ViewDetails } from '../core/model';
import type { ErrorInfo } from '../extension/errorView';

/** Table details and versions as a webview receives them: messages carry plain JSON, so int64 values are text. */
export type TableDetailsData = Int64AsText<TableDetails>;
export type TableVersionData = Int64AsText<TableVersion>;

/** A failure as the panels show it: words, and the request that shows it (src/extension/errorView.ts makes it). */
export type PanelError = ErrorInfo;

/** One part of a panel, loaded on its own so that one failure does not hide the rest. */
export type Section<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: PanelError };

/** What every details panel shows on top. */
export interface DetailsHeader {
  connectionId: string;
  connectionName: string;
  /** How the catalog spells the identifier, e.g. `sales$emea$orders`. */
  display: string;
  /** The identifier parts, outermost first. */
  identifier: string[];
}

/** A point in a table's history in a message: a version (exact, as text) or a tag. */
export type AtText = { version: string } | { tag: string };

export interface TablePanelData extends DetailsHeader {
  kind: 'table';
  /** The point in history this panel shows (time travel); absent for the latest version. */
  at?: AtText;
  table: Section<TableDetailsData>;
  versions: Section<TableVersionData[]>;
  indices: Section<TableIndex[]>;
  /** Lance only (absent where the catalog has no such operation, e.g. Iceberg). */
  stats?: Section<Int64AsText<TableStats>>;
  tags?: Section<Int64AsText<TableTag>[]>;
  branches?: Section<Int64AsText<TableBranch>[]>;
}

export interface NamespacePanelData extends DetailsHeader {
  kind: 'namespace';
  namespace: Section<NamespaceDetails>;
}

export interface ViewPanelData extends DetailsHeader {
  kind: 'view';
  view: Section<ViewDetails>;
}

export type DetailsData = TablePanelData | NamespacePanelData | ViewPanelData;

/** One line of the inspector's list: the record's own fields, enough to filter and show a row, without headers and bodies. */
export type RecordSummary = Pick<
  RequestRecord,
  'id' | 'connectionId' | 'connectionName' | 'operation' | 'method' | 'url' | 'startedAt' | 'durationMs' | 'status' | 'attempt'
> & { errorKind?: CatalogErrorKind };

/** Status filter of the inspector. */
export type StatusFilter = 'all' | 'errors' | '2xx' | '4xx' | '5xx';

/** The names of the separately loaded parts of the details panels. */
export type SectionName = 'table' | 'versions' | 'indices' | 'stats' | 'tags' | 'branches' | 'namespace' | 'view';

/** A column of the preview grid. */
export interface PreviewColumn {
  name: string;
  /** Arrow's spelling, e.g. `timestamp[us, tz=UTC]`. */
  type: string;
  /** Right-aligned (numbers, decimals, durations). */
  numeric: boolean;
  /** Lists, structs, maps, embeddings: shown summarised, opened in the value pane. */
  nested: boolean;
}

/** What the preview asked for: the server's filter, the columns, and where in history. */
export interface PreviewQuery {
  /** Column names in the order asked; absent for every column. */
  columns?: string[];
  filter?: string;
  at?: AtText;
}

/** The data preview of a table panel, as a whole (its rows come in windows, see `previewRows`). */
export type PreviewState =
  /** No rows for this table here, and why (Iceberg: the rows are in data files), with what to use instead. */
  | { state: 'unavailable'; reason: string; snippet?: { language: string; code: string } }
  | { state: 'loading'; query: PreviewQuery }
  | { state: 'error'; query: PreviewQuery; error: PanelError }
  | {
      state: 'ok';
      query: PreviewQuery;
      /** Increases with every new query; rows and values answer for one generation. */
      generation: number;
      columns: PreviewColumn[];
      /** Rows loaded so far (Load more adds to them). */
      rows: number;
      /** The last page came back full: there may be more. */
      hasMore: boolean;
      /** Load more is running, or failed (the rows so far stay). */
      more?: { state: 'loading' } | { state: 'error'; error: PanelError };
      /** The first rows, so that the grid draws without asking. */
      first: Cell[][];
      /** Size of the Arrow answers so far, bytes. */
      bytes: number;
      /** The version the rows were read at, when one was asked for (a tag's version), as text. */
      version?: string;
    };

/** Host → details webview, besides data and sections: the preview and the rows it asks for. */
export type PreviewToWebview =
  | { type: 'preview'; preview: PreviewState }
  | { type: 'previewRows'; generation: number; from: number; cells: Cell[][] }
  | { type: 'previewValue'; generation: number; row: number; column: number; cell: Cell };

/** Details webview → host, for the preview. */
export type PreviewToHost =
  /** Run a new query (from the first row). */
  | { type: 'previewQuery'; query: PreviewQuery }
  /** The next page, from the rows loaded so far. */
  | { type: 'previewMore' }
  /** Rows `from` to `to` (exclusive) of a generation: the grid scrolled to them. */
  | { type: 'previewRows'; generation: number; from: number; to: number }
  /** A cell in full (nearly), for the value pane. */
  | { type: 'previewValue'; generation: number; row: number; column: number }
  /** Copy a cell's exact value, a row as JSON, or the loaded rows as CSV. */
  | { type: 'previewCopy'; generation: number; what: 'cell' | 'row' | 'csv'; row?: number; column?: number };

/** Host → details webview: the whole panel (after `ready`, on refresh), then each part as it arrives. */
export type DetailsToWebview =
  /** A preview panel is replaced by the next object opened with a single click, until it is kept open. */
  | { type: 'mode'; preview: boolean }
  | { type: 'data'; data: DetailsData }
  | { type: 'section'; name: SectionName; section: Section<unknown> }
  /** The clipboard holds what the reader asked for: the button says so and screen readers hear it. */
  | CopiedMessage
  | PreviewToWebview;

/** Host → webview after a copy the webview asked for reached the clipboard. */
export interface CopiedMessage {
  type: 'copied';
  /** What was copied, in words ("identifier", "cURL"). */
  what: string;
}

/** Details webview → host. */
export type DetailsToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** Keep a preview panel open (it is no longer replaced by the next single click). */
  | { type: 'keepOpen' }
  /** Enter the connection's secrets again (a 401 or 403), then load the panel again. */
  | { type: 'reauthenticate' }
  | { type: 'copy'; what: 'identifier' | 'location' | 'schema' | 'raw' | 'sql'; text?: string }
  | { type: 'openRecord'; recordId: string }
  /** Open the table at a version or tag in a panel of its own (time travel). */
  | { type: 'openAt'; at: AtText }
  /** How long a render took, so that wide schemas can be measured where they are drawn. */
  | { type: 'rendered'; ms: number; fields: number }
  /** The preview drew its first rows (the bench measures click to first rows by it). */
  | { type: 'previewShown'; rows: number; columns: number }
  | PreviewToHost;

/**
 * What a details webview keeps with `setState`. VS Code gives it back to the page when it is reloaded, and to the
 * serializer when the editor restores the panel after a reload of the window: `target` says which object to open
 * again (read as untrusted input, src/extension/panels/restore.ts), the rest how the reader left the panel.
 */
export interface DetailsViewState {
  target: { kind: 'table' | 'namespace' | 'view'; connectionId: string; identifier: string[]; at?: AtText };
  /** Sections the reader opened or closed, by `data-section`. */
  open: Record<string, boolean>;
  scrollY: number;
  /** The preview's query (columns, filter), when the reader changed it. */
  query?: PreviewQuery;
}

/** What the inspector's webview keeps with `setState` (see DetailsViewState). */
export interface InspectorViewState {
  filter: { connectionId?: string; status: StatusFilter; text: string };
  selectedId?: string;
  scrollTop: number;
}

/** Host → inspector webview. */
export type InspectorToWebview =
  /** The whole list (newest last, as the log keeps it), e.g. after `ready`. */
  | { type: 'records'; records: RecordSummary[]; connections: { id: string; name: string }[] }
  /** New or replaced records since the last message, batched. */
  | { type: 'recordsAdded'; records: RecordSummary[]; capacity: number }
  /** Narrow to a connection and/or select a record (from `showRequests`). */
  | { type: 'focus'; connectionId?: string; recordId?: string }
  /** The selected record in full, with its curl command. */
  | { type: 'record'; record: RequestRecord; curl: string; curlSigned: boolean }
  | { type: 'recordMissing'; recordId: string }
  | CopiedMessage;

/** Inspector webview → host. */
export type InspectorToHost =
  | { type: 'ready' }
  | { type: 'select'; recordId: string }
  | { type: 'copyCurl'; recordId: string }
  /** Open comparison number `comparison` of the record in VS Code's diff editor. */
  | { type: 'openDiff'; recordId: string; comparison: number }
  | { type: 'copy'; what: string; text: string }
  | { type: 'clear' };

/** The record's one-line status class, shared by the list filter and the row colours. */
export function statusClass(
  r: Pick<RecordSummary, 'status' | 'errorKind' | 'durationMs'>,
): 'pending' | 'ok' | 'redirect' | 'client-error' | 'server-error' | 'failed' {
  if (r.status === undefined) return r.errorKind ? 'failed' : r.durationMs === undefined ? 'pending' : 'failed';
  if (r.status >= 500) return 'server-error';
  if (r.status >= 400) return 'client-error';
  if (r.status >= 300) return 'redirect';
  return r.errorKind ? 'failed' : 'ok';
}

/** Whether a record passes the inspector's filters. */
export function matchesFilter(r: RecordSummary, filter: { connectionId?: string; status: StatusFilter; text: string }): boolean {
  if (filter.connectionId && r.connectionId !== filter.connectionId) return false;
  const s = r.status;
  switch (filter.status) {
    case 'errors':
      if (!r.errorKind && (s === undefined || s < 400)) return false;
      break;
    case '2xx':
      if (s === undefined || s < 200 || s >= 300) return false;
      break;
    case '4xx':
      if (s === undefined || s < 400 || s >= 500) return false;
      break;
    case '5xx':
      if (s === undefined || s < 500) return false;
      break;
  }
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [r.operation, r.method, r.url, r.connectionName ?? r.connectionId, String(s ?? ''), r.errorKind ?? '', r.id].some((v) =>
    v.toLowerCase().includes(text),
  );
}
