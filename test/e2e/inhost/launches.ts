// Every in-host suite (test/inhost/NAME.test.ts, mocha inside a real extension host) and the servers it needs.
// A suite that needs no server needs no line here: it runs in the first launch. A suite that needs servers gets one
// line: its name, what it proves, and which servers to start (their addresses reach the host as environment).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_FAILURES, startConcurrencyServer } from '../../support/concurrencyServer';
import { json, startFaultServer } from '../../support/faultServer';
import { HOSTILE_NAMES, startHostileServer } from '../../support/hostileServer';
import { startLanceCatalog, startSigV4Gateway, type RunningServer } from '../../support/pyserver';
import { startPanelsFaultServer } from '../support/panels.fixtures';
import { repoRoot } from '../support/codeServer';
import { editor as named, editors } from '../support/editors';
import { runInHostTests } from '../support/inHost';

/** Servers started for one launch: what the extension host is told about them, how to stop them, what to check after. */
export interface Servers {
  env: Record<string, string>;
  /** What the code-server instance needs besides (user settings, files in the workspace folder). */
  codeServer?: { settings?: Record<string, unknown>; workspaceFiles?: Record<string, string> };
  stop(): Promise<void>;
  /** Checks made from outside the editor once the suites passed (what the servers saw). */
  verify?(): void;
}

/** Starts one server, given the environment of those started before it (a gateway needs its upstream's address). */
type Fixture = (env: Record<string, string>) => Promise<Servers>;

/** One extension host running some suites. */
export interface Launch {
  /** Suite names: file names under test/inhost without `.test.ts`, run exactly (`tree` is not `treeLoad`). */
  suites: string[];
  /** What the launch proves, for its test title. */
  proves: string;
  /** The servers its suites need, started in this order. */
  servers?: Fixture[];
}

/** Names that would be a command link and a theme icon if a tooltip took them as Markdown. */
const MARKDOWN_NAMES = ['[click me](command:namespaceBrowser.removeConnection)', '$(alert) ![x](https://example.invalid/x.png)'];
const GATEWAY_KEYS = { accessKeyId: 'AKIDCONNECTIONS', secretAccessKey: 'connections-gateway-secret' };

/** The real Lance reference server (pylance's RestAdapter) with the standard seed: NSB_TEST_LANCE_URI. */
const lance: Fixture = async () => {
  const server = await startLanceCatalog({ seed: 'standard' });
  return { env: { NSB_TEST_LANCE_URI: server.uri }, stop: () => server.stop() };
};

/** In front of Lance, a gateway that verifies every SigV4 signature with botocore: NSB_TEST_SIGV4_*. */
const sigv4Gateway: Fixture = async (env) => {
  const upstream = env['NSB_TEST_LANCE_URI'];
  if (!upstream) throw new Error('the SigV4 gateway needs Lance started before it');
  const gateway = await startSigV4Gateway({ upstream, region: 'us-east-1', ...GATEWAY_KEYS });
  return {
    env: { NSB_TEST_SIGV4_URI: gateway.uri, NSB_TEST_SIGV4_ACCESS_KEY: GATEWAY_KEYS.accessKeyId, NSB_TEST_SIGV4_SECRET_KEY: GATEWAY_KEYS.secretAccessKey },
    stop: () => gateway.stop(),
  };
};

/** A stand-in for what Lance cannot produce: a 2,000-column table, catalog text that is markup. */
const panelsFault: Fixture = async () => {
  const fault = await startPanelsFaultServer();
  return { env: { NSB_TEST_PANELS_FAULT_URI: fault.uri }, stop: () => fault.close() };
};

/** 200 namespaces that record how many requests are in flight (and fail in places): NSB_TEST_CONCURRENCY_*. */
const concurrency: Fixture = async () => {
  const load = await startConcurrencyServer({ namespaces: 200, tablesPerNamespace: 3, failures: DEFAULT_FAILURES });
  return {
    env: { NSB_TEST_CONCURRENCY_URI: load.uri, NSB_TEST_CONCURRENCY_FAILURES: JSON.stringify(DEFAULT_FAILURES) },
    stop: () => load.close(),
    verify: () => {
      // Seen from outside the editor too: never more than 4 requests in flight, and the superseded ones abandoned.
      const stats = load.stats();
      assert.ok(stats.peak <= 4, `peak ${stats.peak}`);
      assert.equal(stats.inFlight, 0);
    },
  };
};

/** Namespace and table names that are markup, bidi overrides, control characters, Markdown: NSB_TEST_HOSTILE_*. */
const hostile: Fixture = async () => {
  const server = await startHostileServer();
  server.answer(/^\/v1\/namespace\/[^/]+\/list$/, (_req, res) => json(res, 200, { namespaces: [...HOSTILE_NAMES, ...MARKDOWN_NAMES] }));
  server.answer(/^\/v1\/namespace\/[^/]+\/table\/list$/, (_req, res) => json(res, 200, { tables: [...HOSTILE_NAMES, ...MARKDOWN_NAMES] }));
  return {
    env: { NSB_TEST_HOSTILE_URI: server.uri, NSB_TEST_HOSTILE_EXTRA: JSON.stringify(MARKDOWN_NAMES) },
    stop: () => server.close(),
    verify: () => assert.ok(server.seen.length > 0, 'the hostile server was browsed'),
  };
};

/**
 * A cloned repository whose .vscode/settings.json aims connections that would use the machine's AWS default chain
 * at loopback servers (test/inhost/trust.test.ts): a botocore gateway in front of Lance, a server any request to
 * which the user declined, and a control port that tells the suite what the servers received so far.
 */
const trustRepository: Fixture = async () => {
  const keys = { accessKeyId: 'AKIDTRUSTDEFAULTCHAIN', secretAccessKey: 'trust-default-chain-secret' };
  const started: { stop(): Promise<void> }[] = [];
  try {
    const lance = await startLanceCatalog({ seed: 'standard' });
    started.push(lance);
    const gateway: RunningServer = await startSigV4Gateway({ upstream: lance.uri, region: 'us-east-1', ...keys });
    started.push(gateway);
    /** Requests the botocore gateway received (one ACCEPT or REJECT line on its stderr each). */
    const gatewayRequests = () =>
      gateway
        .stderr()
        .split('\n')
        .filter((l) => /\] (ACCEPT|REJECT) /.test(l)).length;
    // Any request here would be a request the user declined; once allowed, it answers as a catalog would.
    const declined = await startFaultServer((req, res) =>
      json(res, 200, req.url.includes('/table/list') ? { tables: [] } : { namespaces: ['allowed-after-all'] }),
    );
    started.push({ stop: () => declined.close() });
    const control = await startFaultServer((_req, res) => json(res, 200, { gateway: gatewayRequests(), declined: declined.seen.length }));
    started.push({ stop: () => control.close() });
    const workspace = {
      'namespaceBrowser.connections': [
        { id: 'ws-aws', name: 'Workspace AWS', protocol: 'lance-rest', uri: gateway.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1' } } },
        { id: 'ws-declined', name: 'Workspace Declined', uri: declined.uri, auth: { type: 'sigv4', settings: { region: 'us-east-1', credentials: 'env' } } },
        { id: 'ws-plain', name: 'Workspace Plain', uri: lance.uri, auth: { type: 'none' } },
        { id: 'ws-header', name: 'Workspace Header', uri: lance.uri, headers: { Authorization: 'Bearer planted-by-the-repository' } },
        // Asked about from Test Connection (declined there): the STS endpoint is a host a setting names.
        {
          id: 'ws-test',
          name: 'Workspace Test',
          uri: declined.uri,
          auth: {
            type: 'sigv4',
            settings: {
              region: 'us-east-1',
              credentials: 'assume-role',
              profile: 'shared',
              roleArn: 'arn:aws:iam::123456789012:role/r',
              stsEndpoint: 'https://sts.repository-chosen.example',
            },
          },
        },
      ],
    };
    return {
      env: {
        NSB_TRUST_GATEWAY_URI: gateway.uri,
        NSB_TRUST_CONTROL_URI: control.uri,
        // The default chain finds these first; no instance metadata is asked for.
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      codeServer: {
        settings: { 'namespaceBrowser.connections': [{ id: 'user-lance', name: 'User Lance', uri: lance.uri }] },
        workspaceFiles: { '.vscode/settings.json': JSON.stringify(workspace, null, 2) },
      },
      stop: async () => {
        for (const s of started.reverse()) await s.stop();
      },
      verify: () => {
        assert.ok(gatewayRequests() > 0, 'after Allow, the signed requests reached the gateway');
        assert.ok(!/REJECT/.test(gateway.stderr()), 'and botocore accepted every signature');
        assert.ok(declined.seen.length > 0, 'the declined connection sent only after it was allowed');
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop();
    throw error;
  }
};

/** Starts the fixtures in order; if one fails, stops those already started. Stops in reverse order. */
async function startAll(fixtures: Fixture[]): Promise<Servers> {
  const started: Servers[] = [];
  const env: Record<string, string> = {};
  const stop = async () => {
    for (const s of started.reverse()) await s.stop();
  };
  try {
    for (const fixture of fixtures) {
      const servers = await fixture({ ...env });
      started.push(servers);
      Object.assign(env, servers.env);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const codeServer = {
    settings: Object.assign({}, ...started.map((s) => s.codeServer?.settings)) as Record<string, unknown>,
    workspaceFiles: Object.assign({}, ...started.map((s) => s.codeServer?.workspaceFiles)) as Record<string, string>,
  };
  return { env, codeServer, stop, verify: () => started.forEach((s) => s.verify?.()) };
}

export const LAUNCHES: Launch[] = [
  { suites: ['activation'], proves: 'activation, the commands and the provider API' },
  { suites: ['connections'], proves: 'connection store, secrets, Test Connection against Lance and a SigV4 gateway', servers: [lance, sigv4Gateway] },
  { suites: ['tree'], proves: 'the Catalogs tree pages, nests, shows errors as rows and finds tables against Lance', servers: [lance] },
  { suites: ['treeLoad', 'hostileTree'], proves: '200 namespaces within 4 requests in flight; hostile names stay inert', servers: [concurrency, hostile] },
  { suites: ['panels'], proves: 'details panels and the request inspector against Lance', servers: [lance, panelsFault] },
  { suites: ['trust'], proves: "a repository's AWS connections send nothing before the user allows them", servers: [trustRepository] },
];

/** Every suite under test/inhost, by name. */
export function inHostSuites(): string[] {
  return fs
    .readdirSync(path.join(repoRoot, 'test/inhost'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.test.ts'.length))
    .sort();
}

/** The launches with every suite placed: one that no line names joins the first launch (which starts no server). */
export function launches(): Launch[] {
  const named = LAUNCHES.flatMap((l) => l.suites);
  const all = inHostSuites();
  const missing = named.filter((s) => !all.includes(s));
  if (missing.length) throw new Error(`test/e2e/inhost/launches.ts names no test/inhost suite ${missing.join(', ')}`);
  const twice = named.filter((s, i) => named.indexOf(s) !== i);
  if (twice.length) throw new Error(`test/e2e/inhost/launches.ts launches ${twice.join(', ')} twice`);
  const [first, ...rest] = LAUNCHES;
  if (!first || first.servers) throw new Error('the first launch must start no server: unnamed suites join it');
  return [{ ...first, suites: [...first.suites, ...all.filter((s) => !named.includes(s))] }, ...rest];
}

/** Registers one node:test test per launch, in the named editor (nothing when NSB_EDITORS leaves it out). */
export function launchInHostSuites(name: string): void {
  const editor = named(name);
  if (!editors().includes(editor)) return;
  for (const launch of launches()) {
    test(`in-host ${launch.suites.join(', ')} · ${editor.title}: ${launch.proves}`, { timeout: 8 * 60_000 }, async () => {
      const servers = launch.servers ? await startAll(launch.servers) : undefined;
      try {
        const { exitCode, log } = await runInHostTests({
          editor,
          extensionPath: repoRoot,
          testsPath: path.join(repoRoot, 'out/inhost/index.js'),
          env: { ...servers?.env, NSB_INHOST_ONLY: launch.suites.join(',') },
          codeServer: servers?.codeServer,
        });
        console.log(log);
        assert.equal(exitCode, 0, `in-host ${launch.suites.join(', ')} failed in ${editor.title}; the log is above`);
        assert.match(log, /\d+ passing/);
        assert.doesNotMatch(log, /\d+ pending/, 'no in-host test may be skipped: the servers’ addresses reached the host');
        servers?.verify?.();
      } finally {
        await servers?.stop();
      }
    });
  }
}
