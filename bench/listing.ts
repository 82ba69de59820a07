// Sections 1 and 3: listing tables of the Lance reference RestAdapter with our core client, a bare undici loop
// doing the same requests, and @lancedb/lancedb's Rust-backed namespace client.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import type { allPages } from '../src/core/paging';
import { createRuntime } from '../src/core/runtime';
import type { ConnectionConfig } from '../src/core/connection';
import type { CatalogClient } from '../src/core/client';
import type { Row } from './results';
import { cpuMs, fmtMs, judged, median, pairedCpuRatio, ratioSpread, sideBySide, timed, type Check } from './stats';

export function lanceConnection(uri: string): ConnectionConfig {
  return { id: 'bench', name: 'bench', protocol: 'lance-rest', uri, auth: { type: 'none', settings: {} } };
}

/** Our client as the extension uses it: one runtime, one open connection, allPages over listTables. */
export function ourClient(uri: string): CatalogClient {
  return createRuntime().open(lanceConnection(uri), {});
}

type ShippedCore = { createRuntime: typeof createRuntime; allPages: typeof allPages };
let shipped: ShippedCore | undefined;

/**
 * Our core as users run it, for the listing rows whose goals are about our client's CPU: the same sources bundled
 * and minified with scripts/build.mjs's options, not run from TypeScript under tsx, whose transform wraps every
 * function in a keep-names helper (about 5% of our client's CPU in a listing). Built once per bench process into a
 * temporary folder; the libraries are inside it, so nothing it returns is shared with the sources' classes.
 */
export function shippedCore(): ShippedCore {
  if (shipped) return shipped;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nsb-bench-core-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const outfile = path.join(dir, 'core.js');
  esbuild.buildSync({
    stdin: {
      contents: "export { createRuntime } from './src/core/runtime'; export { allPages } from './src/core/paging';",
      resolveDir: path.resolve(__dirname, '..'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    outfile,
    logLevel: 'silent',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (shipped = require(outfile) as ShippedCore);
}

/** ourClient from the shipped build. */
export function shippedClient(uri: string): CatalogClient {
  return shippedCore().createRuntime().open(lanceConnection(uri), {});
}

/** The same requests with nothing but undici: one keep-alive Agent, JSON parse, follow page_token. */
export async function bareList(agent: Agent, uri: string, namespace: string, limit: number, maxPages = Infinity): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const q = new URLSearchParams({ limit: String(limit), ...(token ? { page_token: token } : {}) });
    const res = await request(`${uri}/v1/namespace/${encodeURIComponent(namespace)}/table/list?${q}`, {
      dispatcher: agent,
      headers: { accept: 'application/json' },
    });
    const body = (await res.body.json()) as { tables: string[]; page_token?: string | null };
    for (const t of body.tables) out.push(t);
    token = body.page_token ?? undefined;
    if (!token) break;
  }
  return out;
}

/**
 * The floor of any client on Node: one keep-alive `node:net` socket, the request written by hand, the answer's
 * headers split off by hand and its Content-Length body given to JSON.parse. No HTTP library at all, no validation:
 * for the bench's own server only (it answers with Content-Length), never a client for users.
 */
export class RawHttp {
  private socket?: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: () => void;

  constructor(private readonly base: URL) {}

  /** The catalog's path prefix, without a trailing slash. */
  get basePath(): string {
    return this.base.pathname.replace(/\/$/, '');
  }

  private async connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.base.hostname, port: Number(this.base.port) });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.waiting?.();
    });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    this.socket = socket;
    return socket;
  }

  async getText(pathAndQuery: string): Promise<string> {
    const socket = await this.connect();
    socket.write(`GET ${pathAndQuery} HTTP/1.1\r\nhost: ${this.base.host}\r\naccept: application/json\r\n\r\n`);
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.buffered.toString('latin1', 0, end);
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (!length) throw new Error(`the raw floor reads Content-Length answers only: ${head.split('\r\n')[0]}`);
        const total = end + 4 + Number(length[1]);
        if (this.buffered.length >= total) {
          const body = this.buffered.toString('utf8', end + 4, total);
          this.buffered = this.buffered.subarray(total);
          if (!head.startsWith('HTTP/1.1 200')) throw new Error(head.split('\r\n')[0]);
          return body;
        }
      }
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  close(): void {
    this.socket?.destroy();
  }
}

/** The listing through the raw floor; `bodies`, when given, collects the page texts (to time JSON.parse alone). */
export async function rawList(raw: RawHttp, namespace: string, limit: number, bodies?: string[]): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(token ? { page_token: token } : {}) });
    const text = await raw.getText(`${raw.basePath}/v1/namespace/${encodeURIComponent(namespace)}/table/list?${q}`);
    bodies?.push(text);
    const body = JSON.parse(text) as { tables: string[]; page_token?: string | null };
    for (const t of body.tables) out.push(t);
    token = body.page_token ?? undefined;
    if (!token) return out;
  }
}

type LanceDbConnection = { tableNames(namespacePath?: string[], options?: { startAfter?: string; limit?: number }): Promise<string[]> };

async function lancedbConnect(uri: string): Promise<LanceDbConnection> {
  const lancedb = (await import('@lancedb/lancedb')) as unknown as { connectNamespace(impl: 'rest', config: { uri: string }): Promise<LanceDbConnection> };
  return lancedb.connectNamespace('rest', { uri });
}

/** lancedb pages with `startAfter` (sent as page_token) and has no token of its own: a short page ends the listing. */
async function lancedbList(db: LanceDbConnection, namespace: string, limit: number): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await db.tableNames([namespace], { limit, ...(after ? { startAfter: after } : {}) });
    for (const t of page) out.push(t);
    if (page.length < limit) return out;
    after = page[page.length - 1];
  }
}

export async function benchListing(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const client = shippedClient(uri);
  const { allPages } = shippedCore();
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 10 });
  const db = await lancedbConnect(uri);
  const raw = new RawHttp(new URL(uri));
  for (const limit of [100, 1000]) {
    const counts: Record<string, number> = {};
    const checks: Record<string, Check> = {
      wallBare: { a: 'ours', b: 'undici', goal: { max: 1.1 } },
      cpuBare: { a: 'ours', b: 'undici', cpu: true, goal: { max: 1.05 } },
      cpuLance: { a: 'ours', b: 'lancedb', cpu: true, goal: { max: 1.0 } },
      wallLance: { a: 'ours', b: 'lancedb', goal: { max: 1.0, strict: true } },
    };
    // Rounds of page size 1,000 take a tenth of the time: run more of them. A noisy row runs more, up to 3 times as many.
    const rounds = limit === 100 ? Math.max(runs * 3, 15) : Math.max(runs * 3, 21);
    const r = await sideBySide(
      {
        ours: async () => (counts.ours = (await allPages((p) => client.listTables(['n10k'], p), 'tables', { limit })).length),
        undici: async () => (counts.undici = (await bareList(agent, uri, 'n10k', limit)).length),
        lancedb: async () => (counts.lancedb = (await lancedbList(db, 'n10k', limit)).length),
        socket: async () => (counts.socket = (await rawList(raw, 'n10k', limit)).length),
      },
      rounds,
      { checks: Object.values(checks), maxRuns: rounds * 3 },
    );
    for (const [k, v] of Object.entries(counts)) if (v !== 10_000) throw new Error(`${k} listed ${v} tables, expected 10000`);
    // JSON.parse of the same page bodies alone, repeated: the part of any JavaScript client's CPU no HTTP stack changes.
    const bodies: string[] = [];
    await rawList(raw, 'n10k', limit, bodies);
    const parse: number[] = [];
    for (let i = 0; i < 31; i++) {
      const c = cpuMs();
      for (const b of bodies) JSON.parse(b);
      parse.push(cpuMs() - c);
    }
    const parseMs = median(parse);
    log(
      `  page ${limit}: ${r.ours!.runs.length} rounds; ours ${fmtMs(r.ours!.median)}, undici ${fmtMs(r.undici!.median)}, lancedb ${fmtMs(r.lancedb!.median)}, raw socket ${fmtMs(r.socket!.median)}; client CPU ${fmtMs(r.ours!.cpu)}, ${fmtMs(r.undici!.cpu)}, ${fmtMs(r.lancedb!.cpu)}, ${fmtMs(r.socket!.cpu)}; JSON.parse alone ${fmtMs(parseMs)}`,
    );
    const row = (measure: string, value: string, c: Check, data?: unknown): Row => {
      const j = judged(r, c);
      return {
        section: '1 Listing 10,000 tables',
        measure,
        value: `${value} (${j.spread})`,
        ratio: j.ratio,
        goal: j.goal,
        met: j.met,
        verdict: j.verdict,
        data,
      };
    };
    rows.push(row(`page size ${limit}: ours vs bare undici`, `${fmtMs(r.ours!.median)} vs ${fmtMs(r.undici!.median)}`, checks.wallBare!, { limit, ...r }));
    rows.push(row(`page size ${limit}: client CPU time, ours vs bare undici`, `${fmtMs(r.ours!.cpu)} vs ${fmtMs(r.undici!.cpu)}`, checks.cpuBare!));
    rows.push(
      row(
        `page size ${limit}: client CPU time, ours vs @lancedb/lancedb 0.31.0 (Rust via N-API, every thread of the process)`,
        `${fmtMs(r.ours!.cpu)} vs ${fmtMs(r.lancedb!.cpu)}`,
        checks.cpuLance!,
      ),
    );
    rows.push(
      row(`page size ${limit}: ours vs @lancedb/lancedb 0.31.0`, `${fmtMs(r.ours!.median)} vs ${fmtMs(r.lancedb!.median)}`, checks.wallLance!, { limit }),
    );
    // Node's floor, for information: no HTTP library at all, only the socket and JSON.parse.
    const floor = pairedCpuRatio(r.socket!, r.lancedb!);
    rows.push({
      section: '1 Listing 10,000 tables',
      measure: `page size ${limit}: client CPU time, Node's floor (a raw node:net HTTP/1.1 loop: the socket and JSON.parse, no HTTP library) vs @lancedb/lancedb; ours vs that floor; JSON.parse of the page bodies alone`,
      value: `${fmtMs(r.socket!.cpu)} vs ${fmtMs(r.lancedb!.cpu)} (${ratioSpread(r.socket!, r.lancedb!, true)}); ours ${pairedCpuRatio(r.ours!, r.socket!).toFixed(2)}x the floor; JSON.parse ${fmtMs(parseMs)}`,
      ratio: floor,
      data: { parse, socket: r.socket },
    });
  }
  raw.close();
  client.dispose();
  await agent.close();
  return rows;
}

/** Section 3: from opening a connection to holding its first page, in a namespace of 100,000 tables vs one of 100. */
export async function benchFirstPage(uri: string, runs: number, log: (s: string) => void): Promise<Row[]> {
  const samples: Record<string, number[]> = { ours100k: [], ours100: [], bare100k: [], bare100: [] };
  const cpu: Record<string, number[]> = { ours100k: [], ours100: [], bare100k: [], bare100: [] };
  const once = {
    ours100k: () => firstPageOurs(uri, 'n100k'),
    ours100: () => firstPageOurs(uri, 'n100'),
    bare100k: () => firstPageBare(uri, 'n100k'),
    bare100: () => firstPageBare(uri, 'n100'),
  };
  const names = Object.keys(once) as (keyof typeof once)[];
  for (const n of names) await once[n]();
  for (let r = 0; r < runs; r++)
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length]!;
      const c = cpuMs();
      samples[n]!.push(await timed(once[n]));
      cpu[n]!.push(cpuMs() - c);
    }
  const mc = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)])) as Record<keyof typeof once, number>;
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof once, number>;
  log(`  first page: ours ${fmtMs(m.ours100k)} (100k) / ${fmtMs(m.ours100)} (100); bare ${fmtMs(m.bare100k)} / ${fmtMs(m.bare100)}`);
  const ours = m.ours100k / m.ours100;
  const bare = m.bare100k / m.bare100;
  return [
    {
      section: '3 Time to first page',
      measure: '100,000 vs 100 tables: ours, end to end',
      value: `${fmtMs(m.ours100k)} vs ${fmtMs(m.ours100)}`,
      ratio: ours,
      goal: '≤ 1.5x',
      met: ours <= 1.5,
      data: { samples, medians: m },
    },
    {
      section: '3 Time to first page',
      measure: '100,000 vs 100 tables: bare undici (the server alone)',
      value: `${fmtMs(m.bare100k)} vs ${fmtMs(m.bare100)}`,
      ratio: bare,
    },
    {
      section: '3 Time to first page',
      measure: "100,000 tables: ours vs bare undici (what the client adds to the server's time)",
      value: `${fmtMs(m.ours100k)} vs ${fmtMs(m.bare100k)}`,
      ratio: m.ours100k / m.bare100k,
    },
    {
      section: '3 Time to first page',
      measure: 'client CPU time to the first page (open + 1 request): ours, 100,000 vs 100 tables',
      value: `${fmtMs(mc.ours100k)} vs ${fmtMs(mc.ours100)} (bare undici ${fmtMs(mc.bare100k)} vs ${fmtMs(mc.bare100)})`,
      ratio: mc.ours100k / mc.ours100,
      goal: '≤ 1.5x',
      met: mc.ours100k / mc.ours100 <= 1.5,
      data: mc,
    },
  ];
}

async function firstPageOurs(uri: string, namespace: string): Promise<void> {
  const client = shippedClient(uri);
  try {
    const page = await client.listTables([namespace], { limit: 100 });
    if (page.items.length !== 100) throw new Error(`first page of ${namespace}: ${page.items.length} items`);
  } finally {
    client.dispose();
  }
}

async function firstPageBare(uri: string, namespace: string): Promise<void> {
  const agent = new Agent();
  try {
    const items = await bareList(agent, uri, namespace, 100, 1);
    if (items.length !== 100) throw new Error(`first page of ${namespace}: ${items.length} items`);
  } finally {
    await agent.close();
  }
}
