/**
 * The operating system's trusted certificates, as VS Code trusts them with `http.systemCertificates` (on by
 * default): a private CA an administrator added to the machine works with no setting of ours. Node 22.15+ reads
 * the OS store itself (`tls.getCACertificates('system')`); older Node (VS Code 1.100's extension host runs Node 20)
 * does not, so on Linux the distribution's bundle file is read, and on macOS the keychains through `security`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { splitPem } from './network';

/** Where Linux distributions keep the bundle OpenSSL reads (the list Go's crypto/x509 and VS Code search). */
export const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7
  '/etc/ssl/cert.pem', // Alpine
];

/** What was found, and where: the log says it once, so a user can tell why a CA is (not) trusted. */
export interface SystemCertificates {
  certificates: string[];
  source: string;
}

/**
 * The OS store. `SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured first, as OpenSSL (and so curl, git, Python)
 * honours them: the same variables point every tool at the same bundle.
 */
export function loadSystemCertificates(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): SystemCertificates {
  const file = env['SSL_CERT_FILE'];
  const dir = env['SSL_CERT_DIR'];
  if (file || dir) {
    const certificates = [...(file ? readBundle(file) : []), ...(dir ? dir.split(platform === 'win32' ? ';' : ':').flatMap(readFolder) : [])];
    return { certificates, source: [file && `SSL_CERT_FILE ${file}`, dir && `SSL_CERT_DIR ${dir}`].filter(Boolean).join(', ') };
  }
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (get) return { certificates: get('system'), source: 'the OS trust store (Node)' };
  if (platform === 'linux' || platform === 'freebsd' || platform === 'openbsd') {
    for (const bundle of LINUX_BUNDLES) {
      const certificates = readBundle(bundle);
      if (certificates.length) return { certificates, source: bundle };
    }
    return { certificates: [], source: 'no OS bundle found' };
  }
  if (platform === 'darwin') {
    const keychains = ['/Library/Keychains/System.keychain', '/System/Library/Keychains/SystemRootCertificates.keychain'];
    const texts = keychains.map((k) => run('/usr/bin/security', ['find-certificate', '-a', '-p', k]));
    return { certificates: texts.flatMap(splitPem), source: 'the macOS keychains' };
  }
  return { certificates: [], source: `not readable on ${platform} with Node ${process.versions.node} (Node 22.15+ reads it)` };
}

function readBundle(file: string): string[] {
  try {
    return splitPem(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

function readFolder(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => /\.(pem|crt|\d+)$/.test(n))
      .flatMap((n) => readBundle(join(dir, n)));
  } catch {
    return [];
  }
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}
