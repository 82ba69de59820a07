import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One AssumeRole call as the loopback STS saw it. */
export interface AssumeRoleCall {
  params: Record<string, string>;
  /** Access key id from the Authorization header's credential. */
  accessKeyId: string;
  credentialScope: string;
  /** Whether the signature verified against the caller's known secret (recomputed here with node:crypto). */
  signatureValid: boolean;
}

export interface TemporaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface LoopbackSts {
  url: string;
  calls: AssumeRoleCall[];
  /** What the next successful AssumeRole returns. */
  issued: TemporaryCredentials;
  close(): Promise<void>;
}

function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Verify SigV4 from first principles (not with the signer under test): canonical request from the request as received. */
function verify(req: IncomingMessage, body: Buffer, secrets: Record<string, string>): { accessKeyId: string; scope: string; valid: boolean } {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(String(req.headers.authorization ?? ''));
  if (!m) return { accessKeyId: '', scope: '', valid: false };
  const [, accessKeyId, scope, signedHeaders, signature] = m;
  const url = new URL(req.url ?? '/', 'http://sts');
  const query = [...url.searchParams]
    .map(([k, v]) => `${uriEscape(k)}=${uriEscape(v)}`)
    .sort()
    .join('&');
  const headers = signedHeaders.split(';').map(
    (h) =>
      `${h}:${String(req.headers[h] ?? '')
        .trim()
        .replace(/\s+/g, ' ')}`,
  );
  const payload = createHash('sha256').update(body).digest('hex');
  const canonical = [req.method, url.pathname, query, ...headers, '', signedHeaders, payload].join('\n');
  const amzDate = String(req.headers['x-amz-date']);
  const sts = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const [date, region, service] = scope.split('/');
  const secret = secrets[accessKeyId];
  if (!secret) return { accessKeyId, scope, valid: false };
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return { accessKeyId, scope, valid: createHmac('sha256', key).update(sts).digest('hex') === signature };
}

/**
 * A tiny STS AssumeRole responder (awsQuery protocol: form-encoded request, XML response). Roles whose ARN contains
 * "denied" get AccessDenied. `secrets` maps the callers' access key ids to their secrets, to verify signatures.
 */
export async function startLoopbackSts(secrets: Record<string, string>, issued: TemporaryCredentials): Promise<LoopbackSts> {
  const calls: AssumeRoleCall[] = [];
  const state = { issued };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const check = verify(req, body, secrets);
      calls.push({ params, accessKeyId: check.accessKeyId, credentialScope: check.scope, signatureValid: check.valid });
      res.setHeader('content-type', 'text/xml');
      if (!check.valid || params.Action !== 'AssumeRole' || /denied/.test(params.RoleArn ?? '')) {
        const [code, message] = !check.valid
          ? ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.']
          : ['AccessDenied', `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}`];
        res.statusCode = 403;
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
        );
        return;
      }
      const c = state.issued;
      res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${c.AccessKeyId}</AccessKeyId>
      <SecretAccessKey>${c.SecretAccessKey}</SecretAccessKey>
      <SessionToken>${c.SessionToken}</SessionToken>
      <Expiration>${c.Expiration.toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:${params.RoleSessionName}</AssumedRoleId>
      <Arn>${(params.RoleArn ?? '').replace(':iam:', ':sts:').replace(':role/', ':assumed-role/')}/${params.RoleSessionName}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
    });
  });
  // listen() resolves once the socket is bound: no readiness polling needed.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get issued() {
      return state.issued;
    },
    set issued(v: TemporaryCredentials) {
      state.issued = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
