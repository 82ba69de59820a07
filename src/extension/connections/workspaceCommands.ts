// Commands about connections shared in settings: allow or decline what a workspace's connection sends, manage
// workspace trust, open the settings that hold an entry.
import * as vscode from 'vscode';
import type { OpenCatalogsApi, ConnectionStoreApi, StoredConnection, TreeApi } from '../services';
import type { ConnectionArg } from './commands';
import type { ConsentApi } from './consent';

const ALLOW = 'Allow';
const DECLINE = 'Decline';
const ASK = 'Ask Again Next Time';

/** What these commands need from the rest of the extension. */
export interface WorkspaceCommandsDeps {
  readonly connections: Pick<ConnectionStoreApi, 'list' | 'get' | 'secrets'>;
  readonly consent: ConsentApi;
  readonly catalogs: Pick<OpenCatalogsApi, 'forget'>;
  readonly tree: TreeApi;
}

export function registerWorkspaceCommands(deps: WorkspaceCommandsDeps): vscode.Disposable[] {
  const { connections, consent, catalogs, tree } = deps;
  const hasSecrets = async (c: StoredConnection) => Object.keys(await connections.secrets(c.id)).length > 0;
  const reopen = (c: StoredConnection) => {
    catalogs.forget(c.id);
    tree.refresh(c.id);
  };
  const workspaceConnections = () => connections.list().filter((c) => c.scope === 'workspace' && !c.unusable);
  const byArg = (arg: ConnectionArg) => {
    const id = typeof arg === 'string' ? arg : arg && typeof arg.connectionId === 'string' ? arg.connectionId : undefined;
    return id === undefined ? undefined : connections.get(id);
  };

  /** Forget the earlier answer and ask again (from the row that says it was declined). */
  const allow = async (arg: ConnectionArg) => {
    const c = byArg(arg) ?? (await pick(workspaceConnections(), 'Allow which workspace connection?'));
    if (!c) return;
    const stored = await hasSecrets(c);
    await consent.set(c, stored, undefined);
    try {
      await consent.check(c, stored);
    } catch {
      // Declined again: the row says so.
    }
    reopen(c);
  };

  const manage = async () => {
    const all = workspaceConnections();
    if (all.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.workspace.isTrusted
          ? "This workspace's settings hold no connections (namespaceBrowser.connections)."
          : "In Restricted Mode the connections in this workspace's settings are not used; trust the workspace first.",
      );
      return;
    }
    const items = await Promise.all(
      all.map(async (c) => {
        const parts = consent.items(c, await hasSecrets(c));
        const answers = new Set(parts.map((p) => p.answer ?? 'not asked yet'));
        const what = parts.length
          ? [...new Set(parts.map((p) => p.what))].join(' and ')
          : 'nothing of yours (no credentials from this machine, no stored secrets)';
        return {
          label: c.name,
          description: [...answers].join(', '),
          detail: `sends ${what} to ${[...new Set(parts.map((p) => p.origin))].join(', ') || c.uri}`,
          c,
          empty: parts.length === 0,
        };
      }),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Workspace connection permissions',
      placeHolder: "Connections from this workspace's settings, and what you allowed them to send",
      matchOnDetail: true,
    });
    if (!picked || picked.empty) return;
    const answer = await vscode.window.showQuickPick([ALLOW, DECLINE, ASK], {
      title: `"${picked.c.name}" ${picked.detail}`,
      placeHolder: 'Your answer for this workspace',
    });
    if (!answer) return;
    await consent.set(picked.c, await hasSecrets(picked.c), answer === ALLOW ? 'allowed' : answer === DECLINE ? 'declined' : undefined);
    reopen(picked.c);
  };

  const openSettings = async (arg: ConnectionArg) => {
    const c = byArg(arg);
    await vscode.commands.executeCommand(c?.scope === 'workspace' ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson');
  };

  return [
    vscode.commands.registerCommand('namespaceBrowser.allowWorkspaceConnection', allow),
    vscode.commands.registerCommand('namespaceBrowser.manageWorkspaceConnections', manage),
    vscode.commands.registerCommand('namespaceBrowser.manageWorkspaceTrust', () => vscode.commands.executeCommand('workbench.trust.manage')),
    vscode.commands.registerCommand('namespaceBrowser.openConnectionSettings', openSettings),
  ];
}

async function pick(all: StoredConnection[], placeHolder: string): Promise<StoredConnection | undefined> {
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({ label: c.name, description: c.uri, c })),
    { placeHolder },
  );
  return picked?.c;
}
