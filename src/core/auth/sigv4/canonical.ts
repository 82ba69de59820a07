// Reading SigV4's canonical request and string to sign line by line: what each line is, and hiding secret values.
import { isSecretName, redacted } from '../../redact';

/**
 * Hide the values of secret headers (x-amz-security-token, original-authorization, ...) in a canonical request.
 * Applied to ours and to the server's, so equal secrets still compare equal line by line.
 */
export function redactCanonicalRequest(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(':');
      if (colon <= 0 || /\s/.test(line.slice(0, colon))) return line;
      const name = line.slice(0, colon);
      return isSecretName(name) ? `${name}:${redacted(line.slice(colon + 1))}` : line;
    })
    .join('\n');
}

/** What a canonical request line is, in SigV4's words: method, path, query, header NAME, signed headers, payload hash. */
export function canonicalLineRole(canonicalRequest: string, line: number): string {
  const lines = canonicalRequest.split('\n');
  if (line === 1) return 'method';
  if (line === 2) return 'path';
  if (line === 3) return 'query';
  const blank = lines.indexOf('', 3);
  const headerEnd = blank < 0 ? lines.length : blank;
  if (line - 1 < headerEnd) return `header ${lines[line - 1]!.split(':')[0]}`;
  if (line - 1 === headerEnd) return 'end of headers';
  if (line - 1 === headerEnd + 1) return 'signed headers';
  if (line - 1 === headerEnd + 2) return 'payload hash';
  return 'extra line';
}

const STRING_TO_SIGN_ROLES = ['algorithm', 'date', 'credential scope', 'canonical request hash'];

/** What a string-to-sign line is. */
export function stringToSignLineRole(_stringToSign: string, line: number): string {
  return STRING_TO_SIGN_ROLES[line - 1] ?? 'extra line';
}
