// The wizard's starting points, as data. A preset names a protocol and the auth provider it starts with, the fields
// it asks after the connection's name, how its answers become the connection (`derive`) and how an existing
// connection is recognised as one of its own (`recognise`, for Edit). Adding a preset is one entry of PRESETS; a
// protocol without an entry gets a generic one from its descriptor. No `vscode` import.
import type { ConnectionConfig } from '../../core/connection';
import type { ProtocolFieldKey } from '../../core/protocol';
import { PROTOCOLS, type CatalogProtocol } from '../../core/protocols';
import { askedFields, type WizardField } from './fields';

/** Answers to a preset's fields, by field key. */
export type FieldAnswers = Readonly<Record<string, string | undefined>>;

/** What a preset's answers make: connection fields, and auth settings offered as answers in the provider's steps. */
export interface DerivedConnection {
  fields: Partial<Record<ProtocolFieldKey, string>>;
  auth: Record<string, string>;
}

/** A preset as written in PRESETS: what it leaves out, its protocol supplies. */
export interface PresetEntry {
  id: string;
  label: string;
  description: string;
  protocol: CatalogProtocol;
  /** The auth provider preselected in the provider step. */
  auth: string;
  /** Asked after the name, in order. Default: the protocol's fields asked in a step (a URI, an Iceberg warehouse). */
  fields?: readonly WizardField[];
  /** The connection fields and auth settings from the answers. Default: each answer is the field of its key. */
  derive?(answers: FieldAnswers): DerivedConnection;
  /**
   * The answers that made `connection`, or undefined when this preset did not make it. Default: any connection of
   * the protocol (presets with their own `recognise` are asked first).
   */
  recognise?(connection: ConnectionConfig): Record<string, string> | undefined;
}

/** A preset with its protocol's defaults filled in. */
export type Preset = Required<PresetEntry>;

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const region: WizardField = {
  key: 'region',
  label: 'Region',
  prompt: 'AWS region of the catalog',
  placeholder: 'us-east-1',
  required: true,
  trim: true,
  validate: (v) => (AWS_REGION.test(v) ? undefined : `"${v}" is not an AWS region; use a code such as us-east-1 or eu-west-2.`),
};

/** The region of an AWS Iceberg endpoint of `service` (`https://glue.eu-west-1.amazonaws.com/iceberg`), if it is one. */
function awsEndpointRegion(service: string, uri: string): string | undefined {
  return new RegExp(`^https://${service}\\.([a-z0-9-]+)\\.amazonaws\\.com/iceberg/?$`).exec(uri)?.[1];
}

const BIGLAKE_URI = 'https://biglake.googleapis.com/iceberg/v1/restcatalog';

export const PRESETS: readonly PresetEntry[] = [
  {
    id: 'lance',
    label: 'Lance REST Namespace',
    description: 'A Lance namespace server (e.g. the reference RestAdapter)',
    protocol: 'lance-rest',
    auth: 'none',
  },
  {
    id: 'iceberg',
    label: 'Generic Iceberg REST',
    description: 'Any Apache Iceberg REST catalog (Polaris, Nessie, Lakekeeper, Unity…)',
    protocol: 'iceberg-rest',
    auth: 'oauth2',
  },
  {
    id: 's3tables',
    label: 'AWS S3 Tables (Iceberg)',
    description: 'The S3 Tables Iceberg REST endpoint, signed with SigV4',
    protocol: 'iceberg-rest',
    auth: 'sigv4',
    fields: [
      region,
      {
        key: 'arn',
        label: 'Table bucket ARN',
        prompt: 'Table bucket ARN (used as the warehouse)',
        placeholder: 'arn:aws:s3tables:us-east-1:123456789012:bucket/my-table-bucket',
        required: true,
        trim: true,
        validate: (v) =>
          /^arn:aws[a-z-]*:s3tables:[a-z0-9-]+:\d{12}:bucket\/[a-z0-9.-]+$/.test(v)
            ? undefined
            : 'Enter the table bucket ARN: arn:aws:s3tables:REGION:ACCOUNT:bucket/NAME (S3 console → Table buckets → Copy ARN).',
      },
    ],
    derive: (a) => ({
      fields: { uri: `https://s3tables.${a['region']}.amazonaws.com/iceberg`, warehouse: a['arn'] ?? '' },
      auth: { region: a['region'] ?? '', service: 's3tables' },
    }),
    recognise: (c) => {
      const r = awsEndpointRegion('s3tables', c.uri);
      return r === undefined ? undefined : { region: r, arn: c.warehouse ?? '' };
    },
  },
  {
    id: 'glue',
    label: 'AWS Glue (Iceberg)',
    description: 'The Glue Data Catalog Iceberg REST endpoint, signed with SigV4',
    protocol: 'iceberg-rest',
    auth: 'sigv4',
    fields: [
      region,
      {
        key: 'account',
        label: 'Account ID',
        prompt: 'AWS account ID of the Glue Data Catalog (used as the warehouse)',
        placeholder: '123456789012',
        required: true,
        trim: true,
        validate: (v) => (/^\d{12}$/.test(v) ? undefined : 'Enter the 12-digit AWS account ID (aws sts get-caller-identity shows it).'),
      },
    ],
    derive: (a) => ({
      fields: { uri: `https://glue.${a['region']}.amazonaws.com/iceberg`, warehouse: a['account'] ?? '' },
      auth: { region: a['region'] ?? '', service: 'glue' },
    }),
    recognise: (c) => {
      const r = awsEndpointRegion('glue', c.uri);
      return r === undefined ? undefined : { region: r, account: c.warehouse ?? '' };
    },
  },
  {
    id: 'biglake',
    label: 'Google BigLake (Iceberg)',
    description: 'The BigLake Iceberg REST catalog with Google credentials',
    protocol: 'iceberg-rest',
    auth: 'google',
    fields: [
      {
        key: 'project',
        label: 'Project',
        prompt: 'Google Cloud project ID (billed for the requests: sent as the quota project)',
        placeholder: 'my-project',
        required: true,
        trim: true,
        validate: (v) =>
          /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v)
            ? undefined
            : 'Enter a project ID (6-30 lowercase letters, digits, hyphens), not the project name or number.',
      },
      {
        key: 'warehouse',
        label: 'Warehouse',
        prompt: 'Warehouse: a bucket (gs://bucket) or a BigLake catalog (bl://projects/PROJECT/catalogs/CATALOG)',
        placeholder: 'gs://my-bucket',
        required: true,
        trim: true,
        validate: (v) =>
          /^(gs:\/\/[a-z0-9._-]+\/?.*|bl:\/\/projects\/[^/]+\/catalogs\/[^/]+)$/.test(v)
            ? undefined
            : 'Use gs://BUCKET or bl://projects/PROJECT/catalogs/CATALOG.',
      },
    ],
    derive: (a) => ({ fields: { uri: BIGLAKE_URI, warehouse: a['warehouse'] ?? '' }, auth: { quotaProject: a['project'] ?? '' } }),
    recognise: (c) =>
      c.uri.startsWith('https://biglake.googleapis.com/iceberg/')
        ? { project: c.auth.settings?.['quotaProject'] ?? '', warehouse: c.warehouse ?? '' }
        : undefined,
  },
];

/** Every preset, in the order the wizard offers them: the entries, then a generic one for each protocol without one. */
export function presets(entries: readonly PresetEntry[] = PRESETS): Preset[] {
  return withGeneric(entries).map(complete);
}

function withGeneric(entries: readonly PresetEntry[]): PresetEntry[] {
  const generic = PROTOCOLS.filter((p) => !entries.some((e) => e.protocol === p.id)).map((p): PresetEntry => ({
    id: p.id,
    label: p.title,
    description: `A ${p.title} server`,
    protocol: p.id,
    auth: 'none',
  }));
  return [...entries, ...generic];
}

function complete(entry: PresetEntry): Preset {
  const fields = entry.fields ?? askedFields(entry.protocol, 'step');
  return {
    ...entry,
    fields,
    derive: entry.derive ?? ((a) => ({ fields: Object.fromEntries(fields.map((f) => [f.key, a[f.key] ?? ''])), auth: {} })),
    recognise: entry.recognise ?? ((c) => (c.protocol === entry.protocol ? {} : undefined)),
  };
}

/** The preset of this id; the first preset when there is none (a state from an older wizard). */
export function presetById(id: string): Preset {
  const all = presets();
  return all.find((p) => p.id === id) ?? all[0]!;
}

/**
 * Which preset made an existing connection, and its answers to that preset's own fields (for Edit): the first entry
 * with a `recognise` of its own that knows the connection, else the first preset of its protocol.
 */
export function presetOf(connection: ConnectionConfig, entries: readonly PresetEntry[] = PRESETS): { preset: Preset; answers: Record<string, string> } {
  const all = withGeneric(entries);
  const entry = all.find((e) => e.recognise?.(connection)) ?? all.find((e) => e.protocol === connection.protocol) ?? all[0]!;
  const preset = complete(entry);
  return { preset, answers: preset.recognise(connection) ?? {} };
}
