// Helpers that start the Python reference servers (test/servers/*.py) for node:test suites.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 180_000;

let pythonPromise: Promise<string> | undefined;

/** Runs scripts/python-env.sh once per process (memoised) and returns the venv's python. */
export async function pythonPath(): Promise<string> {
  if (!pythonPromise) {
    pythonPromise = new Promise<string>((resolve, reject) => {
      execFile(
        'bash',
        [path.join(REPO, 'scripts', 'python-env.sh')],
        { cwd: REPO, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
        (err, stdout, stderr) => {
          if (err) {
            reject(new Error(`scripts/python-env.sh failed: ${err.message}\n${stderr}`));
            return;
          }
          const lines = stdout.trim().split('\n');
          const py = lines[lines.length - 1]?.trim();
          if (!py) reject(new Error(`scripts/python-env.sh printed no python path\n${stderr}`));
          else resolve(py);
        },
      );
    });
    pythonPromise.catch(() => {
      pythonPromise = undefined;
    });
  }
  return pythonPromise;
}

export interface RunningServer {
  uri: string;
  port: number;
  info: Record<string, unknown>;
  stderr(): string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const c of children) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }
}

export async function startPythonServer(script: string, args: string[], name: string): Promise<RunningServer> {
  const python = await pythonPath();
  installExitHook();
  const child = spawn(python, [path.join(REPO, 'test', 'servers', script), ...args], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  children.add(child);
  let err = '';
  const maxErr = 1024 * 1024;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err += d;
    if (err.length > maxErr) err = err.slice(err.length - maxErr);
  });
  child.stdin!.on('error', () => {
    /* EPIPE after the child exited */
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  void exited.then(() => children.delete(child));

  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    let done = false;
    const finish = (e?: Error, v?: Record<string, unknown>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      if (e) {
        child.kill('SIGKILL');
        reject(e);
      } else resolve(v!);
    };
    const timer = setTimeout(() => finish(new Error(`${name}: not ready after ${READY_TIMEOUT_MS / 1000}s\n${err}`)), READY_TIMEOUT_MS);
    const onData = (d: string): void => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl).trim();
        out = out.slice(nl + 1);
        if (!line) continue;
        try {
          const v = JSON.parse(line) as Record<string, unknown>;
          if (v.ready === true) {
            finish(undefined, v);
            return;
          }
        } catch {
          /* not the ready line */
        }
      }
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', onData);
    child.once('error', (e) => finish(new Error(`${name}: failed to start: ${e.message}\n${err}`)));
    child.once('exit', (code, sig) => finish(new Error(`${name}: exited (code ${code}, signal ${sig}) before it was ready\n${err}`)));
  });
  // keep draining stdout so the child never blocks on a full pipe
  child.stdout!.resume();

  let stopping: Promise<void> | undefined;
  return {
    uri: String(info.uri),
    port: Number(info.port),
    info,
    stderr: () => err,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin!.end();
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      })();
      return stopping;
    },
  };
}

/** The Lance reference REST server (pylance RestAdapter over a directory namespace), seeded (default: standard,
 * see test/fixtures/lance-standard.json and test/support/lanceSeed.ts). Each call gets a private copy of the data. */
export async function startLanceCatalog(opts: { seed?: 'standard' | 'demo' | 'bench' | 'none' } = {}): Promise<RunningServer> {
  return startPythonServer('lance_catalog.py', ['--seed', opts.seed ?? 'standard'], 'lance_catalog');
}

/** A SigV4-verifying proxy (botocore) in front of `upstream`, answering like API Gateway. */
export async function startSigV4Gateway(opts: {
  upstream: string;
  region: string;
  service?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  maxSkewSeconds?: number;
  /** Session tokens answered as expired (ExpiredTokenException). */
  expiredTokens?: string[];
  /** Validly signed requests under these paths are denied as by an IAM policy (AccessDeniedException). */
  denyPathPrefixes?: string[];
}): Promise<RunningServer> {
  const args = [
    '--upstream',
    opts.upstream,
    '--region',
    opts.region,
    '--service',
    opts.service ?? 'execute-api',
    '--access-key',
    opts.accessKeyId,
    '--secret-key',
    opts.secretAccessKey,
  ];
  if (opts.sessionToken !== undefined) args.push('--session-token', opts.sessionToken);
  if (opts.maxSkewSeconds !== undefined) args.push('--max-skew-seconds', String(opts.maxSkewSeconds));
  for (const t of opts.expiredTokens ?? []) args.push('--expired-token', t);
  for (const p of opts.denyPathPrefixes ?? []) args.push('--deny-path-prefix', p);
  return startPythonServer('sigv4_gateway.py', args, 'sigv4_gateway');
}
