/**
 * The API of the Namespace Browser extension (`namespace-browser.namespace-browser`) for other extensions: add an
 * auth provider that connections can select by name.
 *
 * ```ts
 * const api = await vscode.extensions.getExtension<NamespaceBrowserApi>('namespace-browser.namespace-browser')?.activate();
 * if (api?.apiVersion === 1) context.subscriptions.push(api.registerAuthProvider(myProvider));
 * ```
 *
 * Compatibility policy. `apiVersion` names the contract in this file. A release only ever adds to version 1: new
 * optional members of what a provider gives (as `ambientCredentials` was added), new members of what the extension
 * gives (`AuthContext`, `OutgoingRequest`, `AuthExplanation` fields), new setting kinds. A provider written against
 * version 1 therefore works with every release whose `apiVersion` is 1. Removing or changing the meaning of anything
 * here is a new `apiVersion`, announced in the changelog with how to migrate; check the number before registering.
 *
 * What the API does not give, by design: connections, their settings or secrets, the request log, or any internal
 * object. A provider sees only the settings and secrets of the connections that select it, when they open.
 */

/** Something to dispose, e.g. to unregister a provider (push it to `context.subscriptions`). */
export interface Disposable {
  dispose(): void;
}

/** What `activate()` of Namespace Browser returns. */
export interface NamespaceBrowserApi {
  /** The version of this contract; see the compatibility policy above. */
  readonly apiVersion: 1;
  /**
   * Add an auth provider; connections can then select it by name as `auth.type`, and the Add Connection wizard
   * offers it with steps built from its `settings`. Connections that already name it reload. Throws an Error naming
   * the problem when the name is taken or invalid, or a setting descriptor cannot be honoured.
   */
  registerAuthProvider(provider: AuthProvider): Disposable;
}

/** An auth provider: described by its settings, creating one session per connection. */
export interface AuthProvider {
  /** Registry name, the value of `auth.type`, e.g. `vault-token` (letters, digits, `.`, `_`, `-`). */
  readonly name: string;
  readonly displayName: string;
  readonly description?: string;
  /** The provider's settings; the wizard and the CLI are generated from them. */
  readonly settings: readonly AuthSettingDescriptor[];
  /** Create a session. `settings` holds non-secret and secret values by key (strings). */
  create(settings: Readonly<Record<string, string | undefined>>, context: AuthContext): AuthSession;
  /**
   * What a session with these (non-secret) settings would take from the user's machine rather than from the
   * connection itself, as words that complete "will send … to https://host", e.g. "your AWS credentials (default
   * chain)"; undefined when it uses only the connection's own settings and secrets. A connection from a
   * workspace's settings that would use such credentials asks the user first. A provider without this method is
   * taken to use ambient credentials.
   */
  ambientCredentials?(settings: Readonly<Record<string, string | undefined>>): string | undefined;
}

/**
 * One setting of an auth provider, described so that the add-connection UI and the CLI can be generated from it.
 * A setting is secret when `kind` is `secret` or `secret` is true (the registry normalises both to `secret: true`).
 */
export interface AuthSettingDescriptor {
  /** Key in the connection's `auth` settings, e.g. `region`, `secretAccessKey`. */
  key: string;
  label: string;
  /** `string` free text; `secret` like string but kept in SecretStorage and shown in a password box;
   *  `enum` one of `options`; `boolean` "true"/"false"; `number`; `file` a path; `json` a JSON value (e.g. headers map). */
  kind: 'string' | 'secret' | 'enum' | 'boolean' | 'number' | 'file' | 'json';
  required?: boolean;
  default?: string;
  /** True for values that must never leave SecretStorage (or the environment for the CLI), whatever the kind. */
  secret?: boolean;
  description?: string;
  placeholder?: string;
  options?: SettingOption[];
  /**
   * Values this machine offers for the setting, looked up when the Add Connection wizard asks it (the built-in
   * sigv4 provider lists the profiles of the user's AWS config files). The wizard lists them after `options` with a
   * way to type another value; a failure, an answer slower than 5 s or an empty list leaves the user typing.
   * Optional, added in a release of version 1: older releases ignore it.
   */
  choices?(context: SettingChoicesContext): readonly SettingOption[] | Promise<readonly SettingOption[]>;
  /** Only relevant when another setting has one of these values (e.g. `accessKeyId` when `credentials` = `static`). */
  when?: { key: string; equals: string[] };
  /** Environment variable the CLI reads this setting from when not given (e.g. `AWS_SECRET_ACCESS_KEY`). */
  env?: string;
}

/** One value a setting may take, as a pick offers it. */
export interface SettingOption {
  value: string;
  label: string;
  description?: string;
}

/** What `choices` of a setting descriptor is told. */
export interface SettingChoicesContext {
  /** The environment of the extension host, e.g. to honour AWS_CONFIG_FILE. */
  env: Readonly<Record<string, string | undefined>>;
  /** The provider's non-secret settings answered so far, by key; secrets are never handed over. */
  settings: Readonly<Record<string, string | undefined>>;
}

/** What the transport gives a provider session: where the catalog is, and how to make side requests (token endpoints). */
export interface AuthContext {
  /** The catalog's base URI (relative token URLs resolve against it). */
  catalogUri: URL;
  /** The connection id, for caches and records. */
  connectionId: string;
  /** Environment to read (the CLI passes process.env; tests pass their own). */
  env: Record<string, string | undefined>;
  /** Fetch used for side requests (token endpoints, STS) so they share the connection's proxy/CA/timeouts. */
  fetch?: typeof globalThis.fetch;
  /** Logging without secrets: the editor's log, or the CLI's stderr for warnings. */
  log?: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /**
   * Declare a value secret that the session obtained itself (a session token from a profile, a fetched access
   * token): from then on it is scrubbed from every record, message and log of the connection, also where a server
   * echoes it back (a SigV4 403 quoting the canonical request). Optional, added in a release of version 1.
   */
  secret?: (value: string) => void;
}

/** A provider's live state for one connection: resolved credentials, cached tokens. */
export interface AuthSession {
  /** Resolve credentials once, at connect time; throw a CatalogError('config' | 'unauthenticated') with a clear message. */
  initialize(signal?: AbortSignal): Promise<void>;
  /** Add to or change the outgoing request right before it is sent (and again on every retry). */
  authenticate(request: OutgoingRequest, signal?: AbortSignal): Promise<AuthExplanation | undefined>;
  /** After a 401/419: refresh credentials. Return true if the transport should retry once. */
  refresh?(signal?: AbortSignal): Promise<boolean>;
  /**
   * A 4xx refusal of a request this session authenticated (`ours`: what `authenticate` returned for it, the same
   * object): explain it in the provider's terms (a SigV4 signature mismatch), or undefined to keep the generic message.
   */
  explainRejection?(refused: RefusedRequest, ours: AuthExplanation | undefined): RejectionExplanation | undefined;
  /** Forget cached tokens/credentials (Sign Out). */
  signOut?(): void;
  /** Release resources. */
  dispose?(): void;
  /** Whether this session sets the Authorization header (a static Authorization header would then be an error). */
  readonly setsAuthorization: boolean;
}

/**
 * The whole outgoing request as the transport is about to send it. Auth providers see and may change it
 * (add or replace headers). `url` is the exact URL that goes on the wire: its `pathname` and `search` are
 * already percent-encoded the way they will be sent, so a signer must sign exactly these bytes.
 */
export interface OutgoingRequest {
  method: string;
  url: URL;
  /** Header names are lower-case. */
  headers: Record<string, string>;
  /** Buffered body bytes (never a stream), or undefined for no body. */
  body?: Uint8Array;
}

/**
 * What a provider did to a request, for the request inspector and `nsb --explain`. Never put a secret here: the
 * extension scrubs the connection's own secrets from it, but cannot know every value you consider secret.
 */
export interface AuthExplanation {
  /** Provider name, e.g. `sigv4`. */
  provider: string;
  /** One line, e.g. "SigV4 signed for execute-api in us-east-1 with AKIA…WXYZ (profile dev)". */
  summary: string;
  /** Ordered display fields (label → value), already redacted. */
  fields?: { label: string; value: string }[];
  /** Long texts shown verbatim, e.g. `Canonical request`, `String to sign`; `note` says what is not as sent (redacted). */
  blocks?: { label: string; text: string; note?: string }[];
  /**
   * @deprecated Ignored: a session compares what it sent with what the server expected in `explainRejection`
   * (`RejectionExplanation.comparisons`). Kept so that a provider written against the first release still compiles.
   */
  sigv4?: {
    canonicalRequest: string;
    stringToSign: string;
    signedHeaders: string[];
    credentialScope: string;
    region: string;
    service: string;
    accessKeyId: string; // masked
    credentialSource: string;
    amzDate: string;
  };
}

/** A refusal of a request the session authenticated, as the server sent it. */
export interface RefusedRequest {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The response body as text (whole, not a preview). */
  body: string;
}

/** Two texts to show side by side, aligned line by line: what we sent and what the server says it expected. */
export interface ComparedTexts {
  /** E.g. `Canonical request`. */
  label: string;
  /** Ours, redacted as shown in the inspector. */
  ours: string;
  /** The server's, redacted the same way. */
  theirs: string;
  /** The alignment, when made on the unredacted texts (the honest one), with the lines redacted as above. */
  rows?: AlignedLine[];
  /** What the reader should know, e.g. that secret values are redacted and the SHA-256 of the real texts. */
  note?: string;
}

/**
 * One row of two texts aligned line by line. `equal`: the same line on both sides; `changed`: a line of ours where
 * the server has another one; `ours-only` / `theirs-only`: a line the other side does not have. Line numbers are 1-based.
 */
export interface AlignedLine {
  kind: 'equal' | 'changed' | 'ours-only' | 'theirs-only';
  ours?: string;
  theirs?: string;
  oursLine?: number;
  theirsLine?: number;
}

/** What a refusal is and what the user can do, e.g. "Wrong secret access key" / "Re-enter the secret access key". */
export interface Remedy {
  headline: string;
  action: string;
  /** Whether re-entering or refreshing the credentials is the fix (the editor offers Re-authenticate first). */
  credentials: boolean;
}

/** The kinds of failure the extension tells apart; each maps to an action the user can take. */
export type CatalogErrorKind =
  | 'not-found'
  | 'unauthenticated'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'protocol'
  | 'config'
  | 'conflict'
  | 'invalid-input'
  | 'cancelled';

/** What a session makes of a refusal: a message in its own terms, and what to compare. */
export interface RejectionExplanation {
  /** Replaces the generic message, e.g. "signature does not match — compare the canonical request (line 2 differs: path)". */
  message: string;
  /** The error kind, when the status alone says something else (e.g. an expired token refused with 400). */
  kind?: CatalogErrorKind;
  /** What kind of refusal it is and what to do about it, for a tree row and a notification. */
  remedy?: Remedy;
  /** Shown in the inspector and by `nsb --explain`, each aligned line by line. */
  comparisons?: ComparedTexts[];
}
