// What the connection commands run (add, edit, rename, duplicate, remove, test, sign out, re-authenticate), loaded on
// demand with the first one used; commands.ts registers them.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { applies, isSecret } from '../../core/auth/descriptors';
import type { ConnectionConfig, ConnectionSecrets } from '../../core/connection';
import { CatalogError, errorMessage, isCatalogError } from '../../core/errors';
import { explainConnectFailure } from '../errorView';
import type { CatalogClient } from '../../core/client';
import type { StoredConnection } from '../services';
import type { ConnectionArg, ConnectionCommandsDeps, TestResult } from './commands';
import { MultiStepInput } from './multiStepInput';
import { connectionId } from './connectionId';
import { ConnectionRemovedError } from './records';
import { ConnectionWizard } from './wizard';
import { buildConnection, emptyState, stateFor, type WizardState } from './wizardPlan';

const FIX = 'Fix a Step…';
const SAVE_ANYWAY = 'Save Anyway';
const SHOW_REQUEST = 'Show Request';
const CANCEL = 'Cancel';
const OPEN_SETTINGS = 'Open Settings';

export class ConnectionCommands {
  constructor(private readonly deps: ConnectionCommandsDeps) {}

  async add(): Promise<StoredConnection | undefined> {
    return this.runWizard(emptyState(), 'Add');
  }

  /** The wizard on a connection made elsewhere (an import): reviewed, tested and saved as a new one. */
  async review(state: WizardState): Promise<StoredConnection | undefined> {
    return this.runWizard(state, 'Add');
  }

  /**
   * Edit one thing: a form of the connection's fields with their values; the one picked is asked (with whatever
   * the change brings in, e.g. a new provider's settings), then the connection is tested and saved.
   */
  async edit(arg: ConnectionArg): Promise<StoredConnection | undefined> {
    const c = await this.resolve(arg, 'Edit which connection?', true);
    if (!c || !(await this.ensureEditable(c, 'edited'))) return undefined;
    const stored = await this.deps.connections.secrets(c.id);
    const state = stateFor(c, Object.keys(stored));
    const wizard = new ConnectionWizard(this.deps, state, 'Edit');
    let changed = false;
    for (;;) {
      const rows = wizard.formRows();
      type Item = vscode.QuickPickItem & { key: string };
      const items: Item[] = rows.map((r) => ({ label: r.label, description: r.value, ...(r.detail ? { detail: r.detail } : {}), key: r.key }));
      if (changed) items.unshift({ label: '$(check) Test and Save', description: 'the changes so far', key: '#save' });
      const picked = await vscode.window.showQuickPick(items, {
        title: `Edit "${c.name}"`,
        placeHolder: 'Pick what to change; the connection is tested before it is saved',
        matchOnDescription: true,
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      if (picked.key !== '#save') {
        // Escape inside the field: back to the form, the connection as it was before this field.
        if (!(await MultiStepInput.run(wizard.editOne(picked.key)))) continue;
        changed = true;
      }
      const outcome = await this.testAndSave(state, wizard, stored, 'Edit Another Field…');
      if (outcome !== 'fix') return outcome;
    }
  }

  async rename(arg: ConnectionArg): Promise<StoredConnection | undefined> {
    const c = await this.resolve(arg, 'Rename which connection?', true);
    if (!c || !(await this.ensureEditable(c, 'renamed'))) return undefined;
    const taken = new Set(
      this.deps.connections
        .list()
        .filter((x) => x.id !== c.id)
        .map((x) => x.name.toLowerCase()),
    );
    const name = await vscode.window.showInputBox({
      title: `Rename "${c.name}"`,
      value: c.name,
      prompt: 'The new name, as shown in the Catalogs view',
      validateInput: (v) =>
        !v.trim() ? 'Enter a name.' : taken.has(v.trim().toLowerCase()) ? `A connection named "${v.trim()}" exists already; choose another name.` : undefined,
    });
    if (name === undefined || name.trim() === c.name) return undefined;
    // Only the name is written: the secrets stay where they are, and whatever else another window changed stays too.
    return this.orRemoved(c, () => this.deps.connections.rename(c.id, name.trim()));
  }

  async duplicate(arg: ConnectionArg): Promise<StoredConnection | undefined> {
    const c = await this.resolve(arg, 'Duplicate which connection?');
    if (!c) return undefined;
    const names = new Set(this.deps.connections.list().map((x) => x.name.toLowerCase()));
    let name = `${c.name} (copy)`;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${c.name} (copy ${n})`;
    const { source: _s, ...config } = c;
    const secrets = await this.deps.connections.secrets(c.id);
    const copy = await this.deps.connections.save({ ...config, id: this.newId(name), name }, secrets);
    const copied = Object.keys(secrets).length > 0 ? ' (secrets copied)' : '';
    void vscode.window.showInformationMessage(`Duplicated "${c.name}" as "${copy.name}"${copied}.`);
    return copy;
  }

  async remove(arg: ConnectionArg): Promise<boolean> {
    const c = await this.resolve(arg, 'Remove which connection?', true);
    if (!c || !(await this.ensureEditable(c, 'removed'))) return false;
    const answer = await vscode.window.showWarningMessage(
      `Remove the connection "${c.name}"?`,
      { modal: true, detail: `${c.uri}\nIts secrets are deleted from the secret store. The catalog itself is not changed.` },
      'Remove',
    );
    if (answer !== 'Remove') return false;
    this.deps.catalogs.forget(c.id);
    await this.deps.connections.remove(c.id);
    return true;
  }

  async test(arg: ConnectionArg): Promise<TestResult | undefined> {
    const c = await this.resolve(arg, 'Test which connection?');
    if (!c) return undefined;
    let prepared;
    try {
      // The same checks as opening it from the tree: a workspace's connection asks before it sends anything.
      prepared = await this.deps.catalogs.prepare(c.id);
    } catch (e) {
      const error = isCatalogError(e) ? e : new CatalogError('config', e instanceof Error ? e.message : String(e));
      void this.offerFixes(c, error);
      return { ok: false, error };
    }
    if (!prepared) return undefined;
    const result = await this.testWithProgress(prepared.connection, prepared.secrets);
    if (!result) return undefined;
    // The tree shows whatever the test found out: a fresh client next time.
    this.deps.catalogs.forget(c.id);
    this.deps.tree.refresh(c.id);
    if (result.ok) {
      void vscode.window.showInformationMessage(`"${c.name}" works: ${describeFound(result)}.`);
      return result;
    }
    // Not awaited: the test's outcome is known now; what the user does about it is a separate step.
    void this.offerFixes(c, result.error);
    return result;
  }

  private async offerFixes(c: StoredConnection, error: CatalogError): Promise<void> {
    const choices = [
      ...(error.isAuthProblem ? ['Re-authenticate…'] : []),
      ...(c.source === 'user' ? ['Edit Connection…'] : []),
      ...(error.recordId ? [SHOW_REQUEST] : []),
    ];
    const choice = await vscode.window.showErrorMessage(`"${c.name}" failed the test: ${explainConnectFailure(error)}`, ...choices);
    if (choice === 'Re-authenticate…') await this.reauthenticate(c.id);
    else if (choice === 'Edit Connection…') await this.edit(c.id);
    else if (choice === SHOW_REQUEST) await this.deps.panels.showRequests({ recordId: error.recordId });
  }

  async signOut(arg: ConnectionArg): Promise<void> {
    const c = await this.resolve(arg, 'Sign out of which connection?');
    if (!c) return;
    this.deps.catalogs.signOut(c.id);
    this.deps.tree.refresh(c.id);
    void vscode.window.showInformationMessage(`Signed out of "${c.name}": cached tokens and credentials are forgotten; the next request resolves them again.`);
  }

  /** Re-enter the connection's secrets (password boxes), then reconnect from scratch. */
  async reauthenticate(arg: ConnectionArg): Promise<boolean> {
    const c = await this.resolve(arg, 'Re-authenticate which connection?');
    if (!c) return false;
    const provider = this.deps.runtime.registry.get(c.auth.type);
    const settings = c.auth.settings ?? {};
    const descriptors = this.deps.runtime.registry.descriptors(c.auth.type, settings) ?? [];
    const secretSettings = descriptors.filter((d) => isSecret(d) && applies(d, descriptors, settings));
    const stored = await this.deps.connections.secrets(c.id);
    const next: ConnectionSecrets = { ...stored };
    for (const [i, d] of secretSettings.entries()) {
      const has = !!stored[d.key];
      const value = await vscode.window.showInputBox({
        title: `Re-authenticate "${c.name}" (${i + 1}/${secretSettings.length})`,
        prompt: `${d.label}${has ? ': leave empty to keep the stored value' : d.required ? '' : ' (optional)'} — kept in the OS secret store`,
        placeHolder: has ? 'unchanged' : d.placeholder,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (!v && d.required && !has ? `${d.label} is required.` : undefined),
      });
      if (value === undefined) return false;
      if (value) next[d.key] = value;
    }
    if (secretSettings.length > 0 && !(await this.orRemoved(c, () => this.deps.connections.setSecrets(c.id, next).then(() => true)))) return false;
    // Sign out too: cached tokens were made from the old secrets (or, without secrets, from an expired login).
    this.deps.catalogs.signOut(c.id);
    this.deps.catalogs.forget(c.id);
    this.deps.tree.refresh(c.id);
    if (secretSettings.length === 0) {
      void vscode.window.showInformationMessage(
        `"${c.name}" has no secrets to enter (${provider?.displayName ?? c.auth.type}); its cached credentials are forgotten and resolved again on the next request.`,
      );
    }
    return true;
  }

  /** Walks the wizard, tests the result, and saves it; loops back into the wizard on "Fix a Step…". */
  private async runWizard(state: WizardState, verb: 'Add' | 'Edit'): Promise<StoredConnection | undefined> {
    const wizard = new ConnectionWizard(this.deps, state, verb);
    const stored = state.id ? await this.deps.connections.secrets(state.id) : {};
    let start = wizard.presetStep;
    let history: (typeof start)[] = [];
    for (;;) {
      if (!(await MultiStepInput.run(start, history))) return undefined;
      const outcome = await this.testAndSave(state, wizard, stored, FIX);
      if (outcome !== 'fix') return outcome;
      const steps = wizard.allSteps();
      const picked = await vscode.window.showQuickPick(
        steps.map((s, i) => ({ label: s.label, description: s.detail, index: i })),
        { title: 'Fix which step?', placeHolder: 'The answers are kept; the wizard continues from the step you pick' },
      );
      if (!picked) return undefined;
      start = steps[picked.index]!.step;
      history = steps.slice(0, picked.index).map((s) => s.step);
    }
  }

  /**
   * Tests the connection the answers describe and saves it if it works; when it does not, offers `fix` (back to the
   * answers, which says 'fix'), Save Anyway, Show Request and Cancel.
   */
  private async testAndSave(
    state: WizardState,
    wizard: ConnectionWizard,
    stored: ConnectionSecrets,
    fix: string,
  ): Promise<StoredConnection | 'fix' | undefined> {
    const id = state.id ?? this.newId(state.name);
    const { config, secrets } = buildConnection(state, wizard.descriptors(), id, stored);
    const result = await this.testWithProgress(config, secrets);
    if (result?.ok) {
      const saved = await this.save(config, secrets);
      if (!saved) return undefined;
      const where = state.id ? 'Saved' : 'It is in the Catalogs view';
      void vscode.window.showInformationMessage(`Connected to "${saved.name}": ${describeFound(result)}. ${where}.`);
      return saved;
    }
    const problem = result ? `could not connect: ${explainConnectFailure(result.error)}` : 'the test was cancelled.';
    let choice: string | undefined;
    for (;;) {
      const choices = [fix, SAVE_ANYWAY, ...(result?.error.recordId ? [SHOW_REQUEST] : []), CANCEL];
      choice = await vscode.window.showErrorMessage(`"${state.name}": ${problem}`, ...choices);
      if (choice !== SHOW_REQUEST) break;
      await this.deps.panels.showRequests({ recordId: result!.error.recordId });
    }
    if (choice === SAVE_ANYWAY) return this.save(config, secrets);
    return choice === fix ? 'fix' : undefined;
  }

  private async save(config: ConnectionConfig, secrets: ConnectionSecrets): Promise<StoredConnection | undefined> {
    // The store's change event tells every window (this one too) what to reload.
    const saved = await this.orRemoved(config, () => this.deps.connections.save(config, secrets));
    // An edited connection must not keep a client opened with its old settings, even if only its secrets changed.
    if (saved) this.deps.catalogs.forget(saved.id);
    // Keyboard and screen-reader users land on what they made, not on the page body.
    if (saved) await this.deps.tree.revealConnection(saved.id).catch((e: unknown) => this.deps.output.warn(`could not reveal the connection: ${String(e)}`));
    return saved;
  }

  /** Runs a write; if the connection was removed meanwhile (in another window, say), says so instead of failing. */
  private async orRemoved<T>(c: { id: string; name: string }, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof ConnectionRemovedError)) throw e;
      void vscode.window.showWarningMessage(`"${c.name}" was removed (in another window?), so the change was not saved.`);
      return undefined;
    }
  }

  /**
   * Opens a throwaway client, resolves credentials and lists one root namespace. undefined when the user cancelled.
   */
  async testWithProgress(config: ConnectionConfig, secrets: ConnectionSecrets): Promise<TestResult | undefined> {
    const s = this.deps.settings();
    const connection = { ...config, requestTimeoutMs: config.requestTimeoutMs ?? s.requestTimeoutSeconds * 1000 };
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing "${config.name}"`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let client: CatalogClient | undefined;
        try {
          progress.report({ message: 'resolving credentials…' });
          client = this.deps.runtime.open(connection, secrets);
          await client.initialize({ signal: abort.signal });
          progress.report({ message: 'listing namespaces…' });
          const page = await client.listNamespaces([], { limit: 1 }, { signal: abort.signal });
          return { ok: true as const, namespaces: page.items.length, more: !!page.nextPageToken };
        } catch (e) {
          if (token.isCancellationRequested) return undefined;
          const error = isCatalogError(e) ? e : new CatalogError('config', errorMessage(e));
          this.deps.output.warn(`test of "${config.name}" failed: ${error.kind}: ${error.message}`);
          return { ok: false as const, error };
        } finally {
          sub.dispose();
          client?.dispose();
        }
      },
    );
  }

  /** The connection a command is about: from a tree node, an id, or a pick (palette). */
  async resolve(arg: ConnectionArg, placeHolder: string, userFirst = false): Promise<StoredConnection | undefined> {
    const id = typeof arg === 'string' ? arg : arg && typeof arg.connectionId === 'string' ? arg.connectionId : undefined;
    if (id !== undefined) {
      const c = this.deps.connections.get(id);
      if (!c) void vscode.window.showErrorMessage(`The connection "${id}" no longer exists; refresh the Catalogs view.`);
      return c;
    }
    const all = this.deps.connections.list();
    if (all.length === 0) {
      const add = await vscode.window.showInformationMessage('There are no connections yet.', 'Add Connection…');
      if (add) await this.add();
      return undefined;
    }
    const sorted = userFirst ? [...all].sort((a, b) => Number(a.source !== 'user') - Number(b.source !== 'user')) : all;
    const picked = await vscode.window.showQuickPick(
      sorted.map((c) => ({
        label: c.name,
        description: c.uri,
        detail: c.source === 'settings' ? 'from the setting namespaceBrowser.connections' : undefined,
        c,
      })),
      { placeHolder, matchOnDescription: true },
    );
    return picked?.c;
  }

  /** Team connections live in settings: changing them here would be overwritten, so point there instead. */
  private async ensureEditable(c: StoredConnection, verb: string): Promise<boolean> {
    if (c.source === 'user') return true;
    const choice = await vscode.window.showInformationMessage(
      `"${c.name}" comes from the setting namespaceBrowser.connections and is ${verb} there. You can duplicate it into a connection of your own.`,
      OPEN_SETTINGS,
      'Duplicate',
    );
    if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'namespaceBrowser.connections');
    else if (choice === 'Duplicate') await this.duplicate(c.id);
    return false;
  }

  private newId(name: string): string {
    return connectionId(name, this.deps.connections.takenIds(), () => randomBytes(4).toString('hex'));
  }
}

function describeFound(r: { namespaces: number; more: boolean }): string {
  if (r.namespaces === 0) return 'the catalog answered (no namespaces at the root yet)';
  return r.more ? 'the catalog answered and lists namespaces' : 'the catalog answered and lists a namespace';
}
