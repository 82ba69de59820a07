import { createServer } from 'node:http';
import { json } from './faultServer';
import { listenLoopback } from './loopback';

/**
 * A loopback Lance REST server written for one question: how many requests does a client keep in flight? It speaks
 * just enough of the protocol for the tree (the root lists many namespaces, each namespace lists a few tables),
 * holds every answer for a short time so requests overlap, and records the peak number in flight. A few namespaces
 * fail (500 or 403). `hold()` keeps answers back until `release()`, so a test can act while requests are surely in
 * flight; a request the client abandons is recorded as `aborted`.
 *
 * The same controls are reachable over HTTP (`/__control/stats|hold|release|reset|heal`) for a client in another
 * process (the extension host); they are not counted as requests. `heal` ends the failures (a Retry then works).
 */

/** One catalog request as the server saw it. */
export interface ConcurrencyRecord {
  method: string;
  path: string;
  /** The namespace the request is about ('' for the root). */
  namespace: string;
  outcome: 'pending' | 'answered' | 'aborted';
  status?: number;
}

export interface ConcurrencyStats {
  /** Requests received but not yet answered or abandoned. */
  inFlight: number;
  /** The most requests in flight at once since the last reset. */
  peak: number;
  /** Requests received since the last reset. */
  total: number;
  aborted: number;
  held: boolean;
  records: ConcurrencyRecord[];
}

export interface ConcurrencyServerOptions {
  /** How many namespaces the root lists (`ns000`, `ns001`, ...). */
  namespaces?: number;
  /** Tables per namespace (`t0`, `t1`, ...). */
  tablesPerNamespace?: number;
  /** How long each answer is held back, so concurrent requests overlap at the server. */
  answerAfterMs?: number;
  /** Namespaces whose listings fail, with the status they fail with. */
  failures?: Record<string, number>;
}

export interface ConcurrencyServer {
  uri: string;
  namespaces: string[];
  tablesPerNamespace: number;
  failures: Record<string, number>;
  stats(): ConcurrencyStats;
  /** Keep every answer back until `release()`. */
  hold(): void;
  release(): void;
  /** Forget the records and the peak (requests in flight stay counted). */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAILURES: Record<string, number> = { ns013: 500, ns077: 403, ns150: 500, ns199: 403 };

export async function startConcurrencyServer(options: ConcurrencyServerOptions = {}): Promise<ConcurrencyServer> {
  const count = options.namespaces ?? 200;
  const tablesPerNamespace = options.tablesPerNamespace ?? 3;
  const answerAfterMs = options.answerAfterMs ?? 15;
  const failures = { ...(options.failures ?? DEFAULT_FAILURES) };
  const namespaces = Array.from({ length: count }, (_, i) => `ns${String(i).padStart(3, '0')}`);
  const known = new Set(namespaces);

  let inFlight = 0;
  let peak = 0;
  let aborted = 0;
  let records: ConcurrencyRecord[] = [];
  let held = false;
  const waiting: (() => void)[] = [];

  const stats = (): ConcurrencyStats => ({ inFlight, peak, total: records.length, aborted, held, records: records.slice() });
  const release = () => {
    held = false;
    for (const go of waiting.splice(0)) go();
  };
  const reset = () => {
    records = [];
    peak = inFlight;
    aborted = 0;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/__control/')) {
      const what = url.pathname.slice('/__control/'.length);
      if (what === 'hold') held = true;
      else if (what === 'release') release();
      else if (what === 'reset') reset();
      else if (what === 'heal') for (const k of Object.keys(failures)) delete failures[k];
      else if (what !== 'stats') return json(res, 404, { error: `no control ${what}` });
      return json(res, 200, stats());
    }
    req.resume();
    const m = /^\/v1\/namespace\/([^/]*)\/(list|table\/list|describe)$/.exec(url.pathname);
    const id = m ? decodeURIComponent(m[1]!) : '';
    const namespace = id === '$' ? '' : id;
    const record: ConcurrencyRecord = { method: req.method ?? '', path: url.pathname, namespace, outcome: 'pending' };
    records.push(record);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (outcome: 'answered' | 'aborted') => {
      if (done) return false;
      done = true;
      inFlight -= 1;
      record.outcome = outcome;
      return true;
    };
    // Counted out when the answer is written (not when the socket drains), so the count never runs ahead of the
    // client's: the client frees its slot only after it has read the answer.
    const answer = () => {
      if (!finish('answered')) return;
      const reply = route(m?.[2], namespace, url.searchParams);
      record.status = reply.status;
      json(res, reply.status, reply.body);
    };
    res.on('close', () => {
      clearTimeout(timer);
      if (finish('aborted')) aborted += 1;
    });
    const schedule = () => {
      if (!done) timer = setTimeout(answer, answerAfterMs);
    };
    if (held) waiting.push(schedule);
    else schedule();
  });

  function route(kind: string | undefined, namespace: string, query: URLSearchParams): { status: number; body: unknown } {
    if (!kind || (namespace !== '' && !known.has(namespace))) return { status: 404, body: { error: `namespace ${namespace} not found`, code: 1 } };
    const failure = failures[namespace];
    if (failure)
      return {
        status: failure,
        body: { error: failure === 403 ? `access to ${namespace} denied` : `listing ${namespace} failed`, code: failure === 403 ? 16 : 18 },
      };
    if (kind === 'describe') return { status: 200, body: { properties: {} } };
    if (kind === 'list') {
      if (namespace !== '') return { status: 200, body: { namespaces: [] } };
      // The root pages by `limit` and `page_token` (the offset of the next name) like the reference server.
      const start = Number(query.get('page_token') ?? 0);
      const end = Math.min(namespaces.length, start + (Number(query.get('limit')) || namespaces.length));
      return { status: 200, body: { namespaces: namespaces.slice(start, end), ...(end < namespaces.length ? { page_token: String(end) } : {}) } };
    }
    return { status: 200, body: { tables: namespace === '' ? [] : Array.from({ length: tablesPerNamespace }, (_, i) => `t${i}`) } };
  }

  const loopback = await listenLoopback(server);
  return {
    uri: loopback.uri,
    namespaces,
    tablesPerNamespace,
    failures,
    stats,
    hold: () => void (held = true),
    release,
    reset,
    close: () => {
      release();
      return loopback.close();
    },
  };
}
