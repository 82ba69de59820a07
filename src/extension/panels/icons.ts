import * as vscode from 'vscode';

/**
 * Tab icons of the panels. Webview panels take only image files (no codicons), so the build writes light and dark
 * copies of codicon glyphs into dist/webview/icons.
 */
export function panelIcon(extensionUri: vscode.Uri, name: 'table' | 'namespace' | 'view' | 'inspector'): { light: vscode.Uri; dark: vscode.Uri } {
  const file = (theme: string) => vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'icons', `${name}-${theme}.svg`);
  return { light: file('light'), dark: file('dark') };
}
