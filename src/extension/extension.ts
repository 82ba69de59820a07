import * as vscode from 'vscode';

/** What `activate` returns: the API other extensions and the in-host tests see. */
export interface NamespaceBrowserApi {
  readonly apiVersion: 1;
}

/** The Catalogs tree; it has no rows until connections exist, so the view shows its welcome content. */
class CatalogsTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}

export function activate(context: vscode.ExtensionContext): NamespaceBrowserApi {
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('namespaceBrowser.catalogs', new CatalogsTreeProvider()),
    vscode.commands.registerCommand('namespaceBrowser.addConnection', async () => {
      await vscode.window.showInformationMessage('Adding a connection is not available yet.');
    }),
  );
  return { apiVersion: 1 };
}

export function deactivate(): void {}
