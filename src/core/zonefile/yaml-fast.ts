import type { Position, Scalar, YEntry, YNode } from './yaml-tree.js';

/**
 * A reader for the block-style subset of YAML that zone files are written in (maps, lists,
 * plain and quoted one-line scalars, simple one-line flow collections, comments). The `yaml`
 * package reads about 15,000 records a second; this reads a 100,000-record zone in well under
 * one. Anything outside the subset (anchors, tags, block scalars, multi-line scalars, tabs, odd
 * indentation, errors) gives `{ ok: false }` and the caller falls back to the `yaml` package.
 */
export type FastYamlResult = { ok: true; root: YNode | undefined } | { ok: false };

class Unsupported extends Error {}
const MAX_FLOW_DEPTH = 32;
const unsupported = (): never => {
  throw new Unsupported();
};

const NULLS = new Set(['null', 'Null', 'NULL']);
const BOOLS = new Map<string, boolean>([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);
// Other YAML 1.2 core-schema numbers; rare in zone files, so left to the `yaml` package.
const OTHER_NUMBER = /^(0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
// Characters that cannot start a plain scalar (block context), besides `- `, `? `, `: `.
const INDICATORS = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`'].map((c) => c.charCodeAt(0)));
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

/** True when `text` is digits only, with an optional sign: a YAML 1.2 core-schema decimal. */
function isDecimal(text: string): boolean {
  let i = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === text.length) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function resolvePlain(text: string): Scalar {
  const c = text.charCodeAt(0);
  // A scalar starting with a letter is never a number, and is a null or boolean only when it is
  // null, true or false in one of three spellings: starting n, t or f, 4 or 5 long (not `ttl`).
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
    const lower = c | 32;
    if ((lower !== 110 && lower !== 116 && lower !== 102) || (text.length !== 4 && text.length !== 5)) return text;
    if (NULLS.has(text)) return null;
    return BOOLS.get(text) ?? text;
  }
  if (c === 126 && text.length === 1) return null;
  if (isDecimal(text)) return Number(text);
  // An address such as 10.0.0.1 has two dots, which no number has.
  const dot = text.indexOf('.');
  if (dot >= 0 && text.indexOf('.', dot + 1) >= 0) return text;
  if (OTHER_NUMBER.test(text)) unsupported();
  return text;
}

export function parseFastYaml(text: string): FastYamlResult {
  return read(text, undefined);
}

/**
 * parseFastYaml, but the entries of a top-level map go to `onEntry` one by one as they are read,
 * and the root returned is that map without them: a 100,000-record zone's tree never exists
 * whole. On `{ ok: false }` the entries already handed over must be thrown away by the caller.
 */
export function streamFastYaml(text: string, onEntry: (entry: YEntry) => void): FastYamlResult {
  return read(text, onEntry);
}

function read(text: string, onEntry: ((entry: YEntry) => void) | undefined): FastYamlResult {
  if (text.includes('\t') || text.charCodeAt(0) === 0xfeff) return { ok: false };
  try {
    return { ok: true, root: new FastReader(text).document(onEntry) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false };
    throw error;
  }
}

class FastReader {
  /** Per content line (blank and comment lines left out): where it starts, its number, where its content starts and ends. */
  private readonly lineStart: Int32Array;
  private readonly lineNo: Int32Array;
  /** Where the content of each line starts; moved past `- ` for an item's compact map. */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** How many content lines there are. */
  private readonly count: number;
  private i = 0;
  /** Where the last key read by key() ends: just after its colon. */
  private keyEnd = 0;

  constructor(private readonly text: string) {
    // Sized for every line, so the arrays never grow (a string is shorter than 2^31).
    let lines = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    this.lineStart = new Int32Array(lines);
    this.lineNo = new Int32Array(lines);
    this.start = new Int32Array(lines);
    this.end = new Int32Array(lines);
    let count = 0;
    let offset = 0;
    let no = 0;
    let seenContent = false;
    while (offset <= text.length) {
      let next = text.indexOf('\n', offset);
      if (next < 0) next = text.length;
      no++;
      let end = next;
      if (end > offset && text.charCodeAt(end - 1) === 13) end--;
      let s = offset;
      while (s < end && text.charCodeAt(s) === 32) s++;
      if (s < end && text.charCodeAt(s) !== 35) {
        // `---`, `...` and `%` directives start at column 0; only such lines are looked at whole.
        const c = text.charCodeAt(s);
        const marker = s === offset && (c === 45 || c === 46 || c === 37) ? text.slice(offset, end) : undefined;
        if (marker !== undefined && (marker.startsWith('---') || marker.startsWith('...') || marker.startsWith('%'))) {
          if (seenContent || !/^---\s*(#.*)?$/.test(marker)) unsupported();
        } else {
          seenContent = true;
          this.lineStart[count] = offset;
          this.lineNo[count] = no;
          this.start[count] = s;
          this.end[count] = end;
          count++;
        }
      }
      offset = next + 1;
    }
    this.count = count;
  }

  document(onEntry: ((entry: YEntry) => void) | undefined): YNode | undefined {
    if (this.count === 0) return undefined;
    const root = onEntry && !this.isDash(0) ? this.map(this.col(0), onEntry) : this.node(this.col(0));
    if (this.i < this.count) unsupported();
    return root;
  }

  private col(i: number): number {
    return (this.start[i] as number) - (this.lineStart[i] as number);
  }

  private pos(i: number, offset: number): Position {
    return { line: this.lineNo[i] as number, column: offset - (this.lineStart[i] as number) + 1 };
  }

  private isDash(i: number): boolean {
    const s = this.start[i] as number;
    return this.text[s] === '-' && (s + 1 === this.end[i] || this.text[s + 1] === ' ');
  }

  private deeper(indent: number): boolean {
    return this.i < this.count && this.col(this.i) > indent;
  }

  private node(indent: number): YNode {
    return this.isDash(this.i) ? this.sequence(indent) : this.map(indent);
  }

  private map(indent: number, onEntry?: (entry: YEntry) => void): YNode {
    const first = this.i;
    const pos = this.pos(first, this.start[first] as number);
    const entries: YEntry[] = [];
    while (this.i < this.count && this.col(this.i) === indent) {
      const i = this.i;
      if (this.isDash(i)) unsupported();
      const key = this.key(i) ?? unsupported();
      // The map starts where its first key does.
      const keyPos = i === first ? pos : this.pos(i, this.start[i] as number);
      const rest = this.skipSpaces(this.keyEnd, this.end[i] as number);
      let value: YNode;
      if (rest === this.end[i] || this.text[rest] === '#') {
        this.i++;
        if (this.deeper(indent)) value = this.node(this.col(this.i));
        else if (this.i < this.count && this.col(this.i) === indent && this.isDash(this.i)) value = this.sequence(indent);
        else value = { kind: 'scalar', pos: keyPos, value: null, text: '' };
      } else {
        value = this.inline(i, rest);
        this.i++;
      }
      if (this.deeper(indent)) unsupported();
      if (onEntry) onEntry({ key, keyPos, value });
      else entries.push({ key, keyPos, value });
    }
    return { kind: 'map', pos, entries };
  }

  private sequence(indent: number): YNode {
    const pos = this.pos(this.i, this.start[this.i] as number);
    const items: YNode[] = [];
    while (this.i < this.count && this.col(this.i) === indent && this.isDash(this.i)) {
      const i = this.i;
      const end = this.end[i] as number;
      const rest = this.skipSpaces((this.start[i] as number) + 1, end);
      let item: YNode;
      if (rest === end || this.text[rest] === '#') {
        this.i++;
        item = this.deeper(indent) ? this.node(this.col(this.i)) : { kind: 'scalar', pos, value: null, text: '' };
      } else {
        this.start[i] = rest;
        if (this.isDash(i) || this.key(i) !== undefined) item = this.node(this.col(i));
        else {
          item = this.inline(i, rest);
          this.i++;
        }
      }
      if (this.deeper(indent)) unsupported();
      items.push(item);
    }
    return { kind: 'seq', pos, items };
  }

  private skipSpaces(from: number, end: number): number {
    while (from < end && this.text.charCodeAt(from) === 32) from++;
    return from;
  }

  /** The `key:` at the start of line i (its end in keyEnd), or undefined when the line is not a map entry. */
  private key(i: number): string | undefined {
    const s = this.start[i] as number;
    const end = this.end[i] as number;
    const first = this.text[s] as string;
    // A flow collection starts a value here: one used as a key is left to the package.
    if (first === '[' || first === '{') return undefined;
    if (first === "'" || first === '"') {
      const quoted = this.quoted(s, end);
      const colon = this.skipSpaces(quoted.after, end);
      if (this.text[colon] !== ':' || (colon + 1 < end && this.text[colon + 1] !== ' ')) return undefined;
      this.keyEnd = colon + 1;
      return quoted.value;
    }
    const text = this.text;
    for (let p = s; p < end; p++) {
      const c = text.charCodeAt(p);
      // ` #` starts a comment; `: ` (or `:` at the end) ends the key.
      if (c === 35 && p > s && text.charCodeAt(p - 1) === 32) return undefined;
      if (c === 58 && (p + 1 === end || text.charCodeAt(p + 1) === 32)) {
        let last = p;
        while (last > s && text.charCodeAt(last - 1) === 32) last--;
        const raw = text.slice(s, last);
        this.checkPlainStart(raw);
        this.keyEnd = p + 1;
        return resolvePlain(raw) === null ? '' : raw;
      }
    }
    return undefined;
  }

  private checkPlainStart(raw: string): void {
    const c = raw.charCodeAt(0);
    // Letters and digits (nearly every scalar) start a plain scalar.
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)) return;
    if (raw.length === 0 || INDICATORS.has(c)) unsupported();
    // `-`, `?` and `:` followed by a space (or alone) are indicators too.
    if ((c === 45 || c === 63 || c === 58) && (raw.length === 1 || raw.charCodeAt(1) === 32)) unsupported();
  }

  /** A one-line scalar or flow collection starting at `from` and running to the end of line i. */
  private inline(i: number, from: number): YNode {
    const end = this.end[i] as number;
    const first = this.text[from];
    if (first === '[' || first === '{') {
      const flow = this.flow(i, from, end, 0);
      const tail = this.skipSpaces(flow.after, end);
      if (tail !== end && !(this.text[tail] === '#' && tail > flow.after)) unsupported();
      return flow.node;
    }
    if (first === "'" || first === '"') {
      const quoted = this.quoted(from, end);
      const tail = this.skipSpaces(quoted.after, end);
      if (tail !== end && !(this.text[tail] === '#' && tail > quoted.after)) unsupported();
      return { kind: 'scalar', pos: this.pos(i, from), value: quoted.value, text: quoted.value };
    }
    let raw = this.text.slice(from, end);
    const hash = raw.indexOf(' #');
    if (hash >= 0) raw = raw.slice(0, hash);
    raw = raw.trimEnd();
    this.checkPlainStart(raw);
    if (raw.includes(': ') || raw.endsWith(':')) unsupported();
    return { kind: 'scalar', pos: this.pos(i, from), value: resolvePlain(raw), text: raw };
  }

  /**
   * A flow collection closed on its line: `[a, "b", {c: 1}]`, `{ k: v, k2: [x] }`. Plain flow
   * scalars end at `,`, `]`, `}`; a key needs `: `. Empty entries, implicit single-pair maps in
   * a list, comments and anything multi-line are left to the `yaml` package.
   */
  private flow(i: number, from: number, end: number, depth: number): { node: YNode; after: number } {
    // Deep nesting is rare and left to the package, which reports it rather than overflowing the stack.
    if (depth > MAX_FLOW_DEPTH) unsupported();
    const isMap = this.text[from] === '{';
    const close = isMap ? '}' : ']';
    const pos = this.pos(i, from);
    const entries: YEntry[] = [];
    const items: YNode[] = [];
    let p = this.skipSpaces(from + 1, end);
    while (this.text[p] !== close) {
      if (isMap) {
        const keyAt = p;
        const key = this.flowScalar(i, p, end, true);
        p = this.skipSpaces(key.after, end);
        if (this.text[p] !== ':' || this.text[p + 1] !== ' ' || key.node.kind !== 'scalar') unsupported();
        const keyNode = key.node as YNode & { kind: 'scalar' };
        p = this.skipSpaces(p + 2, end);
        const value = this.flowValue(i, p, end, depth);
        entries.push({ key: keyNode.value === null ? '' : keyNode.text, keyPos: this.pos(i, keyAt), value: value.node });
        p = value.after;
      } else {
        const item = this.flowValue(i, p, end, depth);
        items.push(item.node);
        p = item.after;
      }
      p = this.skipSpaces(p, end);
      if (this.text[p] === ',') p = this.skipSpaces(p + 1, end);
      else if (this.text[p] !== close) unsupported();
    }
    const node: YNode = isMap ? { kind: 'map', pos, entries } : { kind: 'seq', pos, items };
    return { node, after: p + 1 };
  }

  private flowValue(i: number, from: number, end: number, depth: number): { node: YNode; after: number } {
    const c = this.text[from];
    if (c === '[' || c === '{') return this.flow(i, from, end, depth + 1);
    return this.flowScalar(i, from, end, false);
  }

  /** A quoted or plain scalar inside a flow collection; a plain one must not look like a key unless `asKey`. */
  private flowScalar(i: number, from: number, end: number, asKey: boolean): { node: YNode; after: number } {
    const c = this.text[from];
    if (c === "'" || c === '"') {
      const quoted = this.quoted(from, end);
      return { node: { kind: 'scalar', pos: this.pos(i, from), value: quoted.value, text: quoted.value }, after: quoted.after };
    }
    let p = from;
    while (p < end) {
      const d = this.text.charCodeAt(p);
      // , [ ] { } end a plain flow scalar; `: ` ends a key; ` #` would start a comment.
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
      if (d === 58 && (this.text.charCodeAt(p + 1) === 32 || p + 1 === end)) {
        if (!asKey) unsupported();
        break;
      }
      if (d === 35 && this.text.charCodeAt(p - 1) === 32) unsupported();
      p++;
    }
    const raw = this.text.slice(from, p).trimEnd();
    if (raw === '') unsupported();
    this.checkPlainStart(raw);
    if (raw.includes(':')) unsupported();
    return { node: { kind: 'scalar', pos: this.pos(i, from), value: resolvePlain(raw), text: raw }, after: p };
  }

  private quoted(from: number, end: number): { value: string; after: number } {
    const quote = this.text[from];
    let out = '';
    let p = from + 1;
    let chunk = p;
    while (p < end) {
      const c = this.text[p];
      if (c === quote) {
        if (quote === "'" && this.text[p + 1] === "'") {
          out += this.text.slice(chunk, p + 1);
          p += 2;
          chunk = p;
          continue;
        }
        return { value: out + this.text.slice(chunk, p), after: p + 1 };
      }
      if (c === '\\' && quote === '"') {
        out += this.text.slice(chunk, p);
        const e = this.text[p + 1] ?? '';
        const simple = ESCAPES[e];
        if (simple !== undefined) p += 2;
        else {
          const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          const hex = this.text.slice(p + 2, p + 2 + width);
          if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) unsupported();
          const code = parseInt(hex, 16);
          if (code > 0x10ffff) unsupported();
          out += String.fromCodePoint(code);
          p += 2 + width;
          chunk = p;
          continue;
        }
        out += simple;
        chunk = p;
        continue;
      }
      p++;
    }
    return unsupported();
  }
}
