import { CatalogError } from './errors';

/** Defensive readers for server JSON: a wrong shape becomes a protocol error naming the operation, never a TypeError. */

export function expectObject(value: unknown, operation: string, recordId?: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new CatalogError('protocol', `${operation}: expected a JSON object from the server, got ${describe(value)}`, { recordId });
  }
  return value as Record<string, unknown>;
}

/** A list the spec requires: absent is as wrong as a wrong type (an empty page must still say `[]`). */
export function requiredStringArray(value: unknown, field: string, operation: string, recordId?: string): string[] {
  if (value === undefined || value === null) {
    throw new CatalogError('protocol', `${operation}: the server's answer has no "${field}" list`, { recordId });
  }
  return expectStringArray(value, field, operation, recordId);
}

export function expectStringArray(value: unknown, field: string, operation: string, recordId?: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new CatalogError('protocol', `${operation}: "${field}" should be a list, got ${describe(value)}`, { recordId });
  }
  return value.map((v, i) => {
    if (typeof v !== 'string') {
      throw new CatalogError('protocol', `${operation}: "${field}[${i}]" should be a string, got ${describe(v)}`, { recordId });
    }
    return v;
  });
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A number, from a number or numeric text; whole numbers beyond 2^53 give undefined (callers keep their exact text). */
export function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  return Number.isInteger(n) && !Number.isSafeInteger(n) && /^\s*[-+]?\d+\s*$/.test(value) ? undefined : n;
}

/** A string map from a JSON object; non-string values are shown as JSON. */
export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) setOwn(out, k, typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

/** Set a key from the server as data, even `__proto__` (plain assignment would change the prototype or drop it). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Any JSON value as text: strings as they are, everything else as JSON (never `String(x)`, which a `toString` key breaks). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** Milliseconds since the epoch as ISO text; undefined when outside the dates JavaScript can represent. */
export function isoTime(millis: number | undefined): string | undefined {
  if (millis === undefined) return undefined;
  const d = new Date(millis);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A page token: absent, null or "" means the last page; a number is taken as text; anything else is a protocol error. */
export function pageToken(value: unknown, operation = 'the listing', recordId?: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new CatalogError('protocol', `${operation}: the page token should be a string, got ${describe(value)}`, { recordId });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : typeof value;
}
