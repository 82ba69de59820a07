import type { AwsCredentialIdentity, HeaderBag, HttpRequest as SmithyHttpRequest } from '@smithy/types';
import type { OutgoingRequest } from '../../authContract';
import { loadAwsSigning } from '../../lazy/load';
import { parseWireQuery } from './query';

/** Never signed: hop-by-hop headers a proxy may change or drop, and user-agent, which clients and proxies rewrite. */
export const UNSIGNED_HEADERS = new Set([
  'connection',
  'expect',
  'transfer-encoding',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'user-agent',
  'proxy-authorization',
  'proxy-connection',
]);

function isUnsigned(name: string): boolean {
  return UNSIGNED_HEADERS.has(name) || name.startsWith('proxy-');
}

/** Set by the signer: removed before each sign, so that a retry re-signs from clean headers. */
const SIGNER_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

/** What a RequestSigner signs with. */
export interface SignerConfig {
  credentials: AwsCredentialIdentity;
  region: string;
  service: string;
  /** Add and sign `x-amz-content-sha256` (default). Off only for the AWS test suite, which predates the header. */
  payloadHashHeader?: boolean;
}

/** What was signed, for the explanation. The canonical request may hold a session token: redact it before showing it. */
export interface SignResult {
  canonicalRequest: string;
  /** The Authorization header sent; `authorizationParts` reads its parts. */
  authorization: string;
  amzDate: string;
}

/** The parts of a SigV4 Authorization header that explain it (the explanation leaves the signature out). */
export function authorizationParts(authorization: string): { credentialScope: string; signedHeaders: string[] } {
  const m = /Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+), Signature=[0-9a-f]+/.exec(authorization);
  if (!m) throw new Error('sigv4: the Authorization header is not a SigV4 one');
  return { credentialScope: m[1]!, signedHeaders: m[2]!.split(';') };
}

type SigningModule = ReturnType<typeof loadAwsSigning>;
type RecordingSigner = InstanceType<SigningModule['SignatureV4']> & { canonicalRequest: string };
let RecordingSignatureV4: (new (...args: ConstructorParameters<SigningModule['SignatureV4']>) => RecordingSigner) | undefined;

/**
 * Smithy's signer, recording the canonical request it builds in a protected method. One class for
 * the process (a class per request costs more than the signature). The AWS code is loaded on first use (a chunk of
 * its own in the bundles), so that activating the extension does not load it.
 */
function recordingSigner(): NonNullable<typeof RecordingSignatureV4> {
  if (!RecordingSignatureV4) {
    const { SignatureV4 } = loadAwsSigning();
    RecordingSignatureV4 = class extends SignatureV4 {
      canonicalRequest = '';
      protected override createCanonicalRequest(request: SmithyHttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
        this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
        return this.canonicalRequest;
      }
    };
  }
  return RecordingSignatureV4;
}

/**
 * Signs requests with one set of credentials for one region and service. One smithy signer is configured once;
 * each request signs through an object whose prototype is that signer, so the texts it records land on the
 * per-request object and concurrent requests cannot mix them.
 */
export class RequestSigner {
  private readonly signer: RecordingSigner;

  constructor(readonly input: SignerConfig) {
    this.signer = new (recordingSigner())({
      credentials: input.credentials,
      region: input.region,
      service: input.service,
      sha256: loadAwsSigning().Sha256,
      // Every service but S3 canonicalises the wire path percent-encoded once more (%24 -> %2524); S3 signs it as sent.
      uriEscapePath: input.service !== 's3',
      applyChecksum: input.payloadHashHeader !== false,
    });
  }

  /**
   * Sign `request` in place with SigV4: sets x-amz-date, x-amz-content-sha256, x-amz-security-token and
   * authorization, and may rewrite `request.url`'s query into the canonical encoding so that the URL sent is the
   * URL signed.
   */
  async sign(request: OutgoingRequest, signingDate: Date): Promise<SignResult> {
    const { HttpRequest } = loadAwsSigning();
    const url = request.url;
    let query: Record<string, string | string[]> = {};
    if (url.search) {
      const parsed = parseWireQuery(url.search);
      query = parsed.query;
      if (url.search.slice(1) !== parsed.wireSearch) url.search = parsed.wireSearch;
    }

    // Remove what the signer owns, so that a retry re-signs from clean headers.
    for (const name of SIGNER_HEADERS) delete request.headers[name];
    // The authority the client will put on the wire: WHATWG's url.host keeps a non-default port and drops a default one.
    if ('host' in request.headers) request.headers.host = url.host;

    const headers: Record<string, string> = { host: url.host };
    for (const name in request.headers) {
      if (name === 'host' || isUnsigned(name)) continue;
      headers[name] = request.headers[name]!;
    }
    const recorder = Object.create(this.signer) as RecordingSigner;
    const signed = await recorder.sign(
      new HttpRequest({
        method: request.method.toUpperCase(),
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers,
        body: request.body,
      }),
      { signingDate, unsignableHeaders: UNSIGNED_HEADERS },
    );

    const out = signed.headers;
    const authorization = out.authorization;
    if (!authorization?.startsWith('AWS4-HMAC-SHA256 Credential=')) throw new Error('sigv4: the signer produced no Authorization header');
    request.headers.authorization = authorization;
    request.headers['x-amz-date'] = out['x-amz-date']!;
    if (out['x-amz-content-sha256']) request.headers['x-amz-content-sha256'] = out['x-amz-content-sha256'];
    if (out['x-amz-security-token']) request.headers['x-amz-security-token'] = out['x-amz-security-token'];

    return { canonicalRequest: recorder.canonicalRequest, authorization, amzDate: out['x-amz-date']! };
  }
}
