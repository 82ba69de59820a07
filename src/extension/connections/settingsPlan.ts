// Which of an auth provider's settings the wizard asks, in what order, and how an answer is checked: generated from
// the provider's setting descriptors (the rules of src/core/auth/descriptors.ts). No `vscode` import.
import { applies, isSecret, type SettingAnswers } from '../../core/auth/descriptors';
import { CREDENTIAL_HEADER_ADVICE, jsonCredentialNames } from '../../core/auth/common/headers';
import type { AuthSettingDescriptor, SettingChoicesContext, SettingOption } from '../../core/auth/provider';
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
export function planSettings(descriptors: readonly AuthSettingDescriptor[], answers: SettingAnswers): SettingsPlan {
  const steps: AuthSettingDescriptor[] = [];
  const optional: AuthSettingDescriptor[] = [];
  for (const d of descriptors) {
    if (!applies(d, descriptors, answers)) continue;
    // A choice that defaults to "none" is an opt-in extra (sigv4 `delegate`), not a choice everyone must make. A text
    // with suggested values and a default (sigv4's signing name, "Other…" for any other) is asked like a choice.
    const isChoice = (d.kind === 'enum' || d.kind === 'boolean' || (d.options?.length && d.default !== undefined)) && d.default !== 'none';
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

/** How long the wizard waits for a setting's `choices` before the user types the value instead. */
export const CHOICES_TIMEOUT_MS = 5_000;

/**
 * The values to offer for a setting: its `options`, then what its `choices` finds on this machine (each value once,
 * malformed entries left out). A `choices` that throws or takes longer than `timeoutMs` offers nothing more, and
 * `warn` hears why: the wizard must not hang on another extension's lookup.
 */
export async function settingOptions(
  d: AuthSettingDescriptor,
  context: SettingChoicesContext,
  warn: (message: string) => void,
  timeoutMs = CHOICES_TIMEOUT_MS,
): Promise<SettingOption[]> {
  const options = [...(d.options ?? [])];
  if (!d.choices) return options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const found = await Promise.race([
      Promise.resolve().then(() => d.choices!(context)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    if (!Array.isArray(found)) throw new Error(`choices() returned ${typeof found}, not a list`);
    for (const o of found as unknown[]) if (isOption(o) && !options.some((x) => x.value === o.value)) options.push(o);
  } catch (e) {
    warn(`the values of "${d.label}" could not be listed (${errorMessage(e)}); type one instead.`);
  } finally {
    clearTimeout(timer);
  }
  return options;
}

function isOption(o: unknown): o is SettingOption {
  const x = o as Partial<SettingOption> | null;
  return (
    !!x && typeof x.value === 'string' && x.value !== '' && typeof x.label === 'string' && (x.description === undefined || typeof x.description === 'string')
  );
}
