import { isInZone, parentName } from './name.js';

/**
 * The owner names of one zone and the empty non-terminals above them (RFC 4592 2.2.2), kept up to
 * date rrset by rrset (name and type). `add` and `remove` say whether the set of empty non-terminals changed: a
 * server that stores them (PowerDNS after a rectify) must then be told.
 */
export class NameTree {
  /** The types of the rrsets at each owner name. */
  private readonly owners = new Map<string, Set<string>>();
  /** Owner names strictly below each name that has any. */
  private readonly below = new Map<string, number>();

  constructor(readonly apex: string) {}

  /** An rrset `name` `type` now exists (again: no change). True when an empty non-terminal appeared or went. */
  add(name: string, type: string): boolean {
    if (!isInZone(name, this.apex)) return false;
    const types = this.owners.get(name);
    if (types) {
      types.add(type);
      return false;
    }
    this.owners.set(name, new Set([type]));
    // The name becomes an owner: it stops being an empty non-terminal if something was below it,
    // and each ancestor that did not exist before becomes one.
    let changed = (this.below.get(name) ?? 0) > 0;
    for (const ancestor of this.ancestors(name)) {
      const count = this.below.get(ancestor) ?? 0;
      this.below.set(ancestor, count + 1);
      if (count === 0 && !this.owners.has(ancestor)) changed = true;
    }
    return changed;
  }

  /** The rrset `name` `type` is gone (was not there: no change). True when an empty non-terminal appeared or went. */
  remove(name: string, type: string): boolean {
    const types = this.owners.get(name);
    if (!types?.delete(type) || types.size > 0) return false;
    this.owners.delete(name);
    let changed = (this.below.get(name) ?? 0) > 0;
    for (const ancestor of this.ancestors(name)) {
      const count = (this.below.get(ancestor) ?? 0) - 1;
      if (count > 0) this.below.set(ancestor, count);
      else this.below.delete(ancestor);
      if (count === 0 && !this.owners.has(ancestor)) changed = true;
    }
    return changed;
  }

  /** Whether an rrset of some type is at `name`. */
  has(name: string): boolean {
    return this.owners.has(name);
  }

  /** A name no rrset is at, with owner names below it. */
  isEmptyNonTerminal(name: string): boolean {
    return !this.owners.has(name) && (this.below.get(name) ?? 0) > 0;
  }

  /** Names strictly between `name` and the apex, nearest first. */
  private *ancestors(name: string): Generator<string> {
    for (let at = parentName(name); at !== this.apex && at !== '.'; at = parentName(at)) yield at;
  }
}
