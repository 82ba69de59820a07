/**
 * The Preview section of a table panel: where in the table's history (latest, a tag, a version), which columns,
 * a Lance SQL filter (the server's error is shown right under it), the grid, Load more, and the value pane of the
 * selected cell with the copy commands. One instance per panel, kept across the panel's re-renders.
 */
import type { Cell } from '../core/arrow/cells';
import { cellLine, visible } from './cellText';
import { button, clear, h, icon, LOCALE, type Child } from './dom';
import { PreviewGrid } from './previewGrid';
import type { AtText, PanelError, PreviewQuery, PreviewState, PreviewToHost, PreviewToWebview } from './protocol';

/** The history the selector offers: tags and versions (from the panel's own sections). */
export interface History {
  tags: { name: string; version?: string }[];
  versions: { version: string; timestamp?: string }[];
}

export interface PreviewView {
  readonly element: HTMLElement;
  /** A preview message from the host. */
  receive(message: PreviewToWebview): void;
  /** The table's columns (for the picker) and history (for the selector), as the panel learns them. */
  context(columns: string[] | undefined, history: History): void;
  /** The panel re-rendered around the section: put the grid's scroll back. */
  attached(): void;
  /** A one-line summary for the section's header. */
  readonly summary: string | undefined;
}

type Post = (m: PreviewToHost | { type: 'openRecord'; recordId: string } | { type: 'previewShown'; rows: number; columns: number }) => void;

export function createPreview(post: Post, tableLabel: string): PreviewView {
  let state: PreviewState = { state: 'loading', query: {} };
  let generation = 0;
  let allColumns: string[] | undefined;
  let history: History = { tags: [], versions: [] };
  let shownOnce = false;
  let detail: { row: number; column: number; cell?: Cell } | undefined;

  const grid = new PreviewGrid(
    {
      need: (from, to) => post({ type: 'previewRows', generation, from, to }),
      select: (row, column) => showValue(row, column),
      open: (row, column) => {
        showValue(row, column);
        valuePane.focus();
      },
      copy: (row, column) => post({ type: 'previewCopy', generation, what: 'cell', row, column }),
    },
    `Rows of ${tableLabel}`,
  );

  const at = h('select', { class: 'preview-at', attrs: { 'aria-label': 'Version or tag to read' } });
  at.addEventListener('change', () => run({ ...current(), at: parseAt(at.value) }));
  const filter = h('input', {
    class: 'preview-filter',
    attrs: { type: 'text', spellcheck: 'false', placeholder: "Filter (Lance SQL), e.g. amount > 10 AND region = 'emea'", 'aria-label': 'Filter (Lance SQL)' },
  });
  filter.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') applyFilter();
    if (e.key === 'Escape' && filter.value) {
      filter.value = '';
      applyFilter();
    }
  });
  const columnsButton = button('Columns', 'list-selection', () => togglePicker(), { id: 'preview-columns', title: 'Choose the columns to read' });
  const picker = h('div', { class: 'column-picker', attrs: { role: 'dialog', 'aria-label': 'Columns', hidden: true } });
  const status = h('span', { class: 'preview-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const queryError = h('div', { class: 'preview-error' });
  const more = h('div', { class: 'preview-more' });
  const valuePane = h('div', { class: 'value-pane', attrs: { tabindex: -1, 'aria-label': 'Selected value' } });
  const toolbar = h(
    'div',
    { class: 'preview-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Preview' } },
    icon('history'),
    at,
    columnsButton,
    h('span', { class: 'filter-box' }, icon('filter'), filter),
    button('Apply', 'check', () => applyFilter(), { id: 'preview-apply', title: 'Run the filter on the server' }),
    status,
    h('span', { class: 'spacer' }),
    button('Copy Row as JSON', 'json', () => copy('row'), { id: 'preview-copy-row', title: 'Copy the selected row as JSON' }),
    button('Copy as CSV', 'table', () => copy('csv'), { id: 'preview-copy-csv', title: 'Copy the loaded rows as CSV' }),
  );
  const gridWrap = h('div', { class: 'preview-grid-wrap' }, grid.element);
  const element = h('div', { class: 'preview', attrs: { 'data-state': 'loading' } }, toolbar, picker, queryError, gridWrap, more, valuePane);

  function current(): PreviewQuery {
    return state.state === 'unavailable' ? {} : state.query;
  }

  function run(query: PreviewQuery): void {
    picker.hidden = true;
    post({ type: 'previewQuery', query: clean(query) });
  }

  function applyFilter(): void {
    run({ ...current(), filter: filter.value.trim() || undefined });
  }

  function copy(what: 'row' | 'csv' | 'cell'): void {
    const s = grid.selection;
    if (what !== 'csv' && !s) {
      status.textContent = 'Select a cell first';
      return;
    }
    post({ type: 'previewCopy', generation, what, row: s?.row, column: s?.column });
  }

  function showValue(row: number, column: number): void {
    detail = { row, column };
    post({ type: 'previewValue', generation, row, column });
    renderValue();
  }

  function renderValue(): void {
    clear(valuePane);
    if (state.state !== 'ok' || !detail) {
      valuePane.hidden = true;
      return;
    }
    valuePane.hidden = false;
    const col = state.columns[detail.column];
    if (!col) return;
    valuePane.appendChild(
      h(
        'div',
        { class: 'value-head' },
        h('strong', null, col.name),
        h('span', { class: 'muted' }, ` row ${detail.row + 1} · ${col.type}`),
        h('span', { class: 'spacer' }),
        button('Copy Value', 'copy', () => copy('cell'), { id: 'preview-copy-cell', title: 'Copy the exact value (nested values as JSON)' }),
      ),
    );
    const cell = detail.cell !== undefined ? detail.cell : grid.row(detail.row)?.[detail.column];
    valuePane.appendChild(detail.cell === undefined && cell === undefined ? h('p', { class: 'loading' }, 'Loading…') : valueTree(cell ?? null, 0));
  }

  function togglePicker(): void {
    if (!picker.hidden) {
      picker.hidden = true;
      return;
    }
    const names = allColumns ?? (state.state === 'ok' ? state.columns.map((c) => c.name) : []);
    const chosen = new Set(current().columns ?? names);
    clear(picker);
    const boxes = names.map((name) => {
      const box = h('input', { attrs: { type: 'checkbox', 'data-column': name } });
      box.checked = chosen.has(name);
      return { name, box, row: h('label', { class: 'picker-row' }, box, ' ', name) };
    });
    const find = h('input', { attrs: { type: 'text', placeholder: 'Find a column', 'aria-label': 'Find a column' } });
    find.addEventListener('input', () => {
      const q = find.value.toLowerCase();
      for (const b of boxes) b.row.hidden = !b.name.toLowerCase().includes(q);
    });
    const set = (on: boolean) => boxes.filter((b) => !b.row.hidden).forEach((b) => (b.box.checked = on));
    picker.append(
      h(
        'div',
        { class: 'picker-head' },
        find,
        button('All', 'check-all', () => set(true)),
        button('None', 'close-all', () => set(false)),
      ),
      h('div', { class: 'picker-list' }, ...boxes.map((b) => b.row)),
      h(
        'div',
        { class: 'picker-foot' },
        button(
          'Apply',
          'check',
          () => {
            const picked = boxes.filter((b) => b.box.checked).map((b) => b.name);
            if (picked.length === 0) return;
            run({ ...current(), columns: picked.length === names.length ? undefined : picked });
          },
          { primary: true, id: 'picker-apply' },
        ),
        button('Cancel', 'close', () => (picker.hidden = true)),
      ),
    );
    picker.hidden = false;
    find.focus();
  }

  function renderAt(): void {
    const q = current().at;
    const value = q ? ('version' in q ? `v:${q.version}` : `t:${q.tag}`) : '';
    clear(at);
    at.appendChild(h('option', { attrs: { value: '' } }, 'Latest version'));
    const known = new Set<string>(['']);
    if (history.tags.length) {
      const group = h('optgroup', { attrs: { label: 'Tags' } });
      for (const t of history.tags) {
        known.add(`t:${t.name}`);
        group.appendChild(h('option', { attrs: { value: `t:${t.name}` } }, t.version !== undefined ? `${t.name} (v${t.version})` : t.name));
      }
      at.appendChild(group);
    }
    if (history.versions.length) {
      const group = h('optgroup', { attrs: { label: 'Versions' } });
      for (const v of history.versions) {
        known.add(`v:${v.version}`);
        group.appendChild(
          h(
            'option',
            { attrs: { value: `v:${v.version}` } },
            `v${v.version}${v.timestamp ? `  ${v.timestamp.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : ''}`,
          ),
        );
      }
      at.appendChild(group);
    }
    if (!known.has(value)) at.appendChild(h('option', { attrs: { value } }, value.startsWith('t:') ? value.slice(2) : `v${value.slice(2)}`));
    at.value = value;
  }

  function render(): void {
    element.dataset['state'] = state.state;
    clear(queryError);
    clear(more);
    status.textContent = '';
    renderAt();
    const q = current();
    if (document.activeElement !== filter) filter.value = q.filter ?? '';
    const n = q.columns?.length;
    columnsButton.querySelector('.btn-label')!.textContent = n !== undefined ? `Columns (${n}${allColumns ? ` of ${allColumns.length}` : ''})` : 'Columns';
    if (state.state === 'unavailable') {
      toolbar.hidden = true;
      gridWrap.hidden = true;
      valuePane.hidden = true;
      queryError.appendChild(unavailable(state));
      return;
    }
    toolbar.hidden = false;
    if (state.state === 'loading') {
      status.textContent = 'Reading rows…';
      gridWrap.hidden = false;
      return;
    }
    if (state.state === 'error') {
      gridWrap.hidden = true;
      valuePane.hidden = true;
      queryError.appendChild(errorBox(q.filter ? 'The filter did not run' : 'Could not read rows', state.error, post));
      return;
    }
    gridWrap.hidden = state.rows === 0;
    status.textContent = `${state.rows.toLocaleString(LOCALE)} row${state.rows === 1 ? '' : 's'} · ${state.columns.length} column${state.columns.length === 1 ? '' : 's'} · ${bytes(state.bytes)}${state.version ? ` · version ${state.version}` : ''}`;
    if (state.rows === 0) queryError.appendChild(h('p', { class: 'empty' }, q.filter ? 'No row matches the filter.' : 'The table has no rows.'));
    if (state.more?.state === 'error') more.appendChild(errorBox('Could not load more rows', state.more.error, post));
    if (state.hasMore) {
      more.appendChild(
        button(state.more?.state === 'loading' ? 'Loading…' : 'Load more', 'fold-down', () => post({ type: 'previewMore' }), {
          id: 'preview-more',
          title: 'Read the next page of rows',
        }),
      );
    }
  }

  return {
    element,
    get summary() {
      return state.state === 'ok' ? `${state.rows.toLocaleString(LOCALE)}${state.hasMore ? '+' : ''} rows` : undefined;
    },
    receive(m) {
      if (m.type === 'preview') {
        const previous = state;
        state = m.preview;
        if (state.state === 'ok') {
          const fresh = previous.state !== 'ok' || previous.generation !== state.generation;
          generation = state.generation;
          if (fresh) {
            detail = undefined;
            grid.reset(state.columns, state.rows, state.first);
          } else grid.grow(state.rows);
          if (!shownOnce && state.rows > 0) {
            shownOnce = true;
            // After layout: the bench times the click to the first rows on screen by this.
            requestAnimationFrame(() =>
              post({ type: 'previewShown', rows: state.state === 'ok' ? state.rows : 0, columns: state.state === 'ok' ? state.columns.length : 0 }),
            );
          }
        }
        render();
        renderValue();
      } else if (m.type === 'previewRows') {
        if (m.generation === generation) grid.fill(m.from, m.cells);
        if (detail && detail.cell === undefined) renderValue();
      } else if (m.type === 'previewValue') {
        if (m.generation === generation && detail?.row === m.row && detail.column === m.column) {
          detail = { ...detail, cell: m.cell };
          renderValue();
        }
      }
    },
    context(columns, h2) {
      allColumns = columns;
      history = h2;
      renderAt();
    },
    attached() {
      grid.restore();
    },
  };
}

function clean(q: PreviewQuery): PreviewQuery {
  const out: PreviewQuery = {};
  if (q.columns) out.columns = q.columns;
  if (q.filter) out.filter = q.filter;
  if (q.at) out.at = q.at;
  return out;
}

function parseAt(value: string): AtText | undefined {
  if (value.startsWith('v:')) return { version: value.slice(2) };
  if (value.startsWith('t:')) return { tag: value.slice(2) };
  return undefined;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function errorBox(what: string, error: PanelError, post: Post): HTMLElement {
  return h(
    'div',
    { class: 'error', attrs: { role: 'alert' } },
    icon('error'),
    h('div', { class: 'error-text' }, h('strong', null, what), h('span', { class: 'server-error' }, error.message)),
    error.recordId ? button('See request', 'pulse', () => post({ type: 'openRecord', recordId: error.recordId! })) : null,
  );
}

function unavailable(s: Extract<PreviewState, { state: 'unavailable' }>): HTMLElement {
  return h(
    'div',
    { class: 'preview-unavailable' },
    h('p', null, icon('info'), ' ', s.reason),
    s.snippet ? h('pre', { class: 'code snippet', attrs: { 'data-language': s.snippet.language } }, s.snippet.code) : null,
  );
}

/** A value in the value pane: scalars as selectable text, nested values as a tree that opens level by level. */
function valueTree(cell: Cell, depth: number): HTMLElement {
  if (cell === null) return h('span', { class: 'v-null' }, 'NULL');
  if (typeof cell === 'string') return cell === '' ? h('span', { class: 'v-empty' }) : h('pre', { class: 'value-text' }, visible(cell));
  if ('s' in cell)
    return h(
      'div',
      null,
      h('pre', { class: 'value-text' }, visible(cell.s)),
      h(
        'p',
        { class: 'muted' },
        `… the first ${cell.s.length.toLocaleString(LOCALE)} of ${cell.n.toLocaleString(LOCALE)} characters (Copy Value copies them all)`,
      ),
    );
  if ('b' in cell)
    return h(
      'div',
      null,
      h('pre', { class: 'value-text hex' }, hexDump(cell.b)),
      h('p', { class: 'muted' }, `${cell.n.toLocaleString(LOCALE)} bytes${cell.b.length / 2 < cell.n ? `, the first ${cell.b.length / 2} shown` : ''}`),
    );
  if ('v' in cell) {
    return h(
      'div',
      null,
      h('p', { class: 'muted' }, `${cell.n} dimensions${cell.v.length < cell.n ? `, the first ${cell.v.length} shown` : ''}`),
      h('ol', { class: 'vector', attrs: { start: 0 } }, ...cell.v.map((x) => h('li', null, x))),
    );
  }
  const entries: [string, Cell][] = 'l' in cell ? cell.l.map((c, i) => [`[${i}]`, c]) : 'f' in cell ? cell.f : cell.m.map(([k, v]) => [cellLine(k, 80), v]);
  const total = 'f' in cell ? cell.f.length : cell.n;
  const list = h(
    'ul',
    { class: 'value-tree', attrs: { role: depth === 0 ? 'tree' : 'group' } },
    ...entries.map(([label, value]) => {
      const nested = value !== null && typeof value === 'object' && !('s' in value) && !('b' in value);
      if (!nested) return h('li', { attrs: { role: 'treeitem' } }, h('span', { class: 'value-key' }, label), ' ', leaf(value));
      const d = h(
        'details',
        { attrs: { open: depth < 1 } },
        h('summary', null, h('span', { class: 'value-key' }, label), ' ', h('span', { class: 'muted' }, cellLine(value, 120))),
      );
      // Deeper levels are built when opened.
      const fill = () => {
        if (d.open && d.childElementCount === 1) d.appendChild(valueTree(value, depth + 1));
      };
      d.addEventListener('toggle', fill);
      fill();
      return h('li', { attrs: { role: 'treeitem' } }, d);
    }),
  );
  const kind = 'l' in cell ? 'items' : 'f' in cell ? 'fields' : 'entries';
  return h(
    'div',
    null,
    list,
    entries.length < total
      ? h('p', { class: 'muted' }, `the first ${entries.length} of ${total.toLocaleString(LOCALE)} ${kind} (Copy Value copies them all)`)
      : null,
  );
}

function leaf(c: Cell): Child {
  if (c === null) return h('span', { class: 'v-null' }, 'NULL');
  if (c === '') return h('span', { class: 'v-empty' });
  return h('span', { class: 'value-leaf' }, cellLine(c, 500));
}

/** Hex in rows of 16 bytes with their offsets. */
function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const bytes = hex.slice(i, i + 32).match(/../g) ?? [];
    lines.push(`${(i / 2).toString(16).padStart(6, '0')}  ${bytes.join(' ')}`);
  }
  return lines.join('\n');
}
