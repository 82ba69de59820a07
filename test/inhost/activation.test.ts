import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NamespaceBrowserApi } from '../../src/extension/extension';

const EXTENSION_ID = 'namespace-browser.namespace-browser';

describe('activation', () => {
  it('activates and returns its API', async () => {
    const extension = vscode.extensions.getExtension<NamespaceBrowserApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(api.apiVersion, 1);
    assert.equal(typeof api.registerAuthProvider, 'function');
  });

  it('registers every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('another extension can register an auth provider and select it by name', async () => {
    const api = (await vscode.extensions.getExtension<NamespaceBrowserApi>(EXTENSION_ID)!.activate())!;
    const registration = api.registerAuthProvider({
      name: 'test-token',
      displayName: 'Test token',
      settings: [{ key: 'token', label: 'Token', kind: 'secret', secret: true, required: true }],
      create: () => ({ setsAuthorization: true, initialize: async () => undefined, authenticate: async () => undefined }),
    });
    assert.ok(api.services.runtime.registry.get('test-token'));
    assert.throws(() => api.registerAuthProvider({ name: 'test-token', displayName: 'again', settings: [], create: () => { throw new Error('unused'); } }));
    registration.dispose();
    assert.equal(api.services.runtime.registry.get('test-token'), undefined);
  });
});
