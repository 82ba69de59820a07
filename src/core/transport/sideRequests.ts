/**
 * Side requests: what an auth session sends besides the catalog calls (an OAuth2 token endpoint, Google's token and
 * IAM endpoints, AWS STS and SSO). They go through the connection's transport like every catalog call, and are
 * recorded; this module names them and redacts what they carry (client secrets, assertion JWTs, tokens, keys).
 */
import { isSecretName, maskId, redacted, type SecretScrubber } from '../redact';

/** A request an auth session asks the transport to send. */
export interface SideRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
}

/** Request and response values that are never secret, though their names look so (`grant_type`, `token_type`). */
const SHOWN =
  /^(grant_type|token_type|requested_token_type|subject_token_type|actor_token_type|issued_token_type|expires_in|scope|audience|resource|client_id|Action|Version|RoleArn|RoleSessionName|DurationSeconds|ExternalId|AccessKeyId|Expiration|delegates|lifetime|includeEmail|expireTime)$/;
/** Names whose values are credentials though their names do not say so. */
const ALSO_SECRET = /^(assertion|jwt|code|code_verifier|Credentials)$/i;

function secretKey(name: string): boolean {
  return !SHOWN.test(name) && (ALSO_SECRET.test(name) || isSecretName(name));
}

/**
 * The operation name of a side request, for the inspector: `oauth2.token`, `google.token`, `sts.AssumeRole`, ...
 * Named by what was sent, so a provider from another extension gets names too (`<type>.<METHOD> <host>`).
 */
export function sideOperation(provider: string, request: Pick<SideRequest, 'method' | 'url' | 'body'>): string {
  const { url } = request;
  const host = url.hostname.toLowerCase();
  const body = request.body && request.body.byteLength < 65_536 ? request.body.toString('utf8') : '';
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return `sts.${action}`;
  if (/^portal\.sso\./.test(host) || url.pathname === '/federation/credentials') return 'sso.GetRoleCredentials';
  if (host === 'metadata.google.internal' || (provider === 'google' && host === '169.254.169.254')) return 'google.metadata';
  if (host === '169.254.169.254' || host === '[fd00:ec2::254]') return 'imds.credentials';
  const iam = /:(generateAccessToken|generateIdToken|signJwt|signBlob)$/.exec(url.pathname);
  if (iam) return `google.${iam[1]}`;
  if (host === 'sts.googleapis.com') return 'google.stsToken';
  if (provider === 'google') return /token/i.test(url.pathname) ? 'google.token' : `google.${request.method} ${host}`;
  if (provider === 'oauth2' || /(?:^|&)grant_type=/.test(body)) return `${provider}.token`;
  return `${provider}.${request.method} ${host}`;
}

/** A side request's or answer's body as the inspector shows it: every secret-looking value redacted, whatever the format. */
export function redactSideBody(text: string, contentType: string | undefined, scrubber: SecretScrubber): string {
  const ct = (contentType ?? '').toLowerCase();
  const trimmed = text.trimStart();
  let out: string;
  if (ct.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) out = redactJsonText(text);
  else if (ct.includes('xml') || trimmed.startsWith('<')) out = redactXml(text);
  else if (ct.includes('x-www-form-urlencoded') || /^[\w.%-]+=[^\s]*(&[\w.%-]+=[^\s]*)*$/.test(text.trim())) out = redactForm(text);
  else out = text;
  return scrubber.scrub(out);
}

/** Form fields: each value whose name looks secret is replaced (a value stays percent-encoded as sent). */
export function redactForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        /* keep raw */
      }
      return secretKey(name) ? `${pair.slice(0, eq)}=${encodeURIComponent(redacted(pair.slice(eq + 1)))}` : pair;
    })
    .join('&');
}

/** JSON: secret-looking members replaced at any depth; text that is not JSON is not shown at all. */
export function redactJsonText(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `‹${text.length} characters, not JSON: not shown›`;
  }
  return JSON.stringify(redactValue(value), null, 2);
}

function redactValue(value: unknown, key?: string): unknown {
  if (key !== undefined && secretKey(key) && value !== null && typeof value !== 'object') return redacted(String(value));
  if (key === 'AccessKeyId' || key === 'accessKeyId') return maskId(String(value));
  if (Array.isArray(value)) return value.map((v) => redactValue(v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}

/** XML (STS answers): the text of secret-looking elements replaced, access key ids masked. */
export function redactXml(text: string): string {
  return text.replace(/<([A-Za-z][\w.-]*)>([^<]*)<\/\1>/g, (whole, name: string, inner: string) => {
    if (name === 'AccessKeyId') return `<${name}>${maskId(inner)}</${name}>`;
    return secretKey(name) ? `<${name}>${redacted(inner)}</${name}>` : whole;
  });
}

/**
 * Secret values an answer carries (tokens, STS keys), so that the connection's scrubber removes them from anything
 * shown later (the catalog requests that send them, error text).
 */
export function secretsIn(text: string): string[] {
  const found: string[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      collect(JSON.parse(text), undefined, found);
    } catch {
      /* not JSON */
    }
  } else if (trimmed.startsWith('<')) {
    for (const m of text.matchAll(/<([A-Za-z][\w.-]*)>([^<]+)<\/\1>/g)) if (secretKey(m[1]!)) found.push(m[2]!);
  }
  return found;
}

function collect(value: unknown, key: string | undefined, found: string[]): void {
  if (typeof value === 'string' && key !== undefined && secretKey(key)) found.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, undefined, found);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k, found);
}
