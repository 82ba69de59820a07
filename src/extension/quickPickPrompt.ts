// QuickPick.prompt, text under a quick pick's input that stays in view while the user types to filter, came after
// VS Code 1.100 (the floor of engines.vscode, whose QuickPick has no `prompt`). Where the editor has it, what a pick
// asks or reports goes there; elsewhere in the placeholder, as before, which typing hides.
import type * as vscode from 'vscode';

/** Shows `text` under the pick's input where the editor can, else as its placeholder. */
export function setPickPrompt<T extends vscode.QuickPickItem>(pick: vscode.QuickPick<T>, text: string | undefined): void {
  if ('prompt' in pick) (pick as { prompt?: string }).prompt = text;
  else pick.placeholder = text;
}
