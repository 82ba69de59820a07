// The catalog protocols, one line each. Everything that offers or checks a protocol reads this list: openCatalog,
// `nsb --protocol` and its field flags, the connection checks, the tree's labels, the wizard's presets; the
// `package.json` enum of `namespaceBrowser.connections` is kept equal to it by a unit test.
import { CatalogError } from './errors';
import { icebergRestProtocol } from './iceberg/protocol';
import { lanceRestProtocol } from './lance/protocol';
import type { CatalogProtocolDescriptor, ConnectionFieldDescriptor, ProtocolFieldKey } from './protocol';

const DESCRIPTORS = [lanceRestProtocol, icebergRestProtocol] as const;

/** The protocol ids a connection can name. */
export type CatalogProtocol = (typeof DESCRIPTORS)[number]['id'];

export const PROTOCOLS: readonly CatalogProtocolDescriptor<CatalogProtocol>[] = DESCRIPTORS;

/** The protocol of a connection that does not name one (connections made before there were two). */
export const DEFAULT_PROTOCOL: CatalogProtocol = PROTOCOLS[0].id;

export function protocolIds(): CatalogProtocol[] {
  return PROTOCOLS.map((p) => p.id);
}

export function isProtocolId(id: unknown): id is CatalogProtocol {
  return typeof id === 'string' && PROTOCOLS.some((p) => p.id === id);
}

/** The descriptor of a protocol id, if there is one. */
export function protocolOf(id: string): CatalogProtocolDescriptor<CatalogProtocol> | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}

/** The descriptor of a protocol id, or a `config` error that names it and the known ones. */
export function requireProtocol(id: string): CatalogProtocolDescriptor<CatalogProtocol> {
  const p = protocolOf(id);
  if (!p) throw new CatalogError('config', unknownProtocolMessage(id));
  return p;
}

export function unknownProtocolMessage(id: unknown): string {
  return `unknown catalog protocol ${JSON.stringify(id)} (protocols: ${protocolIds().join(', ')})`;
}

/** The protocol's short label for a connection's row; an unknown id as it is. */
export function protocolLabel(id: string): string {
  return protocolOf(id)?.label ?? id;
}

/** Every protocol field (uri, delimiter, warehouse, prefix) with the protocols that read it, in registry order. */
export function protocolFields(): { field: ConnectionFieldDescriptor; protocols: CatalogProtocol[] }[] {
  const out = new Map<ProtocolFieldKey, { field: ConnectionFieldDescriptor; protocols: CatalogProtocol[] }>();
  for (const p of PROTOCOLS) {
    for (const field of p.fields) {
      const known = out.get(field.key);
      if (known) known.protocols.push(p.id);
      else out.set(field.key, { field, protocols: [p.id] });
    }
  }
  return [...out.values()];
}
