// How a failure is shown in the editor: the one mapping from a thrown value (usually a CatalogError) to what a tree
// row, a panel section and a notification say and offer. No `vscode` import: unit-tested under plain Node.
import { type CatalogErrorKind, errorMessage, isCatalogError, type Remedy } from '../core/errors';
import { ConnectionBlocked, type BlockReason } from './connections/blocked';
import type { RowIcon } from './tree/rows';

/** A failure as the editor keeps it (a tree row, a panel section): plain data, kept only until the next attempt. */
export interface ErrorInfo {
  kind: CatalogErrorKind | 'unknown';
  message: string;
  status?: number;
  /** The request record that shows the failed exchange (the inspector opens it). */
  recordId?: string;
  /** What the refusal is and what to do, when the auth provider could tell (a SigV4 403: wrong secret, clock skew, ...). */
  remedy?: Remedy;
  /** Set when the connection was not opened at all (see BlockReason), with what the reason is about. */
  blocked?: { reason: BlockReason; subject?: string };
}

/** Anything thrown, as the editor shows it; a CatalogError keeps its kind, status and request record. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof ConnectionBlocked) return { kind: e.kind, message: e.message, blocked: { reason: e.reason, subject: e.subject } };
  if (isCatalogError(e)) return { kind: e.kind, message: e.message, status: e.status, recordId: e.recordId, ...(e.remedy ? { remedy: e.remedy } : {}) };
  return { kind: 'unknown', message: errorMessage(e) };
}

/** What an error row says and offers, by error kind. */
export interface ErrorPresentation {
  label: string;
  icon: RowIcon;
  /** Offers Re-authenticate. */
  auth: boolean;
  /** Offers Retry (reloads the parent). */
  retry: boolean;
  /** What a click does: a command of this extension (`namespaceBrowser.<click>`). */
  click: 'showRequest' | 'reauthenticate' | 'retry' | 'openConnectionSettings' | 'manageWorkspaceTrust' | 'allowWorkspaceConnection';
}

/** The row that stands where a listing failed; `host` is the catalog's host, for "Cannot reach". */
export function presentError(error: ErrorInfo, host: string): ErrorPresentation {
  const hasRecord = error.recordId !== undefined;
  const seeRequest = hasRecord ? 'showRequest' : 'retry';
  const red = { id: 'error', color: 'list.errorForeground' };
  const amber = { id: 'warning', color: 'list.warningForeground' };
  const shield = { id: 'workspace-untrusted', color: 'list.warningForeground' };
  switch (error.blocked?.reason) {
    case 'invalid':
      return { label: 'Cannot be used as written in settings', icon: red, auth: false, retry: true, click: 'openConnectionSettings' };
    case 'restricted':
      return { label: 'Restricted Mode: trust this workspace to use it', icon: shield, auth: false, retry: false, click: 'manageWorkspaceTrust' };
    case 'not-allowed':
      return { label: 'Not allowed to use your credentials — Allow…', icon: shield, auth: false, retry: false, click: 'allowWorkspaceConnection' };
    case 'provider-missing':
      return {
        label: `Waiting for the auth provider "${error.blocked.subject ?? '?'}"`,
        icon: { id: 'plug', color: 'list.warningForeground' },
        auth: false,
        retry: true,
        click: 'retry',
      };
  }
  if (error.remedy && (error.kind === 'forbidden' || error.kind === 'unauthenticated')) {
    // The provider said what this refusal is: the row names it and its action, e.g. "Wrong secret access key (403) — Re-enter the secret access key".
    const { headline, action, credentials } = error.remedy;
    return {
      label: `${headline} (${error.status ?? 403}) — ${action}`,
      icon: red,
      auth: true,
      retry: true,
      click: credentials ? 'reauthenticate' : seeRequest,
    };
  }
  switch (error.kind) {
    case 'forbidden':
      return { label: `Access denied (${error.status ?? 403}), see request`, icon: red, auth: true, retry: true, click: seeRequest };
    case 'unauthenticated':
      return { label: 'Not signed in or credentials expired', icon: red, auth: true, retry: true, click: 'reauthenticate' };
    case 'network':
    case 'timeout':
    case 'unavailable':
      // TLS failures say what to set, not "cannot reach": the server was reached, and refused or was not trusted.
      if (error.kind === 'network' && /TLS certificate/.test(error.message)) {
        return { label: `TLS: the certificate of ${host} is not trusted — see Network settings`, icon: red, auth: false, retry: true, click: 'retry' };
      }
      if (error.kind === 'network' && /client certificate \(mutual TLS\)|did not accept the client certificate/.test(error.message)) {
        return { label: `TLS: ${host} wants a client certificate — see Network settings`, icon: red, auth: false, retry: true, click: 'retry' };
      }
      return {
        label: `Cannot reach ${host}${error.kind === 'timeout' ? ' (timed out)' : error.status ? ` (${error.status})` : ''} — Retry`,
        icon: amber,
        auth: false,
        retry: true,
        click: 'retry',
      };
    case 'throttled':
      return { label: 'The server asked to slow down (429) — Retry', icon: amber, auth: false, retry: true, click: 'retry' };
    case 'protocol':
      return { label: 'Unexpected answer from the server, see request', icon: red, auth: false, retry: true, click: seeRequest };
    case 'not-found':
      return { label: 'Not found (404): it may have been dropped — Refresh', icon: amber, auth: false, retry: true, click: seeRequest };
    case 'config':
      // e.g. the connection's secrets were not entered: entering them is what Re-authenticate does.
      return { label: 'The connection is not ready', icon: amber, auth: true, retry: true, click: 'retry' };
    default:
      return { label: hasRecord ? 'Request failed, see request' : 'Request failed', icon: red, auth: false, retry: true, click: seeRequest };
  }
}

/** What to check when connecting to a catalog failed, by kind (a 404 here means a wrong URI, not a dropped table). */
const CONNECT_HINTS: Partial<Record<ErrorInfo['kind'], string>> = {
  unauthenticated: 'Check the credentials in the authentication steps.',
  'not-found': 'Check the URI (and the warehouse): the server has no catalog there.',
  network: 'Check the URI and that the server is reachable from this machine (proxy, VPN).',
  timeout: 'The server did not answer in time; check the URI or raise namespaceBrowser.requestTimeoutSeconds.',
  unavailable: 'The server is unavailable; try again later.',
  throttled: 'The server is throttling requests; try again shortly.',
  protocol: 'The server did not answer like this kind of catalog; check the catalog type and URI.',
};

/** A failed connection test in words, with what to do next (the notification after Test Connection or the wizard). */
export function explainConnectFailure(e: Pick<ErrorInfo, 'kind' | 'message' | 'remedy'>): string {
  const message = e.message.replace(/\.$/, '');
  // A refusal the provider classified says its own action in its message; an unclassified 403 is told in the
  // server's words only (no guess at a policy problem). A TLS failure names its own fix too ("… → Network → CA bundle").
  const hint = e.remedy || /Network →/.test(message) ? undefined : CONNECT_HINTS[e.kind];
  return hint ? `${message}. ${hint}` : `${message}.`;
}
