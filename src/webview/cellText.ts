// How a preview cell reads: one line for the grid, and the words of its tooltip. Text only; see core/arrow/cells.ts
// for what a cell carries.
import type { Cell } from '../core/arrow/cells';
import { LOCALE } from './dom';

/** A cell as one line of at most `max` characters: lists, structs and maps summarised, sizes said. */
export function cellLine(cell: Cell, max = 200): string {
  const text = line(cell, max);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function line(cell: Cell, budget: number): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'string') return oneLine(cell);
  if ('s' in cell) return oneLine(cell.s);
  if ('b' in cell) return cell.n === 0 ? '0x (0 bytes)' : `0x${cell.b}${cell.b.length / 2 < cell.n ? '…' : ''} (${cell.n} bytes)`;
  if ('v' in cell) return `[${cell.v.slice(0, 2).join(', ')}${cell.n > 2 ? `, … ${cell.n} dims` : ''}]`;
  if ('l' in cell) {
    if (cell.n === 0) return '[]';
    const parts: string[] = [];
    let used = 2;
    for (const item of cell.l) {
      const t = line(item, budget);
      if (used + t.length > budget) break;
      parts.push(t);
      used += t.length + 2;
    }
    return `[${parts.join(', ')}${parts.length < cell.n ? `${parts.length ? ', ' : ''}… ${cell.n} items` : ''}]`;
  }
  if ('f' in cell) {
    const parts: string[] = [];
    let used = 2;
    for (const [name, value] of cell.f) {
      const t = `${name}: ${line(value, budget)}`;
      if (used + t.length > budget) {
        parts.push('…');
        break;
      }
      parts.push(t);
      used += t.length + 2;
    }
    return `{${parts.join(', ')}}`;
  }
  if (cell.n === 0) return '{}';
  const parts: string[] = [];
  let used = 2;
  for (const [k, v] of cell.m) {
    const t = `${line(k, budget)}: ${line(v, budget)}`;
    if (used + t.length > budget) break;
    parts.push(t);
    used += t.length + 2;
  }
  return `{${parts.join(', ')}${parts.length < cell.n ? `${parts.length ? ', ' : ''}… ${cell.n} entries` : ''}}`;
}

/** Newlines and tabs as visible marks (a cell is one line), other control and bidi characters escaped. */
function oneLine(text: string): string {
  return visible(text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, '→'));
}

/**
 * Control characters and bidi overrides as `\u202e`-style escapes: data is shown as it is, never as a direction
 * change that reorders the characters around it (a value `abc\u202eRLO` must not read as `abcOLR`).
 */
export function visible(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The tooltip of a cell: the text it carries (long text cut, and how long it is), or what kind of value it is. */
export function cellTitle(cell: Cell, type: string): string {
  if (cell === null) return `NULL (${type})`;
  if (typeof cell === 'string') return cell === '' ? `empty string (${type})` : visible(cell.length > 2000 ? `${cell.slice(0, 2000)}…` : cell);
  if ('s' in cell) return `${visible(cell.s.slice(0, 2000))}… (${cell.n.toLocaleString(LOCALE)} characters; select the cell to read it all)`;
  if ('b' in cell) return `${cell.n.toLocaleString(LOCALE)} bytes (${type})`;
  if ('v' in cell) return `${cell.n} dimensions (${type})`;
  return `${cellLine(cell, 500)}\n${type}`;
}

/** The CSS class of a cell's kind: null and the empty string look different, numbers align right. */
export function cellClass(cell: Cell): string {
  if (cell === null) return 'v-null';
  if (cell === '') return 'v-empty';
  if (typeof cell === 'string') return '';
  if ('s' in cell) return 'v-cut';
  if ('b' in cell) return 'v-binary';
  return 'v-nested';
}
