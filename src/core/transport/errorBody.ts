import { kindForStatus, type CatalogErrorKind } from '../errors';

/** What a protocol reads in its own error model; merged over the generic reading. */
export interface ErrorBodyReading {
  kind?: CatalogErrorKind;
  message?: string;
  detail?: string;
  data?: Record<string, unknown>;
}

/** A protocol's reading of a JSON error body (Lance's ErrorResponse codes, Iceberg's error model). */
export type ErrorBodyReader = (body: Readonly<Record<string, unknown>>, status: number) => ErrorBodyReading | undefined;

export interface DecodedError {
  kind: CatalogErrorKind;
  message: string;
  /** What the server said, as it said it (one line), when it said anything. */
  serverMessage?: string;
  detail?: string;
  data?: Record<string, unknown>;
}

/**
 * Turn a non-2xx answer into a message a user can act on. Reads the common shapes of JSON errors (`{error}`,
 * `{error: {message, type}}`, AWS-style `{message}` / `{Message}`, RFC 7807 problem details), AWS's XML, and survives
 * text/plain and HTML bodies from proxies; `readBody`, the protocol's own reading, says more where it can.
 */
export function decodeErrorResponse(
  status: number,
  headers: Record<string, string>,
  text: string,
  call: { operation: string; subject?: string },
  readBody?: ErrorBodyReader,
): DecodedError {
  let kind = kindForStatus(status);
  let serverMessage: string | undefined;
  let detail: string | undefined;
  const data: Record<string, unknown> = {};

  const body = parseJson(text);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    const nested = o['error'];
    const e = nested && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : undefined;
    serverMessage = str(e?.['message']) ?? str(o['error']) ?? str(o['message']) ?? str(o['Message']) ?? str(o['title']);
    detail = e ? undefined : str(o['detail']);
    const type = str(e?.['type']) ?? str(o['type']);
    if (type) data['type'] = type;
    if (!e && typeof o['code'] === 'number') data['code'] = o['code'];
    const own = readBody?.(o, status);
    if (own) {
      kind = own.kind ?? kind;
      serverMessage = own.message ?? serverMessage;
      detail = own.detail ?? detail;
      Object.assign(data, own.data);
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
  return { kind, message, serverMessage, detail, data };
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
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
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
