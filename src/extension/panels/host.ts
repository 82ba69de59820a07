// What every webview panel shares, as vscode-pull-request-github's `common/webview.ts`: the webview says `ready` and
// the host answers with its whole state; nothing is posted before (the webview would drop it); each message type the
// webview sends has one handler; closing the panel disposes everything the host registered.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { Disposable } from '../lifecycle';
import type { PanelDescriptor } from './descriptors';
import { panelOptions, renderShell, webviewOptions } from './html';
import { panelIcon } from './icons';

/** A message between a host and its webview: a `type` and its fields (src/webview/protocol.ts). */
export interface PanelMessage {
  readonly type: string;
}

/** One handler per message type the webview sends, besides `ready`, which the host answers itself. */
export type MessageHandlers<M extends PanelMessage> = {
  readonly [K in Exclude<M['type'], 'ready'>]: (message: Extract<M, { type: K }>) => unknown;
};

/** What an observer sees of a panel. */
export interface ObservedPanel {
  readonly descriptor: PanelDescriptor;
  readonly panel: vscode.WebviewPanel;
}

/**
 * Watches every panel's traffic: how the in-host tests see what a webview was sent and said. Registered only in
 * test mode (Panels.observe); shipped code never registers one, and with none registered watching costs nothing.
 */
export interface PanelObserver {
  created?(panel: ObservedPanel): void;
  received?(panel: ObservedPanel, message: PanelMessage): void;
  posted?(panel: ObservedPanel, message: PanelMessage): void;
  disposed?(panel: ObservedPanel): void;
}

/** What every panel host is given. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly output: Pick<vscode.LogOutputChannel, 'debug' | 'warn'>;
  /** Empty outside tests. */
  readonly observers: ReadonlySet<PanelObserver>;
}

/** The host side of one webview panel. Subclasses say what `ready` sends and handle the webview's other messages. */
export abstract class PanelHost<ToWebview extends PanelMessage, ToHost extends PanelMessage> extends Disposable implements ObservedPanel {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private readonly didDispose = new vscode.EventEmitter<void>();
  /** Fires once, when the panel was closed or disposed. */
  readonly onDidDispose = this.didDispose.event;
  /** Handlers run when messages arrive, after construction, so a subclass field is fine here. */
  protected abstract readonly handlers: MessageHandlers<ToHost>;

  /**
   * Creates the panel, or adopts one the editor restored (a serializer's `deserializeWebviewPanel`): either way it
   * gets the descriptor's options, icon and shell, and its webview restores what it kept (`getState`) and says ready.
   */
  constructor(
    readonly descriptor: PanelDescriptor,
    protected readonly context: PanelContext,
    title: string,
    restored?: vscode.WebviewPanel,
    /** Where a new panel opens; `preserveFocus` keeps the keyboard where it is (a preview from the tree). */
    show: { viewColumn?: vscode.ViewColumn; preserveFocus?: boolean } = {},
  ) {
    super();
    const { extensionUri } = context;
    if (restored) {
      restored.webview.options = webviewOptions(extensionUri);
      restored.title = title;
    }
    this.panel =
      restored ??
      vscode.window.createWebviewPanel(
        descriptor.viewType,
        title,
        { viewColumn: show.viewColumn ?? vscode.ViewColumn.Active, preserveFocus: show.preserveFocus ?? false },
        panelOptions(extensionUri),
      );
    this.panel.iconPath = panelIcon(extensionUri, descriptor);
    this.panel.webview.html = renderShell(this.panel.webview, extensionUri, descriptor);
    this.register(this.panel.webview.onDidReceiveMessage((m: ToHost) => this.receive(m)));
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.notify((o) => o.created?.(this));
  }

  /** Whether the webview said ready (since when, everything posted reaches it). */
  protected get isReady(): boolean {
    return this.ready;
  }

  /** Send everything the webview shows: it said ready (first load, or its page was reloaded). */
  protected abstract onReady(): void;

  /** Bring the panel to the front; with `preserveFocus`, the keyboard stays where it is. */
  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Posts to the webview once it is ready; before, the webview would drop it, and `onReady` sends the whole state. */
  protected post(message: ToWebview): void {
    if (!this.ready || this.isDisposed) return;
    this.notify((o) => o.posted?.(this, message));
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: ToHost): Promise<void> {
    if (this.isDisposed || typeof message?.type !== 'string') return;
    this.notify((o) => o.received?.(this, message));
    const name = `${this.descriptor.viewType}: "${message.type}"`;
    try {
      if (message.type === 'ready') {
        this.ready = true;
        this.onReady();
        return;
      }
      // Own keys only: a message called "toString" must not find Object's.
      if (!Object.hasOwn(this.handlers, message.type)) {
        this.context.output.warn(`${name} is not a message this panel knows; ignored`);
        return;
      }
      await (this.handlers as unknown as Record<string, (m: ToHost) => unknown>)[message.type]!(message);
    } catch (e) {
      this.context.output.warn(`${name} failed: ${errorMessage(e)}`);
    }
  }

  private notify(tell: (o: PanelObserver) => void): void {
    for (const o of this.context.observers) tell(o);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
    this.notify((o) => o.disposed?.(this));
    this.didDispose.fire();
    this.didDispose.dispose();
  }
}
