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
    assert.deepEqual(api, { apiVersion: 1 });
  });

  it('registers the Add Connection command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('namespaceBrowser.addConnection'));
  });
});
