/** Tokens of presentation-format rdata: bare words and "quoted strings", with \X and \DDD escapes. */

export interface RdataToken {
  /** The token as written, without surrounding quotes, escapes left in. */
  text: string;
  /** The bytes it stands for, escapes resolved. */
  bytes: Buffer;
  quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: RdataToken[] } | { ok: false; error: string };

export function tokenizeRdata(input: string): TokenizeResult {
  const tokens: RdataToken[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const quoted = ch === '"';
    if (quoted) i++;
    const start = i;
    const bytes: number[] = [];
    let closed = !quoted;
    while (i < input.length) {
      const c = input[i] as string;
      if (quoted && c === '"') {
        closed = true;
        break;
      }
      if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) break;
      if (c === '\\') {
        const digits = input.slice(i + 1, i + 4);
        if (/^\d{3}$/.test(digits)) {
          const value = Number(digits);
          if (value > 255) return { ok: false, error: `escape "\\${digits}" is larger than 255` };
          bytes.push(value);
          i += 4;
          continue;
        }
        const next = input[i + 1];
        if (next === undefined) return { ok: false, error: 'a backslash ends the text' };
        bytes.push(...Buffer.from(next, 'utf8'));
        i += 2;
        continue;
      }
      const code = input.codePointAt(i) as number;
      const char = String.fromCodePoint(code);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
    if (!closed) return { ok: false, error: 'a quoted string is not closed' };
    tokens.push({ text: input.slice(start, i), bytes: Buffer.from(bytes), quoted });
    if (quoted) i++;
  }
  return { ok: true, tokens };
}

/** Quote bytes as one character-string: printable ASCII as is, `"` and `\` escaped, the rest as \DDD. */
export function quoteCharacterString(bytes: Buffer): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}
