/**
 * Items (rrsets, or anything with a name and a type) found by owner name and type without a
 * `name type` string per item: one Map entry per name, holding the item itself when the name has
 * one type (most names) or a list of them. A key string costs an allocation to build and another
 * to flatten before it can be hashed, on every lookup; an owner name is hashed once.
 */
export interface NameAndType {
  readonly name: string;
  readonly type: string;
}

export class NameTypeIndex<T extends NameAndType> {
  private readonly byName = new Map<string, T | T[]>();
  /** The lists of the names that have more than one item. */
  private readonly shared: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Whether any item has this owner name. */
  hasName(name: string): boolean {
    return this.byName.has(name);
  }

  /** The owner names, each once. */
  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  get(name: string, type: string): T | undefined {
    const at = this.byName.get(name);
    if (at === undefined) return undefined;
    if (!Array.isArray(at)) return at.type === type ? at : undefined;
    for (let i = 0; i < at.length; i++) {
      const item = at[i] as T;
      if (item.type === type) return item;
    }
    return undefined;
  }

  /** Adds `item`, unless an item of its name and type is there already: then that one is returned and nothing is added. */
  add(item: T): T | undefined {
    const at = this.byName.get(item.name);
    if (at === undefined) this.byName.set(item.name, item);
    else if (!Array.isArray(at)) {
      if (at.type === item.type) return at;
      const list = [at, item];
      this.byName.set(item.name, list);
      this.shared.push(list);
    } else {
      for (let i = 0; i < at.length; i++) {
        const other = at[i] as T;
        if (other.type === item.type) return other;
      }
      at.push(item);
    }
    this.count++;
    return undefined;
  }

  /** Removes the item of this name and type and returns it. */
  take(name: string, type: string): T | undefined {
    const at = this.byName.get(name);
    if (at === undefined) return undefined;
    if (!Array.isArray(at)) {
      if (at.type !== type) return undefined;
      this.byName.delete(name);
      this.count--;
      return at;
    }
    for (let i = 0; i < at.length; i++) {
      const item = at[i] as T;
      if (item.type !== type) continue;
      at.splice(i, 1);
      if (at.length === 0) this.byName.delete(name);
      this.count--;
      return item;
    }
    return undefined;
  }

  /** The items of each name that has more than one, names in the order they got their second. */
  forEachSharedName(visit: (items: readonly T[]) => void): void {
    for (let i = 0; i < this.shared.length; i++) {
      const items = this.shared[i] as T[];
      if (items.length > 1) visit(items);
    }
  }

  /** Every item, names in the order first added, each name's items in the order added. */
  values(): T[] {
    const out: T[] = [];
    for (const at of this.byName.values()) {
      if (Array.isArray(at)) for (let i = 0; i < at.length; i++) out.push(at[i] as T);
      else out.push(at);
    }
    return out;
  }
}
