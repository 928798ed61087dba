import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, visit, type Alias, type Node as YamlNode } from 'yaml';
import { DEFAULT_LIMITS } from '../limits.js';
import type { Problem } from '../problem.js';
import type { Position, Scalar, YamlTree, YEntry, YNode } from './yaml-tree.js';

/**
 * The `yaml` package's side of the YAML reader: everything the fast reader declines. Callers go
 * through readYamlTree (yaml-tree.ts), except `init`, which reads an octoDNS config with the
 * package alone.
 */

/** Nodes an alias may expand to, all aliases of a file together. */
const MAX_ALIAS_NODES = 100_000;

export function readWithYamlPackage(text: string, file: string, maxAliases: number = DEFAULT_LIMITS.yamlAliases): YamlTree {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: false });
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    problems.push({ severity: 'error', rule: 'yaml-syntax', message: error.message, location: { file, ...at(error.pos[0]) } });
  }
  if (problems.length > 0) return { root: undefined, problems };

  // Each alias's anchor found in one pass in document order: Alias.resolve(doc) walks the whole document per alias (quadratic).
  const anchors = new Map<string, unknown>();
  const targets = new Map<Alias, unknown>();
  let tooMany: Alias | undefined;
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        if (targets.size >= maxAliases) {
          tooMany = node;
          return visit.BREAK;
        }
        targets.set(node, anchors.get(node.source));
      } else if (node.anchor) anchors.set(node.anchor, node);
      return undefined;
    },
  });
  if (tooMany) {
    const pos = tooMany.range ? at(tooMany.range[0]) : { line: 1, column: 1 };
    problems.push({ severity: 'error', rule: 'yaml-limit', message: `more than ${maxAliases} aliases (limits.yamlAliases)`, location: { file, ...pos } });
    return { root: undefined, problems };
  }

  // Aliases are expanded: one that points into itself, or expansions past a bound ("billion laughs"), is an error.
  const open = new Set<unknown>();
  let expanded = 0;
  let inAlias = 0;
  const convert = (node: unknown, owner: Position): YNode => {
    if (inAlias > 0 && ++expanded > MAX_ALIAS_NODES) return aliasProblem(`aliases expand to more than ${MAX_ALIAS_NODES} nodes`, owner);
    if (isAlias(node)) {
      const pos = node.range ? at(node.range[0]) : owner;
      const target = targets.get(node);
      if (target === undefined) return aliasProblem(`Unresolved alias *${node.source}: no anchor &${node.source} before it`, pos);
      if (open.has(target)) return aliasProblem(`alias *${node.source} refers to a node that contains it`, pos);
      inAlias++;
      try {
        return convert(target, pos);
      } finally {
        inAlias--;
      }
    }
    if (!isMap(node) && !isSeq(node)) return convertLeaf(node, owner);
    open.add(node);
    try {
      return convertCollection(node, owner);
    } finally {
      open.delete(node);
    }
  };
  const aliasProblem = (message: string, pos: Position): YNode => {
    if (!problems.some((p) => p.message === message)) problems.push({ severity: 'error', rule: 'yaml-syntax', message, location: { file, ...pos } });
    return { kind: 'scalar', pos, value: null, text: '' };
  };
  const convertCollection = (node: unknown, owner: Position): YNode => {
    if (isMap(node)) {
      const entries: YEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyPos = keyNode?.range ? at(keyNode.range[0]) : owner;
        let key: string;
        if (keyNode === null || (isScalar(keyNode) && keyNode.value === null)) key = '';
        else if (isScalar(keyNode)) key = scalarText(keyNode.value, keyNode.source, keyNode.type);
        else {
          problems.push({ severity: 'error', rule: 'yaml-syntax', message: 'a key must be a plain string', location: { file, ...keyPos } });
          continue;
        }
        entries.push({ key, keyPos, value: convert(pair.value, keyPos) });
      }
      return { kind: 'map', pos: node.range ? at(node.range[0]) : owner, entries };
    }
    if (isSeq(node)) {
      const pos = node.range ? at(node.range[0]) : owner;
      return { kind: 'seq', pos, items: node.items.map((item) => convert(item, pos)) };
    }
    return convertLeaf(node, owner);
  };
  const convertLeaf = (node: unknown, owner: Position): YNode => {
    if (isScalar(node)) {
      const value = node.value;
      // An empty value has no place of its own: point at what owns it.
      const empty = value === null && node.source === '';
      const pos = empty || !node.range ? owner : at(node.range[0]);
      const scalar: Scalar = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
      return { kind: 'scalar', pos, value: scalar, text: scalarText(value, node.source, node.type) };
    }
    return { kind: 'scalar', pos: owner, value: null, text: '' };
  };
  // An explicit document with nothing in it (`---` alone) is empty, as the fast reader has it.
  const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.contents.source === '');
  const root = empty ? undefined : convert(doc.contents, { line: 1, column: 1 });
  return { root, problems };
}

function scalarText(value: unknown, source: string | undefined, type: string | undefined): string {
  if (typeof value === 'string') return value;
  if (type === 'PLAIN' && typeof source === 'string') return source;
  return value === null || value === undefined ? '' : String(value);
}
