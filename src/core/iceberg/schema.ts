import type { SchemaField } from '../model';

/**
 * Iceberg schemas (struct of fields with ids, `required`, `doc`) mapped into the shared SchemaField tree.
 * Nested types keep their structure: a list has one child `element`, a map the children `key` and `value`, each
 * with the field id Iceberg gives it (`element-id`, `key-id`, `value-id`). Unknown or malformed types are shown
 * as they came rather than failing the whole table: a new Iceberg type must not hide a table's other columns.
 */

type Json = Record<string, unknown>;

/** The fields of an Iceberg `Schema` (a struct type with `schema-id`). */
export function parseIcebergSchema(schema: unknown): SchemaField[] {
  const o = asObject(schema);
  return Array.isArray(o?.['fields']) ? o['fields'].map(parseStructField) : [];
}

/** One `StructField`: `{id, name, type, required, doc}`. */
export function parseStructField(value: unknown): SchemaField {
  const o = asObject(value) ?? {};
  const field = describeType(o['type']);
  const out: SchemaField = {
    name: typeof o['name'] === 'string' ? o['name'] : '',
    type: field.type,
    nullable: o['required'] !== true,
  };
  if (typeof o['id'] === 'number') out.id = o['id'];
  if (typeof o['doc'] === 'string') out.doc = o['doc'];
  const defaults: Record<string, string> = {};
  if (o['initial-default'] !== undefined) defaults['initial-default'] = JSON.stringify(o['initial-default']);
  if (o['write-default'] !== undefined) defaults['write-default'] = JSON.stringify(o['write-default']);
  if (Object.keys(defaults).length) out.metadata = defaults;
  if (field.children) out.children = field.children;
  return out;
}

/**
 * The display type of an Iceberg type and its children. Primitive types keep Iceberg's spelling (`long`,
 * `decimal(10, 2)`, `fixed[16]`, `timestamptz`), normalised only in spacing so equal types read alike.
 */
export function describeType(type: unknown): { type: string; children?: SchemaField[] } {
  if (typeof type === 'string') return { type: normalisePrimitive(type) };
  const o = asObject(type);
  if (!o) return { type: JSON.stringify(type) ?? 'unknown' };
  switch (o['type']) {
    case 'struct': {
      const children = Array.isArray(o['fields']) ? o['fields'].map(parseStructField) : [];
      return { type: 'struct', children };
    }
    case 'list': {
      const element = nestedField('element', o['element-id'], o['element'], o['element-required']);
      return { type: `list<${element.type}>`, children: [element] };
    }
    case 'map': {
      // Map keys are always required in Iceberg; `key-required` does not exist in the spec.
      const key = nestedField('key', o['key-id'], o['key'], true);
      const value = nestedField('value', o['value-id'], o['value'], o['value-required']);
      return { type: `map<${key.type}, ${value.type}>`, children: [key, value] };
    }
    default:
      return { type: JSON.stringify(type) };
  }
}

function nestedField(name: string, id: unknown, type: unknown, required: unknown): SchemaField {
  const t = describeType(type);
  const out: SchemaField = { name, type: t.type, nullable: required !== true };
  if (typeof id === 'number') out.id = id;
  if (t.children) out.children = t.children;
  return out;
}

/** `decimal(10,2)` → `decimal(10, 2)`, `fixed[ 16 ]` → `fixed[16]`; anything else as given (trimmed). */
export function normalisePrimitive(type: string): string {
  const t = type.trim();
  const decimal = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(t);
  if (decimal) return `decimal(${decimal[1]}, ${decimal[2]})`;
  const fixed = /^fixed\s*\[\s*(\d+)\s*\]$/i.exec(t);
  if (fixed) return `fixed[${fixed[1]}]`;
  return t;
}

/** Field names by id across a schema, nested fields as dotted paths (`address.city`), for partition and sort sources. */
export function fieldNamesById(fields: SchemaField[]): Map<number, string> {
  const names = new Map<number, string>();
  const walk = (list: SchemaField[], prefix: string) => {
    for (const f of list) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      if (f.id !== undefined) names.set(f.id, path);
      if (f.children) walk(f.children, path);
    }
  };
  walk(fields, '');
  return names;
}

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
