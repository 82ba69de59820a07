import type { AwsCredentialIdentity, HeaderBag, HttpRequest as SmithyHttpRequest } from '@smithy/types';
import type { OutgoingRequest } from '../../transport/outgoing';
import { loadAwsSigning } from '../lazy/load';
import { parseWireQuery } from './query';

/** Never signed: hop-by-hop headers a proxy may change or drop, and user-agent, which clients and proxies rewrite. */
export const UNSIGNED_HEADERS = new Set(['connection', 'expect', 'transfer-encoding', 'keep-alive', 'te', 'trailer', 'upgrade', 'user-agent', 'proxy-authorization', 'proxy-connection']);

function isUnsigned(name: string): boolean {
  return UNSIGNED_HEADERS.has(name) || name.startsWith('proxy-');
}

export interface SignInput {
  credentials: AwsCredentialIdentity;
  region: string;
  service: string;
  signingDate: Date;
  /** Add and sign `x-amz-content-sha256` (default). Off only for the AWS test suite, which predates the header. */
  payloadHashHeader?: boolean;
}

/** What was signed, for the explanation; every string here is free of secrets. */
export interface SignResult {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string[];
  credentialScope: string;
  amzDate: string;
  /** The signature hex; not secret by itself, but the explanation leaves it out. */
  signature: string;
}

type SigningModule = ReturnType<typeof loadAwsSigning>;
type RecordingSigner = InstanceType<SigningModule['SignatureV4']> & { canonicalRequest: string; stringToSign: string };
let RecordingSignatureV4: (new (...args: ConstructorParameters<SigningModule['SignatureV4']>) => RecordingSigner) | undefined;

/**
 * Smithy's signer, recording the two intermediate texts it exposes only through protected methods. One class for
 * the process (a class per request costs more than the signature); one instance per request, so that concurrent
 * requests cannot mix their records. The AWS code is loaded on first use (a chunk of its own in the bundles), so
 * that activating the extension does not load it.
 */
function recordingSigner(): NonNullable<typeof RecordingSignatureV4> {
  if (!RecordingSignatureV4) {
    const { SignatureV4 } = loadAwsSigning();
    RecordingSignatureV4 = class extends SignatureV4 {
      canonicalRequest = '';
      stringToSign = '';
      protected override createCanonicalRequest(request: SmithyHttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
        this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
        return this.canonicalRequest;
      }
      protected override async createStringToSign(longDate: string, scope: string, canonical: string, algorithm: string): Promise<string> {
        this.stringToSign = await super.createStringToSign(longDate, scope, canonical, algorithm);
        return this.stringToSign;
      }
    };
  }
  return RecordingSignatureV4;
}

/**
 * Sign `request` in place with SigV4: sets x-amz-date, x-amz-content-sha256, x-amz-security-token and authorization,
 * and may rewrite `request.url`'s query into the canonical encoding so that the URL sent is the URL signed.
 */
export async function signRequest(request: OutgoingRequest, input: SignInput): Promise<SignResult> {
  const { HttpRequest, Sha256 } = loadAwsSigning();
  const signer = new (recordingSigner())({
    credentials: input.credentials,
    region: input.region,
    service: input.service,
    sha256: Sha256,
    // Non-S3 services canonicalise the wire path percent-encoded once more (%1F -> %251F); S3 is not supported here.
    uriEscapePath: true,
    applyChecksum: input.payloadHashHeader !== false,
  });

  const url = request.url;
  const { query, wireSearch } = parseWireQuery(url.search);
  if (url.search.slice(1) !== wireSearch) url.search = wireSearch;

  // Remove what the signer owns, so that a retry re-signs from clean headers.
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) delete request.headers[name];
  // The authority the client will put on the wire: WHATWG's url.host keeps a non-default port and drops a default one.
  if ('host' in request.headers) request.headers.host = url.host;

  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'host' || isUnsigned(name)) continue;
    headers[name] = value;
  }
  const signed = await signer.sign(
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
    { signingDate: input.signingDate, unsignableHeaders: UNSIGNED_HEADERS },
  );

  const out = signed.headers;
  const authorization = out.authorization;
  const m = /Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(authorization ?? '');
  if (!authorization || !m) throw new Error('sigv4: the signer produced no Authorization header');
  request.headers.authorization = authorization;
  request.headers['x-amz-date'] = out['x-amz-date'];
  if (out['x-amz-content-sha256']) request.headers['x-amz-content-sha256'] = out['x-amz-content-sha256'];
  if (out['x-amz-security-token']) request.headers['x-amz-security-token'] = out['x-amz-security-token'];

  return {
    canonicalRequest: signer.canonicalRequest,
    stringToSign: signer.stringToSign,
    credentialScope: m[1],
    signedHeaders: m[2].split(';'),
    signature: m[3],
    amzDate: out['x-amz-date'],
  };
}
