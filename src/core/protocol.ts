// What a catalog protocol is, as a descriptor: the twin of an auth provider (auth/provider.ts). Each protocol lives
// in its own folder (src/core/lance, src/core/iceberg) and is one line of the registry (protocols.ts); the CLI,
// the wizard, the connection checks, the tree and openCatalog read these descriptors instead of naming protocols.
import type { CatalogAdapter } from './client';
import type { ConnectionConfig } from './connection';
import type { Identifier } from './model';
import type { ErrorBodyReader } from './transport/errorBody';
import type { Transport } from './transport/transport';

/** The connection fields a protocol may read besides the ones every connection has. */
export type ProtocolFieldKey = 'uri' | 'delimiter' | 'warehouse' | 'prefix';

/** One connection field a protocol reads, described so that the wizard, the CLI and the checks are built from it. */
export interface ConnectionFieldDescriptor {
  key: ProtocolFieldKey;
  /** Short name, e.g. `Warehouse`. */
  label: string;
  /** What to enter, as the wizard asks it. */
  prompt: string;
  /** One line on what it does (the wizard's optional settings, the README). */
  description?: string;
  placeholder?: string;
  /** A connection of this protocol cannot do without it. */
  required?: boolean;
  /** The value in force when the field is not set. */
  default?: string;
  /**
   * Where the wizard asks it: in a step of its own (`step`), or among the optional settings at the end (`optional`).
   * A preset may still derive it from its own answers (S3 Tables' ARN is the warehouse).
   */
  ask: 'step' | 'optional';
  /** Whether surrounding spaces are dropped (a delimiter may be a space; a URI or a prefix never starts with one). */
  trim: boolean;
  /** The `nsb` flag that sets it (`--uri` is common to all). */
  cli: { flag: `--${string}`; metavar: string; help: string };
  /** Undefined when the value (already trimmed if `trim`) is fine; else what to enter instead. Not called for ''. */
  validate?(value: string): string | undefined;
}

/** How a protocol writes identifiers for people: shown in the tree and messages, copied, and read back. */
export interface IdentifierSyntax {
  /** E.g. `sales$emea$orders` (Lance) or `` sales.`emea.eu`.orders `` (Iceberg). */
  display(id: Identifier, connection: ConnectionConfig): string;
  /** The inverse of `display`: `parse(display(id)) ≡ id`. Throws a CatalogError('invalid-input') for bad text. */
  parse(text: string, connection: ConnectionConfig): Identifier;
}

/** What a protocol adapter gets besides its connection and transport. */
export interface ProtocolContext {
  /** Something the user should know that is not an error (e.g. a configuration the client did not follow). */
  warn?(message: string): void;
}

/** A catalog protocol (Lance REST Namespace, Iceberg REST): one descriptor per protocol, one line in protocols.ts. */
export interface CatalogProtocolDescriptor<Id extends string = string> {
  /** The value of a connection's `protocol`. */
  readonly id: Id;
  /** Short, for the tree: `Lance REST`. */
  readonly label: string;
  /** Long, for pickers and help: `Lance REST Namespace`. */
  readonly title: string;
  /** The connection fields it reads besides the common ones, in the order the wizard asks them. */
  readonly fields: readonly ConnectionFieldDescriptor[];
  readonly identifiers: IdentifierSyntax;
  /**
   * Operations that only read, though sent with another method than GET/HEAD (Lance reads are POSTs): the transport
   * retries them when throttled and shares identical ones in flight. Anything else sent by POST is neither.
   */
  readonly readOperations: ReadonlySet<string>;
  /** Tables can be opened at a version or a tag (time travel): the tree offers "Open at Version or Tag…". */
  readonly timeTravel: boolean;
  /**
   * Where the protocol serves no rows (its adapter has no `queryTable`): why, and code that reads them instead, shown
   * in the data preview's place.
   */
  rowsElsewhere?(connection: ConnectionConfig, table: Identifier): { reason: string; snippet?: { language: string; code: string } };
  /** Reads the protocol's own error body (its error model) before the generic reading (errorBody.ts). */
  readonly readErrorBody?: ErrorBodyReader;
  /** The adapter for one connection, over its transport. */
  create(connection: ConnectionConfig, transport: Transport, context: ProtocolContext): CatalogAdapter;
}
