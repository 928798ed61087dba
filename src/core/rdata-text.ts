/** Tokens of presentation-format rdata: bare words and "quoted strings", with \X and \DDD escapes. */

export interface RdataToken {
  /** The token as written, without surrounding quotes, escapes left in. */
  text: string;
  /** The bytes it stands for, escapes resolved. */
  bytes: Buffer;
  quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: RdataToken[] } | { ok: false; error: string };

/** Where the token starting at `start` ends (index of its closing quote, or of the first blank), and whether it has escapes. */
function tokenEnd(input: string, start: number, quoted: boolean): { end: number; escaped: boolean } {
  let i = start;
  let escaped = false;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    // An unquoted token ends at a blank or at a quote, as in the zone-file lexer (`alpn="h2"` is `alpn=` and `"h2"`).
    if (quoted ? c === 0x22 : c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x22) break;
    if (c === 0x5c) {
      escaped = true;
      i += 2;
      continue;
    }
    i++;
  }
  return { end: Math.min(i, input.length), escaped };
}

/** The bytes a token stands for, resolving \X and \DDD. */
function decodeToken(raw: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const bytes: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === '\\') {
      const digits = raw.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255) return { ok: false, error: `escape "\\${digits}" is larger than 255` };
        bytes.push(value);
        i += 4;
        continue;
      }
      const next = raw[i + 1];
      if (next === undefined) return { ok: false, error: 'a backslash ends the text' };
      bytes.push(...Buffer.from(next, 'utf8'));
      i += 2;
      continue;
    }
    const char = String.fromCodePoint(raw.codePointAt(i) as number);
    bytes.push(...Buffer.from(char, 'utf8'));
    i += char.length;
  }
  return { ok: true, bytes: Buffer.from(bytes) };
}

/** A token whose bytes are worked out when first asked for: most callers only read `text`. */
class Token implements RdataToken {
  private decoded: Buffer | undefined;

  constructor(
    readonly text: string,
    readonly quoted: boolean,
    decoded?: Buffer,
  ) {
    this.decoded = decoded;
  }

  get bytes(): Buffer {
    // Without escapes the bytes are the text's UTF-8.
    this.decoded ??= Buffer.from(this.text, 'utf8');
    return this.decoded;
  }
}

/** One token as a zone-file lexer found it (text without quotes, escapes kept), escapes checked now. */
export function rdataToken(text: string, quoted: boolean): { ok: true; token: RdataToken } | { ok: false; error: string } {
  if (!text.includes('\\')) return { ok: true, token: new Token(text, quoted) };
  const decoded = decodeToken(text);
  return decoded.ok ? { ok: true, token: new Token(text, quoted, decoded.bytes) } : decoded;
}

export function tokenizeRdata(input: string): TokenizeResult {
  const tokens: RdataToken[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const quoted = c === 0x22;
    const start = quoted ? i + 1 : i;
    const { end, escaped } = tokenEnd(input, start, quoted);
    if (quoted && end >= input.length) return { ok: false, error: 'a quoted string is not closed' };
    const text = input.slice(start, end);
    if (escaped) {
      // Escapes are resolved now, so a bad one is reported by the tokenizer.
      const decoded = decodeToken(text);
      if (!decoded.ok) return decoded;
      tokens.push(new Token(text, quoted, decoded.bytes));
    } else tokens.push(new Token(text, quoted));
    i = quoted ? end + 1 : end;
  }
  return { ok: true, tokens };
}

/** Quote bytes as one character-string: printable ASCII as is, `"` and `\` escaped, the rest as \DDD. */
export function quoteCharacterString(bytes: Buffer): string {
  let plain = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c) {
      plain = false;
      break;
    }
  }
  // Printable ASCII without quotes or backslashes (nearly every TXT): as it is.
  if (plain) return `"${bytes.toString('latin1')}"`;
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}
