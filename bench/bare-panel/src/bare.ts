// The bare panel's one script: a line drawn at once, ready said, a line drawn from the host's answer. Text only.
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const line = (id: string, text: string) => {
  const p = document.createElement('p');
  p.id = id;
  p.textContent = text;
  document.body.appendChild(p);
};
line('bare-line', 'bare panel');
window.addEventListener('message', (e: MessageEvent<{ type?: string; text?: string }>) => {
  if (e.data?.type === 'line') line('bare-reply', String(e.data.text));
});
acquireVsCodeApi().postMessage({ type: 'ready' });

// A module, so that its names stay its own.
export {};
