/**
 * A webview's end of its panel host (src/extension/panels/host.ts): typed messages both ways, the `ready` handshake,
 * and the state VS Code keeps for the webview (it survives the page being reloaded, and a serializer gets it back
 * when the editor restores the panel).
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel<ToWebview, ToHost, State> {
  post(message: ToHost): void;
  /** Handle the host's messages, then say `ready`: the host posts nothing before it. Call once, when the page can render. */
  listen(onMessage: (message: ToWebview) => void): void;
  /** What this webview kept with setState, if anything. */
  getState(): State | undefined;
  setState(state: State): void;
}

/** Connect to the host; acquireVsCodeApi may be called only once per page, so call this once. */
export function connectToHost<ToWebview, ToHost extends { type: string }, State = never>(): HostChannel<ToWebview, ToHost, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    listen(onMessage) {
      window.addEventListener('message', (event: MessageEvent<ToWebview>) => onMessage(event.data));
      api.postMessage({ type: 'ready' });
    },
    getState: () => api.getState() as State | undefined,
    setState: (state) => api.setState(state),
  };
}
