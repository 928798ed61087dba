/**
 * Input quoted in a message, made safe to print: control characters and other non-printables
 * escaped (\x1b, \u{202e}), and cut to a short excerpt, so a zone file cannot drive a terminal,
 * forge log lines or fill the output.
 */

/** Longest excerpt of input a message quotes, in printed characters. */
export const EXCERPT_CHARS = 60;
/** Longest message, in printed characters. */
export const MESSAGE_CHARS = 400;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// Controls, format characters (bidi overrides, zero-width), private use, unassigned, surrogates, separators but the space.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeChar(ch: string): string {
  if (ch === ' ' || !UNPRINTABLE.test(ch)) return ch;
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.codePointAt(0) as number;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every non-printable escaped, cut (with "…") to at most `max` printed characters. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  let out = '';
  for (const ch of text) {
    const shown = escapeChar(ch);
    if (out.length + shown.length > max) return `${out}…`;
    out += shown;
  }
  return out;
}

/** A message safe to print: each "quoted" part an excerpt, the whole escaped and bounded. */
export function safeMessage(message: string): string {
  const quoted = message.replace(/"([^"]*)"/g, (_match, inner: string) => `"${excerpt(inner)}"`);
  return excerpt(quoted, MESSAGE_CHARS);
}
