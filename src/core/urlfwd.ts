import { quoteCharacterString, type RdataToken } from './rdata-text.js';

/**
 * URLFWD, octoDNS's URL forward (octodns/record/urlfwd.py), which NS1 serves: an HTTP redirect
 * from a path of the name to a target URL. A provider feature like ALIAS, not a DNS type.
 */

type UrlfwdResult = { ok: true; value: string } | { ok: false; error: string; at?: number };

/** octoDNS's URLFWD settings (octodns/record/urlfwd.py: VALID_CODES, VALID_MASKS, VALID_QUERY), as NS1 takes them. */
export const URLFWD_SETTINGS = [
  { what: 'return code', allowed: [301, 302] },
  { what: 'masking setting', allowed: [0, 1, 2] },
  { what: 'query setting', allowed: [0, 1] },
] as const;

/** Why a URLFWD path or target cannot be held, or undefined: NS1's and octoDNS's short form splits the fields at spaces. */
export function urlfwdTextProblem(what: 'path' | 'target', text: string): string | undefined {
  if (text === '') return `missing ${what}`;
  if (/\s/.test(text) || [...text].some((c) => (c.codePointAt(0) as number) < 0x20 || c === '\u007f')) return `${what} "${text}" holds a space or control character; percent-encode it (%20)`;
  return undefined;
}

/** Why a URLFWD code, masking or query setting is not one octoDNS recognises, or undefined. */
export function urlfwdSettingProblem(index: 0 | 1 | 2, text: string): string | undefined {
  const { what, allowed } = URLFWD_SETTINGS[index];
  if (!/^\d+$/.test(text)) return `invalid ${what} "${text}" (expected ${allowed.join(', ')})`;
  return (allowed as readonly number[]).includes(Number(text)) ? undefined : `unrecognized ${what} "${Number(text)}" (expected ${allowed.join(', ')})`;
}

/**
 * URLFWD (octoDNS, NS1): `"path" "target" code masking query`, as octoDNS's to_rdata_text writes it.
 * It is not a DNS type: this form exists for the diff and plans, never for the wire.
 */
export function canonicalUrlfwd(tokens: RdataToken[]): UrlfwdResult {
  if (tokens.length !== 5) return { ok: false, error: `expected "path" "target" code masking query, got ${tokens.length} field${tokens.length === 1 ? '' : 's'}` };
  const [path, target] = [tokens[0], tokens[1]].map((t) => (t as RdataToken).bytes.toString('utf8')) as [string, string];
  for (const [index, what, text] of [[0, 'path', path], [1, 'target', target]] as const) {
    const problem = urlfwdTextProblem(what, text);
    if (problem) return { ok: false, error: problem, at: index };
  }
  const settings: number[] = [];
  for (const index of [0, 1, 2] as const) {
    const text = (tokens[2 + index] as RdataToken).text;
    const problem = urlfwdSettingProblem(index, text);
    if (problem) return { ok: false, error: problem, at: 2 + index };
    settings.push(Number(text));
  }
  return { ok: true, value: [path, target].map((t) => quoteCharacterString(Buffer.from(t, 'utf8'))).concat(settings.map(String)).join(' ') };
}
