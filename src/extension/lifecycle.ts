// Ownership of disposables, as vscode-pull-request-github's `common/lifecycle.ts`: an object registers what it
// creates and disposes all of it once, newest first. No `vscode` import: anything with `dispose()` can be held.

/** Anything that can be disposed: a vscode.Disposable, an EventEmitter, a subscription. */
export interface IDisposable {
  dispose(): unknown;
}

/** Base class of objects that own disposables; `dispose()` is idempotent. */
export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Owns `d` from now on; registered after disposal, it is disposed at once (a late subscription must not leak). */
  protected register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}
