// How each node looks, as plain data: label, icon, flags, tooltip pieces, click command. One pure function,
// `rowFor`, decides it; items.ts only turns the result into a vscode.TreeItem. No `vscode` import here.
import type { Identifier } from '../../core/model';
import { protocolLabel, protocolOf } from '../../core/protocols';
import { type ErrorInfo, type ErrorPresentation, presentError } from '../errorView';
import type { ChildNode, ConnectionInfo, ContainerNode, TreeNode } from './model';

/** A codicon id and an optional theme colour id. */
export interface RowIcon {
  id: string;
  color?: string;
}

/**
 * Tooltip content: `text` pieces are catalog or server text (escaped when rendered), `label` pieces are our own
 * words. Nothing here is ever rendered as HTML.
 */
export type TooltipPart = { kind: 'title'; text: string } | { kind: 'field'; label: string; text: string; code?: boolean } | { kind: 'text'; text: string };

/** The command a click runs; the node itself is always the argument. */
export interface RowCommand {
  command: string;
  title: string;
}

/** Everything a row shows, as plain data. */
export interface Row {
  id: string;
  label: string;
  description?: string;
  icon: RowIcon;
  collapsible: 'none' | 'collapsed';
  contextValue: string;
  accessibilityLabel: string;
  tooltip: TooltipPart[];
  command?: RowCommand;
}

/** What rendering needs to know beyond the node. */
export interface RowContext {
  /** The connection's own way of writing an identifier (e.g. `sales$emea$orders`). */
  display(connectionId: string, id: Identifier): string;
  /** Why the connection lists no views though its protocol has them (the catalog does not advertise them). */
  viewsUnavailable?(connectionId: string): string | undefined;
  /** The editor's display language (`vscode.env.language`), for numbers in rows. */
  locale?: string;
}

/** Host (and port) of a catalog URI, without any user info; the whole text when it is not a URL. */
export function hostOf(uri: string): string {
  try {
    return new URL(uri).host || uri;
  } catch {
    return uri;
  }
}

/** The URI without user info, query or fragment (they can hold credentials). */
export function safeUri(uri: string): string {
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return uri;
  }
}

/**
 * What a screen reader says for a row: the visible label and description first, word for word, then what the row is
 * and where. Speech-input users say what they see (WCAG 2.5.3), and the tree's type-to-find matches the start.
 */
export function spokenLabel(label: string, description: string | undefined, about: string): string {
  return [label, description, about].filter((x) => x !== undefined && x !== '').join(', ');
}

/** The row of any node. */
export function rowFor(node: TreeNode, ctx: RowContext): Row {
  switch (node.kind) {
    case 'connection':
      return connectionRow(node.key, node.connection, node.listing.filter, node.listing.loadedCount);
    case 'namespace':
    case 'table':
    case 'view':
      return childRow(node, ctx);
    case 'loadMore':
      return loadMoreRow(node.key, node.parent);
    case 'error':
      return errorRow(node.key, node.error, node.parent, ctx);
    case 'empty':
      return emptyRow(node.key, node.parent, ctx);
  }
}

function filterDescription(filter: string | undefined, container: ContainerNode | undefined): string | undefined {
  if (filter === undefined) return undefined;
  const text = `filter: "${filter}"`;
  if (!container) return text;
  const listing = container.listing;
  return `${text} · ${listing.visible().length} of ${listing.loadedCount} loaded`;
}

/**
 * A namespace's size as far as its listing went, e.g. "2 namespaces · 12 tables" or "100+ tables" while more pages
 * wait: counted from pages the reader loaded, never by listing more. Nothing before it is expanded.
 */
function sizeDescription(listing: ContainerNode['listing'], locale: string | undefined): string | undefined {
  const tally = listing.tally();
  if (tally.length === 0) return undefined;
  if (tally.every((t) => t.complete && t.count === 0)) return 'empty';
  const parts = tally
    .filter((t) => t.count > 0 || (t.kind === 'table' && t.complete))
    .map((t) => `${formatCount(t.count, locale)}${t.complete ? '' : '+'} ${t.kind}${t.count === 1 && t.complete ? '' : 's'}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function formatCount(n: number, locale: string | undefined): string {
  try {
    return n.toLocaleString(locale);
  } catch {
    return n.toLocaleString();
  }
}

function containerFlags(filter: string | undefined): string {
  return `;filterable${filter !== undefined ? ';filtered' : ''}`;
}

const SOURCES = {
  user: 'added in this editor',
  settings: 'the namespaceBrowser.connections setting in your user settings (read-only here)',
  workspace: "the namespaceBrowser.connections setting in this workspace's settings (read-only here; asks before it uses your credentials)",
} as const;

export function connectionRow(key: string, c: ConnectionInfo, filter?: string, _loaded = 0): Row {
  const description = [`${protocolLabel(c.protocol)} · ${hostOf(c.uri)}`];
  if (c.warning) description.unshift('unencrypted');
  if (c.scope === 'workspace') description.push('workspace');
  if (filter !== undefined) description.push(`filter: "${filter}"`);
  const tooltip: TooltipPart[] = [
    { kind: 'title', text: c.name },
    { kind: 'field', label: 'Protocol', text: protocolLabel(c.protocol) },
    { kind: 'field', label: 'URI', text: safeUri(c.uri), code: true },
    { kind: 'field', label: 'Auth', text: c.authType },
    { kind: 'field', label: 'Source', text: c.source === 'user' ? SOURCES.user : c.scope === 'workspace' ? SOURCES.workspace : SOURCES.settings },
  ];
  if (c.warning) tooltip.push({ kind: 'field', label: 'Warning', text: c.warning });
  return {
    id: key,
    label: c.name,
    description: description.join(' · '),
    icon: c.warning ? { id: 'unlock', color: 'list.warningForeground' } : { id: 'database' },
    collapsible: 'collapsed',
    contextValue: `nsb:connection${containerFlags(filter)}${c.source === 'user' ? ';editable' : ''}${c.scope === 'workspace' ? ';workspace' : ''}`,
    accessibilityLabel: spokenLabel(
      c.name,
      description.join(' · '),
      `connection${c.scope === 'workspace' ? ", from this workspace's settings" : ''}${c.warning ? `, warning: ${c.warning}` : ''}`,
    ),
    tooltip,
  };
}

/** The connection a node belongs to. */
function connectionOf(node: ChildNode): ConnectionInfo {
  let container: ContainerNode = node.parent;
  while (container.kind !== 'connection') container = container.parent;
  return container.connection;
}

function parentPhrase(node: ChildNode, ctx: RowContext): string {
  return node.parent.kind === 'connection' ? `in connection ${node.parent.connection.name}` : `in namespace ${ctx.display(node.connectionId, node.parent.id)}`;
}

function childRow(node: ChildNode, ctx: RowContext): Row {
  const identifier = ctx.display(node.connectionId, node.id);
  if (node.kind === 'namespace') {
    const filter = node.listing.filter;
    const description = filterDescription(filter, node) ?? sizeDescription(node.listing, ctx.locale);
    return {
      id: node.key,
      label: node.name,
      description,
      icon: { id: 'symbol-namespace' },
      collapsible: 'collapsed',
      contextValue: `nsb:namespace${containerFlags(filter)}`,
      accessibilityLabel: spokenLabel(node.name, description, `namespace ${parentPhrase(node, ctx)}`),
      tooltip: [{ kind: 'title', text: node.name }, { kind: 'field', label: 'Namespace', text: identifier, code: true }, ...viewsNote(node.connectionId, ctx)],
    };
  }
  if (node.kind === 'view') {
    return {
      id: node.key,
      label: node.name,
      description: 'view',
      icon: { id: 'eye' },
      collapsible: 'none',
      contextValue: 'nsb:view',
      accessibilityLabel: spokenLabel(node.name, 'view', parentPhrase(node, ctx)),
      tooltip: [
        { kind: 'title', text: node.name },
        { kind: 'field', label: 'View', text: identifier, code: true },
      ],
      command: { command: 'namespaceBrowser.previewDetails', title: 'Open Preview' },
    };
  }
  const facts = node.facts;
  const version = facts?.version !== undefined ? `v${facts.version}` : undefined;
  const tooltip: TooltipPart[] = [
    { kind: 'title', text: node.name },
    { kind: 'field', label: 'Table', text: identifier, code: true },
  ];
  if (facts?.location) tooltip.push({ kind: 'field', label: 'Location', text: facts.location, code: true });
  if (version) tooltip.push({ kind: 'field', label: 'Version', text: String(facts!.version) });
  if (!facts) tooltip.push({ kind: 'text', text: 'Open the details to see location and version.' });
  return {
    id: node.key,
    label: node.name,
    description: version,
    icon: { id: 'table' },
    collapsible: 'none',
    // Copy Location is offered on every table: when the location is not known yet it is asked for on use. Tables of a
    // protocol with time travel can be opened at a version or tag (`;history`).
    contextValue: `nsb:table;location${protocolOf(connectionOf(node).protocol)?.timeTravel ? ';history' : ''}`,
    accessibilityLabel: spokenLabel(node.name, version, `table ${parentPhrase(node, ctx)}`),
    tooltip,
    command: { command: 'namespaceBrowser.previewDetails', title: 'Open Preview' },
  };
}

export function loadMoreRow(key: string, parent: ContainerNode): Row {
  const listing = parent.listing;
  const loaded = listing.loadedCount;
  const filter = listing.filter;
  const label = filter !== undefined ? `${listing.visible().length} of ${loaded} loaded match; Load more…` : 'Load more…';
  return {
    id: key,
    label,
    description: filter !== undefined ? `filter: "${filter}"` : `${loaded} loaded`,
    icon: { id: listing.loading ? 'loading~spin' : 'ellipsis' },
    collapsible: 'none',
    contextValue: 'nsb:loadMore',
    accessibilityLabel: spokenLabel(
      label,
      filter !== undefined ? `filter: "${filter}"` : `${loaded} loaded`,
      filter !== undefined ? 'the filter applies to the rows loaded so far' : 'loads the next page',
    ),
    tooltip: [{ kind: 'text', text: filter !== undefined ? 'The filter applies to the rows loaded so far. Load the next page.' : 'Load the next page.' }],
    command: { command: 'namespaceBrowser.loadMore', title: 'Load More' },
  };
}

/** Views are hidden where the catalog does not advertise them (the spec's default): say so where they would be. */
function viewsNote(connectionId: string, ctx: RowContext): TooltipPart[] {
  const why = ctx.viewsUnavailable?.(connectionId);
  return why ? [{ kind: 'field', label: 'Views', text: `not shown: ${why}` }] : [];
}

export function emptyRow(key: string, parent: ContainerNode, ctx?: RowContext): Row {
  const filter = parent.listing.filter;
  const label =
    filter !== undefined && parent.listing.loadedCount > 0
      ? `None of ${parent.listing.loadedCount} match "${filter}"`
      : parent.kind === 'connection'
        ? 'No namespaces'
        : 'No namespaces or tables';
  const views = parent.kind === 'namespace' && ctx ? ctx.viewsUnavailable?.(parent.connectionId) : undefined;
  return {
    id: key,
    label,
    description: views ? 'no views advertised' : undefined,
    icon: { id: 'info' },
    collapsible: 'none',
    contextValue: 'nsb:empty',
    accessibilityLabel: spokenLabel(label, views ? 'no views advertised' : undefined, views ?? ''),
    tooltip: [{ kind: 'text', text: label }, ...(views ? [{ kind: 'text' as const, text: `Views: ${views}.` }] : [])],
  };
}

const CLICK_TITLES: Record<ErrorPresentation['click'], string> = {
  showRequest: 'Show Request',
  reauthenticate: 'Re-authenticate…',
  retry: 'Retry',
  openConnectionSettings: 'Open Settings',
  manageWorkspaceTrust: 'Manage Workspace Trust',
  allowWorkspaceConnection: 'Allow…',
};

/** Context flags of the blocked rows' way out, for their inline buttons (package.json menus). */
const BLOCKED_FLAGS: Partial<Record<ErrorPresentation['click'], string>> = {
  allowWorkspaceConnection: ';allow',
  manageWorkspaceTrust: ';trust',
  openConnectionSettings: ';settings',
};

export function errorRow(key: string, error: ErrorInfo, parent: ContainerNode, ctx: RowContext): Row {
  const connection = rootOf(parent).connection;
  const p = presentError(error, hostOf(connection.uri));
  const way = BLOCKED_FLAGS[p.click] ?? '';
  const flags = `${p.auth ? ';auth' : ''}${p.retry ? ';retry' : ''}${error.recordId ? ';record' : ''}${way}`;
  const where = parent.kind === 'connection' ? `connection ${connection.name}` : `namespace ${ctx.display(parent.connectionId, parent.id)}`;
  const tooltip: TooltipPart[] = [
    { kind: 'title', text: p.label },
    { kind: 'field', label: 'While listing', text: where },
    { kind: 'text', text: error.message },
  ];
  if (error.status !== undefined) tooltip.push({ kind: 'field', label: 'HTTP status', text: String(error.status) });
  if (error.recordId) tooltip.push({ kind: 'field', label: 'Request', text: error.recordId, code: true });
  return {
    id: key,
    label: p.label,
    description: error.message,
    icon: p.icon,
    collapsible: 'none',
    contextValue: `nsb:error${flags}`,
    accessibilityLabel: spokenLabel(p.label, error.message, `error while listing ${where}`),
    tooltip,
    command: { command: `namespaceBrowser.${p.click}`, title: CLICK_TITLES[p.click] },
  };
}

export function rootOf(node: TreeNode): Extract<ContainerNode, { kind: 'connection' }> {
  let n: TreeNode = node;
  while (n.kind !== 'connection') n = n.parent;
  return n;
}
