import type { AuthExplanation, ComparedTexts, RefusedRequest, RejectionExplanation } from '../../authContract';
import { alignLines, differingRows } from '../../lineDiff';
import { canonicalLineRole, redactCanonicalRequest, stringToSignLineRole } from './canonical';
import { sigv4Details } from './explanation';

export type SigV4RejectionKind = 'signature-mismatch' | 'wrong-scope' | 'clock-skew' | 'invalid-token' | 'missing-auth' | 'other';

/** What a server said about a SigV4 request it refused; canonical texts have secret header values redacted. */
export interface SigV4Rejection {
  canonicalRequest?: string;
  stringToSign?: string;
  message: string;
  kind: SigV4RejectionKind;
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!m) return undefined;
  return m[1]
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The message of an AWS-style JSON error body: `message`, `Message`, `errorMessage`, or Iceberg's `error.message`. */
function jsonMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as Record<string, unknown>;
  for (const key of ['message', 'Message', 'errorMessage']) if (typeof o[key] === 'string') return o[key] as string;
  const nested = o.error ?? o.Error;
  if (nested && typeof nested === 'object') {
    const n = nested as Record<string, unknown>;
    for (const key of ['message', 'Message']) if (typeof n[key] === 'string') return n[key] as string;
  }
  return undefined;
}

/** API Gateway quotes what it expected: `The Canonical String for this request should have been\n'...'\n\nThe String-to-Sign should have been\n'...'`. */
function quoted(message: string, intro: RegExp): string | undefined {
  const m = intro.exec(message);
  if (!m) return undefined;
  const rest = message.slice(m.index + m[0].length).replace(/^\s*\n?'/, '');
  // The quoted text ends at the last quote before the next section (or the end); canonical texts can hold quotes.
  const next = rest.search(/'\s*\n\s*\n\s*The String-to-Sign|'\s*$/);
  return next >= 0 ? rest.slice(0, next) : undefined;
}

function classify(text: string, code: string | undefined): SigV4RejectionKind | undefined {
  if (code === 'SignatureDoesNotMatch' || /signature we calculated does not match/i.test(text)) return 'signature-mismatch';
  if (code === 'RequestTimeTooSkewed' || code === 'RequestExpired' || /Signature expired|Signature not yet current|too skewed/i.test(text)) return 'clock-skew';
  if (
    code === 'InvalidClientTokenId' ||
    code === 'ExpiredToken' ||
    code === 'InvalidToken' ||
    code === 'UnrecognizedClientException' ||
    /security token included in the request is (invalid|expired)/i.test(text)
  ) {
    return 'invalid-token';
  }
  if (/Credential should be scoped to (a valid region|correct service)/i.test(text)) return 'wrong-scope';
  if (code === 'MissingAuthenticationToken' || /Missing Authentication Token|Authorization header requires|Authorization header is missing/i.test(text)) return 'missing-auth';
  return undefined;
}

/** Understand a 400/401/403 from an AWS front end (API Gateway JSON, S3-style XML). Undefined when it says nothing SigV4-related. */
export function parseSigV4Rejection(status: number, bodyText: string): SigV4Rejection | undefined {
  if (status !== 400 && status !== 401 && status !== 403) return undefined;
  const body = bodyText ?? '';
  if (/^\s*</.test(body)) {
    const code = xmlText(body, 'Code');
    const message = xmlText(body, 'Message') ?? code ?? '';
    const kind = classify(message, code);
    if (!kind && !code) return undefined;
    const canonicalRequest = xmlText(body, 'CanonicalRequest');
    const stringToSign = xmlText(body, 'StringToSign');
    return {
      kind: kind ?? 'other',
      message: code && !message.startsWith(code) ? `${code}: ${message}` : message,
      ...(canonicalRequest !== undefined ? { canonicalRequest: redactCanonicalRequest(canonicalRequest) } : {}),
      ...(stringToSign !== undefined ? { stringToSign } : {}),
    };
  }
  const message = jsonMessage(body) ?? body.trim();
  if (!message) return undefined;
  const kind = classify(message, undefined);
  if (!kind && jsonMessage(body) === undefined) return undefined;
  const canonicalRequest = quoted(message, /The Canonical String for this request should have been/);
  const stringToSign = quoted(message, /The String-to-Sign should have been/);
  // The first paragraph is the human part; the quoted texts are returned separately.
  const summary = message.split(/\n\s*\n/)[0].trim();
  return {
    kind: kind ?? 'other',
    message: summary,
    ...(canonicalRequest !== undefined ? { canonicalRequest: redactCanonicalRequest(canonicalRequest) } : {}),
    ...(stringToSign !== undefined ? { stringToSign } : {}),
  };
}

/**
 * The lines that differ, aligned (one missing header blames that header alone), each named by its role in the text
 * that has it: "line 2 differs: path", "line 8 is only ours: header x-foo", "the server's line 7 is not ours: ...".
 */
function differences(ours: string, theirs: string, role: (text: string, line: number) => string): string[] {
  return differingRows(alignLines(ours, theirs)).map((r) => {
    if (r.kind === 'changed') return `line ${r.oursLine} differs: ${role(ours, r.oursLine!)}`;
    if (r.kind === 'ours-only') return `line ${r.oursLine} is only ours: ${role(ours, r.oursLine!)}`;
    return `the server's line ${r.theirsLine} is not ours: ${role(theirs, r.theirsLine!)}`;
  });
}

/**
 * The user-facing message for a rejection, e.g.
 * "forbidden: signature does not match — compare the canonical request (line 2 differs: path)".
 */
export function describeRejection(rejection: SigV4Rejection, ours?: { canonicalRequest?: string; stringToSign?: string; credentialScope?: string }): string {
  switch (rejection.kind) {
    case 'wrong-scope':
      return `forbidden: the server expects another region or signing name${ours?.credentialScope ? ` than ${ours.credentialScope}` : ''} — check the connection's region and signing name (${rejection.message})`;
    case 'signature-mismatch': {
      const head = 'forbidden: signature does not match';
      if (rejection.canonicalRequest !== undefined && ours?.canonicalRequest !== undefined) {
        const ourCanonical = redactCanonicalRequest(ours.canonicalRequest);
        const lines = differences(ourCanonical, rejection.canonicalRequest, canonicalLineRole);
        if (lines.length) return `${head} — compare the canonical request (${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; ${lines.length - 3} more` : ''})`;
        if (rejection.stringToSign !== undefined && ours.stringToSign !== undefined) {
          const sts = differences(ours.stringToSign, rejection.stringToSign, stringToSignLineRole);
          if (sts.length) return `${head} — the canonical requests agree but the string to sign does not (${sts.join('; ')}): check the region and signing name`;
        }
        return `${head} — the server computed the same canonical request, so the secret access key is wrong (or belongs to another access key id)`;
      }
      return `${head} — check the secret access key, the region and the signing name (${rejection.message})`;
    }
    case 'clock-skew':
      return `forbidden: the request time is too far from the server's clock — check this computer's clock (${rejection.message})`;
    case 'invalid-token':
      return `forbidden: the security token is invalid or expired — refresh the credentials (e.g. aws sso login, or a new session token) (${rejection.message})`;
    case 'missing-auth':
      return `forbidden: ${rejection.message} — API Gateway also says this for a path or method it does not know; check the catalog URI`;
    default:
      return `forbidden: ${rejection.message}`;
  }
}

/**
 * A SigV4 refusal told in SigV4's terms: what kind of failure it is, the line of the canonical request that differs,
 * and ours next to the server's where the server quoted what it expected. Undefined when the body says nothing of
 * SigV4 (the generic message stands).
 */
export function explainSigV4Rejection(refused: RefusedRequest, ours: AuthExplanation | undefined): RejectionExplanation | undefined {
  const r = parseSigV4Rejection(refused.status, refused.body);
  if (!r) return undefined;
  const signed = sigv4Details(ours);
  const comparisons: ComparedTexts[] = [];
  if (signed && r.canonicalRequest !== undefined) comparisons.push({ label: 'Canonical request', ours: signed.canonicalRequest, theirs: r.canonicalRequest });
  if (signed && r.stringToSign !== undefined) comparisons.push({ label: 'String to sign', ours: signed.stringToSign, theirs: r.stringToSign });
  const credentialsProblem = r.kind === 'missing-auth' || r.kind === 'invalid-token' || r.kind === 'clock-skew';
  return {
    // The error kind is shown beside the message already.
    message: describeRejection(r, signed).replace(/^forbidden: /, ''),
    kind: credentialsProblem && refused.status === 401 ? 'unauthenticated' : 'forbidden',
    comparisons,
  };
}
