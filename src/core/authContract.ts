// The contract between the transport and an auth session, on the ground floor: the transport, the request records
// and every provider import it; it imports nothing of theirs. Published to other extensions as part of the API.
import type { CatalogErrorKind, Remedy } from './errors';
import type { AlignedLine } from './lineDiff';

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

/** What a provider did to a request, for the request inspector and `nsb --explain`. Never holds a secret. */
export interface AuthExplanation {
  /** Provider name, e.g. `sigv4`. */
  provider: string;
  /** One line, e.g. "SigV4 signed for execute-api in us-east-1 with AKIA…WXYZ (profile dev)". */
  summary: string;
  /** Ordered display fields (label → value), already redacted. */
  fields?: { label: string; value: string }[];
  /** Long texts shown verbatim, e.g. `Canonical request`, `String to sign`; `note` says what is not as sent (redacted). */
  blocks?: { label: string; text: string; note?: string }[];
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
