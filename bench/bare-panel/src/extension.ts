// VS Code's floor for a webview panel, opened as Namespace Browser opens a table's: a click on a tree row in the same
// side bar runs a command, which creates a panel whose HTML loads one script by nonce (CSP default-src 'none') from
// the extension's files. The script draws one line as soon as it runs and says ready; the host answers and the script
// draws a second line: the floor of a panel that shows anything the host sends. bench/panel.ts times both.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const media = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const row = new vscode.TreeItem('bare panel');
  row.command = { command: 'nsbBench.openBarePanel', title: 'Open Bare Panel' };
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('nsbBench.bare', { getTreeItem: (item: vscode.TreeItem) => item, getChildren: () => [row] }),
    vscode.commands.registerCommand('nsbBench.openBarePanel', () => {
      const panel = vscode.window.createWebviewPanel('nsbBench.bare', 'Bare', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      const nonce = randomBytes(18).toString('base64');
      const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'bare.js'));
      panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m?.type === 'ready') void panel.webview.postMessage({ type: 'line', text: 'answered by the host' });
      });
      panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'">
<title>Bare</title>
</head>
<body data-bench="bare">
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
    }),
  );
}
