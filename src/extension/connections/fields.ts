// The wizard's text fields: the connection fields a protocol reads (from its descriptor in src/core/<protocol>) and
// a preset's own answers (an AWS region, a table bucket ARN) share one shape, asked by one step factory (wizard.ts).
// No `vscode` import.
import { isLoopbackHost } from '../../core/credentialUse';
import type { ConnectionFieldDescriptor } from '../../core/protocol';
import { requireProtocol } from '../../core/protocols';

/** One text answer the wizard asks, in a step of its own or from the optional settings at the end. */
export interface WizardField {
  /** The answer's key: a connection field (`uri`, `warehouse`, `prefix`, `delimiter`) or a preset's own (`region`). */
  key: string;
  /** Short, for the "Fix a Step…" and optional-settings rows. */
  label: string;
  /** What to enter, shown under the box. */
  prompt: string;
  /** One line on what it does (the optional-settings row). */
  description?: string;
  placeholder?: string;
  required?: boolean;
  /** In force when nothing is entered; the box starts with it. */
  default?: string;
  /** Whether surrounding spaces are dropped (a delimiter may be a space). */
  trim: boolean;
  /** What is wrong with the value (trimmed when `trim`), or undefined. Called with '' only for a required field. */
  validate?(value: string): string | undefined;
  /** A caution that does not stop the user (plain http:// to another machine). */
  warn?(value: string): string | undefined;
}

/** What is wrong with what was typed into `field`, or undefined when it can be kept. */
export function fieldProblem(field: WizardField, typed: string): string | undefined {
  const value = field.trim ? typed.trim() : typed;
  if (value === '') return field.required && field.default === undefined ? (field.validate?.('') ?? `${field.label} is required.`) : undefined;
  return field.validate?.(value);
}

/** The protocol's connection fields as the wizard asks them: `step` ones after the name, `optional` ones at the end. */
export function askedFields(protocol: string, ask: ConnectionFieldDescriptor['ask']): WizardField[] {
  return requireProtocol(protocol)
    .fields.filter((f) => f.ask === ask)
    .map((f) => ({
      key: f.key,
      label: f.label,
      prompt: f.prompt,
      description: f.description,
      placeholder: f.placeholder,
      required: f.required,
      default: f.default,
      trim: f.trim,
      validate: f.validate,
      // Every protocol's catalog URI gets the same caution, wherever it is asked.
      warn: f.key === 'uri' ? uriWarning : undefined,
    }));
}

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
