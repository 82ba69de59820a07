// How the in-host suites reach the services behind the UI: a command that exists only in a test extension host
// (ExtensionMode.Test). The public API (what activate() returns) has no such door.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TEST_SERVICES_COMMAND } from '../../src/extension/api';
import type { ExtensionInternals } from '../../src/extension/extension';

export const EXTENSION_ID = 'namespace-browser.namespace-browser';

/** Activates the extension and returns its services. */
export async function testServices(): Promise<ExtensionInternals> {
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  const services = await vscode.commands.executeCommand<ExtensionInternals | undefined>(TEST_SERVICES_COMMAND);
  assert.ok(services, `${TEST_SERVICES_COMMAND} gave nothing: is the host running in test mode?`);
  return services;
}
