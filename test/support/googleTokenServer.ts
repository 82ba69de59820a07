/**
 * A loopback stand-in for Google's token endpoint and IAM Credentials API. It verifies the RS256 JWT assertion
 * of a service-account key with the key's public half, the way oauth2.googleapis.com does, and mints tokens.
 * A Gaxios transporter from `googleTransporter` sends the library's requests here.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gaxios } from 'google-auth-library';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  token_uri: string;
}

/** A fresh service account key, as the console would hand it out. */
export function makeServiceAccountKey(email: string): { keyFile: ServiceAccountKeyFile; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyFile: {
      type: 'service_account',
      project_id: 'test-project',
      private_key_id: createHash('sha256').update(email).digest('hex').slice(0, 40),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      token_uri: GOOGLE_TOKEN_URL,
    },
    publicKey,
  };
}

export interface IssuedToken {
  kind: 'access' | 'id' | 'impersonated-access' | 'impersonated-id' | 'user-access';
  principal: string;
  /** Assertion claims (service account flows), the refresh request's form (users) or request body (IAM Credentials). */
  claims: Record<string, unknown>;
}

export interface GoogleTokenServer {
  url: string;
  /** Every token minted, by token value. */
  issued: Map<string, IssuedToken>;
  /** Requests by path, in order, with their status. */
  log: { path: string; status: number; authorization?: string }[];
  close(): Promise<void>;
}

function b64(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Verify an RS256 JWT with `key`; returns its claims or a reason. */
function verifyJwt(jwt: string, keyFor: (iss: string) => KeyObject | undefined): Record<string, unknown> | string {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return 'malformed assertion';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  if (header['alg'] !== 'RS256') return 'alg must be RS256';
  const key = keyFor(String(claims['iss']));
  if (!key) return `unknown service account ${String(claims['iss'])}`;
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return 'Invalid JWT Signature.';
  if (claims['aud'] !== GOOGLE_TOKEN_URL) return `aud must be ${GOOGLE_TOKEN_URL}`;
  if (typeof claims['exp'] !== 'number' || claims['exp'] * 1000 <= Date.now()) return 'assertion expired';
  return claims;
}

/** A user's OAuth client and refresh token, as `gcloud auth application-default login` stores them. */
export interface UserGrant {
  clientId: string;
  clientSecret: string;
  email: string;
}

/**
 * Start the server. `accounts` maps service account emails to public keys; `impersonable` lists which target
 * principals a caller may impersonate; `users` maps refresh tokens to the user and OAuth client they were issued to.
 */
export async function startGoogleTokenServer(
  accounts: Map<string, KeyObject>,
  impersonable: Set<string>,
  users = new Map<string, UserGrant>(),
): Promise<GoogleTokenServer> {
  // The server's own key signs the ID tokens it mints.
  const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issued = new Map<string, IssuedToken>();
  const log: GoogleTokenServer['log'] = [];
  const idToken = (claims: Record<string, unknown>) => {
    const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'loopback' });
    const body = b64({ iss: 'https://accounts.google.com', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600, ...claims });
    return `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), signer.privateKey).toString('base64url')}`;
  };

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const answer = (status: number, body: object) => {
      log.push({ path, status, authorization: req.headers.authorization });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const text = await readBody(req);
    if (path === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') === 'refresh_token') {
        const user = users.get(form.get('refresh_token') ?? '');
        if (!user) return answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        if (form.get('client_id') !== user.clientId || form.get('client_secret') !== user.clientSecret)
          return answer(401, { error: 'invalid_client', error_description: 'Unauthorized' });
        const token = `ya29.user-${randomUUID()}`;
        issued.set(token, { kind: 'user-access', principal: user.email, claims: Object.fromEntries(form) });
        return answer(200, { access_token: token, token_type: 'Bearer', expires_in: 3599, scope: 'openid https://www.googleapis.com/auth/cloud-platform' });
      }
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return answer(400, { error: 'unsupported_grant_type' });
      const claims = verifyJwt(form.get('assertion') ?? '', (iss) => accounts.get(iss));
      if (typeof claims === 'string') return answer(400, { error: 'invalid_grant', error_description: claims });
      const principal = String(claims['iss']);
      if (typeof claims['target_audience'] === 'string') {
        const token = idToken({ aud: claims['target_audience'], sub: principal, email: principal, azp: principal });
        issued.set(token, { kind: 'id', principal, claims });
        return answer(200, { id_token: token });
      }
      if (!claims['scope']) return answer(400, { error: 'invalid_scope', error_description: 'no scope' });
      const token = `ya29.loopback-${randomUUID()}`;
      issued.set(token, { kind: 'access', principal, claims });
      return answer(200, { access_token: token, token_type: 'Bearer', expires_in: 3599 });
    }
    const iam = /^\/iam\/v1\/projects\/-\/serviceAccounts\/([^/:]+):(generateAccessToken|generateIdToken)$/.exec(path);
    if (iam && req.method === 'POST') {
      const target = decodeURIComponent(iam[1]!);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const source = bearer ? issued.get(bearer) : undefined;
      if (
        !source ||
        !String(source.claims['scope'] ?? '')
          .split(' ')
          .includes('https://www.googleapis.com/auth/cloud-platform')
      ) {
        return answer(401, { error: { code: 401, status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' } });
      }
      if (!impersonable.has(target)) {
        return answer(403, {
          error: { code: 403, status: 'PERMISSION_DENIED', message: `Permission 'iam.serviceAccounts.getAccessToken' denied on ${target}` },
        });
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      if (iam[2] === 'generateAccessToken') {
        const token = `ya29.impersonated-${randomUUID()}`;
        issued.set(token, { kind: 'impersonated-access', principal: target, claims: { ...body, source: source.principal } });
        return answer(200, { accessToken: token, expireTime: new Date(Date.now() + 3600_000).toISOString() });
      }
      const token = idToken({ aud: body['audience'], sub: target, email: target });
      issued.set(token, { kind: 'impersonated-id', principal: target, claims: { ...body, source: source.principal } });
      return answer(200, { token });
    }
    answer(404, { error: { code: 404, message: `no route ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, issued, log, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A Gaxios whose request interceptor sends Google's token and IAM Credentials hosts to the loopback server. */
export function googleTransporter(serverUrl: string): InstanceType<typeof gaxios.Gaxios> {
  const transporter = new gaxios.Gaxios();
  const prefixes: Record<string, string> = { 'oauth2.googleapis.com': '/oauth2', 'iamcredentials.googleapis.com': '/iam' };
  transporter.interceptors.request.add({
    resolved: async (config) => {
      const url = new URL(String(config.url));
      const prefix = prefixes[url.host];
      if (prefix === undefined) throw new Error(`test transporter: unexpected request to ${url.host}`);
      config.url = new URL(`${serverUrl}${prefix}${url.pathname}${url.search}`);
      return config;
    },
  });
  return transporter;
}
