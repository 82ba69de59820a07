import { CatalogError } from './errors';

/** Defensive readers for server JSON: a wrong shape becomes a protocol error naming the operation, never a TypeError. */

export function expectObject(value: unknown, operation: string, recordId?: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new CatalogError('protocol', `${operation}: expected a JSON object from the server, got ${describe(value)}`, { recordId });
  }
  return value as Record<string, unknown>;
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

export function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A string map from a JSON object; non-string values are shown as JSON. */
export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** A page token: absent, null or "" means the last page. */
export function pageToken(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a string' : typeof value;
}
