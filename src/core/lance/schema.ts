import { CatalogError } from '../errors';
import type { SchemaField } from '../model';

/** Deeper than this is not a schema but an attack or a bug; stop with a protocol error instead of a stack overflow. */
const MAX_DEPTH = 1000;

/**
 * Turn a Lance JSON Arrow schema (`{fields: [{name, nullable, type: {type, fields?, length?}, metadata?}], metadata?}`)
 * into a field tree. Nested types keep their children; decimals decode Lance's `precision * 1000 + scale`.
 * Unknown type names are shown as they are, never rejected: a newer server may know more types than we do.
 */
export function parseArrowSchema(schema: unknown): { fields: SchemaField[]; metadata?: Record<string, string> } {
  if (schema === undefined || schema === null) return { fields: [] };
  if (typeof schema !== 'object' || Array.isArray(schema)) throw bad('schema is not an object');
  const o = schema as Record<string, unknown>;
  if (!Array.isArray(o['fields'])) throw bad('schema has no "fields" list');
  return { fields: o['fields'].map((f, i) => parseField(f, `fields[${i}]`, 0)), metadata: stringMap(o['metadata']) };
}

function parseField(value: unknown, where: string, depth: number): SchemaField {
  if (depth > MAX_DEPTH) throw bad(`schema is nested more than ${MAX_DEPTH} levels deep`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad(`${where} is not a field object`);
  const f = value as Record<string, unknown>;
  const name = typeof f['name'] === 'string' ? f['name'] : String(f['name'] ?? '');
  const { type, children } = parseType(f['type'], `${where}.type`, depth + 1);
  const field: SchemaField = { name, type, nullable: f['nullable'] !== false };
  const metadata = stringMap(f['metadata']);
  if (metadata) field.metadata = metadata;
  if (children) field.children = children;
  return field;
}

function parseType(value: unknown, where: string, depth: number): { type: string; children?: SchemaField[] } {
  if (typeof value === 'string') return { type: value };
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad(`${where} is not a type object`);
  const t = value as Record<string, unknown>;
  const name = typeof t['type'] === 'string' ? t['type'].toLowerCase() : '';
  if (!name) throw bad(`${where} has no type name`);
  const length = typeof t['length'] === 'number' && Number.isFinite(t['length']) ? t['length'] : undefined;
  const rawFields = Array.isArray(t['fields']) ? t['fields'] : undefined;
  const children = rawFields?.map((c, i) => parseField(c, `${where}.fields[${i}]`, depth + 1));
  const first = children?.[0];
  switch (name) {
    case 'list':
    case 'large_list':
      return { type: `${name}<${first?.type ?? '?'}>`, children };
    case 'fixed_size_list':
      return { type: `fixed_size_list<${first?.type ?? '?'}>[${length ?? '?'}]`, children };
    case 'map': {
      // The single child is the entries struct {key, value}.
      const entries = first?.children;
      const key = entries?.[0]?.type ?? '?';
      const val = entries?.[1]?.type ?? '?';
      return { type: `map<${key}, ${val}>`, children };
    }
    case 'struct':
      return { type: 'struct', children: children ?? [] };
    case 'dictionary':
      return { type: `dictionary<${first?.type ?? '?'}>`, children };
    case 'decimal32':
    case 'decimal64':
    case 'decimal128':
    case 'decimal256': {
      if (length === undefined) return { type: name };
      const precision = Math.floor((length + 128) / 1000);
      const scale = length - precision * 1000;
      return { type: `${name}(${precision}, ${scale})` };
    }
    case 'fixed_size_binary':
      return { type: `fixed_size_binary[${length ?? '?'}]` };
    case 'bool':
    case 'boolean':
      return { type: 'bool' };
    default:
      return children && children.length ? { type: name, children } : { type: name };
  }
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return Object.keys(out).length ? out : undefined;
}

function bad(message: string): CatalogError {
  return new CatalogError('protocol', `the table schema in the server's answer is malformed: ${message}`);
}
