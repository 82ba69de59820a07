import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

/** Test PKI made with openssl at test time: a CA, a server certificate it signed for 127.0.0.1, and a self-signed one. */
export interface TestPki {
  dir: string;
  caFile: string;
  serverKey: string;
  serverCert: string;
  selfSignedKey: string;
  selfSignedCert: string;
}

export function makePki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nsb-tls-'));
  const f = (name: string) => path.join(dir, name);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ossl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=nsb test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr'));
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  ossl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('server.ext'),
    '-out',
    f('server.pem'),
  );
  ossl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('self.key'),
    '-out',
    f('self.pem'),
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  return { dir, caFile: f('ca.pem'), serverKey: f('server.key'), serverCert: f('server.pem'), selfSignedKey: f('self.key'), selfSignedCert: f('self.pem') };
}

/** An HTTPS server on loopback with the given key and certificate. */
export async function startTlsServer(
  keyFile: string,
  certFile: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ uri: string; server: Server; close(): Promise<void> }> {
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, handler);
  // Failed handshakes are what these tests provoke; they are not server errors.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `https://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A certificate the test CA signs: a server's for other names (`DNS:oauth2.googleapis.com`), or a client's for mutual
 * TLS (`client: true`). With `passphrase`, the key is written encrypted (AES-256).
 */
export function issueCertificate(
  pki: TestPki,
  name: string,
  opts: { altNames?: string[]; client?: boolean; passphrase?: string } = {},
): { cert: string; key: string } {
  const f = (n: string) => path.join(pki.dir, n);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', f(`${name}.plain.key`), '-out', f(`${name}.csr`));
  const ext = [
    opts.altNames?.length ? `subjectAltName=${opts.altNames.join(',')}` : '',
    'basicConstraints=CA:FALSE',
    `extendedKeyUsage=${opts.client ? 'clientAuth' : 'serverAuth'}`,
  ];
  writeFileSync(f(`${name}.ext`), `${ext.filter(Boolean).join('\n')}\n`);
  ossl(
    'x509',
    '-req',
    '-in',
    f(`${name}.csr`),
    '-CA',
    pki.caFile,
    '-CAkey',
    path.join(pki.dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f(`${name}.ext`),
    '-out',
    f(`${name}.pem`),
  );
  if (opts.passphrase) ossl('pkey', '-in', f(`${name}.plain.key`), '-aes256', '-passout', `pass:${opts.passphrase}`, '-out', f(`${name}.key`));
  else ossl('pkey', '-in', f(`${name}.plain.key`), '-out', f(`${name}.key`));
  return { cert: f(`${name}.pem`), key: f(`${name}.key`) };
}

/** An HTTPS server that asks every client for a certificate the given CA signed, and refuses the handshake without one. */
export async function startMutualTlsServer(
  keyFile: string,
  certFile: string,
  clientCaFile: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ uri: string; server: Server; close(): Promise<void> }> {
  const server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile), ca: readFileSync(clientCaFile), requestCert: true, rejectUnauthorized: true },
    handler,
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `https://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
