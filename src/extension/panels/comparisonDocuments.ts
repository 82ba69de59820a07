// "Open in Diff Editor" next to a SigV4 comparison: our canonical request and the server's, as two read-only virtual
// documents in VS Code's diff view. The texts are the record's (redacted); nothing is written to disk.
import * as vscode from 'vscode';
import type { RecordComparison, RequestRecord } from '../../core/records';

export const COMPARISON_SCHEME = 'namespace-browser-compare';

/** Enough for the diffs a user has open at once; an older one shows a line saying it is gone. */
const KEPT = 40;

export class ComparisonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(COMPARISON_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '(This comparison is no longer kept: open it again from the request inspector.)';
  }

  /** Show comparison `index` of `record` side by side: ours on the left, the server's on the right. */
  async open(record: RequestRecord, index: number): Promise<void> {
    const c: RecordComparison | undefined = record.comparisons?.[index];
    if (!c) return;
    const name = (side: string) => vscode.Uri.from({ scheme: COMPARISON_SCHEME, path: `/${record.id}/${index}/${c.label} (${side}).txt` });
    const ours = name('we sent');
    const theirs = name('server expected');
    this.keep(ours.toString(), c.ours);
    this.keep(theirs.toString(), c.theirs);
    await vscode.commands.executeCommand('vscode.diff', ours, theirs, `${c.label}: we sent ↔ server expected (${record.operation})`, { preview: true });
  }

  private keep(key: string, text: string): void {
    this.texts.delete(key);
    this.texts.set(key, text);
    while (this.texts.size > KEPT) this.texts.delete(this.texts.keys().next().value!);
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
