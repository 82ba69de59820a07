// What every in-host suite needs: the extension under test, its public API and its services, and a wait on a
// condition. The services are reached through a command that exists only in a test extension host
// (ExtensionMode.Test); the public API (what activate() returns) has no such door.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TEST_SERVICES_COMMAND, type NamespaceBrowserApi } from '../../src/extension/api';
import type { ExtensionInternals } from '../../src/extension/extension';

/** The extension's id: `publisher.name` from package.json. */
export const EXTENSION_ID = 'namespace-browser.namespace-browser';

/** The extension under test as this host loaded it. */
export function extension(): vscode.Extension<NamespaceBrowserApi> {
  const found = vscode.extensions.getExtension<NamespaceBrowserApi>(EXTENSION_ID);
  if (!found) throw new Error(`extension ${EXTENSION_ID} is not loaded in this host`);
  return found;
}

/** Activates the extension (once; later calls return the same API). */
export function activate(): Promise<NamespaceBrowserApi> {
  return Promise.resolve(extension().activate());
}

/** Activates the extension and returns its services. */
export async function testServices(): Promise<ExtensionInternals> {
  await activate();
  const services = await vscode.commands.executeCommand<ExtensionInternals | undefined>(TEST_SERVICES_COMMAND);
  assert.ok(services, `${TEST_SERVICES_COMMAND} gave nothing: is the host running in test mode?`);
  return services;
}

/**
 * Polls a condition (the tree's state, a panel's messages, a quick pick) until it holds, and returns what it found;
 * fails naming `what` after `timeoutMs`. Generous by default: a loaded 2-core machine can take many seconds.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
