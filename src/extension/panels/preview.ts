// The data preview of a table panel, on the host's side: runs QueryTable pages, keeps their Arrow answers, and
// hands the webview cells for the rows it shows (a window at a time), exact values for the copy commands. No
// `vscode` import: the panel gives it the clipboard and the client.
import { cellOf, DETAIL_LIMITS, type Cell } from '../../core/arrow/cells';
import type { ArrowRowSet } from '../../core/arrow/decode';
import { columnKeys, jsonValueText, rowJson, rowsCsv } from '../../core/arrow/rows';
import { isNumeric, isVector, jsonOf, scalarText, typeName, type ArrowValue, type ValueField } from '../../core/arrow/values';
import type { CatalogClient } from '../../core/client';
import { isCatalogError } from '../../core/errors';
import type { Identifier, TableAt } from '../../core/model';
import type { PreviewColumn, PreviewQuery, PreviewState, PreviewToWebview } from '../../webview/protocol';
import { toErrorInfo } from '../errorView';
import { atFromText } from './restore';

/** Rows sent with the first answer: a screenful and then some, so the grid draws without asking. */
const FIRST_ROWS = 100;
/** The most rows one `previewRows` answer carries. */
const MAX_WINDOW = 500;

/** What the preview needs from its panel. */
export interface PreviewDeps {
  client(signal: AbortSignal): Promise<CatalogClient>;
  post(message: PreviewToWebview): void;
  /** `namespaceBrowser.preview.rows`, read for every page. */
  pageRows(): number;
  copy(text: string, what: string): Promise<void>;
  /** How to read this table's rows elsewhere, when the catalog serves none (Iceberg). */
  unavailable(client: CatalogClient): Extract<PreviewState, { state: 'unavailable' }>;
}

/** One table's preview: the query in force, its pages, and the generation every message is checked against. */
export class TablePreview {
  private generation = 0;
  private pages: ArrowRowSet[] = [];
  private starts: number[] = [];
  private fields: readonly ValueField[] = [];
  private query: PreviewQuery;
  private shown: PreviewState;
  private controller: AbortController | undefined;
  private version: bigint | undefined;

  constructor(
    private readonly deps: PreviewDeps,
    private readonly table: Identifier,
    query: PreviewQuery,
  ) {
    this.query = query;
    this.shown = { state: 'loading', query };
  }

  /** What the webview shows now (posted again when it reloads). */
  get state(): PreviewState {
    return this.shown;
  }

  /** Run `query` from its first row; what is loaded of an older query is dropped. */
  async start(query: PreviewQuery = this.query): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    this.query = query;
    this.generation += 1;
    const generation = this.generation;
    this.pages = [];
    this.starts = [];
    this.fields = [];
    this.set({ state: 'loading', query });
    try {
      const client = await this.deps.client(signal);
      if (!client.queryTable) return this.set(this.deps.unavailable(client));
      const limit = this.deps.pageRows();
      const answer = await client.queryTable(this.table, { limit, columns: query.columns, filter: query.filter, at: atFromText(query.at) }, { signal });
      if (signal.aborted || generation !== this.generation) return;
      this.version = answer.version;
      this.fields = answer.rows.fields;
      this.add(answer.rows);
      this.set({
        state: 'ok',
        query,
        generation,
        columns: this.fields.map(previewColumn),
        rows: answer.rows.length,
        hasMore: answer.rows.length === limit,
        first: this.cells(0, Math.min(FIRST_ROWS, answer.rows.length)),
        bytes: answer.bytes,
        ...(answer.version !== undefined ? { version: answer.version.toString() } : {}),
      });
    } catch (e) {
      if (signal.aborted || generation !== this.generation) return;
      if (isCatalogError(e) && e.kind === 'cancelled') return;
      this.set({ state: 'error', query, error: toErrorInfo(e) });
    }
  }

  /** The next page after the rows loaded so far (QueryTable's offset), at the same version. */
  async more(): Promise<void> {
    const s = this.shown;
    if (s.state !== 'ok' || !s.hasMore || s.more?.state === 'loading') return;
    const generation = this.generation;
    const signal = this.controller?.signal ?? new AbortController().signal;
    this.set({ ...s, more: { state: 'loading' } });
    try {
      const client = await this.deps.client(signal);
      const limit = this.deps.pageRows();
      const at: TableAt | undefined = this.version !== undefined ? { version: this.version } : undefined;
      const answer = await client.queryTable!(this.table, { limit, offset: s.rows, columns: s.query.columns, filter: s.query.filter, at }, { signal });
      if (signal.aborted || generation !== this.generation) return;
      this.add(answer.rows);
      const now = this.shown as Extract<PreviewState, { state: 'ok' }>;
      this.set({ ...now, rows: now.rows + answer.rows.length, hasMore: answer.rows.length === limit, bytes: now.bytes + answer.bytes, more: undefined });
    } catch (e) {
      if (signal.aborted || generation !== this.generation) return;
      const now = this.shown as Extract<PreviewState, { state: 'ok' }>;
      this.set({ ...now, more: { state: 'error', error: toErrorInfo(e) } });
    }
  }

  /** Rows `from` to `to` of a generation, as cells (nothing for an older generation: its rows are gone). */
  rows(generation: number, from: number, to: number): void {
    if (generation !== this.generation || this.shown.state !== 'ok') return;
    const end = Math.min(to, from + MAX_WINDOW, this.total);
    if (!(from >= 0) || from >= end) return;
    this.deps.post({ type: 'previewRows', generation, from, cells: this.cells(from, end) });
  }

  /** One cell in full (nearly: 100,000 characters, 1,000 items), for the value pane. */
  value(generation: number, row: number, column: number): void {
    const v = this.valueAt(generation, row, column);
    if (v) this.deps.post({ type: 'previewValue', generation, row, column, cell: cellOf(v.field, v.value, DETAIL_LIMITS) });
  }

  /** Copy a value exactly: a cell as its text (nested values as JSON), a row as JSON, the loaded rows as CSV. */
  async copy(generation: number, what: 'cell' | 'row' | 'csv', row?: number, column?: number): Promise<void> {
    if (generation !== this.generation || this.shown.state !== 'ok') return;
    if (what === 'cell') {
      const v = this.valueAt(generation, row ?? -1, column ?? -1);
      if (v) await this.deps.copy(copyText(v.field, v.value), 'cell');
    } else if (what === 'row') {
      if (row === undefined || row < 0 || row >= this.total) return;
      await this.deps.copy(jsonValueText(rowJson(this.fields, columnKeys(this.fields), this.row(row)), 2), 'row as JSON');
    } else {
      const total = this.total;
      const all = function* (this: TablePreview) {
        for (let i = 0; i < total; i++) yield this.row(i);
      }.call(this);
      await this.deps.copy(rowsCsv(this.fields, all), `${total} rows as CSV`);
    }
  }

  dispose(): void {
    this.controller?.abort();
  }

  private get total(): number {
    const last = this.pages.length - 1;
    return last < 0 ? 0 : this.starts[last]! + this.pages[last]!.length;
  }

  private add(page: ArrowRowSet): void {
    this.starts.push(this.total);
    this.pages.push(page);
  }

  private row(index: number): ArrowValue[] {
    let p = this.pages.length - 1;
    while (p > 0 && this.starts[p]! > index) p--;
    return this.pages[p]!.row(index - this.starts[p]!);
  }

  private cells(from: number, to: number): Cell[][] {
    const out: Cell[][] = [];
    for (let i = from; i < to; i++) {
      const values = this.row(i);
      out.push(this.fields.map((f, c) => cellOf(f, values[c] ?? null)));
    }
    return out;
  }

  private valueAt(generation: number, row: number, column: number): { field: ValueField; value: ArrowValue } | undefined {
    if (generation !== this.generation || this.shown.state !== 'ok') return undefined;
    const field = this.fields[column];
    if (!field || !(row >= 0 && row < this.total)) return undefined;
    return { field, value: this.row(row)[column] ?? null };
  }

  private set(state: PreviewState): void {
    this.shown = state;
    this.deps.post({ type: 'preview', preview: state });
  }
}

function previewColumn(f: ValueField): PreviewColumn {
  const t = f.type;
  return { name: f.name, type: typeName(f), numeric: isNumeric(t), nested: t.kind === 'list' || t.kind === 'struct' || t.kind === 'map' || isVector(t) };
}

/** A cell's value on the clipboard: scalars as their text, every character; nested values as JSON. */
function copyText(field: ValueField, value: ArrowValue): string {
  if (value === null) return '';
  const k = field.type.kind;
  if (k === 'list' || k === 'struct' || k === 'map' || k === 'interval') return jsonValueText(jsonOf(field, value), 2);
  return scalarText(field, value);
}
