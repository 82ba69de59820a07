// Rows as documents: the JSON of `nsb head --json` and of "Copy Row as JSON", and the CSV of `nsb head --csv` and
// "Copy as CSV". One place, so that the CLI and the panel write the same thing.
import type { ArrowRowSet } from './decode';
import { csvField, jsonOf, typeName, type ArrowValue, type JsonValue, type ValueField } from './values';

/** A column as the JSON document describes it. */
export interface ColumnJson {
  name: string;
  /** Arrow's spelling of the type, e.g. `timestamp[us, tz=UTC]`. */
  type: string;
  nullable: boolean;
}

/** `{"columns": [...], "rows": [{...}]}`: what `nsb head --json` prints. */
export interface RowsJson {
  columns: ColumnJson[];
  rows: Record<string, JsonValue>[];
}

/**
 * The keys of a row object: the column names, made unique where Arrow allows two columns of one name (the second
 * `x` is `x (2)`), so that no value is silently dropped by a JSON object.
 */
export function columnKeys(fields: readonly ValueField[]): string[] {
  const used = new Set<string>();
  return fields.map((f) => {
    let key = f.name;
    for (let n = 2; used.has(key); n++) key = `${f.name} (${n})`;
    used.add(key);
    return key;
  });
}

/** One row as a JSON object, keys in column order (a prototype-less object: a column called `__proto__` is data). */
export function rowJson(fields: readonly ValueField[], keys: readonly string[], values: readonly ArrowValue[]): Record<string, JsonValue> {
  const out = Object.create(null) as Record<string, JsonValue>;
  fields.forEach((f, i) => (out[keys[i]!] = jsonOf(f, values[i] ?? null)));
  return out;
}

/**
 * JSON text of row values: as JSON.stringify, except that a negative zero keeps its sign (`-0.0`; JSON.stringify
 * writes `0`, and a reader of `-0` would take it for the integer 0).
 */
export function jsonValueText(value: JsonValue | readonly JsonValue[], indent?: number): string {
  let negativeZero = false;
  const marker = `~-0~${Math.random().toString(36).slice(2)}~`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'number' || !Object.is(v, -0)) return v;
      negativeZero = true;
      return marker;
    },
    indent,
  );
  return negativeZero ? text.split(`"${marker}"`).join('-0.0') : text;
}

export function columnsJson(fields: readonly ValueField[]): ColumnJson[] {
  return fields.map((f) => ({ name: f.name, type: typeName(f), nullable: f.nullable }));
}

/** Rows `from` to `to` (exclusive) of one or more answers read one after another (Load more appends answers). */
export function rowsJson(sets: readonly ArrowRowSet[], fields: readonly ValueField[]): RowsJson {
  const keys = columnKeys(fields);
  const rows: Record<string, JsonValue>[] = [];
  for (const set of sets) for (let i = 0; i < set.length; i++) rows.push(rowJson(fields, keys, set.row(i)));
  return { columns: columnsJson(fields), rows };
}

/** CSV (RFC 4180, CRLF line ends): a header of column names, then one line per row; see `csvField` for values. */
export function rowsCsv(fields: readonly ValueField[], rows: Iterable<readonly ArrowValue[]>): string {
  const header = fields.map((f) => csvField({ type: { kind: 'utf8', variant: 'utf8' } }, f.name));
  const lines = [header.join(',')];
  for (const row of rows) lines.push(fields.map((f, i) => csvField(f, row[i] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
