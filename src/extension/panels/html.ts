import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelDescriptor } from './descriptors';

/** Where a panel may load files from: the built webview bundles and the media folder, nothing else. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** What the webview of every panel may do: run its one script, load its own files, nothing else. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: localResourceRoots(extensionUri) };
}

/** Options every panel of this extension is created with. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    ...webviewOptions(extensionUri),
    // No retainContextWhenHidden (memory-heavy, VS Code warns): a hidden panel's page is dropped, and when it shows
    // again it says `ready`, the host posts what it holds, and the page puts back what it kept with setState.
    enableFindWidget: true,
  };
}

/**
 * The one HTML shell of every panel. It holds no catalog data at all (that arrives by postMessage and is rendered as
 * text), one script allowed by nonce, and a CSP without inline code or eval.
 */
export function renderShell(webview: vscode.Webview, extensionUri: vscode.Uri, panel: Pick<PanelDescriptor, 'script' | 'title'>): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${htmlAttribute(vscode.env.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${panel.title}</title>
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'panels.css')}">
</head>
<body data-panel="${panel.script}">
<main id="app" aria-busy="true"><p class="loading"><span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true"></span> Loading…</p></main>
<script nonce="${nonce}" src="${asset('dist', 'webview', `${panel.script}.js`)}"></script>
</body>
</html>`;
}

/** A language tag as an attribute value: only the characters a BCP 47 tag has. */
function htmlAttribute(tag: string): string {
  return /^[A-Za-z0-9-]{1,35}$/.test(tag) ? tag : 'en';
}
