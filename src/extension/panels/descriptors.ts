// Every webview panel as one line: its view type, its webview script, its tab icon and its title. Read by the panel
// hosts (host.ts), the HTML shell (html.ts), the tab icons (icons.ts) and the build (scripts/build.mjs bundles each
// script and cuts each icon from the codicon sprite). Plain data, no imports: the build loads this file as is.

/** What the editor, the HTML shell and the build need to know of a panel. */
export interface PanelDescriptor {
  /** The webview panel type; VS Code identifies (and a serializer restores) panels by it. Never rename one. */
  readonly viewType: string;
  /** The browser-side code: src/webview/<script>.ts, built to dist/webview/<script>.js; also `data-panel` on <body>. */
  readonly script: string;
  /** The codicon on the tab, cut from the codicon sprite into dist/webview/icons/<codicon>-{light,dark}.svg. */
  readonly codicon: string;
  /** The tab title when the panel has no object of its own to name it. */
  readonly title: string;
}

export const PANELS = {
  tableDetails: { viewType: 'namespaceBrowser.tableDetails', script: 'details', codicon: 'table', title: 'Table' },
  namespaceDetails: { viewType: 'namespaceBrowser.namespaceDetails', script: 'details', codicon: 'bracket', title: 'Namespace' },
  viewDetails: { viewType: 'namespaceBrowser.viewDetails', script: 'details', codicon: 'eye', title: 'View' },
  requests: { viewType: 'namespaceBrowser.requests', script: 'inspector', codicon: 'pulse', title: 'Requests' },
} as const satisfies Record<string, PanelDescriptor>;

/** A panel's name in the table above. */
export type PanelName = keyof typeof PANELS;

/** Which catalog object a details panel shows. */
export type DetailsKind = 'table' | 'namespace' | 'view';

/** The panel of each kind of object. */
export const DETAILS_DESCRIPTORS: Record<DetailsKind, PanelDescriptor> = {
  table: PANELS.tableDetails,
  namespace: PANELS.namespaceDetails,
  view: PANELS.viewDetails,
};
