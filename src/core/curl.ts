/**
 * "Copy as cURL" for a request record. The record is already redacted, and this never needs a secret: every
 * secret header becomes an environment-variable placeholder. A SigV4 request is signed again when the command runs,
 * from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the user's shell, by a few lines of POSIX
 * shell and openssl: curl's own `--aws-sigv4` (as in Debian 12's curl 7.88.1) encodes the path once, while every
 * service but S3 expects it encoded twice, so its signature of a Lance path (always a `%24`) is refused.
 */
import { sigv4Details, type SigV4Details } from './auth/sigv4/explanation';
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
  const snake = name
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return `NSB_${snake || 'SECRET'}`;
}

/** Headers curl sets itself (or that would make it print a compressed body). */
const CURL_OWN = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding']);
/** Headers the signing lines compute when the command runs. */
const SIGV4_OWN = new Set(['authorization', 'x-amz-date']);

const REDACTED = /‹(redacted|empty)[^›]*›/;

/** Whether the command signs the request itself when it runs (else a SigV4 request's headers are placeholders). */
export function curlCanSign(record: RequestRecord): boolean {
  // A presigned URL (query signing) carries its signature in the URL; its parts are not in the record.
  return sigv4Details(record.auth) !== undefined && !/[?&]x-amz-signature=/i.test(record.url);
}

/** A header value as shell text: literal, or a literal prefix and the variable that stands in for its secret. */
type ValueWord = { literal: string } | { prefix: string; variable: string };

function headerValue(name: string, value: string): ValueWord {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'original-authorization' || lower === 'proxy-authorization') {
    const scheme = /^([A-Za-z][A-Za-z0-9_-]*)\s/.exec(value)?.[1];
    if (scheme && /^bearer$/i.test(scheme)) return { prefix: 'Bearer ', variable: placeholderVariable(name) };
    if (scheme && /^aws4-hmac-sha256$/i.test(scheme)) return { prefix: '', variable: 'AWS_SIGV4_AUTHORIZATION' };
    if (scheme)
      return {
        prefix: `${scheme} `,
        variable: placeholderVariable(name) === 'NSB_TOKEN' ? `NSB_${scheme.toUpperCase()}_CREDENTIALS` : placeholderVariable(name),
      };
    return { prefix: '', variable: placeholderVariable(name) };
  }
  if (isSecretName(lower) || REDACTED.test(value)) return { prefix: '', variable: placeholderVariable(name) };
  return { literal: value };
}

function word(prefix: string, value: ValueWord): string {
  return 'literal' in value ? shellQuote(`${prefix}${value.literal}`) : withVariable(`${prefix}${value.prefix}`, value.variable);
}

/** The lines that sign the request when the command runs, ending in the variables `$d` (x-amz-date) and `$sig`. */
function signingLines(record: RequestRecord, sigv4: SigV4Details): string[] {
  const [, , scope] = sigv4.stringToSign.split('\n');
  const [, region, service] = (scope ?? sigv4.credentialScope).split('/');
  const sentValue = (name: string) => Object.entries(record.requestHeaders).find(([k]) => k.toLowerCase() === name)?.[1];
  // The canonical request as signed, with the date and every secret put back from the environment.
  const canonical = sigv4.canonicalRequest.split('\n').map((line, i, all) => {
    const blank = all.indexOf('', 3);
    const colon = line.indexOf(':');
    if (i < 3 || (blank >= 0 && i >= blank) || colon <= 0) return shellQuote(line);
    const name = line.slice(0, colon);
    if (name === 'x-amz-date') return '"x-amz-date:$d"';
    const value = line.slice(colon + 1);
    if (!REDACTED.test(value)) return shellQuote(line);
    const v = headerValue(name, sentValue(name) ?? value);
    return word(`${name}:`, 'literal' in v ? { prefix: '', variable: placeholderVariable(name) } : v);
  });
  const hex = "sed 's/^.* //'";
  return [
    // eslint-disable-next-line no-template-curly-in-string -- shell parameter expansion, not a template
    'd=$(date -u +%Y%m%dT%H%M%SZ); s=${d%%T*}/' + `${region}/${service}/aws4_request`,
    `h() { printf %s "$2" | openssl dgst -sha256 -mac HMAC -macopt "$1" | ${hex}; }`,
    `c=$(printf '%s\\n' ${canonical.join(' ')})`,
    `k=$(h "key:AWS4$AWS_SECRET_ACCESS_KEY" "\${d%%T*}"); k=$(h "hexkey:$k" ${shellQuote(region ?? '')}); k=$(h "hexkey:$k" ${shellQuote(service ?? '')}); k=$(h "hexkey:$k" aws4_request)`,
    `sig=$(h "hexkey:$k" "$(printf 'AWS4-HMAC-SHA256\\n%s\\n%s\\n%s' "$d" "$s" "$(printf %s "$c" | openssl dgst -sha256 | ${hex})")")`,
  ];
}

/**
 * A curl command reproducing the record's request, with no secret in it. A SigV4 request becomes a subshell that
 * signs it (POSIX sh, bash or zsh, with openssl) and runs curl; lines are joined with ` \` newlines.
 */
export function toCurl(record: RequestRecord): string {
  const sigv4 = curlCanSign(record) ? sigv4Details(record.auth) : undefined;
  const notes: string[] = [];
  const args: string[] = [`curl -X ${shellQuote(record.method.toUpperCase())}`];
  if (sigv4) {
    notes.push(
      `# Signed with SigV4 when it runs (${sigv4.service}, ${sigv4.region}) from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY${sigv4.signedHeaders.includes('x-amz-security-token') ? ' and AWS_SESSION_TOKEN' : ''} by openssl; needs sh, bash or zsh.`,
    );
    args.push(`-H "Authorization: AWS4-HMAC-SHA256 Credential=$AWS_ACCESS_KEY_ID/$s, SignedHeaders=${sigv4.signedHeaders.join(';')}, Signature=$sig"`);
    args.push('-H "x-amz-date: $d"');
  } else if (sigv4Details(record.auth)) {
    notes.push('# This SigV4 request (a presigned URL) cannot be signed again here: set AWS_SIGV4_AUTHORIZATION and x-amz-date from a fresh signature.');
  }
  const headers = Object.entries(record.requestHeaders).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (CURL_OWN.has(lower)) continue;
    if (sigv4 && SIGV4_OWN.has(lower)) continue;
    args.push(`-H ${word(`${name}: `, headerValue(name, value))}`);
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
  const command = args.join(' \\\n  ');
  if (!sigv4) return [...notes, command].join('\n');
  // A subshell: its variables and function do not stay in the user's shell.
  return [...notes, `( ${signingLines(record, sigv4).join('\n  ')}\n  ${command.replace(/\n/g, '\n  ')} )`].join('\n');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
