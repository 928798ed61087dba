import type { Problem } from '../problem.js';

/**
 * A YAML document reduced to what a zone file needs: maps, sequences and scalars, each with
 * its 1-based line and column. Produced by a fast reader for the plain block style zone files
 * are written in (yaml-fast.ts), or by the `yaml` package for anything else (yaml-package.ts),
 * so both give the same tree. This module has no dependency on the `yaml` package, so the CLI
 * loads that package only for a file the fast reader declines.
 */
export interface Position {
  line: number;
  column: number;
}

export type Scalar = string | number | boolean | null;

export type YNode =
  | { kind: 'map'; pos: Position; entries: YEntry[] }
  | { kind: 'seq'; pos: Position; items: YNode[] }
  /** `text` is the scalar as a string: plain scalars as written (so `1e3` stays `1e3`). */
  | { kind: 'scalar'; pos: Position; value: Scalar; text: string };

export interface YEntry {
  key: string;
  keyPos: Position;
  value: YNode;
}

export interface YamlTree {
  /** Undefined for an empty document. */
  root: YNode | undefined;
  problems: Problem[];
}

/** The tree as plain data (provider settings are kept as JSON-like objects). */
export function toPlain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) {
    // A key named __proto__ is data, not the object's prototype.
    if (entry.key === '__proto__') Object.defineProperty(out, entry.key, { value: toPlain(entry.value), enumerable: true, writable: true, configurable: true });
    else out[entry.key] = toPlain(entry.value);
  }
  return out;
}
