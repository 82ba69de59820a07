/** Redaction: show that a secret was set (and how long it is), never its value. */
import type { AuthExplanation } from './authContract';

const SECRET_HEADER =
  /^(authorization|original-authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-amz-security-token|x-goog-iam-authorization-token|x-auth-token)$/i;
const SECRET_NAME =
  /(secret|password|passwd|token|credential|private[-_]?key|account[-_]?key|api[-_]?key|session[-_]?key|signature|access[-_]?key(?![-_]?id))/i;

// Paging tokens and token endpoints are not credentials.
const NOT_SECRET =
  /^(page[-_]?token|next[-_]?page[-_]?token|token[-_]?(url|uri|endpoint|type)|oauth2?[-_.]?server[-_]?uri|credential[-_]?(source|type|scope|provider))$/i;

/** Whether a header, query parameter or property with this name carries a secret. */
export function isSecretName(name: string): boolean {
  let known = verdicts.get(name);
  if (known === undefined) {
    known = !NOT_SECRET.test(name) && (SECRET_HEADER.test(name) || SECRET_NAME.test(name));
    // Every request asks about the same few header and parameter names: remember them, within a bound.
    if (verdicts.size >= 1000) verdicts.clear();
    verdicts.set(name, known);
  }
  return known;
}

const verdicts = new Map<string, boolean>();

/** The placeholder shown instead of a secret value. */
export function redacted(value: string | undefined): string {
  if (value === undefined || value === '') return '‹empty›';
  return `‹redacted, ${value.length} chars›`;
}

/** Mask an identifier that is not secret but should not be shown whole, e.g. an AWS access key id: `AKIA…WXYZ`. */
export function maskId(value: string | undefined): string {
  if (!value) return '‹none›';
  if (value.length <= 8) return `${value.slice(0, 2)}…`;
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/**
 * Redact an Authorization-style header but keep its scheme and, for SigV4, the non-secret parts
 * (credential scope and signed headers) that explain a signature; the signature itself is hidden.
 */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'original-authorization' || lower === 'proxy-authorization') {
    const sigv4 = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)(\/[^,\s]*)?,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)/i.exec(value);
    if (sigv4) {
      return `AWS4-HMAC-SHA256 Credential=${maskId(sigv4[1])}${sigv4[2] ?? ''}, SignedHeaders=${sigv4[3]}, Signature=${redacted(sigv4[4])}`;
    }
    const space = value.indexOf(' ');
    if (space > 0) return `${value.slice(0, space)} ${redacted(value.slice(space + 1))}`;
    return redacted(value);
  }
  if (isSecretName(lower)) return redacted(value);
  return value;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = redactHeaderValue(k, v);
  return out;
}

/** Redact query parameters whose names look secret (X-Amz-Signature, token, ...). */
export function redactUrl(url: URL | string): string {
  let u = typeof url === 'string' ? new URL(url) : url;
  if (!u.search && !u.username && !u.password) return u.href;
  if (u.username || u.password) {
    u = new URL(u.href); // a copy: the caller's URL keeps its credentials
    u.username = u.username ? 'redacted' : '';
    u.password = '';
  }
  if (!u.search) return u.toString();
  const parts = u.search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        /* keep raw */
      }
      if (eq >= 0 && isSecretName(name) && !/^x-amz-(credential|signedheaders|date|algorithm|expires)$/i.test(name)) {
        return `${key}=${encodeURIComponent(redacted(pair.slice(eq + 1)))}`;
      }
      return pair;
    });
  return `${u.origin}${u.pathname}?${parts.join('&')}${u.hash}`;
}

/** Redact values of a string map whose keys look secret (storage options, properties). */
export function redactMap(map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!map) return out;
  for (const [k, v] of Object.entries(map)) out[k] = isSecretName(k) ? redacted(String(v)) : String(v);
  return out;
}

/**
 * Remove known secret values from free text (error messages, body previews) wherever they occur.
 * Used as a last line of defence: providers register the secrets they hold.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }
  /** Whether there is nothing to scrub (a connection without secrets). */
  get empty(): boolean {
    return this.secrets.size === 0;
  }
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(redacted(s));
    return out;
  }
  /** The header map with every value scrubbed (a provider may put a secret under a name that does not look secret). */
  scrubHeaders(headers: Record<string, string>): Record<string, string> {
    if (this.empty) return headers;
    for (const [k, v] of Object.entries(headers)) headers[k] = this.scrub(v);
    return headers;
  }
  /**
   * What a provider said it did, with the connection's secrets scrubbed from every text in it, computed when first
   * read (explanations of most requests are never looked at; SigV4's are built lazily for the same reason).
   */
  scrubExplanation(explanation: AuthExplanation): AuthExplanation {
    return this.empty ? explanation : new ScrubbedExplanation(explanation, this);
  }
}

/**
 * An auth explanation seen through a scrubber; a plain object to JSON.stringify and the webview's messages. What a
 * provider adds beyond the common fields (SigV4's details) is in its JSON form.
 */
class ScrubbedExplanation implements AuthExplanation {
  readonly #source: AuthExplanation;
  readonly #scrubber: SecretScrubber;
  #clean: AuthExplanation | undefined;

  constructor(source: AuthExplanation, scrubber: SecretScrubber) {
    this.#source = source;
    this.#scrubber = scrubber;
  }
  get provider(): string {
    return this.clean().provider;
  }
  get summary(): string {
    return this.clean().summary;
  }
  get fields(): AuthExplanation['fields'] {
    return this.clean().fields;
  }
  get blocks(): AuthExplanation['blocks'] {
    return this.clean().blocks;
  }
  toJSON(): AuthExplanation {
    return this.clean();
  }
  private clean(): AuthExplanation {
    if (this.#clean) return this.#clean;
    // Through JSON, so that whatever shape the provider returned (getters, classes, toJSON) is read as plain data.
    const data = JSON.parse(JSON.stringify(this.#source)) as unknown;
    const scrub = (v: unknown): unknown =>
      typeof v === 'string'
        ? this.#scrubber.scrub(v)
        : Array.isArray(v)
          ? v.map(scrub)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]))
            : v;
    this.#clean = scrub(data) as AuthExplanation;
    return this.#clean;
  }
}
