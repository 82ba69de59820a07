import type { AwsCredentialIdentity, HeaderBag, HttpRequest as SmithyHttpRequest } from '@smithy/types';
import type { OutgoingRequest } from '../../transport/outgoing';
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

type SmithySignature = typeof import('@smithy/signature-v4');
type SmithyHttp = typeof import('@smithy/protocol-http');
type Sha256Module = typeof import('@aws-crypto/sha256-js');
let modules: Promise<[SmithySignature, SmithyHttp, Sha256Module]> | undefined;

/** Loaded on first use, so that activating the extension does not load the AWS code. */
function loadModules(): Promise<[SmithySignature, SmithyHttp, Sha256Module]> {
  modules ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/protocol-http'), import('@aws-crypto/sha256-js')]);
  return modules;
}

/**
 * Sign `request` in place with SigV4: sets x-amz-date, x-amz-content-sha256, x-amz-security-token and authorization,
 * and may rewrite `request.url`'s query into the canonical encoding so that the URL sent is the URL signed.
 */
export async function signRequest(request: OutgoingRequest, input: SignInput): Promise<SignResult> {
  const [{ SignatureV4 }, { HttpRequest }, { Sha256 }] = await loadModules();

  // Smithy exposes the two intermediate texts only through protected methods; a subclass records them, one
  // instance per request so that concurrent requests cannot mix their records.
  let canonicalRequest = '';
  let stringToSign = '';
  class RecordingSignatureV4 extends SignatureV4 {
    protected override createCanonicalRequest(request: SmithyHttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
      canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
      return canonicalRequest;
    }
    protected override async createStringToSign(longDate: string, scope: string, canonical: string, algorithm: string): Promise<string> {
      stringToSign = await super.createStringToSign(longDate, scope, canonical, algorithm);
      return stringToSign;
    }
  }
  const signer = new RecordingSignatureV4({
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
    canonicalRequest,
    stringToSign,
    credentialScope: m[1],
    signedHeaders: m[2].split(';'),
    signature: m[3],
    amzDate: out['x-amz-date'],
  };
}
