import { catalogUriProblem } from '../connection';
import type { CatalogProtocolDescriptor } from '../protocol';
import { readIcebergErrorBody } from './errorModel';
import { displayIcebergIdentifier, parseIcebergIdentifier } from './identifier';
import { icebergRowsElsewhere } from './rowsElsewhere';

/** The Apache Iceberg REST catalog protocol (`GET /v1/config`, then `/v1/{prefix}/namespaces/…`). */
export const icebergRestProtocol = {
  id: 'iceberg-rest',
  label: 'Iceberg REST',
  title: 'Apache Iceberg REST catalog',
  fields: [
    {
      key: 'uri',
      label: 'URI',
      prompt: 'The Iceberg REST catalog URL (the prefix before /v1/config)',
      placeholder: 'https://catalog.example.com/iceberg',
      required: true,
      ask: 'step',
      trim: true,
      cli: { flag: '--uri', metavar: 'URL', help: 'catalog URI (or NSB_URI)' },
      validate: catalogUriProblem,
    },
    {
      key: 'warehouse',
      label: 'Warehouse',
      prompt: 'Warehouse (optional: press Enter to let the catalog choose its default)',
      description: 'Sent as warehouse= to GET /v1/config; the catalog picks its default when it is not set.',
      placeholder: 's3://bucket/warehouse or a catalog name',
      ask: 'step',
      trim: true,
      cli: { flag: '--warehouse', metavar: 'W', help: 'Iceberg warehouse' },
    },
    {
      key: 'prefix',
      label: 'Catalog prefix',
      prompt: "The catalog prefix, e.g. a Nessie branch (optional: leave empty to use the server's)",
      description: "The path prefix after /v1/, e.g. a Nessie branch (main, dev). The server's defaults give way to it; its overrides win.",
      placeholder: 'main',
      ask: 'optional',
      trim: true,
      cli: { flag: '--prefix', metavar: 'P', help: 'Iceberg path prefix, e.g. a Nessie branch (server defaults < this < server overrides)' },
      validate: (value) => (value.replace(/^\/+|\/+$/g, '') === '' ? "A prefix cannot be only slashes; leave it empty for the server's." : undefined),
    },
  ],
  identifiers: {
    display: (id) => displayIcebergIdentifier(id),
    parse: (text) => parseIcebergIdentifier(text),
  },
  // Every Iceberg read is a GET or a HEAD.
  readOperations: new Set<string>(),
  // Snapshots are listed, but a table is not opened at one: its metadata is always the current.
  timeTravel: false,
  rowsElsewhere: icebergRowsElsewhere,
  readErrorBody: readIcebergErrorBody,
  create(connection, transport, context) {
    // On demand (scripts/onDemand.mjs): the client loads with the first connection, not at activation.
    const { IcebergRestClient } = require('./client') as typeof import('./client');
    return new IcebergRestClient(connection, transport, context);
  },
} as const satisfies CatalogProtocolDescriptor<'iceberg-rest'>;
