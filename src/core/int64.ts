/**
 * int64 values (Iceberg snapshot ids, Lance versions, sizes) travel exactly. `JSON.parse` rounds an integer beyond
 * 2^53 (8735294938485749321 becomes 8735294938485750000, which names no snapshot), and random 63-bit snapshot ids
 * are almost always beyond it. So answers are parsed with `parseJsonExact`, which keeps such integers as their
 * decimal text; ids in the model are BigInts; `stringifyJson` writes a BigInt as a JSON number with its exact digits.
 */

/** Digits enough to exceed Number.MAX_SAFE_INTEGER (16 digits); answers without such a run parse as usual. */
const LONG_DIGIT_RUN = 16;
const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** `JSON.parse`, except that integers beyond ±(2^53 − 1) become strings holding their exact digits. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(hasDigitRun(text, LONG_DIGIT_RUN) ? quoteUnsafeIntegers(text) : text);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether the text holds `run` consecutive digits. Every such run covers one of the positions run−1, 2·run−1, …, so
 * only those are looked at, and around a digit found there the run is measured: about length/run character reads
 * for a page of table names, where `/\d{16}/` tries a match at every digit (names full of digits made that test
 * cost more than JSON.parse of the page).
 */
export function hasDigitRun(text: string, run: number): boolean {
  const n = text.length;
  for (let p = run - 1; p < n; p += run) {
    if (!isDigit(text.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && end - start < run && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= run) return true;
  }
  return false;
}

function isUnsafeInteger(token: string): boolean {
  const digits = token.charCodeAt(0) === 45 ? token.slice(1) : token;
  if (!/^\d+$/.test(digits)) return false; // a fraction or exponent is a double anyway
  const significant = digits.replace(/^0+(?=\d)/, '');
  return significant.length > MAX_SAFE.length || (significant.length === MAX_SAFE.length && significant > MAX_SAFE);
}

/** One pass over the text: skips strings, wraps unsafe integer tokens in quotes. Invalid JSON stays invalid. */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else {
          i++;
          if (d === 34) break;
        }
      }
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i++;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
      }
      const token = text.slice(start, i);
      if (i - start >= 16 && isUnsafeInteger(token)) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = i;
      }
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A prefix no real string carries (random per call). */
function uniqueMarker(): string {
  return `~int64~${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}~`;
}

/** `"<marker>123"` → `123` in JSON text. */
function unquoteMarked(text: string, marker: string): string {
  const quoted = JSON.stringify(marker).slice(1, -1);
  return text
    .split(`"${quoted}`)
    .map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, '$1')))
    .join('');
}

/** An int64 from an answer: a whole number, or the decimal text `parseJsonExact` (or a server) gave. */
export function int64(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) return BigInt(value.trim());
  return undefined;
}

/**
 * `JSON.stringify` that writes a BigInt as a JSON number with its exact digits (plain `JSON.stringify` throws on
 * one). Each BigInt is first written as a string carrying a marker unique to this call, then unquoted.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  const marker = uniqueMarker();
  let found = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      found = true;
      return `${marker}${v.toString()}`;
    },
    indent,
  );
  return found ? unquoteMarked(text, marker) : text;
}

/** The same value with every BigInt as its decimal text: for channels that carry plain JSON (webview messages). */
export type Int64AsText<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Int64AsText<U>[]
    : T extends object
      ? { [K in keyof T]: Int64AsText<T[K]> }
      : T;

export function int64AsText<T>(value: T): Int64AsText<T> {
  return convert(value) as Int64AsText<T>;
}

function convert(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(convert);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') Object.defineProperty(out, k, { value: convert(v), enumerable: true, writable: true, configurable: true });
      else out[k] = convert(v);
    }
    return out;
  }
  return value;
}
