/**
 * The preview's grid: virtualised both ways, so 1,000 rows × 200 columns draws only the cells in view (a few hundred
 * elements, rebuilt per animation frame while scrolling). Rows it has not got are asked of the host in blocks; text
 * is set as text. Keyboard: arrows, Page Up/Down, Home/End (Ctrl for the corners), Enter opens the value, Ctrl+C
 * copies it.
 */
import type { Cell } from '../core/arrow/cells';
import { cellClass, cellLine, cellTitle } from './cellText';
import { h } from './dom';
import type { PreviewColumn } from './protocol';

const ROW_HEIGHT = 24;
const HEAD_HEIGHT = 40;
const GUTTER = 56;
const BLOCK = 100;
const OVERSCAN_ROWS = 6;

export interface GridEvents {
  /** Rows `from`..`to` are needed (a block the grid has not got). */
  need(from: number, to: number): void;
  /** The selected cell changed (the value pane shows it). */
  select(row: number, column: number): void;
  /** Enter on a cell. */
  open(row: number, column: number): void;
  /** Ctrl/Cmd+C on a cell. */
  copy(row: number, column: number): void;
}

/** A column's width from its name and its first values: enough for most values, never the whole of a long one. */
function widthOf(c: PreviewColumn, index: number, first: Cell[][], char: number): number {
  let chars = 0;
  for (const row of first) chars = Math.max(chars, cellLine(row[index] ?? null, 60).length);
  return Math.round(Math.max(72, Math.min(c.nested ? 340 : 360, Math.max(c.name.length * 8, c.type.length * 6.2, chars * char) + 18)));
}

export class PreviewGrid {
  readonly element: HTMLElement;
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private columns: PreviewColumn[] = [];
  private lefts: number[] = [];
  private widths: number[] = [];
  private totalWidth = GUTTER;
  private rowCount = 0;
  private readonly cache = new Map<number, Cell[]>();
  private readonly asked = new Set<number>();
  private frame = 0;
  private selected: { row: number; column: number } | undefined;
  private scroll = { top: 0, left: 0 };
  private idPrefix = `g${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly events: GridEvents,
    label: string,
  ) {
    this.head = h('div', { class: 'pgrid-head', attrs: { role: 'row', 'aria-rowindex': 1 } });
    this.body = h('div', { class: 'pgrid-body', attrs: { role: 'rowgroup' } });
    this.element = h(
      'div',
      { class: 'pgrid', attrs: { role: 'grid', tabindex: 0, 'aria-label': label, 'aria-multiselectable': 'false' } },
      this.head,
      this.body,
    );
    this.element.addEventListener('scroll', () => {
      this.scroll = { top: this.element.scrollTop, left: this.element.scrollLeft };
      this.schedule();
    });
    this.element.addEventListener('keydown', (e) => this.key(e));
    this.element.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-row][data-col]');
      if (cell) this.selectCell(Number(cell.dataset['row']), Number(cell.dataset['col']));
    });
    this.element.addEventListener('dblclick', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-row][data-col]');
      if (cell) this.events.open(Number(cell.dataset['row']), Number(cell.dataset['col']));
    });
    // The panel's sections are rebuilt around the grid; sizes and scroll come back once it is in the page again.
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** New rows for new columns (a new query): what was cached belongs to the old one. */
  reset(columns: PreviewColumn[], rowCount: number, first: Cell[][]): void {
    this.columns = columns;
    const char = this.charWidth();
    this.widths = columns.map((c, i) => widthOf(c, i, first, char));
    this.lefts = [];
    let x = GUTTER;
    for (const w of this.widths) {
      this.lefts.push(x);
      x += w;
    }
    this.totalWidth = x;
    this.cache.clear();
    this.asked.clear();
    this.rowCount = rowCount;
    first.forEach((r, i) => this.cache.set(i, r));
    this.selected = undefined;
    this.element.setAttribute('aria-rowcount', String(rowCount + 1));
    this.element.setAttribute('aria-colcount', String(columns.length + 1));
    this.element.scrollTop = 0;
    this.element.scrollLeft = 0;
    this.scroll = { top: 0, left: 0 };
    this.drawHeadStatic();
    this.schedule();
  }

  /** Width of one character of the cells' monospace font, as drawn (the editor's font size is the user's). */
  private charWidth(): number {
    const probe = h('span', { class: 'pcell', attrs: { 'aria-hidden': 'true' } }, '0'.repeat(40));
    probe.style.visibility = 'hidden';
    probe.style.padding = '0';
    probe.style.width = 'auto';
    this.body.appendChild(probe);
    const width = probe.getBoundingClientRect().width / 40;
    probe.remove();
    return width > 3 && width < 30 ? width : 7.5;
  }

  /** More rows exist (Load more): the cached ones stay. */
  grow(rowCount: number): void {
    this.rowCount = rowCount;
    this.element.setAttribute('aria-rowcount', String(rowCount + 1));
    this.fitHeight();
    this.schedule();
  }

  /** Rows the host sent. */
  fill(from: number, cells: Cell[][]): void {
    cells.forEach((r, i) => this.cache.set(from + i, r));
    this.schedule();
  }

  /** The cells of a row, if the grid has them. */
  row(index: number): Cell[] | undefined {
    return this.cache.get(index);
  }

  get selection(): { row: number; column: number } | undefined {
    return this.selected;
  }

  get loadedRows(): number {
    return this.rowCount;
  }

  /** Put the scroll position back after the panel rebuilt the sections around the grid. */
  restore(): void {
    if (this.element.scrollTop !== this.scroll.top) this.element.scrollTop = this.scroll.top;
    if (this.element.scrollLeft !== this.scroll.left) this.element.scrollLeft = this.scroll.left;
    this.schedule();
  }

  selectCell(row: number, column: number): void {
    if (row < 0 || column < 0 || row >= this.rowCount || column >= this.columns.length) return;
    this.selected = { row, column };
    this.reveal(row, column);
    this.schedule();
    this.events.select(row, column);
  }

  private key(e: KeyboardEvent): void {
    if (!this.columns.length || !this.rowCount) return;
    const s = this.selected ?? { row: 0, column: 0 };
    const page = Math.max(1, Math.floor((this.element.clientHeight - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    let next: { row: number; column: number } | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = { row: Math.min(this.rowCount - 1, s.row + (this.selected ? 1 : 0)), column: s.column };
        break;
      case 'ArrowUp':
        next = { row: Math.max(0, s.row - 1), column: s.column };
        break;
      case 'ArrowRight':
        next = { row: s.row, column: Math.min(this.columns.length - 1, s.column + (this.selected ? 1 : 0)) };
        break;
      case 'ArrowLeft':
        next = { row: s.row, column: Math.max(0, s.column - 1) };
        break;
      case 'PageDown':
        next = { row: Math.min(this.rowCount - 1, s.row + page), column: s.column };
        break;
      case 'PageUp':
        next = { row: Math.max(0, s.row - page), column: s.column };
        break;
      case 'Home':
        next = ctrl ? { row: 0, column: 0 } : { row: s.row, column: 0 };
        break;
      case 'End':
        next = ctrl ? { row: this.rowCount - 1, column: this.columns.length - 1 } : { row: s.row, column: this.columns.length - 1 };
        break;
      case 'Enter':
        if (this.selected) this.events.open(s.row, s.column);
        break;
      case 'c':
      case 'C':
        if (ctrl && this.selected) this.events.copy(s.row, s.column);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next) this.selectCell(next.row, next.column);
  }

  /** Scroll so that a cell is in view (below the sticky header, right of the row numbers). */
  private reveal(row: number, column: number): void {
    const el = this.element;
    const top = HEAD_HEIGHT + row * ROW_HEIGHT;
    if (top - HEAD_HEIGHT < el.scrollTop) el.scrollTop = top - HEAD_HEIGHT;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    const left = this.lefts[column]!;
    const right = left + this.widths[column]!;
    if (left - GUTTER < el.scrollLeft) el.scrollLeft = left - GUTTER;
    else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
    this.scroll = { top: el.scrollTop, left: el.scrollLeft };
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private drawHeadStatic(): void {
    this.head.style.width = `${this.totalWidth}px`;
    this.body.style.width = `${this.totalWidth}px`;
    this.fitHeight();
  }

  /** No taller than its rows (and a scrollbar): two rows make a short grid. */
  private fitHeight(): void {
    this.element.style.height = `min(440px, 60vh, ${HEAD_HEIGHT + this.rowCount * ROW_HEIGHT + 16}px)`;
  }

  /** The columns whose span meets [left, right). */
  private visibleColumns(left: number, right: number): [number, number] {
    let lo = 0;
    let hi = this.columns.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lefts[mid]! <= left) lo = mid;
      else hi = mid - 1;
    }
    let end = lo;
    while (end < this.columns.length && this.lefts[end]! < right) end++;
    return [lo, end];
  }

  private draw(): void {
    const el = this.element;
    const height = el.clientHeight || 400;
    const width = el.clientWidth || 800;
    const top = el.scrollTop;
    const left = el.scrollLeft;
    this.body.style.height = `${this.rowCount * ROW_HEIGHT}px`;
    const firstRow = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN_ROWS);
    const lastRow = Math.min(this.rowCount, Math.ceil((top + height - HEAD_HEIGHT) / ROW_HEIGHT) + OVERSCAN_ROWS);
    const [firstCol, lastCol] = this.visibleColumns(left + GUTTER, left + width);

    // Ask for the blocks in view that have not come yet.
    for (let b = Math.floor(firstRow / BLOCK) * BLOCK; b < lastRow; b += BLOCK) {
      if (!this.cache.has(b) && !this.asked.has(b)) {
        this.asked.add(b);
        this.events.need(b, Math.min(b + BLOCK, this.rowCount));
      }
    }

    const head = document.createDocumentFragment();
    head.appendChild(
      this.positioned(h('div', { class: 'pcell phead pcorner', attrs: { role: 'columnheader', 'aria-colindex': 1 } }, '#'), left, 0, GUTTER, HEAD_HEIGHT),
    );
    for (let c = firstCol; c < lastCol; c++) {
      const col = this.columns[c]!;
      const cell = h(
        'div',
        {
          class: `pcell phead${col.numeric ? ' num' : ''}`,
          title: `${col.name}\n${col.type}`,
          attrs: { role: 'columnheader', 'aria-colindex': c + 2, 'data-col-name': col.name },
        },
        h('span', { class: 'phead-name' }, col.name),
        h('span', { class: 'phead-type' }, col.type),
      );
      head.appendChild(this.positioned(cell, this.lefts[c]!, 0, this.widths[c]!, HEAD_HEIGHT));
    }
    this.head.replaceChildren(head);

    const rows = document.createDocumentFragment();
    for (let r = firstRow; r < lastRow; r++) {
      const y = r * ROW_HEIGHT;
      const values = this.cache.get(r);
      const selectedRow = this.selected?.row === r;
      // Each row's cells in an element of role row (laid out as if it were not there: `display: contents`), as the
      // grid pattern requires of screen readers' tables.
      const row = h('div', { class: 'prow', attrs: { role: 'row', 'aria-rowindex': r + 2 } });
      rows.appendChild(row);
      row.appendChild(
        this.positioned(
          h('div', { class: `pcell pgutter${selectedRow ? ' selected-row' : ''}`, attrs: { role: 'rowheader', 'aria-rowindex': r + 2 } }, String(r + 1)),
          left,
          y,
          GUTTER,
          ROW_HEIGHT,
        ),
      );
      for (let c = firstCol; c < lastCol; c++) {
        const col = this.columns[c]!;
        const selected = selectedRow && this.selected?.column === c;
        let node: HTMLElement;
        if (!values) node = h('div', { class: 'pcell pending', attrs: { role: 'gridcell', 'aria-colindex': c + 2, 'aria-busy': 'true' } }, '…');
        else {
          const v = values[c] ?? null;
          node = h(
            'div',
            {
              class: `pcell ${cellClass(v)}${col.numeric ? ' num' : ''}${selected ? ' selected' : ''}`,
              title: cellTitle(v, col.type),
              attrs: {
                role: 'gridcell',
                'aria-colindex': c + 2,
                'aria-rowindex': r + 2,
                'aria-selected': selected ? 'true' : undefined,
                id: selected ? `${this.idPrefix}-sel` : undefined,
                'data-row': r,
                'data-col': c,
              },
            },
            cellLine(v),
          );
        }
        row.appendChild(this.positioned(node, this.lefts[c]!, y, this.widths[c]!, ROW_HEIGHT));
      }
    }
    this.body.replaceChildren(rows);
    if (this.selected) this.element.setAttribute('aria-activedescendant', `${this.idPrefix}-sel`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private positioned(node: HTMLElement, x: number, y: number, w: number, hgt: number): HTMLElement {
    const s = node.style;
    s.left = `${x}px`;
    s.top = `${y}px`;
    s.width = `${w}px`;
    s.height = `${hgt}px`;
    return node;
  }
}
