// Values as the preview grid receives them: plain, serialisable and exact, each cut to what a cell or the value
// pane shows (the copy commands go back to the values themselves). The webview renders these as text only.
import { floatText, hexText, isVector, scalarText, type ArrowValue, type ValueField, type ValueType } from './values';

/**
 * One value for the grid. A scalar is its exact text; null is `null` (an empty string is `""`, not null). Larger
 * values are cut, and say how large they are: `n` is the whole length (characters, bytes, items or dimensions).
 */
export type Cell =
  | null
  | string
  /** Text longer than the limit: its first characters. */
  | { s: string; n: number }
  /** Binary: hex of its first bytes. */
  | { b: string; n: number }
  /** An embedding (fixed-size list of floats): its first values. */
  | { v: string[]; n: number }
  /** A list: its first items. */
  | { l: Cell[]; n: number }
  /** A struct: its fields, in order. */
  | { f: [string, Cell][] }
  /** A map: its first entries (keys need not be strings, and may repeat). */
  | { m: [Cell, Cell][]; n: number };

/** How much of a value a cell carries. */
export interface CellLimits {
  chars: number;
  bytes: number;
  items: number;
  dims: number;
  /** Nesting levels shown; deeper values are summarised by their size. */
  depth: number;
}

/** What a grid cell carries: enough for the cell and its tooltip. */
export const GRID_LIMITS: CellLimits = { chars: 1000, bytes: 64, items: 20, dims: 8, depth: 4 };
/** What the value pane asks for when a cell is selected: nearly everything a person reads. */
export const DETAIL_LIMITS: CellLimits = { chars: 100_000, bytes: 4096, items: 1000, dims: 4096, depth: 32 };

export function cellOf(field: Pick<ValueField, 'type'>, value: ArrowValue, limits: CellLimits = GRID_LIMITS, depth = 0): Cell {
  if (value === null) return null;
  const t: ValueType = field.type;
  switch (t.kind) {
    case 'utf8': {
      const s = value as string;
      return s.length > limits.chars ? { s: s.slice(0, limits.chars), n: s.length } : s;
    }
    case 'binary': {
      const bytes = value as Uint8Array;
      return { b: hexText(bytes, limits.bytes), n: bytes.length };
    }
    case 'list': {
      const items = value as ArrowValue[];
      if (isVector(t)) {
        const bits = t.item.type.kind === 'float' ? t.item.type.bits : 64;
        return { v: items.slice(0, limits.dims).map((x) => (x === null ? 'NULL' : floatText(x as number, bits))), n: items.length };
      }
      if (depth >= limits.depth) return { l: [], n: items.length };
      return { l: items.slice(0, limits.items).map((x) => cellOf(t.item, x, limits, depth + 1)), n: items.length };
    }
    case 'struct': {
      const values = value as ArrowValue[];
      if (depth >= limits.depth) return { f: [] };
      return { f: t.fields.map((f, i): [string, Cell] => [f.name, cellOf(f, values[i] ?? null, limits, depth + 1)]) };
    }
    case 'map': {
      const entries = value as [ArrowValue, ArrowValue][];
      if (depth >= limits.depth) return { m: [], n: entries.length };
      return {
        m: entries.slice(0, limits.items).map(([k, v]): [Cell, Cell] => [cellOf(t.key, k, limits, depth + 1), cellOf(t.value, v, limits, depth + 1)]),
        n: entries.length,
      };
    }
    case 'union': {
      const u = value as { field: number; value: ArrowValue };
      const f = t.fields[u.field];
      return f ? cellOf(f, u.value, limits, depth) : null;
    }
    default: {
      const text = scalarText(field, value);
      return text.length > limits.chars ? { s: text.slice(0, limits.chars), n: text.length } : text;
    }
  }
}
