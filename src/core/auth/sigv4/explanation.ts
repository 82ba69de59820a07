import { createHash } from 'node:crypto';
import { maskId } from '../../redact';
import type { AuthExplanation } from '../provider';
import { redactCanonicalRequest } from './rejection';
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

type Detail = Required<Omit<AuthExplanation, 'provider'>>;

/**
 * How a request was signed, as the request inspector, `nsb --verbose` and a 403's comparison show it. Every request
 * gets one, but few are ever looked at: the texts (the redacted canonical request, the string to sign, the fields)
 * are built the first time something reads them. The getters live on the prototype, so `toJSON` gives the plain
 * shape to JSON.stringify and to the webview's messages (which VS Code serialises as JSON).
 */
export class SigV4Explanation implements AuthExplanation {
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

  toJSON(): AuthExplanation {
    return { provider: this.provider, ...this.detail() };
  }

  private detail(): Detail {
    if (this.#detail) return this.#detail;
    const { signed, region, service, source, sessionToken, delegate } = this.#input;
    const masked = maskId(this.#input.accessKeyId);
    const canonicalRequest = redactCanonicalRequest(signed.canonicalRequest);
    const { credentialScope, signedHeaders } = authorizationParts(signed.authorization);
    const stringToSign = stringToSignOf(signed, credentialScope);
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
      blocks: [{ label: 'Canonical request', text: canonicalRequest }, { label: 'String to sign', text: stringToSign }, ...(delegate?.blocks ?? [])],
      sigv4: { canonicalRequest, stringToSign, signedHeaders, credentialScope, region, service, accessKeyId: masked, credentialSource: source, amzDate: signed.amzDate },
    };
    return this.#detail;
  }
}

/** The string to sign, as smithy builds it: the algorithm, the date, the scope and the canonical request's SHA-256. */
export function stringToSignOf(signed: SignResult, credentialScope = authorizationParts(signed.authorization).credentialScope): string {
  return `AWS4-HMAC-SHA256\n${signed.amzDate}\n${credentialScope}\n${createHash('sha256').update(signed.canonicalRequest, 'utf8').digest('hex')}`;
}
