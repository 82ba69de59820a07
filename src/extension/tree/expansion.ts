// Which connections and namespaces the reader had expanded, kept in the workspace's state so that a reloaded window
// shows the tree as it was: a node whose key is kept comes back expanded, and VS Code then asks for its children,
// which loads them (nothing is listed ahead of being shown). Kept per connection, so that removing a connection
// forgets its part. No `vscode` import: the memento is given.

/** The slice of vscode.Memento this needs. */
export interface ExpansionMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const STATE_KEY = 'namespaceBrowser.tree.expanded';
/** Per connection: a reader does not keep thousands of namespaces open; a cap keeps the workspace state small. */
export const MAX_KEPT_PER_CONNECTION = 500;

export class TreeExpansion {
  private readonly expanded: Map<string, Set<string>>;

  constructor(private readonly memento: ExpansionMemento) {
    const kept = memento.get<unknown>(STATE_KEY);
    this.expanded = new Map();
    if (typeof kept === 'object' && kept !== null && !Array.isArray(kept)) {
      for (const [connectionId, keys] of Object.entries(kept)) {
        if (Array.isArray(keys)) this.expanded.set(connectionId, new Set(keys.filter((k): k is string => typeof k === 'string')));
      }
    }
  }

  isExpanded(connectionId: string, key: string): boolean {
    return this.expanded.get(connectionId)?.has(key) ?? false;
  }

  expand(connectionId: string, key: string): void {
    let keys = this.expanded.get(connectionId);
    if (!keys) this.expanded.set(connectionId, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    // The oldest go first (a Set keeps insertion order).
    while (keys.size > MAX_KEPT_PER_CONNECTION) keys.delete(keys.values().next().value!);
    this.save();
  }

  /** Collapsing a node forgets it and everything under it (VS Code shows them collapsed when it opens again). */
  collapse(connectionId: string, key: string): void {
    const keys = this.expanded.get(connectionId);
    if (!keys) return;
    let changed = false;
    for (const k of keys) {
      if (k === key || k.startsWith(`${key}/`)) {
        keys.delete(k);
        changed = true;
      }
    }
    if (changed) this.save();
  }

  /** Forget the connections not in `ids` (removed here or in another window). */
  keepOnly(ids: ReadonlySet<string>): void {
    let changed = false;
    for (const id of [...this.expanded.keys()]) {
      if (ids.has(id)) continue;
      this.expanded.delete(id);
      changed = true;
    }
    if (changed) this.save();
  }

  private save(): void {
    const value = Object.fromEntries([...this.expanded].filter(([, keys]) => keys.size > 0).map(([id, keys]) => [id, [...keys]]));
    void this.memento.update(STATE_KEY, value);
  }
}
