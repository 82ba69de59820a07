// The multi-step quick input of vscode-extension-samples (quickinput-sample/multiStepInput.ts): each step is a
// function returning the next one; the Back button re-runs the previous step with the answers kept.
import * as vscode from 'vscode';
import { setPickPrompt } from '../quickPickPrompt';

/** How a step ended other than with an answer. */
export class InputFlowAction {
  static readonly back = new InputFlowAction();
  static readonly cancel = new InputFlowAction();
}

/** One step: asks something, stores the answer, returns the next step (or nothing when done). */
export type InputStep = (input: MultiStepInput) => Promise<InputStep | void>;

/** A button of an input other than Back (e.g. "Browse…" on a file path box). */
export interface StepButton extends vscode.QuickInputButton {
  id: string;
}

interface CommonOptions {
  title: string;
  step: number;
  totalSteps: number;
  placeholder?: string;
  buttons?: StepButton[];
}

export interface QuickPickOptions<T extends vscode.QuickPickItem> extends CommonOptions {
  items: T[];
  activeItem?: T;
  /** Allows typing a value that is not in the list (returned as a string). */
  matchOnDescription?: boolean;
}

export interface InputBoxOptions extends CommonOptions {
  value: string;
  prompt: string;
  password?: boolean;
  validate: (value: string) => string | undefined;
  /** A caution shown as the user types that does not stop them (e.g. plain http:// to another machine). */
  warn?: (value: string) => string | undefined;
}

/** A button press that is not Back; the step decides what it means. */
export class ButtonPressed {
  constructor(readonly id: string) {}
}

export class MultiStepInput {
  private current?: vscode.QuickInput;
  private steps: InputStep[] = [];

  /**
   * Runs steps from `start`; resolves true when the last step finished, false when the user cancelled. `history`
   * are the steps before `start` (when re-entering the flow to fix one step), so that Back still reaches them.
   */
  static async run(start: InputStep, history: InputStep[] = []): Promise<boolean> {
    const flow = new MultiStepInput();
    flow.steps = [...history];
    return flow.stepThrough(start);
  }

  private async stepThrough(start: InputStep): Promise<boolean> {
    let step: InputStep | void = start;
    while (step) {
      this.steps.push(step);
      if (this.current) {
        this.current.enabled = false;
        this.current.busy = true;
      }
      try {
        step = await step(this);
      } catch (err) {
        if (err === InputFlowAction.back) {
          this.steps.pop();
          step = this.steps.pop();
        } else if (err === InputFlowAction.cancel) {
          this.current?.dispose();
          return false;
        } else {
          this.current?.dispose();
          throw err;
        }
      }
    }
    this.current?.dispose();
    return true;
  }

  /** Whether Back would go somewhere (the first step has no Back button). */
  private get canGoBack(): boolean {
    return this.steps.length > 1;
  }

  async showQuickPick<T extends vscode.QuickPickItem>(o: QuickPickOptions<T>): Promise<T | ButtonPressed> {
    const input = vscode.window.createQuickPick<T>();
    input.title = o.title;
    // One question on its own (Edit Connection changing one field) shows no "1/1".
    if (o.totalSteps > 1) {
      input.step = o.step;
      input.totalSteps = o.totalSteps;
    }
    // The step's question stays in view while the user types to filter, where the editor can show it so.
    setPickPrompt(input, o.placeholder);
    input.matchOnDescription = o.matchOnDescription ?? false;
    input.items = o.items;
    if (o.activeItem) input.activeItems = [o.activeItem];
    return this.ask<T>(input, o.buttons, (resolve) => [
      input.onDidAccept(() => {
        const picked = input.selectedItems[0] ?? input.activeItems[0];
        if (picked) resolve(picked);
      }),
    ]);
  }

  async showInputBox(o: InputBoxOptions): Promise<string | ButtonPressed> {
    const input = vscode.window.createInputBox();
    input.title = o.title;
    // One question on its own (Edit Connection changing one field) shows no "1/1".
    if (o.totalSteps > 1) {
      input.step = o.step;
      input.totalSteps = o.totalSteps;
    }
    input.value = o.value;
    input.prompt = o.prompt;
    input.placeholder = o.placeholder;
    input.password = o.password ?? false;
    const message = (v: string): string | vscode.InputBoxValidationMessage | undefined => {
      const error = o.validate(v);
      if (error) return error;
      const warning = o.warn?.(v);
      return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    };
    // Shown from the start too: an edited connection's URI may already deserve the caution.
    if (o.value && o.warn?.(o.value)) input.validationMessage = message(o.value);
    return this.ask<string>(input, o.buttons, (resolve) => [
      input.onDidAccept(() => {
        const error = o.validate(input.value);
        if (error) {
          input.validationMessage = error;
          return;
        }
        resolve(input.value);
      }),
      // Validate as the user types, so the message appears before Enter.
      input.onDidChangeValue((v) => {
        input.validationMessage = v ? message(v) : undefined;
      }),
    ]);
  }

  /**
   * Show `input` in place of the current step until it settles: with what `listen` resolves, a button of the step,
   * Back (rejects `back`) or closing it (rejects `cancel`).
   */
  private async ask<T>(
    input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
    buttons: StepButton[] | undefined,
    listen: (resolve: (answer: T) => void) => vscode.Disposable[],
  ): Promise<T | ButtonPressed> {
    const disposables: vscode.Disposable[] = [];
    try {
      return await new Promise<T | ButtonPressed>((resolve, reject) => {
        input.ignoreFocusOut = true;
        input.buttons = [...(this.canGoBack ? [vscode.QuickInputButtons.Back] : []), ...(buttons ?? [])];
        disposables.push(
          input.onDidTriggerButton((item) => {
            if (item === vscode.QuickInputButtons.Back) reject(InputFlowAction.back);
            else resolve(new ButtonPressed((item as StepButton).id));
          }),
          input.onDidHide(() => reject(InputFlowAction.cancel)),
          ...listen(resolve),
        );
        this.current?.dispose();
        this.current = input;
        this.current.show();
      });
    } finally {
      for (const d of disposables) d.dispose();
    }
  }
}
