// What the connection wizard knows and the steps it takes, without the UI (wizard.ts draws them): its state, the
// steps in order as the answers so far make them (numbered by position, never by hand), and how the answers become
// a connection and its secrets. No `vscode` import; unit-tested in test/unit.
import { applies, currentValue, isSecret, splitAnswers } from '../../core/auth/descriptors';
import type { AuthSettingDescriptor } from '../../core/auth/provider';
import type { ConnectionConfig, ConnectionSecrets } from '../../core/connection';
import { CLIENT_KEY_PASSPHRASE } from '../../core/transport/network';
import { protocolFields, requireProtocol } from '../../core/protocols';
import { askedFields } from './fields';
import { presetById, presetOf, presets } from './presets';
import { planSettings } from './settingsPlan';

/** Everything the wizard has been told so far. Secrets that are already stored are never loaded into it. */
export interface WizardState {
  /** Set when editing: the connection being changed. */
  id?: string;
  /** The preset's id (presets.ts). */
  preset: string;
  name: string;
  /**
   * Answers to the preset's fields and to the protocol's connection fields, by key (`uri`, `warehouse`, `prefix`,
   * `delimiter`, `region`…). Kept across a change of preset, so going back and forth loses nothing typed.
   */
  fields: Record<string, string>;
  authType: string;
  /** Auth setting answers by key, secrets included (in memory only, until saved to SecretStorage). */
  auth: Record<string, string>;
  /** Secret settings that already have a stored value: left empty, they stay as they are. */
  storedSecrets: Set<string>;
  /** Connection fields the wizard does not ask about, kept on edit (timeouts, headers). */
  rest: Partial<ConnectionConfig>;
  /** The Network step's answers by key (NETWORK_SETTINGS): CA bundle, client certificate and key, its passphrase, insecure TLS. */
  network: Record<string, string>;
}

/** The Network step: how this connection trusts and proves itself in TLS. Paths are on the machine the extension runs on. */
export const NETWORK_SETTINGS: readonly AuthSettingDescriptor[] = [
  {
    key: 'caFile',
    label: 'CA bundle',
    kind: 'file',
    description: "A PEM file of CAs trusted besides Node's roots and this machine's trust store (e.g. a TLS-inspecting proxy's CA).",
  },
  {
    key: 'clientCertFile',
    label: 'Client certificate',
    kind: 'file',
    description: 'Mutual TLS: the PEM client certificate shown to a server that asks for one.',
  },
  { key: 'clientKeyFile', label: 'Client key', kind: 'file', description: 'Mutual TLS: the PEM private key of the client certificate.' },
  { key: CLIENT_KEY_PASSPHRASE, label: 'Client key passphrase', kind: 'secret', secret: true, description: 'The passphrase of an encrypted client key.' },
  {
    key: 'allowInsecureTls',
    label: 'Allow insecure TLS',
    kind: 'boolean',
    default: 'false',
    description: "Do not check the server's certificate (warned on every request). Prefer a CA bundle.",
  },
];
const NETWORK_FIELDS = ['caFile', 'clientCertFile', 'clientKeyFile', 'allowInsecureTls'] as const;

export function emptyState(): WizardState {
  const first = presets()[0]!;
  return { preset: first.id, name: '', fields: {}, authType: first.auth, auth: {}, storedSecrets: new Set(), rest: {}, network: {} };
}

/** Keys of a connection the wizard asks about or that are not the connection's own (a listed connection's source). */
const NOT_REST = new Set(['id', 'name', 'protocol', 'auth', 'source', 'scope', 'unusable', ...NETWORK_FIELDS, ...protocolFields().map((f) => f.field.key)]);

/** The wizard's state for editing `c`, whose stored secret keys are `secretKeys`. */
export function stateFor(c: ConnectionConfig, secretKeys: readonly string[]): WizardState {
  const { preset, answers } = presetOf(c);
  const fields: Record<string, string> = {};
  for (const { field } of protocolFields()) {
    const value = c[field.key];
    if (value) fields[field.key] = value;
  }
  Object.assign(fields, answers);
  const rest = Object.fromEntries(Object.entries(c).filter(([k]) => !NOT_REST.has(k))) as Partial<ConnectionConfig>;
  const network: Record<string, string> = {};
  for (const k of NETWORK_FIELDS) if (c[k] !== undefined && c[k] !== '') network[k] = String(c[k]);
  return {
    id: c.id,
    preset: preset.id,
    name: c.name,
    fields,
    authType: c.auth.type,
    auth: { ...(c.auth.settings ?? {}) },
    storedSecrets: new Set(secretKeys),
    rest,
    network,
  };
}

/** A step of the wizard: `field:<key>` asks a preset's field, `setting:<key>` an auth setting. */
export type StepId = 'preset' | 'name' | `field:${string}` | 'provider' | `setting:${string}` | 'optional';

/** A step as "Fix a Step…" lists it: what it asks and what it holds now (a secret only says whether it is set). */
export interface PlannedStep {
  id: StepId;
  label: string;
  value: string;
}

const NOT_SET = 'not set';

/**
 * The steps of the wizard in order, as the answers so far make them: the preset, the name, the preset's fields, the
 * auth provider, its settings that get a step of their own, then the optional settings. A step's number is its
 * position here, and the total is the length: a choice that brings settings in or takes them out renumbers them.
 */
export function planWizard(state: WizardState, descriptors: readonly AuthSettingDescriptor[], providerLabel: string): PlannedStep[] {
  const preset = presetById(state.preset);
  const plan = planSettings(descriptors, state.auth);
  return [
    { id: 'preset', label: 'Catalog type', value: preset.label },
    { id: 'name', label: 'Name', value: state.name || NOT_SET },
    ...preset.fields.map((f): PlannedStep => ({ id: `field:${f.key}`, label: f.label, value: state.fields[f.key] || NOT_SET })),
    { id: 'provider', label: 'Authentication', value: providerLabel },
    ...plan.steps.map((d): PlannedStep => ({ id: `setting:${d.key}`, label: d.label, value: settingValue(d, state) })),
    { id: 'optional', label: 'Optional settings', value: optionalSummary(state, plan.optional) },
  ];
}

/** A setting's value for a list: an option's label, or for a secret only whether one is entered or stored. */
export function settingValue(d: AuthSettingDescriptor, state: Pick<WizardState, 'auth' | 'storedSecrets'>): string {
  if (isSecret(d)) return state.auth[d.key] ? 'entered' : state.storedSecrets.has(d.key) ? 'unchanged (stored)' : NOT_SET;
  const value = currentValue(d, state.auth);
  if (value === undefined || value === '') return NOT_SET;
  return d.options?.find((o) => o.value === value)?.label ?? value;
}

const NETWORK_DEFAULT = "this machine's trust store and VS Code's proxy settings";

/** The Network settings that have a value, e.g. `CA bundle /etc/corp-ca.pem`, or what applies without them. */
export function networkSummary(state: Pick<WizardState, 'network' | 'storedSecrets'>): string {
  const set = NETWORK_SETTINGS.filter((d) =>
    d.key === CLIENT_KEY_PASSPHRASE ? state.network[d.key] || state.storedSecrets.has(d.key) : state.network[d.key] && state.network[d.key] !== d.default,
  );
  return set.map((d) => (d.kind === 'file' ? `${d.label} ${state.network[d.key]}` : d.label)).join(', ') || NETWORK_DEFAULT;
}

/** The optional settings that have a value, e.g. `Catalog prefix dev, Scope catalog`; `none set` otherwise. */
function optionalSummary(state: WizardState, optional: readonly AuthSettingDescriptor[]): string {
  const fields = askedFields(presetById(state.preset).protocol, 'optional')
    .filter((f) => state.fields[f.key] && state.fields[f.key] !== f.default)
    .map((f) => `${f.label} ${state.fields[f.key]}`);
  const settings = optional.filter((d) => state.auth[d.key] && state.auth[d.key] !== d.default).map((d) => `${d.label} ${settingValue(d, state)}`);
  const network = networkSummary(state);
  return [...fields, ...settings, ...(network === NETWORK_DEFAULT ? [] : [`Network: ${network}`])].join(', ') || 'none set';
}

/**
 * Settings a preset knows already (an AWS region and signing name, a Google quota project), filled in as answers
 * where the provider declares them and the user has not answered.
 */
export function offerDerivedSettings(state: WizardState, descriptors: readonly AuthSettingDescriptor[]): void {
  const derived = presetById(state.preset).derive(state.fields).auth;
  const keys = new Set(descriptors.map((d) => d.key));
  for (const [k, v] of Object.entries(derived)) if (keys.has(k) && v && !state.auth[k]) state.auth[k] = v;
}

/**
 * The connection and secrets the answers describe. `stored` are the connection's current secrets (on edit): those
 * the user left "unchanged" are kept when their setting still applies.
 */
export function buildConnection(
  state: WizardState,
  descriptors: readonly AuthSettingDescriptor[],
  id: string,
  stored: ConnectionSecrets,
): { config: ConnectionConfig; secrets: ConnectionSecrets } {
  const preset = presetById(state.preset);
  const { settings, secrets } = splitAnswers(descriptors, state.auth);
  for (const d of descriptors) {
    if (isSecret(d) && !secrets[d.key] && stored[d.key] && state.storedSecrets.has(d.key) && applies(d, descriptors, state.auth))
      secrets[d.key] = stored[d.key]!;
  }
  const derived = preset.derive(state.fields).fields;
  const config: ConnectionConfig = { ...state.rest, id, name: state.name, protocol: preset.protocol, uri: '', auth: { type: state.authType, settings } };
  // Only the fields the protocol reads: a field of another protocol would be an error when the connection is read.
  for (const f of requireProtocol(preset.protocol).fields) {
    const value = f.key in derived ? derived[f.key] : f.ask === 'optional' ? state.fields[f.key] : undefined;
    if (value && value !== f.default) config[f.key] = value;
  }
  for (const k of NETWORK_FIELDS) delete config[k];
  for (const k of ['caFile', 'clientCertFile', 'clientKeyFile'] as const) if (state.network[k]) config[k] = state.network[k];
  if (state.network['allowInsecureTls'] === 'true') config.allowInsecureTls = true;
  // The passphrase belongs with a client key: entered now, or kept as stored.
  const passphrase = state.network[CLIENT_KEY_PASSPHRASE] || (state.storedSecrets.has(CLIENT_KEY_PASSPHRASE) ? stored[CLIENT_KEY_PASSPHRASE] : undefined);
  if (config.clientKeyFile && passphrase) secrets[CLIENT_KEY_PASSPHRASE] = passphrase;
  return { config, secrets };
}
