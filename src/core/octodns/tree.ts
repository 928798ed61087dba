import { excerpt } from '../excerpt.js';
import type { Position, YNode } from '../zonefile/yaml-tree.js';

/** Reading an octoDNS config tree: each value with where it is written, for messages that name file:line:column. */

export interface Located {
  node: YNode;
  pos: Position;
}

/** What the converter could not carry over, where it is, and why. */
export interface Unmapped {
  at: string;
  what: string;
  reason: string;
}

export class Findings {
  readonly unmapped: Unmapped[] = [];
  readonly notes: string[] = [];

  constructor(readonly file: string) {}

  where(pos: Position): string {
    return `${this.file}:${pos.line}:${pos.column}`;
  }

  skip(pos: Position, what: string, reason: string): void {
    this.unmapped.push({ at: this.where(pos), what: excerpt(what), reason });
  }

  note(pos: Position, text: string): void {
    this.notes.push(`${this.where(pos)}: ${text}`);
  }
}

export function entries(node: YNode | undefined): Array<{ key: string; keyPos: Position; value: YNode }> {
  return node?.kind === 'map' ? node.entries : [];
}

export function child(node: YNode | undefined, key: string): YNode | undefined {
  return entries(node).find((e) => e.key === key)?.value;
}

/** A scalar as text (`''` for null), undefined for a map or a list. */
export function text(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  return node.value === null ? '' : node.text;
}

/** A list of scalars (one scalar is a list of one, as octoDNS accepts for sources and targets). */
export function textList(node: YNode | undefined): Array<{ value: string; pos: Position }> {
  if (node === undefined) return [];
  if (node.kind === 'scalar') return [{ value: text(node) ?? '', pos: node.pos }];
  if (node.kind === 'seq') return node.items.flatMap((item) => (item.kind === 'scalar' ? [{ value: text(item) ?? '', pos: item.pos }] : []));
  return [];
}
