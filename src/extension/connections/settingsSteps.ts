// Pure logic of the connection wizard (no `vscode` import): which auth settings to ask and in what order, the
// presets, the AWS profiles on this machine, and how answers become a connection. Unit-tested in test/unit.
import { applies, isSecret, type SettingAnswers } from '../../core/auth/descriptors';
import { CREDENTIAL_HEADER_ADVICE, jsonCredentialNames } from '../../core/auth/common/headers';
import type { AuthSettingDescriptor } from '../../core/auth/provider';
import { catalogUriProblem, type CatalogProtocol, type ConnectionConfig } from '../../core/connection';
import { isLoopbackHost } from '../../core/credentialUse';
import { errorMessage } from '../../core/errors';

/** Where the wizard asks a setting: in its own step, or from the "Optional settings" pick at the end. */
export interface SettingsPlan {
  /** Asked one by one, in descriptor order. */
  steps: AuthSettingDescriptor[];
  /** Settings nobody has to set; offered together in one pick so the common path stays short. */
  optional: AuthSettingDescriptor[];
}

/**
 * Which settings to ask, honouring `when` against the answers so far (call again after each answer: a choice can
 * bring settings in or take them out). Required settings, choices (enum, boolean, unless defaulting to "none"),
 * secrets and settings that only apply because of an earlier choice get their own step; the remaining optional
 * settings are offered in one "Optional settings" pick.
 */
export function settingsSteps(descriptors: readonly AuthSettingDescriptor[], answers: SettingAnswers): SettingsPlan {
  const steps: AuthSettingDescriptor[] = [];
  const optional: AuthSettingDescriptor[] = [];
  for (const d of descriptors) {
    if (!applies(d, descriptors, answers)) continue;
    // A choice that defaults to "none" is an opt-in extra (sigv4 `delegate`), not a choice everyone must make.
    const isChoice = (d.kind === 'enum' || d.kind === 'boolean') && d.default !== 'none';
    if (d.required || isChoice || d.when || isSecret(d)) steps.push(d);
    else optional.push(d);
  }
  return { steps, optional };
}

/** Check one answer; undefined when fine, else a message that says what to type. */
export function validateSetting(d: AuthSettingDescriptor, value: string, options: { hasStoredSecret?: boolean } = {}): string | undefined {
  const v = value.trim();
  if (v === '') {
    if (isSecret(d) && options.hasStoredSecret) return undefined;
    if (d.required && d.default === undefined) return `${d.label} is required.`;
    return undefined;
  }
  if (d.kind === 'number' && !Number.isFinite(Number(v))) return `${d.label} must be a number, e.g. ${d.default ?? '30'}.`;
  if (d.kind === 'json') {
    try {
      JSON.parse(v);
    } catch (e) {
      return `${d.label} is not valid JSON (${errorMessage(e)}). Example: ${d.placeholder ?? '{"key": "value"}'}`;
    }
    // A setting that is not secret is kept in plain state: a credential in it would be too.
    const names = isSecret(d) ? [] : jsonCredentialNames(d.kind, v);
    if (names.length) return `${names.map((n) => `"${n}"`).join(', ')} would be kept in plain settings: ${CREDENTIAL_HEADER_ADVICE}.`;
  }
  return undefined;
}

/** Check a catalog URI; undefined when it is an http(s) URL without credentials (the core's one check of a URI). */
export const validateUri = catalogUriProblem;

/**
 * A caution for a URI that is fine but risky: plain http:// to another machine, where whatever auth is chosen next
 * (a token, a key, a signature) would travel unencrypted. Undefined for https:// and for this machine.
 */
export function uriWarning(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return `Plain http:// to ${url.host}: a token, API key or signature chosen in the next steps would travel unencrypted. Use https:// unless the catalog needs no credentials.`;
}

/** A starting point of the wizard. */
export type PresetId = 'lance' | 'iceberg' | 's3tables' | 'glue' | 'biglake';

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  protocol: CatalogProtocol;
  /** The auth provider preselected in the provider step. */
  auth: string;
}

export const PRESETS: readonly Preset[] = [
  { id: 'lance', label: 'Lance REST Namespace', description: 'A Lance namespace server (e.g. the reference RestAdapter)', protocol: 'lance-rest', auth: 'none' },
  { id: 'iceberg', label: 'Generic Iceberg REST', description: 'Any Apache Iceberg REST catalog (Polaris, Nessie, Lakekeeper, Unity…)', protocol: 'iceberg-rest', auth: 'oauth2' },
  { id: 's3tables', label: 'AWS S3 Tables (Iceberg)', description: 'The S3 Tables Iceberg REST endpoint, signed with SigV4', protocol: 'iceberg-rest', auth: 'sigv4' },
  { id: 'glue', label: 'AWS Glue (Iceberg)', description: 'The Glue Data Catalog Iceberg REST endpoint, signed with SigV4', protocol: 'iceberg-rest', auth: 'sigv4' },
  { id: 'biglake', label: 'Google BigLake (Iceberg)', description: 'The BigLake Iceberg REST catalog with Google credentials', protocol: 'iceberg-rest', auth: 'google' },
];

/** Which preset an existing connection looks like (for Edit). */
export function presetOf(c: Pick<ConnectionConfig, 'protocol' | 'uri'>): PresetId {
  if (c.protocol === 'lance-rest') return 'lance';
  if (/^https:\/\/s3tables\.[a-z0-9-]+\.amazonaws\.com\/iceberg\/?$/.test(c.uri)) return 's3tables';
  if (/^https:\/\/glue\.[a-z0-9-]+\.amazonaws\.com\/iceberg\/?$/.test(c.uri)) return 'glue';
  if (c.uri.startsWith('https://biglake.googleapis.com/iceberg/')) return 'biglake';
  return 'iceberg';
}

export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const S3_TABLES_ARN = /^arn:aws[a-z-]*:s3tables:[a-z0-9-]+:\d{12}:bucket\/[a-z0-9.-]+$/;
export const AWS_ACCOUNT = /^\d{12}$/;
export const BIGLAKE_WAREHOUSE = /^(gs:\/\/[a-z0-9._-]+\/?.*|bl:\/\/projects\/[^/]+\/catalogs\/[^/]+)$/;

export function validateRegion(v: string): string | undefined {
  return AWS_REGION.test(v.trim()) ? undefined : `"${v.trim()}" is not an AWS region; use a code such as us-east-1 or eu-west-2.`;
}

/** The URI, warehouse and auth settings a cloud preset derives from its few answers. */
export function presetEndpoint(preset: PresetId, a: { region?: string; arn?: string; account?: string; project?: string; warehouse?: string }): { uri: string; warehouse: string; auth: Record<string, string> } | undefined {
  switch (preset) {
    case 's3tables':
      return { uri: `https://s3tables.${a.region}.amazonaws.com/iceberg`, warehouse: a.arn ?? '', auth: { region: a.region ?? '', service: 's3tables' } };
    case 'glue':
      return { uri: `https://glue.${a.region}.amazonaws.com/iceberg`, warehouse: a.account ?? '', auth: { region: a.region ?? '', service: 'glue' } };
    case 'biglake':
      return { uri: 'https://biglake.googleapis.com/iceberg/v1/restcatalog', warehouse: a.warehouse ?? '', auth: { quotaProject: a.project ?? '' } };
    default:
      return undefined;
  }
}

/** Profile names in the text of an AWS config file (`[default]`, `[profile x]`) and credentials file (`[x]`). */
export function parseAwsProfiles(configText: string | undefined, credentialsText: string | undefined): string[] {
  const names: string[] = [];
  const add = (n: string) => {
    if (n && !names.includes(n)) names.push(n);
  };
  for (const m of (configText ?? '').matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*$/gm)) {
    const section = m[1]!;
    if (section === 'default') add('default');
    else if (/^profile\s+/.test(section)) add(section.replace(/^profile\s+/, '').trim());
    // Other sections (sso-session x, services x) are not profiles.
  }
  for (const m of (credentialsText ?? '').matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*$/gm)) add(m[1]!);
  return names;
}

/** A connection id from its name: readable, unique among `taken`. */
export function connectionId(name: string, taken: ReadonlySet<string>, random: () => string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'connection';
  let id = slug;
  while (taken.has(id)) id = `${slug}-${random()}`;
  return id;
}
