// The one place a plain Row becomes a vscode.TreeItem.
import * as vscode from 'vscode';
import type { Row, TooltipPart } from './rows';

export function toTreeItem(row: Row, argument: unknown): vscode.TreeItem {
  const item = new vscode.TreeItem(
    row.label,
    row.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = row.id;
  item.description = row.description;
  item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  item.contextValue = row.contextValue;
  item.accessibilityInformation = { label: row.accessibilityLabel };
  item.tooltip = toMarkdown(row.tooltip);
  if (row.command) item.command = { command: row.command.command, title: row.command.title, arguments: [argument] };
  return item;
}

/**
 * Catalog and server text goes in through `appendText` (escaped); only our own fixed labels are Markdown.
 * Untrusted, no HTML: a table name can never become a link or markup.
 */
export function toMarkdown(parts: TooltipPart[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  for (const part of parts) {
    if (part.kind === 'title') {
      md.appendMarkdown('**');
      appendCatalogText(md, part.text);
      md.appendMarkdown('**\n\n');
    } else if (part.kind === 'field') {
      md.appendMarkdown(`${part.label}: `);
      appendCatalogText(md, part.text);
      md.appendMarkdown('  \n');
    } else {
      md.appendMarkdown('\n');
      appendCatalogText(md, part.text);
      md.appendMarkdown('\n\n');
    }
  }
  return md;
}

/**
 * appendText escapes Markdown but not `<` or `&`: without HTML support the renderer drops what looks like a tag,
 * so a table named `<img src=x onerror=...>` would vanish from its own tooltip. As entities it shows as written.
 */
function appendCatalogText(md: vscode.MarkdownString, text: string): void {
  md.appendText(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}
