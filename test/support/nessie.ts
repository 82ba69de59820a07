// Starts Project Nessie (the Quarkus server, fetched by scripts/nessie-server.sh) on a free loopback port with an
// in-memory version store and an S3 warehouse in moto, for node:test suites. Nessie serves the Iceberg REST API under
// /iceberg; its branches are Iceberg prefixes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startMoto, type Moto } from './moto';
import { seedWithPyiceberg, type PyicebergSeed } from './pyicebergSeed';

const REPO = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 180_000;
const READY_INTERVAL_MS = 200;

export interface NessieServer {
  /** The Nessie base URI (its own API is under /api/v2). */
  uri: string;
  /** The Iceberg REST catalog URI: `${uri}/iceberg`. */
  icebergUri: string;
  port: number;
  /** The warehouse bucket in moto. */
  bucket: string;
  startupMs: number;
  log(): string;
  stop(): Promise<void>;
}

let setupPromise: Promise<{ java: string; jar: string }> | undefined;

/** Runs scripts/nessie-server.sh once per process: the jar and a Java 21+ to run it (the script caches machine-wide). */
export function nessieSetup(): Promise<{ java: string; jar: string }> {
  setupPromise ??= new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(REPO, 'scripts', 'nessie-server.sh')],
      { cwd: REPO, timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const java = /^JAVA=(.+)$/m.exec(stdout)?.[1]?.trim();
        const jar = /^JAR=(.+)$/m.exec(stdout)?.[1]?.trim();
        if (err || !java || !jar) reject(new Error(`scripts/nessie-server.sh failed: ${err?.message ?? 'no JAVA/JAR printed'}\n${stderr}`));
        else resolve({ java, jar });
      },
    );
  });
  setupPromise.catch(() => {
    setupPromise = undefined;
  });
  return setupPromise;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

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

/** Start Nessie with its warehouse in `moto` (bucket `bucket`, created by startMoto). */
export async function startNessie(moto: Moto, bucket: string): Promise<NessieServer> {
  const setup = await nessieSetup();
  let lastError = new Error('Nessie did not start');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(setup, await freePort(), moto, bucket);
    } catch (e) {
      lastError = e as Error;
      if (!/exited/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError;
}

async function startOnce(setup: { java: string; jar: string }, port: number, moto: Moto, bucket: string): Promise<NessieServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nsb-nessie-'));
  const props: Record<string, string> = {
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': String(port),
    // The management interface (metrics, health) would take port 9000 by default: off.
    'quarkus.management.enabled': 'false',
    'quarkus.otel.sdk.disabled': 'true',
    'quarkus.log.console.level': 'WARN',
    'quarkus.banner.enabled': 'false',
    'nessie.version.store.type': 'IN_MEMORY',
    'nessie.catalog.default-warehouse': 'warehouse',
    'nessie.catalog.warehouses.warehouse.location': `s3://${bucket}/`,
    'nessie.catalog.service.s3.default-options.endpoint': `${moto.uri}/`,
    'nessie.catalog.service.s3.default-options.path-style-access': 'true',
    'nessie.catalog.service.s3.default-options.region': moto.region,
    'nessie.catalog.service.s3.default-options.access-key': 'urn:nessie-secret:quarkus:nsb-moto',
    'nsb-moto.name': moto.accessKeyId,
    'nsb-moto.secret': moto.secretAccessKey,
  };
  const started = Date.now();
  const child = spawn(
    setup.java,
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-jar', setup.jar],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    },
  );
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
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitedWith) {
      await stop();
      throw new Error(`Nessie exited (${exitedWith}) before it was ready on port ${port}\n${log.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${uri}/iceberg/v1/config`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.arrayBuffer();
        return { uri, icebergUri: `${uri}/iceberg`, port, bucket, startupMs: Date.now() - started, log: () => log, stop };
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, READY_INTERVAL_MS));
  }
  await stop();
  throw new Error(`Nessie not ready after ${READY_TIMEOUT_MS / 1000} s on port ${port}\n${log.slice(-4000)}`);
}

/** Create branch `name` at the head of `from` through Nessie's own API (v2). */
export async function createNessieBranch(nessie: NessieServer, name: string, from = 'main'): Promise<void> {
  const head = (await (await fetch(`${nessie.uri}/api/v2/trees/${encodeURIComponent(from)}`)).json()) as { reference: { hash: string } };
  const res = await fetch(`${nessie.uri}/api/v2/trees?name=${encodeURIComponent(name)}&type=BRANCH`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'BRANCH', name: from, hash: head.reference.hash }),
  });
  if (!res.ok) throw new Error(`creating Nessie branch ${name}: ${res.status} ${await res.text()}`);
}

export interface SeededNessie {
  moto: Moto;
  nessie: NessieServer;
  /** What pyiceberg made on `main` before `dev` was branched off. */
  main: PyicebergSeed;
  /** What pyiceberg then made on `dev` only. */
  dev: PyicebergSeed;
  stop(): Promise<void>;
}

/**
 * moto (S3 with signature checks), Nessie on it, `main` seeded by pyiceberg, a `dev` branch off `main` with more
 * seeded on it. Start once per test file: the JVM takes seconds.
 */
export async function startSeededNessie(): Promise<SeededNessie> {
  const bucket = 'nsb-nessie-warehouse';
  const moto = await startMoto({ buckets: [bucket] });
  let nessie: NessieServer | undefined;
  try {
    nessie = await startNessie(moto, bucket);
    const main = await seedWithPyiceberg({ uri: nessie.icebergUri, s3: moto });
    await createNessieBranch(nessie, 'dev');
    const dev = await seedWithPyiceberg({ uri: nessie.icebergUri, prefix: 'dev', variant: 'dev', s3: moto });
    const n = nessie;
    return {
      moto,
      nessie: n,
      main,
      dev,
      stop: async () => {
        await n.stop();
        await moto.stop();
      },
    };
  } catch (e) {
    await nessie?.stop();
    await moto.stop();
    throw e;
  }
}
