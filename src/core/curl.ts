/**
 * "Copy as cURL" for a request record. The record is already redacted, and this never needs a secret: every
 * secret header becomes an environment-variable placeholder, and a SigV4 request is re-signed by curl itself
 * (`--aws-sigv4`, curl ≥ 7.75) from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the user's shell.
 */
import { sigv4Details } from './auth/sigv4/explanation';
import { isSecretName } from './redact';
import type { RequestRecord } from './records';

/** Quote one word for a POSIX shell: single quotes keep `$`, backticks, `"` and newlines literal. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `prefix` literally, followed by the expansion of `$variable`, as one shell word. */
function withVariable(prefix: string, variable: string): string {
  // Plain text may sit inside double quotes as is (it matches the usual `-H "Authorization: Bearer $NSB_TOKEN"`);
  // anything else is single-quoted and the variable joined on in double quotes.
  if (/^[A-Za-z0-9 _@%+=:,./-]*$/.test(prefix)) return `"${prefix}$${variable}"`;
  return `${shellQuote(prefix)}"$${variable}"`;
}

/** The environment variable that stands in for a secret header's value. */
export function placeholderVariable(header: string): string {
  const name = header.toLowerCase();
  if (name === 'authorization' || name === 'original-authorization') return 'NSB_TOKEN';
  if (name === 'x-api-key' || name === 'api-key') return 'NSB_API_KEY';
  if (name === 'x-amz-security-token') return 'AWS_SESSION_TOKEN';
  const snake = name.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return `NSB_${snake || 'SECRET'}`;
}

/** Headers curl sets itself (or that would make it print a compressed body). */
const CURL_OWN = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding']);
/** Headers that SigV4 adds and that curl's `--aws-sigv4` computes itself. */
const SIGV4_OWN = new Set(['authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token']);

const REDACTED = /‹(redacted|empty)[^›]*›/;

/** Whether curl's own SigV4 signing can reproduce this request. */
export function curlCanSign(record: RequestRecord): boolean {
  if (!sigv4Details(record.auth)) return false;
  // A presigned URL (query signing) or a wrapped Authorization header (signed as original-authorization) is
  // outside what `--aws-sigv4` does.
  if (/[?&]x-amz-signature=/i.test(record.url)) return false;
  if (Object.keys(record.requestHeaders).some((h) => h.toLowerCase() === 'original-authorization')) return false;
  return true;
}

/** One header as a `-H` word with secrets replaced by placeholders. */
function headerWord(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'original-authorization' || lower === 'proxy-authorization') {
    const scheme = /^([A-Za-z][A-Za-z0-9_-]*)\s/.exec(value)?.[1];
    if (scheme && /^bearer$/i.test(scheme)) return withVariable(`${name}: Bearer `, placeholderVariable(name));
    if (scheme && /^aws4-hmac-sha256$/i.test(scheme)) return withVariable(`${name}: `, 'AWS_SIGV4_AUTHORIZATION');
    if (scheme) return withVariable(`${name}: ${scheme} `, placeholderVariable(name) === 'NSB_TOKEN' ? `NSB_${scheme.toUpperCase()}_CREDENTIALS` : placeholderVariable(name));
    return withVariable(`${name}: `, placeholderVariable(name));
  }
  if (isSecretName(lower) || REDACTED.test(value)) return withVariable(`${name}: `, placeholderVariable(name));
  return shellQuote(`${name}: ${value}`);
}

/** A curl command reproducing the record's request, with no secret in it. Lines are joined with ` \` newlines. */
export function toCurl(record: RequestRecord): string {
  const sigv4 = curlCanSign(record) ? sigv4Details(record.auth) : undefined;
  const lines: string[] = [];
  const notes: string[] = [];
  const args: string[] = [`curl -X ${shellQuote(record.method.toUpperCase())}`];
  if (sigv4) {
    args.push(`--aws-sigv4 ${shellQuote(`aws:amz:${sigv4.region}:${sigv4.service}`)}`);
    args.push(`--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
  } else if (sigv4Details(record.auth)) {
    notes.push('# curl cannot re-sign this SigV4 request itself (presigned URL or wrapped Authorization): set AWS_SIGV4_AUTHORIZATION and x-amz-date from a fresh signature.');
  }
  const headers = Object.entries(record.requestHeaders).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (CURL_OWN.has(lower)) continue;
    if (sigv4 && SIGV4_OWN.has(lower)) {
      // curl signs without a session token; it must be sent (and is then signed, as an x-amz-* header).
      if (lower === 'x-amz-security-token') args.push(`-H ${withVariable(`${name}: `, 'AWS_SESSION_TOKEN')}`);
      continue;
    }
    args.push(`-H ${headerWord(name, value)}`);
  }
  if (record.requestBodyPreview !== undefined) {
    if (/… \(\d+ more characters\)$/.test(record.requestBodyPreview)) {
      notes.push('# The request body was longer than the record keeps; the body below is cut short.');
    }
    args.push(`--data-binary ${shellQuote(record.requestBodyPreview)}`);
  }
  if (REDACTED.test(decodeURIComponentSafe(record.url))) {
    notes.push('# Secret query values in the URL are redacted; put the real values back before running.');
  }
  args.push(shellQuote(record.url));
  lines.push(...notes);
  lines.push(args.join(' \\\n  '));
  return lines.join('\n');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
