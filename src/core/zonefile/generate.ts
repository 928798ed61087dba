/**
 * BIND's `$GENERATE range lhs [ttl] [class] type rhs`: `range` is `start-stop[/step]`; in lhs and
 * rhs each `$` is the counter, `${offset[,width[,base]]}` the counter plus offset, zero-padded to
 * width, in base d, o, x, X, n or N (nibbles, least significant first, dot-separated: reverse
 * IPv6 names), and `\$` a literal `$`. Pure: the reader turns each expansion into a record.
 */
export type RangeResult = { ok: true; start: number; stop: number; step: number } | { ok: false; error: string };

export function parseRange(text: string): RangeResult {
  const m = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(text);
  if (!m) return { ok: false, error: `range "${text}" is not start-stop[/step]` };
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (start > stop) return { ok: false, error: `range "${text}" starts after it stops` };
  if (step < 1) return { ok: false, error: `range "${text}": the step must be at least 1` };
  if (stop > 2 ** 31 - 1) return { ok: false, error: `range "${text}" is too large` };
  return { ok: true, start, stop, step };
}

/** How many records a range makes. */
export function rangeCount(range: { start: number; stop: number; step: number }): number {
  return Math.floor((range.stop - range.start) / range.step) + 1;
}

function nibbles(value: number, width: number, upper: boolean): string {
  const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '';
  let v = value;
  let w = width;
  do {
    out += digits[v & 0x0f];
    v = Math.floor(v / 16);
    if (w > 0) w--;
    if (w > 0 || v !== 0) {
      out += '.';
      if (w > 0) w--;
    }
  } while (v !== 0 || w > 0);
  return out;
}

function format(value: number, width: number, base: string): string | undefined {
  if (value < 0) return undefined;
  switch (base) {
    case 'd':
      return String(value).padStart(width, '0');
    case 'o':
      return value.toString(8).padStart(width, '0');
    case 'x':
      return value.toString(16).padStart(width, '0');
    case 'X':
      return value.toString(16).toUpperCase().padStart(width, '0');
    case 'n':
    case 'N':
      return nibbles(value, width, base === 'N');
    default:
      return undefined;
  }
}

export type SubstituteResult = { ok: true; text: string } | { ok: false; error: string };

/** `template` with the counter `value` put in. */
export function substitute(template: string, value: number): SubstituteResult {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c === '\\' && template[i + 1] === '$') {
      out += '$';
      i++;
    } else if (c === '\\') {
      // Other escapes belong to the name or rdata: kept for their own parser.
      out += c + (template[i + 1] ?? '');
      i++;
    } else if (c !== '$') out += c;
    else if (template[i + 1] !== '{') out += String(value);
    else {
      const close = template.indexOf('}', i);
      if (close < 0) return { ok: false, error: `"${template}": "\${" is not closed` };
      const m = /^([+-]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?$/.exec(template.slice(i + 2, close));
      if (!m) return { ok: false, error: `"${template.slice(i, close + 1)}" is not \${offset[,width[,base]]}` };
      const text = format(value + Number(m[1]), Number(m[2] ?? 0), m[3] ?? 'd');
      if (text === undefined) return { ok: false, error: `"${template.slice(i, close + 1)}" makes a negative number` };
      out += text;
      i = close;
    }
  }
  return { ok: true, text: out };
}
