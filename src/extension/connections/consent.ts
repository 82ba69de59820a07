// A connection from the workspace's settings (a cloned repository's .vscode/settings.json) that would send the
// user's own credentials somewhere asks first: once per (connection, host, what it sends), remembered for this
// workspace. What it would send: credentials from this machine (the AWS default chain, a profile, Google ADC...)
// or secrets already stored under its id (typed earlier, perhaps for another workspace's connection of that id).
import * as vscode from 'vscode';
import { credentialUse } from '../../core/credentialUse';
import type { AuthProviderRegistry } from '../../core/auth/registry';
import type { StoredConnection } from '../services';
import { ConnectionBlocked } from './blocked';

/** workspaceState key of the answers. */
const STATE_KEY = 'namespaceBrowser.workspaceConsent';

type Answer = 'allowed' | 'declined';

/** One thing a workspace connection would send to one origin. */
export interface ConsentItem {
  origin: string;
  /** `ambient:<words>` for credentials from this machine, `stored-secrets` for secrets stored under its id. */
  kind: string;
  /** Words that complete "will send … to". */
  what: string;
}

/** The permissions the user gave this workspace's connections. */
export interface ConsentApi {
  /**
   * Resolves when the connection may open: it is not a workspace's, or the user allowed what it would send (asked
   * now when not asked before). Throws ConnectionBlocked('not-allowed') otherwise.
   */
  check(connection: StoredConnection, hasStoredSecrets: boolean): Promise<void>;
  /** The user typed secrets for it in a prompt that named its hosts: those may be sent there. */
  allowTyped(connection: StoredConnection): Promise<void>;
  /** What it would send where, with the answers so far. */
  items(connection: StoredConnection, hasStoredSecrets: boolean): (ConsentItem & { answer?: Answer })[];
  /** Record one answer for all of its items (undefined: forget, ask next time). */
  set(connection: StoredConnection, hasStoredSecrets: boolean, answer: Answer | undefined): Promise<void>;
}

export class WorkspaceConsent implements ConsentApi {
  /** Prompts one at a time; a second check of the same connection sees the first one's answer. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: vscode.Memento,
    private readonly registry: AuthProviderRegistry,
    private readonly log: (message: string) => void,
  ) {}

  items(c: StoredConnection, hasStoredSecrets: boolean): (ConsentItem & { answer?: Answer })[] {
    if (c.source !== 'settings' || c.scope !== 'workspace') return [];
    const use = credentialUse(c, this.registry);
    const kinds: { kind: string; what: string }[] = [];
    if (use.ambient) kinds.push({ kind: `ambient:${use.ambient}`, what: use.ambient });
    if (hasStoredSecrets)
      kinds.push({ kind: 'stored-secrets', what: `the secrets stored for the connection id "${c.id}" (entered earlier, maybe for another workspace)` });
    const answers = this.answers();
    return use.origins.flatMap((origin) => kinds.map((k) => ({ origin, ...k, answer: answers[key(c, origin, k.kind)] })));
  }

  check(c: StoredConnection, hasStoredSecrets: boolean): Promise<void> {
    const run = this.queue.then(() => this.decide(c, hasStoredSecrets));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async decide(c: StoredConnection, hasStoredSecrets: boolean): Promise<void> {
    const items = this.items(c, hasStoredSecrets);
    const declined = items.filter((i) => i.answer === 'declined');
    if (declined.length) throw notAllowed(c, declined, 'You declined');
    const open = items.filter((i) => i.answer === undefined);
    if (open.length === 0) return;
    const allow = 'Allow';
    const decline = 'Decline';
    const choice = await vscode.window.showWarningMessage(
      `This workspace's connection "${c.name}" will send ${describe(open)}. Allow?`,
      {
        modal: true,
        detail:
          'It comes from this workspace\'s settings, not from yours: a repository can name any host there. Allow only if you trust that host. The answer is remembered for this workspace; change it with "Namespace Browser: Manage Workspace Connection Permissions".',
      },
      allow,
      decline,
    );
    if (choice === allow || choice === decline) {
      await this.record(c, open, choice === allow ? 'allowed' : 'declined');
      this.log(`workspace connection "${c.name}": ${choice === allow ? 'allowed' : 'declined'} to send ${describe(open)}`);
    }
    if (choice !== allow) throw notAllowed(c, open, choice === decline ? 'You declined' : 'You did not answer whether');
  }

  async allowTyped(c: StoredConnection): Promise<void> {
    const typed = this.items(c, true).filter((i) => i.kind === 'stored-secrets');
    await this.record(c, typed, 'allowed');
  }

  async set(c: StoredConnection, hasStoredSecrets: boolean, answer: Answer | undefined): Promise<void> {
    await this.record(c, this.items(c, hasStoredSecrets), answer);
  }

  private answers(): Record<string, Answer> {
    const value = this.state.get<unknown>(STATE_KEY);
    return value && typeof value === 'object' ? (value as Record<string, Answer>) : {};
  }

  private async record(c: StoredConnection, items: readonly ConsentItem[], answer: Answer | undefined): Promise<void> {
    const answers = { ...this.answers() };
    for (const i of items) {
      if (answer) answers[key(c, i.origin, i.kind)] = answer;
      else delete answers[key(c, i.origin, i.kind)];
    }
    await this.state.update(STATE_KEY, answers);
  }
}

function key(c: StoredConnection, origin: string, kind: string): string {
  return JSON.stringify([c.id, origin, kind]);
}

/** "your AWS credentials (default chain) to https://a and https://b" */
function describe(items: readonly ConsentItem[]): string {
  const whats = [...new Set(items.map((i) => i.what))];
  const origins = [...new Set(items.map((i) => i.origin))];
  return `${whats.join(' and ')} to ${origins.join(' and ')}`;
}

function notAllowed(c: StoredConnection, items: readonly ConsentItem[], how: string): ConnectionBlocked {
  return new ConnectionBlocked(
    'not-allowed',
    `${how} to let this workspace's connection "${c.name}" send ${describe(items)}. To allow it, click this row or run "Namespace Browser: Manage Workspace Connection Permissions".`,
  );
}
