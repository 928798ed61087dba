import { domainToASCII } from 'node:url';

/** Domain names in canonical form: lowercase, punycode, absolute with a trailing dot. */

export type NameResult = { ok: true; name: string } | { ok: false; error: string };

const LABEL = /^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/** Resolve `input` (relative to `origin` unless it ends in a dot; `@` is the origin) to canonical form. */
export function canonicalName(input: string, origin: string): NameResult {
  const raw = input.trim();
  if (raw === '') return { ok: false, error: 'empty name' };
  let absolute: string;
  if (raw === '@') absolute = origin;
  else if (raw.endsWith('.')) absolute = raw;
  else absolute = origin === '.' ? `${raw}.` : `${raw}.${origin}`;
  if (absolute === '.') return { ok: true, name: '.' };
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

/** Canonical form of a zone name given on the command line or in config. */
export function zoneName(input: string): NameResult {
  const withDot = input.endsWith('.') ? input : `${input}.`;
  return canonicalName(withDot, '.');
}

export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
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
