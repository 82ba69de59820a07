/**
 * How a connection reaches its catalog: which proxy (if any), which certificates it trusts, which client
 * certificate it shows. The front end says what it knows (the editor: VS Code's `http.*` settings and the OS trust
 * store; the CLI: the environment and its flags); this module turns that and the connection into TLS and proxy
 * options for undici.
 */
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { ConnectionConfig } from '../connection';
import { CatalogError, errorMessage } from '../errors';

/** What the editor adds to the environment's network settings (VS Code's `http.*` settings, its trust store). */
export interface NetworkSettings {
  /** `http.proxy`: used for every request, over HTTPS_PROXY/HTTP_PROXY (VS Code's precedence). */
  proxy?: string;
  /** `http.noProxy`: hosts never proxied, in addition to NO_PROXY. */
  noProxy?: readonly string[];
  /** `http.proxyStrictSSL` false: certificates are not checked on requests through a proxy (warned on each use). */
  proxyStrictSSL?: boolean;
  /** `http.proxyAuthorization`: the Proxy-Authorization header sent to the proxy. Never logged. */
  proxyAuthorization?: string;
  /** Certificates trusted in addition to Node's roots: the OS trust store (`http.systemCertificates`). PEM. */
  systemCertificates?: readonly string[];
}

/** Where requests go and on what terms: the proxy and its exceptions, and the TLS options of every connection. */
export interface NetworkPlan {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
  proxyAuthorization?: string;
  /** TLS options for the catalog's (and the side requests') connections. */
  tls: tls.ConnectionOptions;
  /** TLS options for requests through a proxy (certificate checks off when `http.proxyStrictSSL` is false). */
  proxiedTls: tls.ConnectionOptions;
  /** Where the proxy came from, for messages: `http.proxy`, `HTTPS_PROXY`, ... */
  proxySource?: string;
}

/** The passphrase of the client key, when the key is encrypted: a secret, kept with the connection's secrets. */
export const CLIENT_KEY_PASSPHRASE = 'tls.clientKeyPassphrase';

/**
 * The plan for one connection. Certificates ADD to Node's roots (never replace them): the OS store the editor
 * passes, NODE_EXTRA_CA_CERTS, and the connection's CA bundle.
 */
export function planNetwork(
  connection: ConnectionConfig,
  env: Readonly<Record<string, string | undefined>>,
  settings: NetworkSettings = {},
  passphrase?: string,
): NetworkPlan {
  const tlsOptions: tls.ConnectionOptions = {};
  const extra = [...(settings.systemCertificates ?? []), ...extraCaCertificates(env), ...caBundle(connection)];
  if (extra.length) tlsOptions.ca = [...defaultRoots(), ...extra];
  if (connection.clientCertFile || connection.clientKeyFile) {
    if (!connection.clientCertFile || !connection.clientKeyFile) {
      throw new CatalogError(
        'config',
        `a client certificate needs both files: set ${connection.clientCertFile ? 'the client key (clientKeyFile)' : 'the client certificate (clientCertFile)'} too`,
      );
    }
    tlsOptions.cert = readPem(connection.clientCertFile, 'client certificate', 'CERTIFICATE');
    tlsOptions.key = readPem(connection.clientKeyFile, 'client key', 'PRIVATE KEY');
    if (passphrase) tlsOptions.passphrase = passphrase;
    checkKeyPair(tlsOptions, connection);
  }
  if (connection.allowInsecureTls) tlsOptions.rejectUnauthorized = false;

  const pick = (name: string) => nonEmpty(env[name]) ?? nonEmpty(env[name.toLowerCase()]);
  const editorProxy = nonEmpty(settings.proxy);
  const httpsProxy = editorProxy ?? pick('HTTPS_PROXY') ?? pick('HTTP_PROXY');
  const httpProxy = editorProxy ?? pick('HTTP_PROXY');
  const proxySource = editorProxy ? 'http.proxy' : pick('HTTPS_PROXY') ? 'HTTPS_PROXY' : pick('HTTP_PROXY') ? 'HTTP_PROXY' : undefined;
  const noProxy = [...(settings.noProxy ?? []), ...(pick('NO_PROXY') ?? '').split(',')]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
  const proxiedTls = settings.proxyStrictSSL === false ? { ...tlsOptions, rejectUnauthorized: false } : tlsOptions;
  return { httpProxy, httpsProxy, noProxy, proxyAuthorization: nonEmpty(settings.proxyAuthorization), tls: tlsOptions, proxiedTls, proxySource };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() ? v.trim() : undefined;
}

/** Node's own roots (with NODE_EXTRA_CA_CERTS where Node reports them: 22.15+). */
function defaultRoots(): readonly string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get('bundled') : tls.rootCertificates;
}

/**
 * NODE_EXTRA_CA_CERTS: Node adds it to its default roots, which an explicit `ca` list replaces; so it is read here
 * and kept in the list. A file that cannot be read is ignored, as Node does (it warns at startup).
 */
function extraCaCertificates(env: Readonly<Record<string, string | undefined>>): string[] {
  const file = env['NODE_EXTRA_CA_CERTS'];
  if (!file) return [];
  try {
    return splitPem(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

function caBundle(connection: ConnectionConfig): string[] {
  if (!connection.caFile) return [];
  let text: string;
  try {
    text = readFileSync(connection.caFile, 'utf8');
  } catch (e) {
    throw new CatalogError('config', `cannot read the CA bundle ${connection.caFile}: ${errorMessage(e)}`);
  }
  const certs = splitPem(text);
  if (!certs.length) throw new CatalogError('config', `the CA bundle ${connection.caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return certs;
}

function readPem(file: string, what: string, label: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogError('config', `cannot read the ${what} ${file}: ${errorMessage(e)}`);
  }
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    throw new CatalogError('config', `the ${what} ${file} is not PEM (no -----BEGIN …${label}----- line)`);
  }
  return text;
}

/** A wrong passphrase or a key that does not match the certificate fails here, once, in words, not at each handshake. */
function checkKeyPair(options: tls.ConnectionOptions, connection: ConnectionConfig): void {
  try {
    tls.createSecureContext({ cert: options.cert, key: options.key, passphrase: options.passphrase });
  } catch (e) {
    const message = errorMessage(e);
    if (/bad decrypt|bad password|passphrase|BAD_DECRYPT|interrupted or cancelled/i.test(message)) {
      throw new CatalogError(
        'config',
        options.passphrase
          ? `the client key ${connection.clientKeyFile} cannot be decrypted with the passphrase given (wrong passphrase)`
          : `the client key ${connection.clientKeyFile} is encrypted: give its passphrase`,
      );
    }
    if (/key values mismatch|KEY_VALUES_MISMATCH/i.test(message)) {
      throw new CatalogError('config', `the client key ${connection.clientKeyFile} does not belong to the client certificate ${connection.clientCertFile}`);
    }
    throw new CatalogError('config', `the client certificate ${connection.clientCertFile} or key ${connection.clientKeyFile} cannot be used: ${message}`);
  }
}

/** The certificates of a PEM bundle, each as its own PEM text. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
