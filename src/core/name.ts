import { domainToASCII } from 'node:url';

/** Domain names in canonical form: lowercase, punycode, absolute with a trailing dot. */

export type NameResult = { ok: true; name: string } | { ok: false; error: string };

const LABEL = /^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/**
 * True when the first `n` characters of `text` (a name without its trailing dot) are already
 * canonical: lowercase host-name labels of 1 to 63 characters, `*` only as the whole leftmost
 * label, 253 characters at most. One pass over the characters, for the names nearly every
 * record has; anything else (upper case, IDN, errors) is left to the full check.
 */
function isCanonicalPrefix(text: string, n: number): boolean {
  if (n === 0 || n > 253) return false;
  let labelStart = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 46 : text.charCodeAt(i);
    if (c === 46) {
      const length = i - labelStart;
      if (length === 0 || length > 63) return false;
      if (text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45) return false;
      labelStart = i + 1;
    } else if (c === 42) {
      // `*` alone, and only as the first label.
      if (i !== 0 || (n > 1 && text.charCodeAt(1) !== 46)) return false;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return true;
}

/** Resolve `input` (relative to `origin` unless it ends in a dot; `@` is the origin) to canonical form. */
export function canonicalName(input: string, origin: string): NameResult {
  return resolveName(input, origin, true);
}

/** canonicalName without the one-pass shortcut: what the shortcut must agree with (tested). */
export function checkedName(input: string, origin: string): NameResult {
  return resolveName(input, origin, false);
}

function resolveName(input: string, origin: string, shortcut: boolean): NameResult {
  const raw = input.trim();
  if (raw === '') return { ok: false, error: 'empty name' };
  let absolute: string;
  if (raw === '@') absolute = origin;
  else if (raw.endsWith('.')) absolute = raw;
  else absolute = origin === '.' ? `${raw}.` : `${raw}.${origin}`;
  if (absolute === '.') return { ok: true, name: '.' };
  if (shortcut && isCanonicalPrefix(absolute, absolute.length - 1)) return { ok: true, name: absolute };
  const body = absolute.slice(0, -1);
  if (body.includes('..') || body.startsWith('.')) return { ok: false, error: `"${input}" has an empty label` };
  const ascii = /^[\x20-\x7e]*$/.test(body) ? body.toLowerCase() : domainToASCII(body);
  if (ascii === '') return { ok: false, error: `"${input}" is not a valid domain name` };
  const labels = ascii.split('.');
  for (const [index, label] of labels.entries()) {
    if (label.length > 63) return { ok: false, error: `label "${label}" is longer than 63 characters` };
    if (!LABEL.test(label)) return { ok: false, error: `label "${label}" has characters not allowed in a host name` };
    if (label === '*' && index !== 0) return { ok: false, error: `"*" is only allowed as the leftmost label` };
  }
  if (ascii.length > 253) return { ok: false, error: `"${input}" is longer than 253 characters` };
  return { ok: true, name: `${ascii}.` };
}

declare const zoneNameBrand: unique symbol;

/**
 * A zone name in canonical form (lowercase, punycode, trailing dot), made by `zoneName` where a
 * name comes in (config, saved plan, command line, the provider registry): providers take it as
 * it is and never check it again.
 */
export type ZoneName = string & { readonly [zoneNameBrand]: true };

export type ZoneNameResult = { ok: true; name: ZoneName } | { ok: false; error: string };

/** Canonical form of a zone name given on the command line or in config. */
export function zoneName(input: string): ZoneNameResult {
  const withDot = input.endsWith('.') ? input : `${input}.`;
  return canonicalName(withDot, '.') as ZoneNameResult;
}

export function isInZone(name: string, zone: string): boolean {
  if (name === zone) return true;
  const cut = name.length - zone.length - 1;
  return cut >= 0 && name.charCodeAt(cut) === 46 && name.endsWith(zone);
}

/** The name relative to the zone: '' for the apex, `www` for www.example.com. */
export function relativeName(name: string, zone: string): string {
  if (name === zone) return '';
  return name.slice(0, -(zone.length + 1));
}

/** Order names the way DNSSEC canonical order does: by reversed labels, so a zone reads parent before child. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.split('.').reverse();
  const lb = b.split('.').reverse();
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const x = la[i] as string;
    const y = lb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la.length - lb.length;
}
