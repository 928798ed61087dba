/**
 * RFC 1035 master-file lexing: a file becomes entries (one per logical line: parentheses join
 * physical lines, `;` starts a comment outside quotes), each a list of tokens with their place.
 */
export interface Token {
  /** As written, without surrounding quotes; backslash escapes kept. */
  text: string;
  quoted: boolean;
  line: number;
  column: number;
}

export interface Entry {
  tokens: Token[];
  /** The line started with white space: the owner is the previous record's. */
  blankOwner: boolean;
}

export interface LexProblem {
  message: string;
  line: number;
  column: number;
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SEMICOLON = 59;
const OPEN = 40;
const CLOSE = 41;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Lex `text`, handing each entry to `onEntry` as soon as it is complete (a 100,000-record file is
 * never held as tokens all at once); returns the problems found.
 */
export function lexMasterFile(text: string, onEntry: (entry: Entry) => void): LexProblem[] {
  const problems: LexProblem[] = [];
  let tokens: Token[] = [];
  let blankOwner = false;
  let depth = 0;
  let openLine = 0;
  let openColumn = 0;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const finish = (): void => {
    if (tokens.length > 0) onEntry({ tokens, blankOwner });
    tokens = [];
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (i === lineStart && depth === 0) {
      finish();
      blankOwner = c === SPACE || c === TAB;
    }
    if (c === SPACE || c === TAB || c === CR) {
      i++;
    } else if (c === NEWLINE) {
      i++;
      line++;
      lineStart = i;
    } else if (c === SEMICOLON) {
      while (i < n && text.charCodeAt(i) !== NEWLINE) i++;
    } else if (c === OPEN) {
      if (depth === 0) {
        openLine = line;
        openColumn = i - lineStart + 1;
      }
      depth++;
      i++;
    } else if (c === CLOSE) {
      if (depth === 0) problems.push({ message: 'unbalanced ")"', line, column: i - lineStart + 1 });
      else depth--;
      i++;
    } else if (c === QUOTE) {
      const column = i - lineStart + 1;
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === QUOTE || d === NEWLINE) break;
        j += d === BACKSLASH && text.charCodeAt(j + 1) !== NEWLINE ? 2 : 1;
      }
      if (j >= n || text.charCodeAt(j) !== QUOTE) problems.push({ message: 'a quoted string is not closed on its line', line, column });
      tokens.push({ text: text.slice(i + 1, Math.min(j, n)), quoted: true, line, column });
      i = j < n && text.charCodeAt(j) === QUOTE ? j + 1 : j;
    } else {
      const column = i - lineStart + 1;
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === SPACE || d === TAB || d === NEWLINE || d === CR || d === SEMICOLON || d === OPEN || d === CLOSE || d === QUOTE) break;
        j += d === BACKSLASH && j + 1 < n && text.charCodeAt(j + 1) !== NEWLINE ? 2 : 1;
      }
      tokens.push({ text: text.slice(i, j), quoted: false, line, column });
      i = j;
    }
  }
  if (depth > 0) problems.push({ message: 'unbalanced "(": no ")" before the end of the file', line: openLine, column: openColumn });
  finish();
  return problems;
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A TTL or SOA timer: seconds, or BIND's units (`1h30m`, `2d`). */
export function parseTtl(text: string): number | undefined {
  if (isDigits(text)) return Number(text);
  if (!/^(\d+[smhdw])+$/i.test(text)) return undefined;
  let total = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([smhdw])/gi)) total += Number(count) * (UNIT[(unit as string).toLowerCase()] as number);
  return total;
}

export function looksLikeTtl(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 48 && c <= 57 && parseTtl(text) !== undefined;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Resolve `\DDD` and `\X` in a name; an escaped dot inside a label has no place in a host name. */
export function unescapeName(text: string): { ok: true; name: string } | { ok: false; error: string } {
  if (!text.includes('\\')) return { ok: true, name: text };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const digits = text.slice(i + 1, i + 4);
    let ch: string;
    if (/^\d{3}$/.test(digits)) {
      ch = String.fromCharCode(Number(digits));
      i += 3;
    } else {
      ch = text[i + 1] ?? '';
      i += 1;
    }
    if (ch === '.') return { ok: false, error: `"${text}" has an escaped "." inside a label, which a host name cannot have` };
    out += ch;
  }
  return { ok: true, name: out };
}
