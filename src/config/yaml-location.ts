import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Line and column (1-based) of the node at `path` in a parsed YAML document, or of its nearest parent. */
export function locateYamlPath(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best: Node | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      best = (pair.value as Node | null) ?? (pair.key as Node);
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      best = item;
      node = item;
    } else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
