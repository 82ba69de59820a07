import { createHash } from 'node:crypto';
import { maskId } from '../../redact';
import type { AuthExplanation } from '../../authContract';
import { redactCanonicalRequest } from './canonical';
import { authorizationParts, type SignResult } from './sign';

/** What the explanation of one signed request is built from. */
export interface SigV4ExplanationInput {
  signed: SignResult;
  region: string;
  service: string;
  accessKeyId: string;
  /** Where the credentials came from, e.g. `profile dev (credential_process)`. */
  source: string;
  sessionToken: boolean;
  /** The wrapped auth's explanation, when SigV4 wraps another provider. */
  delegate?: AuthExplanation;
}

/** SigV4 specifics of one signed request, so that a rejection can be compared with what the server expected. */
export interface SigV4Details {
  /** Redacted (secret header values hidden). */
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string[];
  credentialScope: string;
  region: string;
  service: string;
  /** Masked. */
  accessKeyId: string;
  credentialSource: string;
  amzDate: string;
}

/** What the request inspector, `nsb --explain` and a rejection read of a signed request. */
export interface SigV4AuthExplanation extends AuthExplanation {
  sigv4: SigV4Details;
}

type Detail = Required<Omit<SigV4AuthExplanation, 'provider'>>;

/**
 * How a request was signed, as the request inspector, `nsb --verbose` and a 403's comparison show it. Every request
 * gets one, but few are ever looked at: the texts (the redacted canonical request, the string to sign, the fields)
 * are built the first time something reads them. The getters live on the prototype, so `toJSON` gives the plain
 * shape to JSON.stringify and to the webview's messages (which VS Code serialises as JSON).
 */
export class SigV4Explanation implements SigV4AuthExplanation {
  readonly provider = 'sigv4';
  readonly #input: SigV4ExplanationInput;
  #detail: Detail | undefined;

  constructor(input: SigV4ExplanationInput) {
    this.#input = input;
  }

  get summary(): string {
    return this.detail().summary;
  }

  get fields(): Detail['fields'] {
    return this.detail().fields;
  }

  get blocks(): Detail['blocks'] {
    return this.detail().blocks;
  }

  get sigv4(): Detail['sigv4'] {
    return this.detail().sigv4;
  }

  toJSON(): SigV4AuthExplanation {
    return { provider: this.provider, ...this.detail() };
  }

  private detail(): Detail {
    if (this.#detail) return this.#detail;
    const { signed, region, service, source, sessionToken, delegate } = this.#input;
    const masked = maskId(this.#input.accessKeyId);
    const canonicalRequest = redactCanonicalRequest(signed.canonicalRequest);
    const { credentialScope, signedHeaders } = authorizationParts(signed.authorization);
    const stringToSign = stringToSignOf(signed, credentialScope);
    // Whoever checks line 4 of the string to sign by hand must learn that the text shown is not the text hashed.
    const note =
      canonicalRequest === signed.canonicalRequest
        ? undefined
        : `Redacted: secret header values are hidden, so this text's SHA-256 is not line 4 of the string to sign. The real canonical request's SHA-256 is ${sha256(signed.canonicalRequest)}.`;
    const fields = [
      { label: 'Region', value: region },
      { label: 'Service', value: service },
      { label: 'Credentials', value: source },
      { label: 'Access key ID', value: masked },
      { label: 'Session token', value: sessionToken ? 'sent in x-amz-security-token (signed)' : 'none' },
      { label: 'Date', value: signed.amzDate },
      { label: 'Credential scope', value: credentialScope },
      { label: 'Signed headers', value: signedHeaders.join(';') },
    ];
    if (delegate) fields.push({ label: 'Wrapped auth', value: `${delegate.provider}: ${delegate.summary} (moved to original-authorization)` });
    this.#detail = {
      summary: `SigV4 signed for ${service} in ${region} with ${masked} (${source})`,
      fields,
      blocks: [
        { label: 'Canonical request', text: canonicalRequest, ...(note ? { note } : {}) },
        { label: 'String to sign', text: stringToSign },
        ...(delegate?.blocks ?? []),
      ],
      sigv4: {
        canonicalRequest,
        stringToSign,
        signedHeaders,
        credentialScope,
        region,
        service,
        accessKeyId: masked,
        credentialSource: source,
        amzDate: signed.amzDate,
      },
    };
    return this.#detail;
  }

  /** The texts as signed, secrets included: for comparing inside the process only, never for display or a record. */
  unredacted(): { canonicalRequest: string; stringToSign: string } {
    const { signed } = this.#input;
    return { canonicalRequest: signed.canonicalRequest, stringToSign: stringToSignOf(signed) };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * What was really signed, when `explanation` is the provider's own object (in the process that signed); undefined
 * for a record's copy, which only has the redacted texts.
 */
export function signedTexts(explanation: AuthExplanation | undefined): { canonicalRequest: string; stringToSign: string } | undefined {
  return explanation instanceof SigV4Explanation ? explanation.unredacted() : undefined;
}

/** The string to sign, as smithy builds it: the algorithm, the date, the scope and the canonical request's SHA-256. */
export function stringToSignOf(signed: SignResult, credentialScope = authorizationParts(signed.authorization).credentialScope): string {
  return `AWS4-HMAC-SHA256\n${signed.amzDate}\n${credentialScope}\n${createHash('sha256').update(signed.canonicalRequest, 'utf8').digest('hex')}`;
}

/**
 * The SigV4 details of an explanation the sigv4 provider made: the object itself, or a record's copy of it (scrubbed,
 * or through JSON), which keeps them in its plain form.
 */
export function sigv4Details(explanation: AuthExplanation | undefined): SigV4Details | undefined {
  if (explanation instanceof SigV4Explanation) return explanation.sigv4;
  if (explanation?.provider !== 'sigv4') return undefined;
  const toJSON = (explanation as { toJSON?: () => unknown }).toJSON;
  const plain = (typeof toJSON === 'function' ? toJSON.call(explanation) : explanation) as Partial<SigV4AuthExplanation>;
  return plain.sigv4 && typeof plain.sigv4 === 'object' ? plain.sigv4 : undefined;
}
