// Corporate networks with real components: a forward proxy that wants a password (the `proxy` package), a TLS
// catalog signed by a private CA, one that wants a client certificate, and the auth side requests (OAuth2 from
// oauth2-mock-server, STS AssumeRole, Google's token endpoint) carried by the same transport.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createRuntime } from '../../src/core/runtime';
import { RequestLog } from '../../src/core/records';
import { CatalogError } from '../../src/core/errors';
import type { ConnectionConfig } from '../../src/core/connection';
import { CLIENT_KEY_PASSPHRASE, type NetworkSettings } from '../../src/core/transport/network';
import { loadSystemCertificates } from '../../src/core/transport/systemCertificates';
import { startLanceCatalog, type RunningServer } from '../support/pyserver';
import { startProxy, type CountingProxy } from '../support/proxy';
import { startTokenIssuer, type TokenIssuer } from '../support/oauthServer';
import { startAssumeRole, type AssumeRole } from '../support/assumeRole';
import { makeServiceAccountKey, startGoogleTokenServer, type GoogleTokenServer } from '../support/googleTokenServer';
import { issueCertificate, makePki, startMutualTlsServer, startTlsServer, type TestPki } from '../support/tls';
import { runCli } from '../support/cli';

const AUTH = `Basic ${Buffer.from('alice:s3cret-proxy-pw').toString('base64')}`;
const CLIENT_SECRET = 'CANARY-oauth2-network-7c1d';
const MASTER = { id: 'AKIANETWORKMASTER01', secret: 'CANARY-master-secret-network-0000000000' };
const ISSUED = {
  AccessKeyId: 'ASIANETWORKISSUED01',
  SecretAccessKey: 'CANARY-issued-secret-network-111111111',
  SessionToken: 'CANARY-issued-session-token-network',
  Expiration: new Date(Date.now() + 3600_000),
};
const SA = 'reader@nsb-test.iam.gserviceaccount.com';

let lance: RunningServer;
let proxy: CountingProxy;
let issuer: TokenIssuer;
let role: AssumeRole;
let google: GoogleTokenServer;
let googleFront: Awaited<ReturnType<typeof startTlsServer>>;
let pki: TestPki;
const sa = makeServiceAccountKey(SA);

/** Relays what reaches the HTTPS front for oauth2.googleapis.com to the loopback Google token server's /oauth2 paths. */
function relayTo(target: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const out = httpRequest(`${target}/oauth2${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  };
}

before(async () => {
  pki = makePki();
  const googleCert = issueCertificate(pki, 'oauth2.googleapis.com', { altNames: ['DNS:oauth2.googleapis.com'] });
  [lance, issuer, role, google] = await Promise.all([
    startLanceCatalog(),
    startTokenIssuer({ 'catalog-client': CLIENT_SECRET }, Date.now),
    startAssumeRole(MASTER, ISSUED),
    startGoogleTokenServer(new Map([[SA, sa.publicKey]]), new Set()),
  ]);
  issuer.lifetimeSeconds = 3600;
  googleFront = await startTlsServer(googleCert.key, googleCert.cert, relayTo(google.url));
  // Google's token host exists only through the proxy, as behind a corporate proxy that resolves names itself.
  proxy = await startProxy({ authorization: AUTH, routes: { 'oauth2.googleapis.com:443': new URL(googleFront.uri).host } });
});
after(async () => {
  await Promise.all([lance?.stop(), proxy?.close(), issuer?.stop(), role?.close(), google?.close(), googleFront?.close()]);
});

function connection(auth: ConnectionConfig['auth'], extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: `n-${auth.type}`, name: `network ${auth.type}`, protocol: 'lance-rest', uri: lance.uri, auth, ...extra };
}

async function listWith(network: NetworkSettings, conn: ConnectionConfig, secrets: Record<string, string>, env: Record<string, string> = {}) {
  const log = new RequestLog();
  const runtime = createRuntime({ log, env, network: () => network });
  const client = runtime.open(conn, secrets);
  try {
    return { names: (await client.listNamespaces([])).items, log };
  } finally {
    client.dispose();
  }
}

const hostOf = (uri: string) => new URL(uri).host;
const carried = (host: string) => proxy.seen.filter((s) => s.includes(host)).length;

describe("VS Code's proxy settings, no environment variables", () => {
  const editor: NetworkSettings = { proxy: '', proxyAuthorization: AUTH };
  before(() => {
    editor.proxy = proxy.url;
  });

  test('the catalog and the OAuth2 token request both go through the proxy, with http.proxyAuthorization', async () => {
    const [catalogBefore, tokenBefore] = [carried(hostOf(lance.uri)), carried(hostOf(issuer.issuer))];
    const { names, log } = await listWith(editor, connection({ type: 'oauth2', settings: { tokenUrl: issuer.tokenUrl, clientId: 'catalog-client' } }), {
      clientSecret: CLIENT_SECRET,
    });
    assert.ok(names.length > 0);
    assert.ok(carried(hostOf(lance.uri)) > catalogBefore, `the proxy carried the catalog (saw ${proxy.seen.join(', ')})`);
    assert.ok(carried(hostOf(issuer.issuer)) > tokenBefore, 'the proxy carried the token request');
    const token = log.list().find((r) => r.operation === 'oauth2.token');
    assert.ok(token, 'the token request is a record');
    assert.equal(token.status, 200);
    const text = JSON.stringify(log.list());
    assert.ok(!text.includes(CLIENT_SECRET), 'no client secret in the records');
    assert.ok(!text.includes(AUTH) && !text.includes('s3cret-proxy-pw'), 'no proxy password in the records');
  });

  test('STS AssumeRole goes through the proxy, as its own record with the issued keys redacted', async () => {
    const before = carried(hostOf(role.sts.url));
    const calls = role.sts.calls.length;
    const { log } = await listWith(editor, connection({ type: 'sigv4', settings: role.settings }), {}, role.env);
    assert.equal(role.sts.calls.length, calls + 1, 'STS was asked once');
    assert.ok(role.sts.calls.at(-1)!.signatureValid, 'the STS request arrived signed and intact through the proxy');
    assert.ok(carried(hostOf(role.sts.url)) > before, `the proxy carried the AssumeRole request (saw ${proxy.seen.join(', ')})`);
    const assume = log.list().find((r) => r.operation === 'sts.AssumeRole');
    assert.ok(
      assume,
      `an sts.AssumeRole record (records: ${log
        .list()
        .map((r) => r.operation)
        .join(', ')})`,
    );
    assert.deepEqual(assume.causedBy, { operation: 'connect' });
    assert.match(assume.requestBodyPreview ?? '', /RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Freader/);
    assert.match(assume.responseBodyPreview ?? '', /<SecretAccessKey>‹redacted, \d+ chars›<\/SecretAccessKey>/);
    assert.match(assume.responseBodyPreview ?? '', /<AccessKeyId>ASIA…ED01<\/AccessKeyId>/);
    assert.match(assume.requestHeaders['authorization'] ?? '', /^AWS4-HMAC-SHA256 Credential=AKIA…ER01\/.*Signature=‹redacted/);
    const text = JSON.stringify(log.list());
    for (const secret of [MASTER.secret, ISSUED.SecretAccessKey, ISSUED.SessionToken]) assert.ok(!text.includes(secret), 'no AWS secret in the records');
  });

  test("Google's token request goes through the proxy to oauth2.googleapis.com, the assertion redacted", async () => {
    const before = proxy.seen.filter((s) => s === 'CONNECT oauth2.googleapis.com:443').length;
    const { log } = await listWith(editor, connection({ type: 'google', settings: { credentials: 'service-account-key' } }, { caFile: pki.caFile }), {
      keyJson: JSON.stringify(sa.keyFile),
    });
    assert.equal(proxy.seen.filter((s) => s === 'CONNECT oauth2.googleapis.com:443').length, before + 1, 'the proxy carried the token request');
    assert.equal(google.log.at(-1)?.status, 200);
    const token = log.list().find((r) => r.operation === 'google.token');
    assert.ok(
      token,
      `a google.token record (records: ${log
        .list()
        .map((r) => r.operation)
        .join(', ')})`,
    );
    assert.match(token.requestBodyPreview ?? '', /grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer/);
    assert.match(token.requestBodyPreview ?? '', /assertion=%E2%80%B9redacted/);
    assert.match(token.responseBodyPreview ?? '', /"access_token": "‹redacted/);
    const text = JSON.stringify(log.list());
    for (const issued of google.issued.keys()) assert.ok(!text.includes(issued), 'no Google token in the records');
    assert.ok(!text.includes('PRIVATE KEY'));
  });

  test('without http.proxyAuthorization the proxy refuses, and the message says so', async () => {
    const refused = proxy.refused.length;
    await assert.rejects(listWith({ proxy: proxy.url }, connection({ type: 'none' }), {}), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.match(e.message, /407|proxy/i);
      return true;
    });
    assert.ok(proxy.refused.length > refused, 'the proxy refused for want of credentials');
  });

  test('http.noProxy bypasses the proxy', async () => {
    const before = carried(hostOf(lance.uri));
    const { names } = await listWith({ ...editor, noProxy: ['127.0.0.1'] }, connection({ type: 'none' }), {});
    assert.ok(names.length > 0);
    assert.equal(carried(hostOf(lance.uri)), before, 'the proxy saw nothing');
  });
});

describe('trust: the OS store, NODE_EXTRA_CA_CERTS and the CA bundle add to the roots', () => {
  let signed: Awaited<ReturnType<typeof startTlsServer>>;
  let otherPki: TestPki;
  let otherSigned: Awaited<ReturnType<typeof startTlsServer>>;
  const answer = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ namespaces: ['secure'] }));
  };
  before(async () => {
    signed = await startTlsServer(pki.serverKey, pki.serverCert, answer);
    otherPki = makePki();
    otherSigned = await startTlsServer(otherPki.serverKey, otherPki.serverCert, answer);
  });
  after(async () => {
    await signed?.close();
    await otherSigned?.close();
  });
  const open = (uri: string, network: NetworkSettings, env: Record<string, string> = {}, extra: Partial<ConnectionConfig> = {}) =>
    listWith(network, { id: 't', name: 'tls', protocol: 'lance-rest', uri, auth: { type: 'none' }, ...extra }, {}, env);

  test("the machine's trust store (read as VS Code's http.systemCertificates would) needs no connection setting", async () => {
    const bundle = join(pki.dir, 'machine-bundle.pem');
    // The machine's bundle with the private CA added, as update-ca-certificates would write it.
    writeFileSync(bundle, `${loadSystemCertificates().certificates.join('\n')}\n${readFileSync(pki.caFile, 'utf8')}`);
    const system = loadSystemCertificates({ SSL_CERT_FILE: bundle });
    assert.ok(system.certificates.length > 1);
    assert.deepEqual((await open(signed.uri, { systemCertificates: system.certificates })).names, ['secure']);
    await assert.rejects(open(signed.uri, {}), /cannot be verified|unknown CA/);
  });

  test('NODE_EXTRA_CA_CERTS and a CA bundle both count: one adds to the other', async () => {
    const env = { NODE_EXTRA_CA_CERTS: pki.caFile };
    assert.deepEqual((await open(signed.uri, {}, env)).names, ['secure']);
    // With a CA bundle of another CA, the variable's CA is still trusted (the bundle adds, never replaces).
    assert.deepEqual((await open(signed.uri, {}, env, { caFile: otherPki.caFile })).names, ['secure']);
    assert.deepEqual((await open(otherSigned.uri, {}, env, { caFile: otherPki.caFile })).names, ['secure']);
  });
});

describe('mutual TLS', () => {
  let mtls: Awaited<ReturnType<typeof startMutualTlsServer>>;
  let client: { cert: string; key: string };
  let encrypted: { cert: string; key: string };
  before(async () => {
    client = issueCertificate(pki, 'nsb-client', { client: true });
    encrypted = issueCertificate(pki, 'nsb-client-enc', { client: true, passphrase: 'CANARY-key-passphrase' });
    mtls = await startMutualTlsServer(pki.serverKey, pki.serverCert, pki.caFile, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.includes('/table/') ? { tables: [] } : { namespaces: [peer.subject?.CN ?? 'anonymous'] }));
    });
  });
  after(async () => mtls?.close());
  const conn = (extra: Partial<ConnectionConfig>): ConnectionConfig => ({
    id: 'm',
    name: 'mtls',
    protocol: 'lance-rest',
    uri: mtls.uri,
    auth: { type: 'none' },
    caFile: pki.caFile,
    ...extra,
  });

  test('a client certificate and key: the server sees who we are', async () => {
    assert.deepEqual((await listWith({}, conn({ clientCertFile: client.cert, clientKeyFile: client.key }), {})).names, ['nsb-client']);
  });

  test('an encrypted key opens with its passphrase (a secret); a wrong one is named', async () => {
    const ok = await listWith({}, conn({ clientCertFile: encrypted.cert, clientKeyFile: encrypted.key }), { [CLIENT_KEY_PASSPHRASE]: 'CANARY-key-passphrase' });
    assert.deepEqual(ok.names, ['nsb-client-enc']);
    assert.ok(!JSON.stringify(ok.log.list()).includes('CANARY-key-passphrase'));
    await assert.rejects(
      listWith({}, conn({ clientCertFile: encrypted.cert, clientKeyFile: encrypted.key }), { [CLIENT_KEY_PASSPHRASE]: 'wrong' }),
      /cannot be decrypted with the passphrase given/,
    );
    await assert.rejects(listWith({}, conn({ clientCertFile: encrypted.cert, clientKeyFile: encrypted.key }), {}), /is encrypted: give its passphrase/);
  });

  test('without a client certificate, the message says the server asks for one', async () => {
    await assert.rejects(listWith({}, conn({}), {}), (e: unknown) => {
      assert.ok(e instanceof CatalogError);
      assert.match(e.message, /asks for a client certificate \(mutual TLS\).*client certificate and key/);
      return true;
    });
  });

  test('nsb --client-cert/--client-key works; without them the message names the flags; --ca-file names itself', async () => {
    const ok = await runCli(['--uri', mtls.uri, '--ca-file', pki.caFile, '--client-cert', encrypted.cert, '--client-key', encrypted.key, 'ls'], {
      NSB_CLIENT_KEY_PASSPHRASE: 'CANARY-key-passphrase',
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /nsb-client-enc/);
    const missing = await runCli(['--uri', mtls.uri, '--ca-file', pki.caFile, 'ls']);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--client-cert FILE --client-key FILE/);
    const untrusted = await runCli(['--uri', mtls.uri, 'ls']);
    assert.match(untrusted.stderr, /--ca-file FILE/);
    const insecure = await runCli(['--uri', mtls.uri, '--insecure', '--client-cert', client.cert, '--client-key', client.key, 'ls']);
    assert.equal(insecure.code, 0, insecure.stderr);
    assert.match(insecure.stderr, /warning: TLS certificate checks are off/);
  });
});

describe('nsb --explain: every side request is a record, through HTTPS_PROXY, with no secret', () => {
  const proxyUrl = () => {
    const u = new URL(proxy.url);
    u.username = 'alice';
    u.password = 's3cret-proxy-pw';
    return u.href;
  };
  const clean = (text: string) => {
    for (const secret of [
      CLIENT_SECRET,
      MASTER.secret,
      ISSUED.SecretAccessKey,
      ISSUED.SessionToken,
      's3cret-proxy-pw',
      'PRIVATE KEY',
      ...google.issued.keys(),
    ]) {
      assert.ok(!text.includes(secret), `no secret in nsb's output (${secret.slice(0, 12)}…)`);
    }
  };

  test('oauth2.token, sts.AssumeRole and google.token', async () => {
    const env = { HTTPS_PROXY: proxyUrl(), HTTP_PROXY: proxyUrl() };
    const oauth = await runCli(
      ['--uri', lance.uri, '--auth', 'oauth2', '--auth-opt', `tokenUrl=${issuer.tokenUrl}`, '--auth-opt', 'clientId=catalog-client', '--explain', 'ls'],
      { ...env, NSB_OAUTH2_CLIENT_SECRET: CLIENT_SECRET },
    );
    assert.equal(oauth.code, 0, oauth.stderr);
    assert.match(oauth.stderr, /^--- oauth2\.token POST http:\/\/[^/]+\/token → 200/m);
    assert.match(oauth.stderr, /^> body: grant_type=client_credentials&client_id=catalog-client&client_secret=%E2%80%B9redacted/m);
    assert.match(oauth.stderr, /^note: sent by the oauth2 auth provider for connect$/m);
    clean(oauth.stdout + oauth.stderr);

    const sigv4 = await runCli(
      [
        '--uri',
        lance.uri,
        '--auth',
        'sigv4',
        '--auth-opt',
        'region=us-east-1',
        '--auth-opt',
        'credentials=assume-role',
        '--auth-opt',
        'profile=dev',
        '--auth-opt',
        'roleArn=arn:aws:iam::123456789012:role/reader',
        '--auth-opt',
        `stsEndpoint=${role.sts.url}`,
        '--explain',
        'ls',
      ],
      { ...env, ...role.env },
    );
    assert.equal(sigv4.code, 0, sigv4.stderr);
    assert.match(sigv4.stderr, /^--- sts\.AssumeRole POST http:\/\/127\.0\.0\.1:\d+\/ → 200/m);
    assert.match(sigv4.stderr, /<SecretAccessKey>‹redacted, \d+ chars›<\/SecretAccessKey>/);
    clean(sigv4.stdout + sigv4.stderr);

    const keyFile = join(pki.dir, 'sa.json');
    writeFileSync(keyFile, JSON.stringify(sa.keyFile));
    const googleRun = await runCli(
      ['--uri', lance.uri, '--ca-file', pki.caFile, '--auth', 'google', '--auth-opt', 'credentials=service-account-key', '--explain', 'ls'],
      { ...env, NSB_GOOGLE_KEY_JSON: readFileSync(keyFile, 'utf8') },
    );
    assert.equal(googleRun.code, 0, googleRun.stderr);
    assert.match(googleRun.stderr, /^--- google\.token POST https:\/\/oauth2\.googleapis\.com\/token → 200/m);
    assert.match(googleRun.stderr, /assertion=%E2%80%B9redacted/);
    clean(googleRun.stdout + googleRun.stderr);
    assert.ok(proxy.seen.includes('CONNECT oauth2.googleapis.com:443'));
  });
});
