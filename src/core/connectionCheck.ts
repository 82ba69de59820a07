// The checks of a connection written by hand (`nsb --connection FILE`): every field is known, of its type, and read
// by the connection's protocol. The protocol fields and who reads them come from the registry (protocols.ts).
import { CONNECTION_FIELD_TYPES, type ConnectionConfig } from './connection';
import { protocolFields, type CatalogProtocol } from './protocols';
import type { ProtocolFieldKey } from './protocol';

type FieldType = 'string' | 'number' | 'boolean' | 'object';

/** The fields every connection has, with their JSON types; the protocol fields are the registry's. */
const COMMON_FIELDS = Object.fromEntries(
  Object.entries(CONNECTION_FIELD_TYPES)
    .filter(([key]) => !protocolFields().some(({ field }) => field.key === key))
    .map(([key, type]) => [key, type === 'auth' || type === 'map' ? 'object' : type]),
) as Record<Exclude<keyof ConnectionConfig, ProtocolFieldKey>, FieldType>;

/**
 * The problems of a connection written by hand: a field nothing reads, for this protocol or at all, is an error that
 * names it, never silently ignored; so is a field of the wrong type. `extra` are keys the caller reads itself (the
 * CLI's `secrets`).
 */
export function connectionFieldProblems(o: Record<string, unknown>, protocol: CatalogProtocol, extra: readonly string[] = []): string[] {
  const fields = new Map<string, { type: FieldType; protocols?: readonly CatalogProtocol[] }>();
  // In the order a connection is usually written: what it is, where it is, then how to reach it.
  const [identity, rest] = partition(Object.entries(COMMON_FIELDS), ([key]) => key === 'id' || key === 'name' || key === 'protocol');
  for (const [key, type] of identity) fields.set(key, { type });
  for (const { field, protocols } of protocolFields()) fields.set(field.key, { type: 'string', protocols });
  for (const [key, type] of rest) fields.set(key, { type });
  const problems: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (extra.includes(key)) continue;
    const field = fields.get(key);
    if (!field) {
      problems.push(`unknown field "${key}" (fields: ${[...fields.keys(), ...extra].join(', ')})`);
    } else if (value !== undefined && value !== null && (typeof value !== field.type || (field.type === 'object' && Array.isArray(value)))) {
      problems.push(`"${key}" should be ${field.type === 'object' ? 'an object' : `a ${field.type}`}, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    } else if (field.protocols && !field.protocols.includes(protocol)) {
      problems.push(`"${key}" is read only by ${field.protocols.join(', ')} connections, and this one is ${protocol}`);
    }
  }
  const auth = o['auth'];
  if (auth && typeof auth === 'object' && !Array.isArray(auth)) {
    for (const key of Object.keys(auth))
      if (key !== 'type' && key !== 'settings') problems.push(`unknown field "auth.${key}" (fields: auth.type, auth.settings)`);
  }
  return problems;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}
