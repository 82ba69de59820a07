import { DEFAULT_DELIMITER, catalogUriProblem, type ConnectionConfig } from '../connection';
import { kindForStatus, type CatalogErrorKind } from '../errors';
import type { CatalogProtocolDescriptor } from '../protocol';
import { displayLanceIdentifier, splitIdentifier } from './identifier';

/** Lance ErrorResponse codes (spec) that say more than the HTTP status. */
const ERROR_CODES: Record<number, CatalogErrorKind> = {
  1: 'not-found',
  4: 'not-found',
  6: 'not-found',
  8: 'not-found',
  10: 'not-found',
  11: 'not-found',
  12: 'not-found',
  13: 'invalid-input',
  14: 'conflict',
  15: 'forbidden',
  16: 'unauthenticated',
  17: 'unavailable',
  21: 'throttled',
};

function delimiterOf(connection: Pick<ConnectionConfig, 'delimiter'>): string {
  return connection.delimiter || DEFAULT_DELIMITER;
}

/** The Lance REST Namespace protocol (`/v1/<object>/{id}/<action>`, identifiers joined by a delimiter). */
export const lanceRestProtocol = {
  id: 'lance-rest',
  label: 'Lance REST',
  title: 'Lance REST Namespace',
  fields: [
    {
      key: 'uri',
      label: 'URI',
      prompt: 'The Lance REST Namespace server URL',
      placeholder: 'http://127.0.0.1:2333',
      required: true,
      ask: 'step',
      trim: true,
      cli: { flag: '--uri', metavar: 'URL', help: 'catalog URI (or NSB_URI)' },
      validate: catalogUriProblem,
    },
    {
      key: 'delimiter',
      label: 'Identifier delimiter',
      prompt: 'The delimiter of Lance identifiers (the server decides; the reference server uses $)',
      description: 'The character that joins namespace levels in Lance identifiers.',
      default: DEFAULT_DELIMITER,
      ask: 'optional',
      trim: false,
      cli: { flag: '--delimiter', metavar: 'D', help: `Lance identifier delimiter (default ${DEFAULT_DELIMITER})` },
    },
  ],
  identifiers: {
    display: (id, connection) => displayLanceIdentifier(id, delimiterOf(connection)),
    parse: (text, connection) => splitIdentifier(text, delimiterOf(connection)),
  },
  // Every operation of the spec that only reads; Lance sends most reads as POST.
  readOperations: new Set([
    'ListNamespaces',
    'DescribeNamespace',
    'NamespaceExists',
    'ListTables',
    'ListAllTables',
    'DescribeTable',
    'TableExists',
    'ListTableVersions',
    'DescribeTableVersion',
    'GetTableStats',
    'QueryTable',
    'CountTableRows',
    'ExplainTableQueryPlan',
    'ListTableIndices',
    'DescribeTableIndexStats',
    'ListTableTags',
    'GetTableTagVersion',
    'ListTableBranches',
    'DescribeTransaction',
  ]),
  timeTravel: true,
  /** ErrorResponse `code`s name the failure more precisely than a 400 or a 5xx does. */
  readErrorBody(body, status) {
    const code = body['code'];
    if (typeof code !== 'number') return undefined;
    const kind = ERROR_CODES[code];
    const generic = kindForStatus(status);
    return kind && (status === 400 || status >= 500 || generic === 'protocol') ? { kind } : undefined;
  },
  create(connection, transport) {
    // On demand (scripts/onDemand.mjs): the client loads with the first connection, not at activation.
    const { LanceRestClient } = require('./client') as typeof import('./client');
    return new LanceRestClient(connection, transport);
  },
} as const satisfies CatalogProtocolDescriptor<'lance-rest'>;
