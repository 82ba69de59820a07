// Connections from the workspace's settings (.vscode/settings.json, written by test/e2e/inhost/launches.ts) that
// would send the user's own credentials ask first. VS Code refuses to show modal dialogs in a test extension host,
// so the question is answered by the one stub of this file, which first asks the test's control server how many
// requests the catalog servers have received (test/e2e/ui/trust.test.ts answers the real dialog).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionInternals } from '../../src/extension/extension';
import type { CatalogTreeApi } from '../../src/extension/tree';
import type { ErrorNode, TreeNode } from '../../src/extension/tree/model';
import { testServices } from './services';

const gateway = process.env.NSB_TRUST_GATEWAY_URI;
const control = process.env.NSB_TRUST_CONTROL_URI;

/** A question asked, and what the servers had received when it was. */
interface Asked {
  message: string;
  modal: boolean;
  buttons: string[];
  received: { gateway: number; declined: number };
}
const nameOf = (n: TreeNode) =>
  n.kind === 'namespace' || n.kind === 'table' || n.kind === 'view' ? n.name : n.kind === 'error' ? `<error: ${n.error.message}>` : `<${n.kind}>`;
const CONSENT_KEY = 'namespaceBrowser.workspaceConsent';

(gateway ? describe : describe.skip)('workspace connections ask before they send your credentials', function () {
  this.timeout(150_000);
  let services: ExtensionInternals;
  let tree: CatalogTreeApi;
  const node = (id: string) => {
    const n = tree.provider.connectionNode(id);
    assert.ok(n, `connection ${id} is in the tree`);
    return n;
  };
  const children = (id: string) => tree.provider.getChildren(node(id));

  const asked: Asked[] = [];
  /** The answers to give, in order; a question beyond them fails the test. */
  const answers: string[] = [];
  const original = vscode.window.showWarningMessage;

  before(async () => {
    services = await testServices();
    tree = services.tree as CatalogTreeApi;
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
      const received = (await (await fetch(`${control}/received`)).json()) as Asked['received'];
      asked.push({ message, modal: options?.modal === true, buttons: rest.filter((r): r is string => typeof r === 'string'), received });
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`asked a question the test did not expect: ${message}`);
      return answer;
    };
  });
  after(() => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
  });

  it('reads the workspace’s entries apart from the user’s (inspect), as scope "workspace"', () => {
    const scopes = services.connections
      .list()
      .filter((c) => c.source === 'settings')
      .map((c) => `${c.name}:${c.scope}`);
    assert.deepEqual(
      scopes.sort(),
      [
        'User Lance:user',
        'Workspace AWS:workspace',
        'Workspace Declined:workspace',
        'Workspace Header:workspace',
        'Workspace Plain:workspace',
        'Workspace Test:workspace',
      ].sort(),
    );
  });

  it('the AWS default chain to a loopback host: asked before any request reached it; after Allow it browses', async () => {
    answers.push('Allow');
    const rows = await children('ws-aws');
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.message, `This workspace's connection "Workspace AWS" will send your AWS credentials (default chain) to ${gateway}. Allow?`);
    assert.ok(asked[0]!.modal, 'a modal question');
    assert.deepEqual(asked[0]!.buttons, ['Allow', 'Decline']);
    assert.equal(asked[0]!.received.gateway, 0, 'the gateway had received nothing when the user was asked');
    assert.ok(
      rows.some((r) => nameOf(r) === 'sales'),
      `after Allow: ${rows.map(nameOf)}`,
    );
    const answered = services.context.workspaceState.get<Record<string, string>>(CONSENT_KEY) ?? {};
    assert.deepEqual(
      Object.entries(answered)
        .filter(([k]) => k.includes('"ws-aws"'))
        .map(([k, v]) => [JSON.parse(k)[1], v]),
      [[new URL(gateway!).origin, 'allowed']],
      'remembered per workspace, per (connection, host)',
    );
    // Asked once: reopening does not ask again.
    services.catalogs.forget('ws-aws');
    tree.provider.refresh('ws-aws');
    const again = await children('ws-aws');
    assert.ok(again.some((r) => nameOf(r) === 'sales'));
    assert.equal(asked.length, 1, 'not asked again');
    const signed = services.runtime.log.list().filter((r) => r.connectionId === 'ws-aws');
    assert.ok(signed.length > 0 && signed.every((r) => r.auth?.provider === 'sigv4'), 'signed');
    assert.match(signed[0]!.auth!.summary, /^SigV4 signed for execute-api in us-east-1 with AKID…/);
  });

  it('declining shows a row that says why and how to allow later; nothing is sent, and it is not asked again', async () => {
    answers.push('Decline');
    const rows = await children('ws-declined');
    assert.equal(asked.length, 2);
    assert.equal(asked[1]!.received.declined, 0);
    assert.equal(rows.length, 1);
    const row = rows[0] as ErrorNode;
    assert.equal(row.kind, 'error');
    assert.equal(row.error.blocked?.reason, 'not-allowed', row.error.message);
    const item = tree.provider.getTreeItem(row);
    assert.equal(item.label, 'Not allowed to use your credentials — Allow…');
    assert.match(
      String(item.description),
      /You declined to let this workspace's connection "Workspace Declined" send your AWS credentials \(from the environment\) to http:\/\/127\.0\.0\.1:\d+\. To allow it, click this row or run "Namespace Browser: Manage Workspace Connection Permissions"/,
    );
    assert.equal(item.command?.command, 'namespaceBrowser.allowWorkspaceConnection');
    // Remembered: expanding again answers at once with the same row, without a question.
    tree.provider.refresh('ws-declined');
    const again = (await children('ws-declined')) as ErrorNode[];
    assert.equal(again[0]?.error.blocked?.reason, 'not-allowed');
    assert.equal(asked.length, 2, 'not asked again');
    assert.equal(services.runtime.log.list().filter((r) => r.connectionId === 'ws-declined').length, 0, 'no request recorded either');
  });

  it('the row’s Allow… asks again; allowed, it browses', async () => {
    const row = (await children('ws-declined'))[0] as ErrorNode;
    answers.push('Allow');
    await vscode.commands.executeCommand('namespaceBrowser.allowWorkspaceConnection', row);
    assert.equal(asked.length, 3);
    assert.equal(asked[2]!.received.declined, 0);
    const rows = await children('ws-declined');
    assert.deepEqual(rows.map(nameOf), ['allowed-after-all']);
  });

  it('Test Connection asks the same way, before it sends anything', async () => {
    answers.push('Decline');
    const result = await vscode.commands.executeCommand<{ ok: boolean; error?: { message: string } }>('namespaceBrowser.testConnection', 'ws-test');
    assert.equal(asked.length, 4);
    assert.match(
      asked[3]!.message,
      /"Workspace Test" will send your AWS credentials \(to assume arn:aws:iam::123456789012:role\/r\) to http:\/\/127\.0\.0\.1:\d+ and https:\/\/sts\.repository-chosen\.example\. Allow\?$/,
    );
    assert.equal(result?.ok, false);
    assert.match(result!.error!.message, /You declined/);
  });

  it('a workspace connection that uses nothing of the user’s needs no permission', async () => {
    const before = asked.length;
    const rows = await children('ws-plain');
    assert.equal(asked.length, before);
    assert.ok(
      rows.some((r) => nameOf(r) === 'sales'),
      `${rows.map(nameOf)}`,
    );
  });

  it('a workspace connection with a credential header is refused with a row that says what to do instead', async () => {
    const header = services.connections.list().find((c) => c.name === 'Workspace Header');
    assert.ok(header);
    const rows = (await tree.provider.getChildren(tree.provider.connectionNode(header.id)!)) as ErrorNode[];
    assert.equal(rows[0]?.error.blocked?.reason, 'invalid');
    const item = tree.provider.getTreeItem(rows[0]!);
    assert.equal(item.label, 'Cannot be used as written in settings');
    assert.match(String(item.description), /header "Authorization" carries credentials.*use an auth provider instead/);
    assert.equal(item.command?.command, 'namespaceBrowser.openConnectionSettings');
  });
});
