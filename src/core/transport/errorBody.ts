import type { AuthExplanation } from '../auth/provider';
import { kindForStatus, type CatalogErrorKind } from '../errors';

/** A provider-specific reading of an error body (SigV4 rejections carry the canonical request the server expected). */
export type RejectionParser = (
  status: number,
  bodyText: string,
  /** What our auth provider did to the request, to compare with what the server expected. */
  ours?: AuthExplanation,
) => { message: string; kind?: CatalogErrorKind; canonicalRequest?: string; stringToSign?: string } | undefined;

export interface DecodedError {
  kind: CatalogErrorKind;
  message: string;
  detail?: string;
  data?: Record<string, unknown>;
  serverExpected?: { canonicalRequest?: string; stringToSign?: string };
}

/** Lance ErrorResponse codes (spec) that say more than the HTTP status. */
const LANCE_CODES: Record<number, CatalogErrorKind> = {
  1: 'not-found',
  4: 'not-found',
  6: 'not-found',
  8: 'not-found',
  10: 'not-found',
  11: 'not-found',
  12: 'not-found',
  13: 'invalid-input',
  14: 'conflict',
  15: 'forbidden',
  16: 'unauthenticated',
  17: 'unavailable',
  21: 'throttled',
};

/**
 * Turn a non-2xx answer into a message a user can act on. Understands Lance `ErrorResponse`, Iceberg
 * `{error: {message, type, code}}`, AWS-style `{message}` / `{Message}`, RFC 7807 problem details, and survives
 * text/plain and HTML bodies from proxies.
 */
export function decodeErrorResponse(
  status: number,
  headers: Record<string, string>,
  text: string,
  call: { operation: string; subject?: string },
  rejectionParser?: RejectionParser,
  ours?: AuthExplanation,
): DecodedError {
  let kind = kindForStatus(status);
  let serverMessage: string | undefined;
  let detail: string | undefined;
  const data: Record<string, unknown> = {};

  const body = parseJson(text);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const nested = o['error'];
    if (nested && typeof nested === 'object') {
      // Iceberg ErrorModel
      const e = nested as Record<string, unknown>;
      serverMessage = str(e['message']);
      if (str(e['type'])) data['type'] = str(e['type']);
      // Marks an answer from the catalog itself, not from whatever else answers for a path it does not serve.
      data['errorModel'] = 'iceberg';
    } else {
      // Lance ErrorResponse / problem details / AWS
      serverMessage = str(o['error']) ?? str(o['message']) ?? str(o['Message']) ?? str(o['title']);
      detail = str(o['detail']);
      const code = typeof o['code'] === 'number' ? (o['code'] as number) : undefined;
      if (code !== undefined) {
        data['code'] = code;
        if (LANCE_CODES[code] && (status === 400 || status >= 500 || kind === 'protocol')) kind = LANCE_CODES[code];
      }
      if (str(o['type'])) data['type'] = str(o['type']);
    }
  } else if (text.trim()) {
    const ct = (headers['content-type'] ?? '').toLowerCase();
    const aws = awsXmlError(text);
    if (aws) {
      serverMessage = aws.code && !aws.message.startsWith(aws.code) ? `${aws.code}: ${aws.message}` : aws.message;
      if (aws.code) data['code'] = aws.code;
    } else if (ct.includes('html') || /^\s*<(!doctype|html)/i.test(text)) {
      const title = /<title>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
      serverMessage = `the server answered with an HTML page${title ? ` "${title}"` : ''}, perhaps from a proxy or load balancer`;
    } else {
      serverMessage = oneLine(text);
    }
  }

  const rejection = rejectionParser?.(status, text, ours);
  if (rejection) {
    if (rejection.kind) kind = rejection.kind;
    const expected = { canonicalRequest: rejection.canonicalRequest, stringToSign: rejection.stringToSign };
    return {
      kind,
      message: rejection.message,
      detail: serverMessage,
      data,
      serverExpected: expected.canonicalRequest || expected.stringToSign ? expected : undefined,
    };
  }

  const subject = call.subject ?? call.operation;
  const said = serverMessage ? `: ${clip(serverMessage)}` : '';
  let message: string;
  switch (kind) {
    case 'not-found':
      message = `${subject} not found`;
      if (serverMessage && !/not found/i.test(serverMessage)) message += ` (${clip(serverMessage)})`;
      break;
    case 'unauthenticated':
      message = `not authenticated (${status})${said} — sign in again or check the connection's credentials`;
      break;
    case 'forbidden':
      message = `access denied (${status}) to ${subject}${said}`;
      break;
    case 'throttled':
      message = `the catalog is throttling requests (${status})${said}`;
      break;
    case 'unavailable':
      message = `the catalog is unavailable (${status}) for ${call.operation}${said}`;
      break;
    case 'timeout':
      message = `the server timed out (${status}) on ${call.operation}${said}`;
      break;
    case 'conflict':
      message = `conflict on ${subject} (${status})${said}`;
      break;
    case 'invalid-input':
      message = `the catalog rejected ${call.operation} on ${subject} as invalid (${status})${said}`;
      break;
    default:
      message = `${call.operation} failed with HTTP ${status}${said}`;
  }
  return { kind, message, detail, data };
}

/** AWS's XML errors (S3, STS, query APIs: `<Error><Code>…</Code><Message>…</Message>`), whatever the content type says. */
function awsXmlError(text: string): { code?: string; message: string } | undefined {
  if (!/^\s*<(\?xml|Error|ErrorResponse)\b/.test(text)) return undefined;
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1]?.trim();
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1]?.trim();
  if (!code && !message) return undefined;
  return { code: code || undefined, message: xmlUnescape(message || code || '') };
}

function xmlUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function parseJson(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max = 300): string {
  const t = oneLine(text);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
