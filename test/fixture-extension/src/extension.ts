// A second extension, as a provider author would write one against the published API only
// (api/namespace-browser.d.ts). It registers `fixture-gateway`, whose one secret (`gatewayKey`) is marked only with
// `kind: 'secret'`, and records to NSB_FIXTURE_REPORT what the API let it reach: the UI test reads that file.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AuthProvider, NamespaceBrowserApi } from '../../../api/namespace-browser';

const NAMESPACE_BROWSER = 'namespace-browser.namespace-browser';

/** What the fixture found; written whole after each change. */
interface Report {
  registered: boolean;
  apiKeys: string[];
  apiVersion: unknown;
  frozen: boolean;
  plainObject: boolean;
  exportsIsApi: boolean;
  /** Paths from the API object to any non-function object (an internal service would show up here). */
  reachableObjects: string[];
  /** The command the in-host tests use, tried from a production-mode extension. */
  testDoor: string;
  /** Commands of Namespace Browser that look like a way in (none should exist). */
  suspiciousCommands: string[];
  /** Each session the provider was asked to create: which setting keys it got, and what the context holds. */
  sessions: { connectionId: string; settingKeys: string[]; contextKeys: string[]; ownStorageSeesTheirSecrets: boolean }[];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const file = process.env['NSB_FIXTURE_REPORT'];
  const report: Report = {
    registered: false,
    apiKeys: [],
    apiVersion: undefined,
    frozen: false,
    plainObject: false,
    exportsIsApi: false,
    reachableObjects: [],
    testDoor: '',
    suspiciousCommands: [],
    sessions: [],
  };
  const write = () => {
    if (file) writeFileSync(file, JSON.stringify(report, null, 2));
  };

  const extension = vscode.extensions.getExtension<NamespaceBrowserApi>(NAMESPACE_BROWSER);
  if (!extension) throw new Error(`${NAMESPACE_BROWSER} is not installed`);
  const api = await extension.activate();
  report.apiKeys = Reflect.ownKeys(api).map(String).sort();
  report.apiVersion = api.apiVersion;
  report.frozen = Object.isFrozen(api);
  report.plainObject = Object.getPrototypeOf(api) === Object.prototype;
  report.exportsIsApi = extension.exports === api;
  report.reachableObjects = objectsReachableFrom(api);
  try {
    const result = await vscode.commands.executeCommand('_namespaceBrowser.testServices');
    report.testDoor = result === undefined ? 'ran, gave nothing' : `ran, gave ${typeof result}`;
  } catch (e) {
    report.testDoor = `refused: ${(e as Error).message}`;
  }
  // Internal commands (a leading "_") included: none of Namespace Browser's may hand out services or secrets.
  report.suspiciousCommands = (await vscode.commands.getCommands(false)).filter((c) => /namespacebrowser/i.test(c) && /^_|internal|services|secret/i.test(c));

  const provider: AuthProvider = {
    name: 'fixture-gateway',
    displayName: 'Fixture gateway key',
    description: 'Test fixture: sends x-fixture-key: TENANT:KEY, which the test gateway requires.',
    settings: [
      { key: 'tenant', label: 'Tenant', kind: 'string', required: true, description: 'The tenant the gateway expects.' },
      { key: 'gatewayKey', label: 'Gateway key', kind: 'secret', required: true, description: 'The key the gateway expects (the fixture’s one secret).' },
    ],
    ambientCredentials: () => undefined,
    create(settings, ctx) {
      const session = {
        connectionId: ctx.connectionId,
        settingKeys: Object.keys(settings).sort(),
        contextKeys: Object.keys(ctx).sort(),
        ownStorageSeesTheirSecrets: false,
      };
      report.sessions.push(session);
      write();
      // Each extension has its own SecretStorage: Namespace Browser's key for this connection is not visible here.
      void context.secrets.get(`namespaceBrowser.connection.${ctx.connectionId}`).then((v) => {
        session.ownStorageSeesTheirSecrets = v !== undefined;
        write();
      });
      return {
        setsAuthorization: false,
        async initialize() {
          if (!settings['tenant'] || !settings['gatewayKey']) throw new Error('fixture-gateway needs a tenant and a key');
        },
        async authenticate(request) {
          request.headers['x-fixture-key'] = `${settings['tenant']}:${settings['gatewayKey']}`;
          return {
            provider: 'fixture-gateway',
            summary: `Fixture gateway: tenant ${settings['tenant']}, key in x-fixture-key`,
            fields: [{ label: 'Tenant', value: String(settings['tenant']) }],
          };
        },
      };
    },
  };
  context.subscriptions.push(api.registerAuthProvider(provider));
  report.registered = true;
  write();
}

/** Every own property path (depth-first, functions' properties too) that leads to an object other than a function. */
function objectsReachableFrom(root: object): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, where: string, depth: number) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || depth > 4) return;
    seen.add(value);
    if (typeof value === 'object' && where !== 'api') found.push(where);
    for (const key of Reflect.ownKeys(value)) {
      if (typeof value === 'function' && ['prototype', 'length', 'name', 'caller', 'arguments'].includes(String(key))) continue;
      const d = Reflect.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) visit(d.value, `${where}.${String(key)}`, depth + 1);
    }
  };
  visit(root, 'api', 0);
  return found;
}

export function deactivate(): void {}
