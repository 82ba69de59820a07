/**
 * VS Code's network settings, applied to our transport: `http.proxy` (over the environment's variables, as VS Code
 * does), `http.noProxy`, `http.proxyStrictSSL`, `http.proxyAuthorization`, and `http.systemCertificates` (the OS
 * trust store, on by default). Read at each open; a change to any of them reopens the connections.
 */
import * as vscode from 'vscode';
import type { NetworkSettings } from '../core/transport/network';
import type { SystemCertificates } from '../core/transport/systemCertificates';
import type { NetworkHints } from '../core/transport/transport';

/** The settings that change how requests leave this machine. */
export const NETWORK_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxyAuthorization', 'http.systemCertificates'];

/** A TLS failure in the editor names where the fix is made. */
export const EDITOR_HINTS: NetworkHints = {
  caBundle: "add the issuing CA's PEM file: Edit Connection → Optional settings → Network → CA bundle (or add the CA to this machine's trust store)",
  clientCertificate: 'set the client certificate and key: Edit Connection → Optional settings → Network → Client certificate, Client key',
};

export class EditorNetwork {
  private system: SystemCertificates | undefined;

  constructor(private readonly log: (message: string) => void) {}

  settings(): NetworkSettings {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy');
    const auth = http.get<string | null>('proxyAuthorization');
    return {
      proxy: proxy && proxy.trim() ? proxy.trim() : undefined,
      noProxy: (http.get<string[]>('noProxy') ?? []).filter((s) => typeof s === 'string'),
      proxyStrictSSL: http.get<boolean>('proxyStrictSSL') !== false,
      proxyAuthorization: typeof auth === 'string' && auth.trim() ? auth : undefined,
      systemCertificates: http.get<boolean>('systemCertificates') === false ? undefined : this.systemCertificates(),
    };
  }

  /** Read once per window (a file or the OS API), said once in the log. */
  private systemCertificates(): readonly string[] {
    if (!this.system) {
      // On demand (scripts/onDemand.mjs): read when the first connection opens; it needs node:tls and node:child_process.
      const { loadSystemCertificates } = require('../core/transport/systemCertificates') as typeof import('../core/transport/systemCertificates');
      this.system = loadSystemCertificates();
      this.log(`Trusting ${this.system.certificates.length} certificates from ${this.system.source} besides Node's own (http.systemCertificates)`);
    }
    return this.system.certificates;
  }
}
