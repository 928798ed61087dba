import { ZonesyncError } from '../core/errors.js';
import { safeMessage } from '../core/excerpt.js';
import type { Position, YNode } from '../core/zonefile/yaml-tree.js';
import type * as z from 'zod';
import { explainIssue, valueAt } from './issues.js';

/** Where in zonesync.yaml a problem is: nodes and keys found by path, and the reasons reported with their line and column. */

/** Keys given twice in any mapping of the document, each with where the second one is. */
export function duplicateKeys(root: YNode | undefined): Array<{ key: string; pos: Position }> {
  const found: Array<{ key: string; pos: Position }> = [];
  const walk = (node: YNode) => {
    if (node.kind === 'map') {
      const seen = new Set<string>();
      for (const entry of node.entries) {
        if (seen.has(entry.key)) found.push({ key: entry.key, pos: entry.keyPos });
        seen.add(entry.key);
        walk(entry.value);
      }
    } else if (node.kind === 'seq') for (const item of node.items) walk(item);
  };
  if (root) walk(root);
  return found;
}

/** The node at `path` and where it is (or its nearest parent's position, when the path leads nowhere). */
export function locate(root: YNode | undefined, path: ReadonlyArray<PropertyKey>): { pos: Position; node: YNode | undefined } {
  let node = root;
  let best: Position = root?.pos ?? { line: 1, column: 1 };
  for (const key of path) {
    if (node?.kind === 'map') {
      const entry = node.entries.find((e) => e.key === String(key));
      if (!entry) return { pos: best, node: undefined };
      best = entry.value.pos;
      node = entry.value;
    } else if (node?.kind === 'seq' && typeof key === 'number') {
      const item = node.items[key];
      if (!item) return { pos: best, node: undefined };
      best = item.pos;
      node = item;
    } else return { pos: best, node: undefined };
  }
  return { pos: best, node };
}

/** Where key `key` of the mapping at `path` is written (a misspelt key is reported at its own line). */
export function locateKey(root: YNode | undefined, path: ReadonlyArray<PropertyKey>, key: string): Position {
  const { pos, node } = locate(root, path);
  return node?.kind === 'map' ? (node.entries.find((e) => e.key === key)?.keyPos ?? pos) : pos;
}

export function failConfig(file: string, reasons: string[]): never {
  // zonesync.yaml may come from a pull request: keys and values it quotes are escaped and short.
  throw new ZonesyncError(`Invalid config ${file}`, { details: reasons.map(safeMessage) });
}

function dotted(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.') || '(top level)';
}

/** Reasons found so far, each with where it is, reported together and in file order. */
export class Reasons {
  private readonly found: Array<{ pos: Position; text: string }> = [];

  constructor(
    private readonly file: string,
    private readonly root: YNode | undefined,
  ) {}

  at(pos: Position, text: string): void {
    this.found.push({ pos, text: `${this.file}:${pos.line}:${pos.column}: ${text}` });
  }

  path(path: ReadonlyArray<PropertyKey>, text: string): void {
    this.at(locate(this.root, path).pos, `${dotted(path)}: ${text}`);
  }

  /** Zod issues of the data under `prefix`; `skip` drops issues checked later (fields still holding `${VAR}`). */
  issues(issues: readonly z.core.$ZodIssue[], data: unknown, prefix: ReadonlyArray<PropertyKey> = [], skip: (path: PropertyKey[]) => boolean = () => false): void {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.at(locateKey(this.root, path, key), `${dotted([...path, key])}: unknown key "${key}"`);
        continue;
      }
      if (skip(issue.path)) continue;
      this.path(path, explainIssue(issue, valueAt(data, issue.path)));
    }
  }

  fail(): void {
    if (this.found.length === 0) return;
    this.found.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
    failConfig(this.file, this.found.map((r) => r.text));
  }
}
