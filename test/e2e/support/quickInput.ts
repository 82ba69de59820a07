import type { Page } from 'playwright-core';

/** Drives the workbench's quick input (multi-step wizards) with the keyboard, as a user would. */
export function quickInput(page: Page) {
  const widget = () => page.locator('.quick-input-widget');
  const input = () => widget().locator('.quick-input-box input');

  /** Waits until the quick input shows this step (by its prompt, placeholder or title). */
  async function atStep(text: string): Promise<void> {
    await page.waitForFunction(
      (t) => {
        const w = document.querySelector('.quick-input-widget') as HTMLElement | null;
        if (!w || w.style.display === 'none') return false;
        const box = w.querySelector('.quick-input-box input') as HTMLInputElement | null;
        const msg = w.querySelector('.quick-input-message')?.textContent ?? '';
        return (box?.placeholder ?? '').includes(t) || msg.includes(t) || (w.querySelector('.quick-input-title')?.textContent ?? '').includes(t);
      },
      text,
      { timeout: 15_000 },
    );
  }

  /** Types into an input box step and accepts. */
  async function answer(step: string, value: string): Promise<void> {
    await atStep(step);
    await input().fill(value);
    await page.keyboard.press('Enter');
  }

  /** Picks the item with this label in a quick pick step (typing filters; Enter takes the focused match). */
  async function choose(step: string, label: string): Promise<void> {
    await atStep(step);
    await input().fill(label);
    await widget().locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** Accepts what a step offers (the default value or the preselected item). */
  async function accept(step: string): Promise<void> {
    await atStep(step);
    await page.keyboard.press('Enter');
  }

  return { widget, input, atStep, answer, choose, accept };
}
