import { AsyncLocalStorage } from 'node:async_hooks';
import { undici, type Dispatcher } from './undici';
import { BufferedExchange, stopReasonOf, type BufferedAnswer } from './buffered';
import { planNetwork, type NetworkSettings } from './network';
import { redactSideBody, secretsIn, sideOperation, type SideRequest } from './sideRequests';
import type { AuthExplanation, AuthSession, OutgoingRequest, RefusedRequest, RejectionExplanation } from '../authContract';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type ConnectionConfig,
} from '../connection';
import { CatalogError, errorMessage, isCatalogError, kindForStatus as kindOfStatus } from '../errors';
import { alignLines } from '../lineDiff';
import type { RequestCause, RequestLog, RequestRecord } from '../records';
import { redactHeaders, redactUrl, SecretScrubber } from '../redact';
import { decodeErrorResponse, type ErrorBodyReader } from './errorBody';
import { encodeQuery } from './encoding';
import { parseJsonExact, stringifyJson } from '../int64';
import { InFlight } from './inflight';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './jsonDepth';
import { decideRedirect, MAX_REDIRECTS } from './redirect';
import { formatWait, parseRetryAfter, retryDelay } from './retry';
import { Semaphore } from './semaphore';

/** One catalog call as an adapter describes it. */
export interface Call {
  /** Catalog operation name for records and messages, e.g. `ListTables`. */
  operation: string;
  method: 'GET' | 'POST' | 'HEAD' | 'DELETE' | 'PUT';
  /** Path below the base URI, starting with `/`, already percent-encoded as it must be sent. */
  path: string;
  /**
   * The base URI instead of the connection's (the catalog moved us: Iceberg's `overrides.uri`); the adapter decides
   * whether that is safe to follow. Without a trailing `/`.
   */
  baseUri?: string;
  /** Unencoded query pairs, in order; serialised RFC 3986 (`%20`, never `+`). */
  query?: readonly (readonly [string, string])[];
  /** A JSON value to send as the body (buffered). */
  json?: unknown;
  /** What the call is about, for messages: `table sales$emea$orders`. */
  subject?: string;
  signal?: AbortSignal;
  /** Set false to never share this call with an identical one in flight (reads are shared by default). */
  share?: boolean;
  /**
   * Keep a successful answer as bytes (`Reply.body`) instead of parsing it as JSON: Arrow IPC from QueryTable. The
   * request then asks for `accept`; error answers are still read as the catalog's JSON errors.
   */
  binary?: { accept: string };
}

/** A call with its JSON body serialised (once, before it is shared or sent). */
interface Prepared extends Call {
  bodyText?: string;
}

/** A successful reply. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for an empty body (and for a binary call). */
  json: unknown;
  /** The body as received, for a binary call. */
  body?: Buffer;
  recordId: string;
}

/** What the connection's protocol says about its calls (the protocol descriptor is one). */
export interface ProtocolRules {
  /** Operations sent by POST (or another method than GET/HEAD) that only read: retried when throttled, shared. */
  readonly readOperations?: ReadonlySet<string>;
  /** The protocol's own reading of an error body. */
  readonly readErrorBody?: ErrorBodyReader;
}

export interface TransportOptions {
  connection: ConnectionConfig;
  /** The connection's URI, checked once by whoever opens the catalog (`parseCatalogUri`). */
  catalogUri: URL;
  auth: AuthSession;
  /** Which calls only read and how error bodies read; without it, only GET and HEAD are reads. */
  protocol?: ProtocolRules;
  log: RequestLog;
  /** Environment for proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and NODE_EXTRA_CA_CERTS. Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** What the editor adds: VS Code's proxy settings (which win over the environment) and the OS trust store. */
  network?: NetworkSettings;
  /** The passphrase of the connection's client key, if it is encrypted. */
  clientKeyPassphrase?: string;
  /** How the front end says to fix a TLS failure: where the CA bundle or client certificate is set. */
  hints?: NetworkHints;
  /** Known secret values of this connection, scrubbed from previews and messages as a last line of defence. */
  scrubber?: SecretScrubber;
  /** Retries for 429/503 (idempotent reads only). Default 2. */
  maxRetries?: number;
  /** Upper bound for one back-off wait, ms. Default 10 s. */
  maxRetryDelayMs?: number;
  /** Warn hook, e.g. insecure TLS in use. */
  warn?: (message: string) => void;
  userAgent?: string;
}

/** The words of a fix, in the front end's terms: the editor's Network step, the CLI's flags. */
export interface NetworkHints {
  /** E.g. "add the issuing CA: Edit Connection → Network → CA bundle". */
  caBundle: string;
  /** E.g. "set the client certificate and key: Edit Connection → Network". */
  clientCertificate: string;
}

const DEFAULT_HINTS: NetworkHints = {
  caBundle: "set the connection's CA bundle (caFile) to the PEM file of the issuing CA",
  clientCertificate: "set the connection's client certificate and key (clientCertFile, clientKeyFile)",
};

/** The catalog request (or the connecting) an auth session is working for: its side requests name it as their cause. */
const causes = new AsyncLocalStorage<RequestCause>();

const PREVIEW_BYTES = 4096;
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/**
 * The HTTP layer of one connection: a keep-alive pool (through a proxy when the environment says so), timeouts,
 * cancellation, a response size cap, signing right before each send, one retry after a credential refresh, bounded
 * retries when throttled, and a redacted request record for every exchange.
 */
export class Transport {
  readonly dispatcher: Dispatcher;
  private readonly base: URL;
  private readonly baseOriginAndPath: string;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly semaphore: Semaphore;
  private readonly scrubber: SecretScrubber;
  private readonly staticHeaders: Record<string, string>;
  private readonly inflight = new InFlight<Reply>();

  constructor(private readonly options: TransportOptions) {
    const c = options.connection;
    this.base = options.catalogUri;
    this.baseOriginAndPath = `${this.base.origin}${this.base.pathname.replace(/\/+$/, '')}`;
    this.connectTimeoutMs = c.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxResponseBytes = c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.semaphore = new Semaphore(c.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
    this.scrubber = options.scrubber ?? new SecretScrubber();
    this.staticHeaders = {};
    for (const [k, v] of Object.entries(c.headers ?? {})) this.staticHeaders[k.toLowerCase()] = String(v);
    if (this.staticHeaders['authorization'] !== undefined && options.auth.setsAuthorization) {
      throw new CatalogError(
        'config',
        `a static Authorization header cannot be combined with auth type "${c.auth.type}", which sets Authorization itself; remove one of them`,
      );
    }
    this.dispatcher = this.createDispatcher();
  }

  private createDispatcher(): Dispatcher {
    const c = this.options.connection;
    const plan = planNetwork(c, this.options.env ?? process.env, this.options.network, this.options.clientKeyPassphrase);
    this.proxied = plan.httpsProxy !== undefined || plan.httpProxy !== undefined;
    this.proxyUnchecked = this.proxied && this.options.network?.proxyStrictSSL === false;
    const common = {
      connectTimeout: this.connectTimeoutMs,
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      connections: (c.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS) + 2,
    };
    const { Agent, EnvHttpProxyAgent } = undici();
    if (this.proxied) {
      return new EnvHttpProxyAgent({
        ...common,
        httpProxy: plan.httpProxy ?? '',
        httpsProxy: plan.httpsProxy ?? '',
        noProxy: plan.noProxy,
        ...(plan.proxyAuthorization ? { token: plan.proxyAuthorization } : {}),
        connect: { ...plan.tls, timeout: this.connectTimeoutMs },
        proxyTls: { ...plan.tls, timeout: this.connectTimeoutMs },
        requestTls: { ...plan.proxiedTls, timeout: this.connectTimeoutMs },
      } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
    }
    return new Agent({ ...common, connect: { ...plan.tls, timeout: this.connectTimeoutMs } });
  }

  private proxied = false;
  private proxyUnchecked = false;

  /** Warn, on every use, that certificates are not checked (allow insecure TLS, or http.proxyStrictSSL off). */
  private warnUnchecked(url: URL): void {
    if (url.protocol !== 'https:') return;
    if (this.options.connection.allowInsecureTls) {
      this.options.warn?.(`TLS certificate checks are off for connection "${this.options.connection.name}" (allow insecure TLS is set)`);
    } else if (this.proxyUnchecked) {
      this.options.warn?.(`TLS certificate checks are off for connection "${this.options.connection.name}" through the proxy (http.proxyStrictSSL is false)`);
    }
  }

  /**
   * Run an auth session's work on behalf of a cause (a catalog request, or connecting): side requests made meanwhile
   * are recorded as caused by it.
   */
  during<T>(cause: RequestCause, work: () => Promise<T>): Promise<T> {
    return causes.run(cause, work);
  }

  /**
   * Send an auth session's side request (a token endpoint, STS, Google's IAM) on this connection's pool: its proxy,
   * trust and client certificate, timeouts, cancellation, and a redacted record linked to what caused it. Not
   * limited by the connection's concurrency: the catalog request waiting for it already holds a place.
   */
  async side(provider: string, request: SideRequest): Promise<BufferedAnswer> {
    const log = this.options.log;
    const id = log.nextId();
    const started = Date.now();
    const cause = causes.getStore() ?? { operation: 'connect' };
    const contentType = request.headers['content-type'];
    const record: RequestRecord = {
      id,
      connectionId: this.options.connection.id,
      connectionName: this.options.connection.name,
      operation: sideOperation(provider, request),
      method: request.method,
      url: redactUrl(request.url),
      startedAt: new Date(started).toISOString(),
      attempt: 1,
      requestHeaders: this.scrubber.scrubHeaders(redactHeaders(request.headers)),
      requestBodyPreview: request.body ? truncate(redactSideBody(UTF8.decode(request.body), contentType, this.scrubber)) : undefined,
      causedBy: cause,
      notes: [`sent by the ${provider} auth provider for ${cause.operation}${cause.recordId ? ` (record ${cause.recordId})` : ''}`],
    };
    log.put(record);
    this.warnUnchecked(request.url);
    const fail = (error: CatalogError): CatalogError => {
      record.durationMs = Date.now() - started;
      record.error = { kind: error.kind, message: error.message };
      log.put(record);
      return error;
    };
    const sending = new BufferedExchange(
      this.dispatcher,
      {
        origin: request.url.origin,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
      },
      { timeoutMs: this.requestTimeoutMs, maxBytes: this.maxResponseBytes, tooLarge: () => this.tooLarge(request.url), signal: request.signal },
    );
    let answer: BufferedAnswer;
    try {
      answer = await sending.answer;
    } catch (e) {
      const stopped = stopReasonOf(e);
      if (stopped === 'cancelled' || request.signal?.aborted) throw fail(new CatalogError('cancelled', `${record.operation} was cancelled`, { recordId: id }));
      if (stopped === 'timeout')
        throw fail(
          new CatalogError('timeout', `no complete answer from ${request.url.origin} within ${seconds(this.requestTimeoutMs)} (${record.operation})`, {
            recordId: id,
          }),
        );
      throw fail(this.networkError(e, request.url, id));
    }
    const text = UTF8.decode(answer.body);
    // What the answer carries (a token, STS keys) is a secret of this connection from now on, wherever it shows.
    for (const secret of secretsIn(text)) this.scrubber.add(secret);
    record.durationMs = Date.now() - started;
    record.status = answer.status;
    record.responseHeaders = this.scrubber.scrubHeaders(redactHeaders(answer.headers));
    record.responseBytes = answer.body.byteLength;
    record.responseBodyPreview = truncate(redactSideBody(text, answer.headers['content-type'], this.scrubber));
    if (answer.status >= 400) record.error = { kind: kindOfStatus(answer.status), message: `${record.operation} answered HTTP ${answer.status}` };
    log.put(record);
    return answer;
  }

  /**
   * A fetch on `side()`, for the libraries that take one (the OAuth2 token request, google-auth-library's gaxios,
   * the AWS SDK's request handler): every request they make is one of this connection's, recorded.
   */
  fetchFor(provider: string): typeof globalThis.fetch {
    return (async (input: string | URL | Request, init?: RequestInit) => {
      const request = await toSideRequest(input, init);
      const answer = await this.side(provider, request);
      const redirect = init?.redirect ?? (input instanceof Request ? input.redirect : 'follow');
      if (redirect === 'error' && answer.status >= 300 && answer.status < 400) {
        throw new CatalogError('protocol', `${request.url.origin}${request.url.pathname} redirected (${answer.status}) where no redirect is expected`);
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(answer.headers)) headers.append(k, v);
      const empty = request.method === 'HEAD' || answer.status === 204 || answer.status === 205 || answer.status === 304;
      const response = new Response(empty ? null : (answer.body as unknown as ConstructorParameters<typeof Response>[0]), { status: answer.status, headers });
      Object.defineProperty(response, 'url', { value: request.url.href });
      return response;
    }) as typeof globalThis.fetch;
  }

  /** The wire URL as text (the connection URI's path, the call's encoded path, the RFC 3986 query): built by concatenation, since `URL.pathname =` would re-encode the path we encoded. */
  private href(call: Pick<Call, 'path' | 'query' | 'baseUri'>): string {
    return `${call.baseUri ?? this.baseOriginAndPath}${call.path}${call.query && call.query.length ? `?${encodeQuery(call.query)}` : ''}`;
  }

  /** Add what the client concluded from an exchange to its record (shown in the inspector and by --explain). */
  note(recordId: string, note: string): void {
    const record = this.options.log.get(recordId);
    if (!record) return;
    record.notes = [...(record.notes ?? []), this.scrubber.scrub(note)];
    this.options.log.put(record);
  }

  /** Replace the error a record shows, when the adapter explains a failure better than the status alone. */
  explainFailure(error: CatalogError): CatalogError {
    const record = error.recordId ? this.options.log.get(error.recordId) : undefined;
    if (record) {
      record.error = { kind: error.kind, message: error.message };
      this.options.log.put(record);
    }
    return error;
  }

  /**
   * Send a call: identical reads in flight are shared (one network request, every caller gets the answer; the
   * request is aborted only when every caller aborted), then the per-connection limit applies.
   */
  call(call: Call): Promise<Reply> {
    // The JSON body is serialised once: for the sharing key and for the wire.
    // BigInts (versions) are written as JSON numbers with their exact digits.
    const prepared: Prepared = call.json === undefined ? call : { ...call, bodyText: stringifyJson(call.json) };
    const key = this.shareKey(prepared);
    if (key === undefined) return this.callLimited(prepared);
    return this.inflight.run(key, call.signal, call.operation, (signal) => this.callLimited({ ...prepared, signal }));
  }

  /** Requests that are shared right now (diagnostics, tests). */
  get sharedInFlight(): number {
    return this.inflight.size;
  }

  /** Whether a call only reads: GET and HEAD, and the protocol's reads sent otherwise (Lance reads are POSTs). */
  private isIdempotent(call: Call): boolean {
    return call.method === 'GET' || call.method === 'HEAD' || this.options.protocol?.readOperations?.has(call.operation) === true;
  }

  private shareKey(call: Prepared): string | undefined {
    if (call.share === false || !this.isIdempotent(call)) return undefined;
    return `${call.operation}\n${call.method}\n${this.href(call)}\n${call.binary ? 'binary' : 'json'}\n${call.bodyText ?? ''}`;
  }

  private async callLimited(call: Prepared): Promise<Reply> {
    const release = await this.semaphore.acquire(call.signal);
    try {
      return await this.callWithRetries(call);
    } finally {
      release();
    }
  }

  private async callWithRetries(call: Prepared): Promise<Reply> {
    const maxRetries = this.options.maxRetries ?? 2;
    const capMs = this.options.maxRetryDelayMs ?? 10_000;
    let refreshed = false;
    let attempt = 0;
    let retries = 0;
    let redirects = 0;
    // Kept as text: each exchange parses its own URL once (an auth provider may change it), retries start from this.
    let href = this.href(call);
    for (;;) {
      attempt += 1;
      try {
        const outcome = await this.exchange(call, attempt, href);
        if ('redirectTo' in outcome) {
          redirects += 1;
          if (redirects > MAX_REDIRECTS) {
            throw new CatalogError('protocol', `${call.operation} was redirected more than ${MAX_REDIRECTS} times; stopped (a redirect loop?)`, {
              recordId: outcome.recordId,
            });
          }
          href = outcome.redirectTo.href;
          continue;
        }
        return outcome;
      } catch (e) {
        if (!isCatalogError(e)) throw e;
        if ((e.status === 401 || e.status === 419) && !refreshed && this.options.auth.refresh) {
          refreshed = true;
          const refresh = this.options.auth.refresh.bind(this.options.auth);
          if (await causes.run({ operation: call.operation, recordId: e.recordId }, () => refresh(call.signal))) continue;
        }
        const retryable = e.status === 429 || e.status === 503;
        if (retryable && this.isIdempotent(call)) {
          const wait = retryDelay(retries + 1, e.options.retryAfterSeconds, capMs);
          if (wait === undefined) throw this.tooLongToWait(e, capMs);
          if (retries < maxRetries) {
            retries += 1;
            await sleep(wait, call.signal);
            continue;
          }
        }
        throw e;
      }
    }
  }

  /** The server asked for a longer pause than the cap: give up now and say when to try again. */
  private tooLongToWait(e: CatalogError, capMs: number): CatalogError {
    const seconds = e.options.retryAfterSeconds ?? 0;
    const when = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const error = new CatalogError(
      e.kind,
      `${e.message} — the server asked to wait ${formatWait(seconds)} (Retry-After), longer than the ${formatWait(capMs / 1000)} this client waits; try again after ${when}`,
      e.options,
    );
    return this.explainFailure(error);
  }

  /** One exchange: build, sign, record, send, read (capped), map the outcome. */
  private async exchange(call: Prepared, attempt: number, href: string): Promise<Reply | { redirectTo: URL; recordId: string }> {
    const log = this.options.log;
    const id = log.nextId();
    const started = Date.now();
    const body = call.bodyText === undefined ? undefined : Buffer.from(call.bodyText, 'utf8');
    const request: OutgoingRequest = {
      method: call.method,
      url: new URL(href),
      headers: {
        accept: call.binary?.accept ?? 'application/json',
        'user-agent': this.options.userAgent ?? 'namespace-browser/0.1',
        ...this.staticHeaders,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body,
    };
    const record: RequestRecord = {
      id,
      connectionId: this.options.connection.id,
      connectionName: this.options.connection.name,
      operation: call.operation,
      method: call.method,
      url: '',
      startedAt: new Date(started).toISOString(),
      attempt,
      requestHeaders: {},
      requestBodyPreview: body ? this.preview(body) : undefined,
    };
    const fail = (error: CatalogError): CatalogError => {
      record.durationMs = Date.now() - started;
      record.error = { kind: error.kind, message: error.message };
      log.put(record);
      return error;
    };

    let explanation: AuthExplanation | undefined;
    try {
      explanation = await causes.run({ operation: call.operation, recordId: id }, () => this.options.auth.authenticate(request, call.signal));
    } catch (e) {
      record.url = redactUrl(request.url);
      record.requestHeaders = this.scrubber.scrubHeaders(redactHeaders(request.headers));
      throw fail(this.asCatalogError(e, 'unauthenticated', `could not authenticate ${call.operation}`, id));
    }
    if (explanation) record.auth = this.scrubber.scrubExplanation(explanation);
    this.warnUnchecked(request.url);
    record.requestHeaders = this.scrubber.scrubHeaders(redactHeaders(request.headers));
    record.url = redactUrl(request.url);
    log.put(record);

    let status: number;
    let headers: Record<string, string>;
    let bytes: Buffer;
    const sending = new BufferedExchange(
      this.dispatcher,
      {
        origin: request.url.origin,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body ? asBuffer(request.body) : undefined,
      },
      { timeoutMs: this.requestTimeoutMs, maxBytes: this.maxResponseBytes, tooLarge: () => this.tooLarge(request.url), signal: call.signal },
    );
    try {
      ({ status, headers, body: bytes } = await sending.answer);
      record.status = status;
      record.responseHeaders = this.scrubber.scrubHeaders(redactHeaders(headers));
      record.responseBytes = bytes.byteLength;
    } catch (e) {
      if (sending.status !== undefined) {
        record.status = sending.status;
        record.responseHeaders = this.scrubber.scrubHeaders(redactHeaders(sending.headers ?? {}));
      }
      const stopped = stopReasonOf(e);
      if (stopped === 'cancelled' || call.signal?.aborted)
        throw fail(new CatalogError('cancelled', `${call.operation} was cancelled`, { recordId: id, cause: e }));
      if (stopped === 'timeout') {
        throw fail(
          new CatalogError('timeout', `no complete answer from ${request.url.origin} within ${seconds(this.requestTimeoutMs)} (${call.operation})`, {
            recordId: id,
            cause: e,
          }),
        );
      }
      throw fail(this.networkError(e, request.url, id));
    }
    record.durationMs = Date.now() - started;
    if (call.binary && status >= 200 && status < 300) {
      // Data, not catalog text: the record says what arrived, not what it holds.
      record.responseBodyPreview = `‹${describeContentType(headers)}, ${bytes.byteLength} bytes›`;
      log.put(record);
      return { status, headers, json: undefined, body: bytes, recordId: id };
    }
    const text = UTF8.decode(bytes);
    record.responseBodyPreview = this.scrubber.scrub(truncate(text));

    if (status >= 200 && status < 300) {
      let json: unknown;
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        throw fail(
          new CatalogError(
            'protocol',
            `${call.operation}: the server's answer is nested more than ${MAX_JSON_DEPTH} levels deep; stopped reading it (a malformed or hostile answer)`,
            {
              recordId: id,
              status,
            },
          ),
        );
      }
      if (text.trim() !== '') {
        try {
          json = parseJsonExact(text);
        } catch {
          throw fail(
            new CatalogError(
              'protocol',
              `${call.operation}: the server's answer is not valid JSON (${describeContentType(headers)}, ${bytes.byteLength} bytes)${htmlHint(headers, text)}`,
              {
                recordId: id,
                status,
              },
            ),
          );
        }
      }
      log.put(record);
      return { status, headers, json, recordId: id };
    }
    if (status >= 300 && status < 400) {
      const decision = decideRedirect(request.url, status, headers['location'], call.method);
      if (decision.follow) {
        log.put(record);
        return { redirectTo: decision.url, recordId: id };
      }
      throw fail(new CatalogError('protocol', `the server redirected ${call.operation} (${status}) ${decision.reason}`, { recordId: id, status }));
    }
    const decoded = decodeErrorResponse(status, headers, text, call, this.options.protocol?.readErrorBody);
    // A refusal the auth session can explain in its own terms (a SigV4 signature mismatch) is told in those terms.
    const rejection = status >= 400 && status < 500 ? this.explainRejection({ status, headers, body: text }, explanation) : undefined;
    if (rejection?.comparisons?.length) {
      record.comparisons = rejection.comparisons.map((c) => {
        const ours = this.scrubber.scrub(c.ours);
        const theirs = this.scrubber.scrub(c.theirs);
        // Rows aligned by the session on the unredacted texts are kept (only their lines scrubbed): aligning the
        // redacted texts could call two different secrets equal, or two equal ones different.
        const rows = c.rows
          ? c.rows.map((r) => ({
              ...r,
              ...(r.ours !== undefined ? { ours: this.scrubber.scrub(r.ours) } : {}),
              ...(r.theirs !== undefined ? { theirs: this.scrubber.scrub(r.theirs) } : {}),
            }))
          : alignLines(ours, theirs);
        return { label: c.label, ours, theirs, rows, ...(c.note ? { note: this.scrubber.scrub(c.note) } : {}) };
      });
    }
    const detail = rejection ? decoded.serverMessage : decoded.detail;
    throw fail(
      new CatalogError(rejection?.kind ?? decoded.kind, this.scrubber.scrub(rejection?.message ?? decoded.message), {
        recordId: id,
        status,
        detail: detail ? this.scrubber.scrub(detail) : undefined,
        retryAfterSeconds: parseRetryAfter(headers['retry-after']),
        data: decoded.data,
        ...(rejection?.remedy ? { remedy: rejection.remedy } : {}),
      }),
    );
  }

  /** The session's reading of a refusal; a provider that fails at it leaves the generic message, with a warning. */
  private explainRejection(refused: RefusedRequest, ours: AuthExplanation | undefined): RejectionExplanation | undefined {
    try {
      return this.options.auth.explainRejection?.(refused, ours);
    } catch (e) {
      this.options.warn?.(
        `auth type "${this.options.connection.auth.type}" could not explain a ${refused.status} refusal: ${this.scrubber.scrub(errorMessage(e))}`,
      );
      return undefined;
    }
  }

  private tooLarge(url: URL): CatalogError {
    return new CatalogError(
      'protocol',
      `the answer from ${url.origin} is larger than the ${formatBytes(this.maxResponseBytes)} limit; stopped reading (raise the connection's response size limit if this is expected)`,
    );
  }

  private preview(bytes: Uint8Array): string {
    return this.scrubber.scrub(truncate(UTF8.decode(bytes.subarray(0, PREVIEW_BYTES + 1))));
  }

  private asCatalogError(e: unknown, kind: CatalogError['kind'], prefix: string, recordId: string): CatalogError {
    if (isCatalogError(e)) {
      return e.recordId ? e : new CatalogError(e.kind, this.scrubber.scrub(e.message), { ...e.options, recordId });
    }
    return new CatalogError(kind, this.scrubber.scrub(`${prefix}: ${errorMessage(e)}`), { recordId, cause: e });
  }

  private networkError(e: unknown, url: URL, recordId: string): CatalogError {
    if (isCatalogError(e)) return new CatalogError(e.kind, e.message, { ...e.options, recordId });
    const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = err?.code ?? err?.cause?.code ?? '';
    const where = url.origin;
    const hints = this.options.hints ?? DEFAULT_HINTS;
    const ca = hints.caBundle;
    const clientCertificate = hints.clientCertificate;
    const messages: Record<string, string> = {
      ECONNREFUSED: `cannot reach ${where}: connection refused (is the catalog server running?)`,
      ENOTFOUND: `cannot reach ${where}: the host name does not resolve (check the URI or your DNS/proxy settings)`,
      EAI_AGAIN: `cannot reach ${where}: DNS lookup failed temporarily`,
      ECONNRESET: `the connection to ${where} was reset before the answer was complete`,
      EPIPE: `the connection to ${where} was closed while sending`,
      EHOSTUNREACH: `cannot reach ${where}: host unreachable`,
      ENETUNREACH: `cannot reach ${where}: network unreachable`,
      UND_ERR_CONNECT_TIMEOUT: `cannot reach ${where}: no connection within ${seconds(this.connectTimeoutMs)}`,
      UND_ERR_HEADERS_TIMEOUT: `no answer from ${where} within ${seconds(this.requestTimeoutMs)}`,
      UND_ERR_BODY_TIMEOUT: `the answer from ${where} stalled for ${seconds(this.requestTimeoutMs)}`,
      UND_ERR_SOCKET: `the connection to ${where} closed unexpectedly`,
      DEPTH_ZERO_SELF_SIGNED_CERT: `the TLS certificate of ${where} is self-signed and not trusted: ${ca}`,
      SELF_SIGNED_CERT_IN_CHAIN: `the TLS certificate chain of ${where} has an untrusted self-signed certificate: ${ca}`,
      UNABLE_TO_VERIFY_LEAF_SIGNATURE: `the TLS certificate of ${where} cannot be verified: ${ca}`,
      UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `the TLS certificate of ${where} was issued by an unknown CA: ${ca}`,
      CERT_HAS_EXPIRED: `the TLS certificate of ${where} has expired`,
      ERR_TLS_CERT_ALTNAME_INVALID: `the TLS certificate of ${where} is not valid for this host name`,
    };
    // A server that wants a client certificate refuses the handshake with an alert (TLS 1.2) or after it (TLS 1.3).
    if (/ALERT_(CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED)/.test(code)) {
      const given = this.options.connection.clientCertFile;
      return new CatalogError(
        'network',
        given
          ? `${where} refused the TLS handshake (${code.replace(/^ERR_SSL_/, '')}): it did not accept the client certificate ${given}; check that its CA trusts it`
          : `${where} refused the TLS handshake (${code.replace(/^ERR_SSL_/, '')}): it asks for a client certificate (mutual TLS): ${clientCertificate}`,
        { recordId, cause: e },
      );
    }
    // Under TLS 1.3 that refusal comes after the handshake, and undici sees only a socket closed before any answer.
    const socket = (err as { socket?: { bytesRead?: number } }).socket;
    if (code === 'UND_ERR_SOCKET' && url.protocol === 'https:' && !this.options.connection.clientCertFile && socket?.bytesRead === 0) {
      return new CatalogError(
        'network',
        `the connection to ${where} closed before any answer, as a server that asks for a client certificate (mutual TLS) does when none is given: ${clientCertificate}`,
        { recordId, cause: e },
      );
    }
    const kind = code.includes('TIMEOUT') ? 'timeout' : 'network';
    const { errors } = undici();
    if (err instanceof errors.RequestContentLengthMismatchError || err instanceof errors.ResponseContentLengthMismatchError) {
      return new CatalogError('network', `the answer from ${where} ended early (length mismatch)`, { recordId, cause: e });
    }
    const message = messages[code] ?? `cannot reach ${where}: ${this.scrubber.scrub(errorMessage(e))}${code ? ` (${code})` : ''}`;
    return new CatalogError(kind, message, { recordId, cause: e });
  }

  async close(): Promise<void> {
    await this.dispatcher.close().catch(() => undefined);
  }
}

/** What a library's fetch call asks for, as one buffered side request. */
async function toSideRequest(input: string | URL | Request, init?: RequestInit): Promise<SideRequest> {
  const fromRequest = typeof input === 'object' && !(input instanceof URL) ? input : undefined;
  const url = new URL(fromRequest ? fromRequest.url : String(input));
  const headers: Record<string, string> = {};
  new Headers(init?.headers ?? fromRequest?.headers).forEach((value, name) => (headers[name] = value));
  const method = (init?.method ?? fromRequest?.method ?? 'GET').toUpperCase();
  let body: Buffer | undefined;
  const raw = init?.body ?? (fromRequest?.body ? await fromRequest.arrayBuffer() : undefined);
  if (raw !== undefined && raw !== null) {
    if (typeof raw === 'string') body = Buffer.from(raw, 'utf8');
    else if (raw instanceof URLSearchParams) {
      body = Buffer.from(raw.toString(), 'utf8');
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    } else if (raw instanceof ArrayBuffer) body = Buffer.from(raw);
    else if (ArrayBuffer.isView(raw)) body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    else body = Buffer.from(await new Response(raw).arrayBuffer());
  }
  return { method, url, headers, body, signal: init?.signal ?? fromRequest?.signal ?? undefined };
}

/** A proxy's login page or error page arrives as HTML with status 200: say so instead of "not JSON" alone. */
function htmlHint(headers: Record<string, string>, text: string): string {
  const ct = (headers['content-type'] ?? '').toLowerCase();
  if (!ct.includes('html') && !/^\s*<(!doctype|html)/i.test(text)) return '';
  const title = /<title>([^<]{1,200})<\/title>/i.exec(text)?.[1]?.trim();
  return `: an HTML page${title ? ` "${title}"` : ''}, perhaps from a proxy, captive portal or login page — check the catalog URI and the proxy settings`;
}

/** The body as a Buffer without copying (a provider may have replaced it with any Uint8Array). */
function asBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function truncate(text: string): string {
  return text.length > PREVIEW_BYTES ? `${text.slice(0, PREVIEW_BYTES)}… (${text.length - PREVIEW_BYTES} more characters)` : text;
}

function describeContentType(headers: Record<string, string>): string {
  return headers['content-type'] ? `content-type ${headers['content-type'].split(';')[0]}` : 'no content-type';
}

/** "30 s", and "0.4 s" for the short timeouts tests and impatient users set. */
function seconds(ms: number): string {
  return `${ms < 10_000 ? Number((ms / 1000).toFixed(1)) : Math.round(ms / 1000)} s`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CatalogError('cancelled', 'cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CatalogError('cancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
