// Starts the Apache Iceberg project's own REST catalog server (RESTCatalogServer from iceberg-open-api, fetched by
// scripts/iceberg-server.sh) on a free loopback port with a private warehouse, for node:test suites.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
/** Attempts of GET /v1/config, 100 ms apart: the server is usually up within 2 s of a warm start. */
const READY_ATTEMPTS = 600;
const READY_INTERVAL_MS = 100;

export interface IcebergCatalog {
  uri: string;
  port: number;
  /** The warehouse location the server writes metadata to (file://…). */
  warehouse: string;
  /** How long `java -jar` took until /v1/config answered, ms. */
  startupMs: number;
  stderr(): string;
  stop(): Promise<void>;
}

let jarPromise: Promise<string> | undefined;

/** Runs scripts/iceberg-server.sh once per process (memoised; the script itself caches machine-wide). */
export function icebergServerJar(): Promise<string> {
  jarPromise ??= new Promise<string>((resolve, reject) => {
    execFile(
      'bash',
      [path.join(REPO, 'scripts', 'iceberg-server.sh')],
      { cwd: REPO, timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const jar = stdout.trim().split('\n').at(-1)?.trim();
        if (err || !jar) reject(new Error(`scripts/iceberg-server.sh failed: ${err?.message ?? 'no jar path printed'}\n${stderr}`));
        else resolve(jar);
      },
    );
  });
  jarPromise.catch(() => {
    jarPromise = undefined;
  });
  return jarPromise;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** A port the kernel just handed out on 127.0.0.1 (RESTCatalogServer has no "port 0 and print it" mode). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startIcebergCatalog(): Promise<IcebergCatalog> {
  const jar = await icebergServerJar();
  // Another process may take the free port between our check and Java's bind: then the server exits; try anew.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(jar, await freePort());
    } catch (e) {
      lastError = e as Error;
      if (!/exited/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('the Iceberg REST catalog server did not start');
}

async function startOnce(jar: string, port: number): Promise<IcebergCatalog> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nsb-iceberg-'));
  const warehouse = `file://${dir}`;
  const started = Date.now();
  // CATALOG_* variables become catalog properties: `_` → `.`, `__` → `-` (CATALOG_REST_PORT is rest.port).
  // The default backend is a JDBC catalog on in-memory SQLite: every start is an empty catalog.
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-jar', jar], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CATALOG_WAREHOUSE: warehouse, CATALOG_REST_PORT: String(port) },
  });
  children.add(child);
  let log = '';
  const keep = (d: Buffer) => {
    log += d.toString('utf8');
    if (log.length > 256 * 1024) log = log.slice(-256 * 1024);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = `code ${code}, signal ${signal}`;
      children.delete(child);
      resolve();
    });
  });
  child.once('error', (e) => {
    exitedWith = `spawn error ${e.message}`;
  });

  const uri = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < READY_ATTEMPTS; i++) {
    if (exitedWith) {
      await stop();
      throw new Error(`RESTCatalogServer exited (${exitedWith}) before it was ready on port ${port}\n${log.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${uri}/v1/config`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        const startupMs = Date.now() - started;
        return { uri, port, warehouse, startupMs, stderr: () => log, stop };
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, READY_INTERVAL_MS));
  }
  await stop();
  throw new Error(`RESTCatalogServer not ready after ${(READY_ATTEMPTS * READY_INTERVAL_MS) / 1000} s on port ${port}\n${log.slice(-4000)}`);
}
