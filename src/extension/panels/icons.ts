import * as vscode from 'vscode';
import type { PanelDescriptor } from './descriptors';

/**
 * The tab icon of a panel. Webview panels take only image files (no codicons), so the build writes light and dark
 * copies of each descriptor's codicon into dist/webview/icons.
 */
export function panelIcon(extensionUri: vscode.Uri, panel: Pick<PanelDescriptor, 'codicon'>): { light: vscode.Uri; dark: vscode.Uri } {
  const file = (theme: string) => vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'icons', `${panel.codicon}-${theme}.svg`);
  return { light: file('light'), dark: file('dark') };
}
