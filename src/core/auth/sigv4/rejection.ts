// Why a server refused a signed request, read from what it said (its error code wherever it put it, its words, the
// canonical request it quoted) and from what we signed. Each class of refusal has its own message and action: a typo
// in the secret must not send anyone to debug IAM, and a refusal we do not recognise is told in the server's words only.
import { createHash } from 'node:crypto';
import type { AuthExplanation, ComparedTexts, RefusedRequest, RejectionExplanation } from '../../authContract';
import { alignLines, differingRows, type AlignedLine } from '../../lineDiff';
import { canonicalLineRole, redactCanonicalRequest, stringToSignLineRole } from './canonical';
import { signedTexts, sigv4Details, type SigV4Details } from './explanation';

export type SigV4RejectionKind =
  /** The signature does not match (the secret, or something that changed the request on the way). */
  | 'signature-mismatch'
  /** The server does not know the access key id. */
  | 'unknown-key'
  /** Temporary keys sent without their session token. */
  | 'missing-token'
  /** The session token (or the key it belongs to) is expired or invalid. */
  | 'expired-token'
  | 'wrong-region'
  | 'wrong-service'
  | 'clock-skew'
  /** The signature is good; a policy says no. */
  | 'denied'
  /** No or an incomplete Authorization (API Gateway also says this for an unknown route). */
  | 'missing-auth'
  | 'other';

/** What a server said about a SigV4 request it refused. The quoted texts are as the server sent them (unredacted). */
export interface SigV4Rejection {
  kind: SigV4RejectionKind;
  /** The server's own words (the first paragraph of its message), prefixed by its error code when it gave one. */
  message: string;
  code?: string;
  canonicalRequest?: string;
  stringToSign?: string;
  /** What the server expects instead, when it said (S3: "expecting 'eu-west-1'"; API Gateway: the service). */
  expected?: string;
}

function decodeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]!) : undefined;
}

/** `com.amazon.coral.service#UnrecognizedClientException`, `UnrecognizedClientException:http://...` → the bare code. */
function bareCode(code: string | undefined): string | undefined {
  const c = code?.trim().replace(/^.*#/, '').replace(/:.*$/, '').trim();
  return c ? c : undefined;
}

/** Every string in a JSON value, depth-first (the canonical request may be quoted in any field). */
function jsonStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 16) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out, depth + 1);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) jsonStrings(v, out, depth + 1);
  return out;
}

interface ServerWords {
  code?: string;
  message?: string;
  /** Every text the server sent, to look for a quoted canonical request and string to sign. */
  texts: string[];
  /** Given in a field of their own (S3's `<CanonicalRequest>`), taken as they are. */
  canonicalRequest?: string;
  stringToSign?: string;
}

const MESSAGE_KEYS = ['message', 'Message', 'errorMessage', 'detail', 'error_description'];
const CODE_KEYS = ['__type', 'code', 'Code', 'errorCode', 'errorType', 'type'];

/** The code and message of an AWS-style JSON error (`__type`/`code`/`message`), or Iceberg's `{error: {message, type}}`. */
function readJson(body: string): ServerWords | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const pick = (o: Record<string, unknown>, keys: string[]): string | undefined => {
    for (const k of keys) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
    return undefined;
  };
  const o = parsed as Record<string, unknown>;
  const nested = [o.error, o.Error].find((n): n is Record<string, unknown> => !!n && typeof n === 'object' && !Array.isArray(n));
  const code = pick(o, CODE_KEYS) ?? (nested ? pick(nested, CODE_KEYS) : undefined) ?? (typeof o.error === 'string' ? o.error : undefined);
  const message = pick(o, MESSAGE_KEYS) ?? (nested ? pick(nested, MESSAGE_KEYS) : undefined);
  return { code: code !== undefined && /^[\w.#:/-]+$/.test(code) ? code : undefined, message, texts: jsonStrings(parsed) };
}

const HEADER_LINE = /^[a-z0-9!#$%&'*+.^_`|~-]+:/;
const SIGNED_HEADERS_LINE = /^[a-z0-9!#$%&'*+.^_`|~-]+(;[a-z0-9!#$%&'*+.^_`|~-]+)*$/;
const PAYLOAD_LINE = /^([0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)['"]?\s*$/;

/**
 * A canonical request quoted anywhere in `text`, found by its shape: a method line, a path, a query, header lines,
 * a blank line, the signed headers and the payload hash. Quotes around it (API Gateway's `'...'`) are dropped.
 */
export function findCanonicalRequest(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i + 6 < lines.length + 1; i++) {
    const method = /^\s*['"]?([A-Z]+)$/.exec(lines[i]!);
    if (!method || !lines[i + 1]?.startsWith('/') || lines[i + 2] === undefined || /\s/.test(lines[i + 2]!)) continue;
    let j = i + 3;
    while (j < lines.length && HEADER_LINE.test(lines[j]!)) j++;
    if (j === i + 3 || lines[j] !== '' || !SIGNED_HEADERS_LINE.test(lines[j + 1] ?? '')) continue;
    const payload = PAYLOAD_LINE.exec(lines[j + 2] ?? '');
    if (!payload) continue;
    return [method[1], ...lines.slice(i + 1, j + 2), payload[1]].join('\n');
  }
  return undefined;
}

/** A SigV4 string to sign quoted anywhere in `text`, found by its shape. */
function findStringToSign(text: string): string | undefined {
  return /AWS4-HMAC-SHA256\r?\n\d{8}T\d{6}Z\r?\n\d{8}\/[^\s/]+\/[^\s/]+\/aws4_request\r?\n[0-9a-f]{64}/.exec(text)?.[0].replace(/\r\n/g, '\n');
}

/** What the server said, from an XML or JSON body and the `x-amzn-errortype` header. */
function readServer(status: number, headers: Readonly<Record<string, string>>, body: string): ServerWords {
  const headerCode = headers['x-amzn-errortype'];
  if (/^\s*</.test(body)) {
    const code = xmlText(body, 'Code');
    return {
      code: code ?? headerCode,
      message: xmlText(body, 'Message'),
      texts: [decodeXml(body)],
      canonicalRequest: xmlText(body, 'CanonicalRequest'),
      stringToSign: xmlText(body, 'StringToSign'),
    };
  }
  const json = readJson(body);
  if (json) return { ...json, code: headerCode ?? json.code };
  const text = body.trim();
  return { code: headerCode, message: text && text.length <= 2000 && !/^\s*<!doctype|<html/i.test(text) ? text : undefined, texts: [body] };
}

/** The class of a refusal from the server's code and words; our side (a session token sent or not) tells two alike apart. */
function classify(code: string | undefined, text: string, ours: SigV4Details | undefined): { kind: SigV4RejectionKind; expected?: string } | undefined {
  const c = code?.replace(/Exception$/, '');
  if (
    c === 'RequestTimeTooSkewed' ||
    c === 'RequestExpired' ||
    /Signature expired|Signature not yet current|too skewed|request time and the current time is too large/i.test(text)
  ) {
    return { kind: 'clock-skew' };
  }
  if (/scoped to a valid region|region '[^']*' is wrong/i.test(text)) return { kind: 'wrong-region', expected: /expecting '([^']+)'/.exec(text)?.[1] };
  if (/scoped to correct service/i.test(text)) return { kind: 'wrong-service', expected: /correct service: '([^']+)'/.exec(text)?.[1] };
  if (c === 'ExpiredToken' || /security token included in the request is expired|token has expired|token is expired/i.test(text))
    return { kind: 'expired-token' };
  if (c === 'InvalidToken') return { kind: 'expired-token' };
  if (
    c === 'InvalidClientTokenId' ||
    c === 'UnrecognizedClient' ||
    c === 'InvalidAccessKeyId' ||
    /security token included in the request is invalid|Access Key Id you provided does not exist/i.test(text)
  ) {
    if (ours?.signedHeaders.includes('x-amz-security-token')) return { kind: 'expired-token' };
    // Temporary keys (ASIA…) are only valid with their session token.
    if (ours && /^ASIA/.test(ours.accessKeyId)) return { kind: 'missing-token' };
    return { kind: 'unknown-key' };
  }
  if (c === 'SignatureDoesNotMatch' || /signature we calculated does not match/i.test(text)) return { kind: 'signature-mismatch' };
  if (
    c === 'MissingAuthenticationToken' ||
    c === 'IncompleteSignature' ||
    /Missing Authentication Token|Authorization header requires|Authorization header is missing/i.test(text)
  ) {
    return { kind: 'missing-auth' };
  }
  if (
    c === 'AccessDenied' ||
    c === 'AccessDeniedException' ||
    c === 'Forbidden' ||
    /is not authorized to perform|explicit deny|not authorized to access this resource/i.test(text)
  ) {
    return { kind: 'denied' };
  }
  if (c === 'InvalidSignature') return { kind: 'signature-mismatch' };
  return undefined;
}

/**
 * Understand a 400/401/403 that answered a signed request. Undefined when the server said nothing a person could
 * read (an empty body, an HTML page): the generic message stands.
 */
export function parseSigV4Rejection(
  status: number,
  bodyText: string,
  headers: Readonly<Record<string, string>> = {},
  ours?: SigV4Details,
): SigV4Rejection | undefined {
  if (status !== 400 && status !== 401 && status !== 403) return undefined;
  const words = readServer(status, headers, bodyText ?? '');
  const code = bareCode(words.code);
  // The first paragraph is the human part; the quoted texts are read separately.
  const said = words.message
    ?.split(/\n\s*\n/)[0]!
    .trim()
    .replace(/\s+/g, ' ');
  const found = classify(code, words.message ?? '', ours);
  if (!found && !said && !code) return undefined;
  if (!found && status === 400) return undefined;
  let canonicalRequest = words.canonicalRequest;
  let stringToSign = words.stringToSign;
  for (const t of words.texts) {
    canonicalRequest ??= findCanonicalRequest(t);
    stringToSign ??= findStringToSign(t);
  }
  const message = said ? (code && !said.startsWith(code) ? `${code}: ${said}` : said) : (code ?? `HTTP ${status}`);
  return {
    kind: found?.kind ?? 'other',
    message,
    ...(code ? { code } : {}),
    ...(found?.expected ? { expected: found.expected } : {}),
    ...(canonicalRequest !== undefined ? { canonicalRequest } : {}),
    ...(stringToSign !== undefined ? { stringToSign } : {}),
  };
}

/**
 * The lines that differ, aligned (one missing header blames that header alone), each named by its role in the text
 * that has it: "line 2 differs: path", "line 8 is only ours: header x-foo", "the server's line 7 is not ours: ...".
 */
function differences(rows: readonly AlignedLine[], ours: string, theirs: string, role: (text: string, line: number) => string): string[] {
  return differingRows(rows).map((r) => {
    if (r.kind === 'changed') return `line ${r.oursLine} differs: ${role(ours, r.oursLine!)}`;
    if (r.kind === 'ours-only') return `line ${r.oursLine} is only ours: ${role(ours, r.oursLine!)}`;
    return `the server's line ${r.theirsLine} is not ours: ${role(theirs, r.theirsLine!)}`;
  });
}

function listed(lines: string[]): string {
  return `${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; ${lines.length - 3} more` : ''}`;
}

/** What we signed, unredacted when the explanation is the provider's own object (in process), else as recorded. */
interface Ours {
  details: SigV4Details;
  canonicalRequest: string;
  stringToSign: string;
}

/** One class's message and action; the server's words follow in parentheses. */
interface Told {
  message: string;
  /** A short title for a tree row, e.g. "Wrong secret access key". */
  headline?: string;
  /** What to do, e.g. "Re-enter the secret access key". */
  action?: string;
  credentials?: boolean;
}

const ACTIONS = {
  secret: 'Re-enter the secret access key',
  key: 'Re-enter the access key ID and secret',
  reauth: 'Re-authenticate (fresh credentials)',
  clock: "Check this computer's clock",
  scope: 'Check the region and signing name',
  policy: 'Check the IAM policy',
  uri: 'Check the catalog URI',
} as const;

function tell(r: SigV4Rejection, ours: Ours | undefined, comparedRows: { canonical?: AlignedLine[]; sts?: AlignedLine[] }): Told {
  const d = ours?.details;
  const server = `(the server said: ${r.message})`;
  switch (r.kind) {
    case 'wrong-region':
      return {
        headline: 'Wrong signing region',
        action: ACTIONS.scope,
        message: `the server expects another signing region${r.expected ? ` (${r.expected})` : ''}${d ? ` than ${d.region}` : ''} — check the connection's region ${server}`,
      };
    case 'wrong-service':
      return {
        headline: 'Wrong signing name',
        action: ACTIONS.scope,
        message: `the server expects another signing name${r.expected ? ` (${r.expected})` : ''}${d ? ` than ${d.service}` : ''} — check the connection's signing name ${server}`,
      };
    case 'clock-skew':
      return {
        headline: 'Clock skew',
        action: ACTIONS.clock,
        message: `the request time${d ? ` (${d.amzDate})` : ''} is too far from the server's clock — check this computer's clock and time zone ${server}`,
      };
    case 'unknown-key':
      return {
        headline: 'Unknown access key',
        action: ACTIONS.key,
        credentials: true,
        message: `the server does not know the access key ID${d ? ` ${d.accessKeyId}` : ''} (deleted, mistyped, or of another account or partition) — re-enter the access key ID and secret ${server}`,
      };
    case 'missing-token':
      return {
        headline: 'Session token missing',
        action: ACTIONS.reauth,
        credentials: true,
        message: `the access key ID${d ? ` ${d.accessKeyId}` : ''} is a temporary key but no session token was sent — give the session token with it, or re-authenticate ${server}`,
      };
    case 'expired-token':
      return {
        headline: 'Session token expired or invalid',
        action: ACTIONS.reauth,
        credentials: true,
        message: `the session token${d?.signedHeaders.includes('x-amz-security-token') ? ' sent' : ''} is expired or not valid for this key — re-authenticate for fresh credentials (e.g. aws sso login, a new session token) ${server}`,
      };
    case 'denied':
      return {
        headline: 'Denied by policy',
        action: ACTIONS.policy,
        message: `the signature was accepted but a policy denies this request — check the IAM policy of ${d ? d.accessKeyId : 'these credentials'} ${server}`,
      };
    case 'missing-auth':
      return {
        headline: 'No valid signature',
        action: ACTIONS.uri,
        message: `${r.message} — API Gateway also says this for a path or method it does not have; check the catalog URI`,
      };
    case 'signature-mismatch': {
      const head = 'signature does not match';
      if (ours && r.canonicalRequest !== undefined && comparedRows.canonical) {
        const lines = differences(comparedRows.canonical, ours.canonicalRequest, r.canonicalRequest, canonicalLineRole);
        if (lines.length) {
          return {
            headline: 'Signed a different request',
            action: 'Compare the canonical requests',
            message: `${head}: the server computed a different canonical request, so something between us and it changed the request, or it signs differently — compare the canonical request (${listed(lines)})`,
          };
        }
        if (r.stringToSign !== undefined && comparedRows.sts) {
          const sts = differences(comparedRows.sts, ours.stringToSign, r.stringToSign, stringToSignLineRole);
          if (sts.length) {
            return {
              headline: 'Wrong signing scope',
              action: ACTIONS.scope,
              message: `${head}: the canonical requests match but the string to sign does not (${listed(sts)}) — check the region and signing name`,
            };
          }
        }
        return {
          headline: 'Wrong secret access key',
          action: ACTIONS.secret,
          credentials: true,
          message: `${head}: the canonical requests match, so the signature differs in the key: the secret access key (or the date/region/service in the scope) is wrong — re-enter the secret access key`,
        };
      }
      return {
        headline: 'Wrong secret access key',
        action: ACTIONS.secret,
        credentials: true,
        message: `${head}: most likely the secret access key is wrong (the server did not say what it computed) — re-enter the secret access key ${server}`,
      };
    }
    default:
      return { message: r.message };
  }
}

function rowsFor(r: SigV4Rejection, ours: Ours | undefined): { canonical?: AlignedLine[]; sts?: AlignedLine[] } {
  if (!ours) return {};
  return {
    canonical: r.canonicalRequest !== undefined ? alignLines(ours.canonicalRequest, r.canonicalRequest) : undefined,
    sts: r.stringToSign !== undefined ? alignLines(ours.stringToSign, r.stringToSign) : undefined,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Aligned on the real texts, shown redacted: a line is "differs" only if the real lines differ. */
function redactRows(rows: AlignedLine[]): AlignedLine[] {
  return rows.map((r) => ({
    ...r,
    ...(r.ours !== undefined ? { ours: redactCanonicalRequest(r.ours) } : {}),
    ...(r.theirs !== undefined ? { theirs: redactCanonicalRequest(r.theirs) } : {}),
  }));
}

function compared(label: string, ours: string, theirs: string, rows: AlignedLine[]): ComparedTexts {
  const oursShown = redactCanonicalRequest(ours);
  const theirsShown = redactCanonicalRequest(theirs);
  const redacted = oursShown !== ours || theirsShown !== theirs;
  return {
    label,
    ours: oursShown,
    theirs: theirsShown,
    rows: redactRows(rows),
    ...(redacted
      ? {
          note: `Secret header values are redacted for display; the two were compared unredacted. SHA-256 of the real texts: ours ${sha256(ours)}, the server's ${sha256(theirs)}.`,
        }
      : {}),
  };
}

/**
 * A SigV4 refusal told in SigV4's terms: what kind of failure it is and what to do, and ours next to the server's
 * where the server quoted what it expected. Undefined when the body says nothing (the generic message stands).
 */
export function explainSigV4Rejection(refused: RefusedRequest, explanation: AuthExplanation | undefined): RejectionExplanation | undefined {
  const details = sigv4Details(explanation);
  const r = parseSigV4Rejection(refused.status, refused.body, refused.headers, details);
  if (!r) return undefined;
  const real = signedTexts(explanation);
  const ours: Ours | undefined = details
    ? { details, canonicalRequest: real?.canonicalRequest ?? details.canonicalRequest, stringToSign: real?.stringToSign ?? details.stringToSign }
    : undefined;
  const rows = rowsFor(r, ours);
  const comparisons: ComparedTexts[] = [];
  if (ours && r.canonicalRequest !== undefined) comparisons.push(compared('Canonical request', ours.canonicalRequest, r.canonicalRequest, rows.canonical!));
  if (ours && r.stringToSign !== undefined) comparisons.push(compared('String to sign', ours.stringToSign, r.stringToSign, rows.sts!));
  const told = tell(r, ours, rows);
  return {
    message: told.message,
    // A refusal we could not classify keeps the kind its status says.
    kind: told.credentials && refused.status === 401 ? 'unauthenticated' : r.kind === 'other' ? undefined : 'forbidden',
    ...(told.action ? { remedy: { headline: told.headline ?? told.action, action: told.action, credentials: told.credentials === true } } : {}),
    comparisons,
  };
}
