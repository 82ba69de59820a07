import type { Page } from 'playwright-core';

/**
 * What code-server's SecretStorage has persisted, read the way a page that loads now would read it: the
 * localStorage item "secrets.provider", sealed with AES-GCM under a key that is the XOR of the 32 bytes at its
 * start and a key the server mints (POST /mint-key) — code-server 4.100.3, workbench.js (LocalStorageSecretStorageProvider
 * and its crypto). Keys are `{"extensionId": ..., "key": ...}` as JSON; returns ours only, by our key.
 */
export async function persistedSecrets(page: Page, extensionId = 'namespace-browser.namespace-browser'): Promise<Record<string, string>> {
  const all = await page.evaluate(async () => {
    const sealed = localStorage.getItem('secrets.provider');
    if (!sealed) return {};
    const bytes = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
    const minted = new Uint8Array(
      await (await fetch((location.pathname + '/mint-key').replace(/\/\/+/g, '/'), { method: 'POST', credentials: 'include' })).arrayBuffer(),
    );
    const key = bytes.slice(0, 32).map((b, i) => b ^ minted[i]!);
    const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(32, 44) }, cryptoKey, bytes.slice(44));
    return JSON.parse(new TextDecoder().decode(plain)) as Record<string, string>;
  });
  const ours: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    try {
      const parsed = JSON.parse(k) as { extensionId?: string; key?: string };
      if (parsed.extensionId === extensionId && parsed.key) ours[parsed.key] = v;
    } catch {
      // a key of the workbench's own, not an extension's
    }
  }
  return ours;
}
