/**
 * The messages between the extension host and the panels' webviews. Shared by both sides (types only: the webview
 * bundle imports nothing that runs from here but plain helpers). A webview announces `ready`; the host answers with
 * data, and again on every refresh.
 */
import type { CatalogErrorKind } from '../core/errors';
import type { RequestRecord } from '../core/records';
import type { Int64AsText } from '../core/int64';
import type { NamespaceDetails, TableDetails, TableIndex, TableVersion, ViewDetails } from '../core/model';
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

export interface TablePanelData extends DetailsHeader {
  kind: 'table';
  table: Section<TableDetailsData>;
  versions: Section<TableVersionData[]>;
  indices: Section<TableIndex[]>;
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
export type SectionName = 'table' | 'versions' | 'indices' | 'namespace' | 'view';

/** Host → details webview: the whole panel (after `ready`, on refresh), then each part as it arrives. */
export type DetailsToWebview =
  | { type: 'data'; data: DetailsData }
  | { type: 'section'; name: SectionName; section: Section<unknown> };

/** Details webview → host. */
export type DetailsToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copy'; what: 'identifier' | 'location' | 'schema' | 'raw' | 'sql'; text?: string }
  | { type: 'openRecord'; recordId: string }
  /** How long a render took, so that wide schemas can be measured where they are drawn. */
  | { type: 'rendered'; ms: number; fields: number };

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
  | { type: 'recordMissing'; recordId: string };

/** Inspector webview → host. */
export type InspectorToHost =
  | { type: 'ready' }
  | { type: 'select'; recordId: string }
  | { type: 'copyCurl'; recordId: string }
  | { type: 'copy'; what: string; text: string }
  | { type: 'clear' };

/** The record's one-line status class, shared by the list filter and the row colours. */
export function statusClass(r: Pick<RecordSummary, 'status' | 'errorKind' | 'durationMs'>): 'pending' | 'ok' | 'redirect' | 'client-error' | 'server-error' | 'failed' {
  if (r.status === undefined) return r.errorKind ? 'failed' : r.durationMs === undefined ? 'pending' : 'failed';
  if (r.status >= 500) return 'server-error';
  if (r.status >= 400) return 'client-error';
  if (r.status >= 300) return 'redirect';
  return r.errorKind ? 'failed' : 'ok';
}

/** Whether a record passes the inspector's filters. */
export function matchesFilter(
  r: RecordSummary,
  filter: { connectionId?: string; status: StatusFilter; text: string },
): boolean {
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
