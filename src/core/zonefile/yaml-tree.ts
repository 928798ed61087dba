import type { Problem } from '../problem.js';
import { parseFastYaml, streamFastYaml } from './yaml-fast.js';
import type { readWithYamlPackage } from './yaml-package.js';

/**
 * A YAML document reduced to what a zone file needs: maps, sequences and scalars, each with
 * its 1-based line and column. Produced by a fast reader for the plain block style zone files
 * are written in (yaml-fast.ts), or by the `yaml` package for anything else (yaml-package.ts),
 * so both give the same tree. readYamlTree below is the one place that picks between them. This
 * module has no static dependency on the `yaml` package, so the CLI loads that package only for
 * a file the fast reader declines.
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

/** The entry of `map` under `key`; a key given twice keeps its last value, as a YAML map does. */
export function entryOf(map: YNode & { kind: 'map' }, key: string): YEntry | undefined {
  let found: YEntry | undefined;
  for (const e of map.entries) if (e.key === key) found = e;
  return found;
}

/**
 * Where the node `path` (keys and indexes) names is below `node`: a scalar's own place, a key's for
 * maps and lists; the deepest found when the path goes on past the file (a default).
 */
export function positionAt(node: YNode, path: ReadonlyArray<string | number>): Position {
  let here: YNode = node;
  let pos = node.pos;
  for (const step of path) {
    if (typeof step === 'number' && here.kind === 'seq') {
      const item = here.items[step];
      if (!item) break;
      here = item;
      pos = item.pos;
    } else if (typeof step === 'string' && here.kind === 'map') {
      const e = entryOf(here, step);
      if (!e) break;
      here = e.value;
      pos = e.value.kind === 'scalar' ? e.value.pos : e.keyPos;
    } else break;
  }
  return pos;
}

/** The `yaml` package's reader (yaml-package.ts), for a caller that has it loaded already. */
export type YamlPackageReader = typeof readWithYamlPackage;

export interface ReadYamlOptions {
  /** Aliases a file may hold (limits.yamlAliases); the yaml package's default when left out. */
  maxAliases?: number;
  /**
   * The entries of a top-level map, one by one as the fast reader reads them (a 100,000-record
   * zone's tree never exists whole). When the fast reader declines the file part-way, the
   * entries handed over so far are to be thrown away: then `streamed` is false and `root` holds
   * every entry.
   */
  onEntry?: (entry: YEntry) => void;
}

export interface YamlRead extends YamlTree {
  /** True when the top-level map's entries went to `onEntry` (`root` is that map without them). */
  streamed: boolean;
}

/**
 * Read YAML `text`: the fast reader first, the `yaml` package for a file it declines (anchors,
 * tags, block scalars, multi-line scalars, tabs, errors…), with that package's messages and
 * positions. Without `yamlPackage` the package is imported only when the fast reader declines,
 * so the answer is a promise; a caller that holds the package (tests, tools, `fmt`) passes it
 * and reads synchronously.
 */
export function readYamlTree(text: string, file: string, options: ReadYamlOptions, yamlPackage: YamlPackageReader): YamlRead;
export function readYamlTree(text: string, file: string, options?: ReadYamlOptions): Promise<YamlRead>;
export function readYamlTree(text: string, file: string, options: ReadYamlOptions = {}, yamlPackage?: YamlPackageReader): YamlRead | Promise<YamlRead> {
  const { onEntry, maxAliases } = options;
  const fast = onEntry ? streamFastYaml(text, onEntry) : parseFastYaml(text);
  if (fast.ok) {
    const read: YamlRead = { root: fast.root, problems: [], streamed: onEntry !== undefined && fast.root?.kind === 'map' };
    return yamlPackage ? read : Promise.resolve(read);
  }
  const slow = (reader: YamlPackageReader): YamlRead => ({ ...reader(text, file, maxAliases), streamed: false });
  return yamlPackage ? slow(yamlPackage) : import('./yaml-package.js').then((m) => slow(m.readWithYamlPackage));
}
