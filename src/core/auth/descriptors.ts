// The rules every front end applies to a provider's setting descriptors, in one place: what is secret, which
// settings apply given the others, and how a wrapped provider's settings are named. The registry normalises each
// provider's descriptors with them at registration; the store, the wizard, the CLI, openCatalog and the README
// generator all decide with them. No `vscode` import.
import { CatalogError } from '../errors';
import type { AuthSettingDescriptor } from './provider';

/** Values of a provider's settings so far, secret and not, by key. */
export type SettingAnswers = Readonly<Record<string, string | undefined>>;

/** The kinds a descriptor may have. */
export const SETTING_KINDS: readonly AuthSettingDescriptor['kind'][] = ['string', 'secret', 'enum', 'boolean', 'number', 'file', 'json'];

/** The setting of a provider that names another provider it wraps (sigv4 `delegate`). */
export const DELEGATE_KEY = 'delegate';
/** The wrapped provider's settings are kept under this prefix (e.g. `delegate.token`). */
export const DELEGATE_PREFIX = 'delegate.';

/**
 * Whether a descriptor's value must stay in SecretStorage (or, for the CLI, the environment or its file's
 * `secrets`). Either way of marking it counts: `kind: 'secret'` or `secret: true`.
 */
export function isSecret(d: Pick<AuthSettingDescriptor, 'kind' | 'secret'>): boolean {
  return d.secret === true || d.kind === 'secret';
}

/**
 * The descriptor with its secret flag normalised: a secret one has `secret: true` whatever its kind (a JSON key
 * file stays kind `json`), and `kind: 'secret'` always comes with `secret: true`. Other fields are unchanged.
 */
export function normalizeDescriptor(d: AuthSettingDescriptor): AuthSettingDescriptor {
  if (!isSecret(d)) return d.secret === undefined ? d : withoutSecretFlag(d);
  return d.secret === true ? d : { ...d, secret: true };
}

function withoutSecretFlag(d: AuthSettingDescriptor): AuthSettingDescriptor {
  const { secret: _secret, ...rest } = d;
  return rest;
}

/**
 * Refuse descriptors the front ends could not honour, naming the provider and the setting: a bad or repeated key,
 * an unknown kind, a choice without options, a `when` on a setting that does not exist, a key under the
 * reserved `delegate.` prefix, or `kind: 'secret'` declared with `secret: false`.
 */
export function checkDescriptors(provider: string, descriptors: readonly AuthSettingDescriptor[]): void {
  const fail = (message: string): never => {
    throw new CatalogError('config', `auth provider "${provider}": ${message}`);
  };
  if (!Array.isArray(descriptors)) fail('`settings` must be an array of setting descriptors');
  const keys = new Set<string>();
  for (const d of descriptors) {
    if (!d || typeof d !== 'object') fail('a setting descriptor is not an object');
    if (typeof d.key !== 'string' || !/^[A-Za-z0-9_-]+$/.test(d.key)) fail(`setting key ${JSON.stringify(d.key)} is not valid (letters, digits, _ and -)`);
    if (keys.has(d.key)) fail(`setting "${d.key}" is declared twice`);
    keys.add(d.key);
    if (typeof d.label !== 'string' || d.label.trim() === '') fail(`setting "${d.key}" has no label`);
    if (!SETTING_KINDS.includes(d.kind)) fail(`setting "${d.key}" has kind ${JSON.stringify(d.kind)} (kinds: ${SETTING_KINDS.join(', ')})`);
    if (d.secret !== undefined && typeof d.secret !== 'boolean') fail(`setting "${d.key}": \`secret\` must be true or false`);
    if (d.kind === 'secret' && d.secret === false) fail(`setting "${d.key}" is kind "secret" but says secret: false`);
    if (d.kind === 'enum' && (!Array.isArray(d.options) || d.options.length === 0)) fail(`setting "${d.key}" is an enum without options`);
    if (d.choices !== undefined && typeof d.choices !== 'function') fail(`setting "${d.key}": \`choices\` must be a function`);
  }
  for (const d of descriptors) {
    if (d.when && !keys.has(d.when.key)) fail(`setting "${d.key}" applies "when" setting "${d.when.key}", which the provider does not declare`);
  }
}

/** The value a setting has now: the answer, else its default. */
export function currentValue(d: AuthSettingDescriptor, answers: SettingAnswers): string | undefined {
  const v = answers[d.key];
  return v !== undefined && v !== '' ? v : d.default;
}

/** Whether `d` applies given the answers (its `when` names another setting that must have one of the values). */
export function applies(d: AuthSettingDescriptor, descriptors: readonly AuthSettingDescriptor[], answers: SettingAnswers): boolean {
  if (!d.when) return true;
  const other = descriptors.find((x) => x.key === d.when!.key);
  // A `when` naming an unknown key cannot be satisfied by a choice, so only a direct answer counts.
  const value = other ? currentValue(other, answers) : answers[d.when.key];
  if (other && !applies(other, descriptors, answers)) return false;
  return value !== undefined && d.when.equals.includes(value);
}

/**
 * A provider's descriptors plus, when it wraps another provider (sigv4's `delegate` setting) and one is chosen,
 * that provider's descriptors with the `delegate.` prefix (their `when` keys prefixed too). Secrets of the wrapped
 * provider stay secrets.
 */
export function expandDescriptors(
  descriptors: readonly AuthSettingDescriptor[],
  answers: SettingAnswers,
  lookup: (name: string) => { settings: readonly AuthSettingDescriptor[] } | undefined,
): AuthSettingDescriptor[] {
  const out = [...descriptors];
  const delegate = descriptors.find((d) => d.key === DELEGATE_KEY);
  if (!delegate) return out;
  const chosen = currentValue(delegate, answers);
  if (!chosen || chosen === 'none') return out;
  for (const d of lookup(chosen)?.settings ?? []) {
    const choices = d.choices;
    out.push({
      ...normalizeDescriptor(d),
      key: DELEGATE_PREFIX + d.key,
      label: `${d.label} (wrapped ${chosen})`,
      when: d.when ? { key: DELEGATE_PREFIX + d.when.key, equals: d.when.equals } : undefined,
      // The wrapped provider knows its settings by their own keys, without the prefix.
      choices: choices && ((context) => choices.call(d, { ...context, settings: unprefixed(context.settings) })),
    });
  }
  return out;
}

/** The wrapped provider's settings among `settings`, by their own keys (the `delegate.` prefix removed). */
export function unprefixed(settings: SettingAnswers): Record<string, string | undefined> {
  const own = Object.entries(settings).filter(([k]) => k.startsWith(DELEGATE_PREFIX));
  return Object.fromEntries(own.map(([k, v]) => [k.slice(DELEGATE_PREFIX.length), v]));
}

/**
 * Split values into the non-secret settings kept with a connection and the secrets kept apart. Empty values and
 * settings that do not apply (given the others) are left out.
 */
export function splitAnswers(
  descriptors: readonly AuthSettingDescriptor[],
  answers: SettingAnswers,
): { settings: Record<string, string>; secrets: Record<string, string> } {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const d of descriptors) {
    const v = answers[d.key];
    if (v === undefined || v === '' || !applies(d, descriptors, answers)) continue;
    if (isSecret(d)) secrets[d.key] = v;
    else settings[d.key] = v;
  }
  return { settings, secrets };
}

/** The keys among `settings` that are secret by their descriptor. */
export function secretKeysIn(descriptors: readonly AuthSettingDescriptor[], settings: SettingAnswers): string[] {
  return descriptors.filter((d) => isSecret(d) && settings[d.key] !== undefined).map((d) => d.key);
}
