import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CatalogTreeApi } from '../../src/extension/tree';
import type { ErrorNode } from '../../src/extension/tree/model';
import { activate, EXTENSION_ID, extension, testServices } from './services';

describe('activation', () => {
  it('activates and returns only the public API: apiVersion and registerAuthProvider', async () => {
    const api = await activate();
    assert.equal(extension().isActive, true, `${EXTENSION_ID} is active`);
    assert.deepEqual(Object.keys(api).sort(), ['apiVersion', 'registerAuthProvider']);
    assert.equal(api.apiVersion, 1);
    assert.ok(Object.isFrozen(api), 'nobody can add to or swap out the API object');
    assert.equal(extension().exports, api);
  });

  it('registers every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('another extension can register an auth provider and select it by name; a duplicate name is refused', async () => {
    const api = await activate();
    const services = await testServices();
    const registration = api.registerAuthProvider({
      name: 'test-token',
      displayName: 'Test token',
      settings: [{ key: 'token', label: 'Token', kind: 'secret', required: true }],
      create: () => ({ setsAuthorization: true, initialize: async () => undefined, authenticate: async () => undefined }),
    });
    assert.equal(services.runtime.registry.get('test-token')?.settings[0]?.secret, true, 'kind "secret" is normalised to secret: true');
    assert.throws(
      () =>
        api.registerAuthProvider({
          name: 'test-token',
          displayName: 'again',
          settings: [],
          create: () => {
            throw new Error('unused');
          },
        }),
      /already registered/,
    );
    registration.dispose();
    assert.equal(services.runtime.registry.get('test-token'), undefined);
  });

  it('a provider registered after the tree loaded refreshes the connections that use it', async () => {
    const api = await activate();
    const services = await testServices();
    const tree = services.tree as CatalogTreeApi;
    const id = 'activation-late-provider';
    // Port 9 (discard) is closed on loopback: once the provider exists, the connection fails to reach it instead.
    await services.connections.save({ id, name: 'Late provider', protocol: 'lance-rest', uri: 'http://127.0.0.1:9', auth: { type: 'late-token' } }, {});
    let registration: { dispose(): void } | undefined;
    try {
      const node = tree.provider.connectionNode(id);
      assert.ok(node, 'the connection is in the tree');
      const before = (await tree.provider.getChildren(node)) as ErrorNode[];
      assert.equal(before[0]?.kind, 'error');
      assert.match(before[0]!.error.message, /auth provider "late-token" is not registered/);
      const item = tree.provider.getTreeItem(before[0]!);
      assert.match(String(item.label), /Waiting for the auth provider "late-token"/);

      const refreshed = new Promise<void>((resolve) => {
        const sub = tree.provider.onDidChangeTreeData(() => {
          sub.dispose();
          resolve();
        });
      });
      registration = api.registerAuthProvider({
        name: 'late-token',
        displayName: 'Late token',
        settings: [],
        create: () => ({ setsAuthorization: false, initialize: async () => undefined, authenticate: async () => undefined }),
      });
      await refreshed;
      const again = tree.provider.connectionNode(id)!;
      const after = (await tree.provider.getChildren(again)) as ErrorNode[];
      assert.equal(after[0]?.kind, 'error');
      assert.equal(after[0]!.error.kind, 'network', `the connection opened with the provider and tried the server: ${after[0]!.error.message}`);
    } finally {
      registration?.dispose();
      await services.connections.remove(id);
    }
  });
});
