import { domainToASCII } from 'node:url';

/**
 * Domain names in canonical form: absolute with a trailing dot, ASCII letters lowercase, labels
 * that are UTF-8 text (written raw or as `\DDD` escapes: the same bytes) in punycode, every other
 * octet kept and written the way BIND writes it (`\.`, `\\`, `\DDD`). Names are DNS names
 * (RFC 1035 §3.1, RFC 2181 §11): any octet, 63 per label, 255 on the wire. Host-name syntax (LDH)
 * is a lint warning where a standard asks for it (isHostName), never a parse error.
 */

export type NameResult = { ok: true; name: string } | { ok: false; error: string };

/** RFC 1035 §2.3.4, in octets. */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 255;

/**
 * True when `text` (a name without its trailing dot, `n` characters) is already canonical and
 * needs no escapes: lowercase letters, digits, `-`, `_` and `*`, labels of 1 to 63, 253
 * characters at most (255 octets on the wire). One pass, for the names nearly every record has;
 * anything else (upper case, escapes, IDN, errors) is left to the full parse.
 */
function isCanonicalPrefix(text: string, n: number): boolean {
  if (n === 0 || n > MAX_NAME_OCTETS - 2) return false;
  let labelStart = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 46 : text.charCodeAt(i);
    if (c === 46) {
      const length = i - labelStart;
      if (length === 0 || length > MAX_LABEL_OCTETS) return false;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 42)) return false;
  }
  return true;
}

/** Resolve `input` (relative to `origin` unless it ends in an unescaped dot; `@` is the origin) to canonical form. */
export function canonicalName(input: string, origin: string): NameResult {
  return resolveName(input, origin, true);
}

/** canonicalName without the one-pass shortcut: what the shortcut must agree with (tested). */
export function checkedName(input: string, origin: string): NameResult {
  return resolveName(input, origin, false);
}

type LabelsResult = { ok: true; labels: Buffer[]; absolute: boolean } | { ok: false; error: string };

/** The labels of presentation text, escapes resolved (`\DDD`, `\X`); raw non-ASCII characters are their UTF-8. */
export function parseLabels(text: string): LabelsResult {
  if (text === '.') return { ok: true, labels: [], absolute: true };
  const labels: Buffer[] = [];
  let bytes: number[] = [];
  let i = 0;
  let absolute = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const digits = text.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        const value = Number(digits);
        if (value > 255) return { ok: false, error: `escape "\\${digits}" is larger than 255` };
        bytes.push(value);
        i += 4;
        continue;
      }
      if (i + 1 >= text.length) return { ok: false, error: 'a backslash ends the name' };
      const ch = String.fromCodePoint(text.codePointAt(i + 1) as number);
      if (/\d/.test(ch)) return { ok: false, error: `escape "\\${text.slice(i + 1, i + 4)}" needs three digits` };
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += 1 + ch.length;
      continue;
    }
    if (c === 0x2e) {
      if (bytes.length === 0) return { ok: false, error: 'empty label' };
      labels.push(Buffer.from(bytes));
      bytes = [];
      i++;
      if (i === text.length) absolute = true;
      continue;
    }
    if (c < 0x80) {
      bytes.push(c);
      i++;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    bytes.push(...Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  if (bytes.length > 0) labels.push(Buffer.from(bytes));
  return { ok: true, labels, absolute };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One label in canonical bytes: ASCII lowercase; UTF-8 text that IDNA takes becomes its punycode. */
function canonicalLabel(label: Buffer): Buffer {
  let ascii = true;
  const out = Buffer.from(label);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] as number;
    if (b >= 0x41 && b <= 0x5a) out[i] = b + 32;
    else if (b >= 0x80) ascii = false;
  }
  if (ascii) return out;
  let text: string;
  try {
    text = utf8.decode(label);
  } catch {
    return out;
  }
  const puny = domainToASCII(text);
  return puny !== '' && !puny.includes('.') && /^[\x21-\x7e]+$/.test(puny) ? Buffer.from(puny, 'latin1') : out;
}

/** Presentation of one label's bytes, escaped as BIND writes them. */
export function labelText(label: Buffer): string {
  let out = '';
  for (const b of label) {
    if (b <= 0x20 || b >= 0x7f) out += `\\${String(b).padStart(3, '0')}`;
    else if (b === 0x2e || b === 0x5c || b === 0x22 || b === 0x28 || b === 0x29 || b === 0x3b || b === 0x40 || b === 0x24) out += `\\${String.fromCharCode(b)}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** The canonical labels of a canonical name (`.` has none). */
export function nameLabels(name: string): Buffer[] {
  if (name === '.') return [];
  if (!name.includes('\\')) return name.slice(0, -1).split('.').map((l) => Buffer.from(l, 'latin1'));
  const parsed = parseLabels(name);
  if (!parsed.ok) throw new Error(`not a canonical name: ${name}`);
  return parsed.labels;
}

function resolveName(input: string, origin: string, shortcut: boolean): NameResult {
  const raw = input.trim();
  if (raw === '') return { ok: false, error: 'empty name' };
  if (raw === '@') return { ok: true, name: origin };
  if (raw === '.') return { ok: true, name: '.' };
  if (shortcut) {
    const absolute = raw.endsWith('.') ? raw : origin === '.' ? `${raw}.` : `${raw}.${origin}`;
    if (isCanonicalPrefix(absolute, absolute.length - 1) && absolute.charCodeAt(absolute.length - 1) === 46) return { ok: true, name: absolute };
  }
  const parsed = parseLabels(raw);
  if (!parsed.ok) return { ok: false, error: `"${input}" ${parsed.error === 'empty label' ? 'has an empty label' : parsed.error}` };
  let labels = parsed.labels.map(canonicalLabel);
  if (!parsed.absolute) labels = [...labels, ...nameLabels(origin)];
  let octets = 1;
  for (const label of labels) {
    if (label.length > MAX_LABEL_OCTETS) return { ok: false, error: `label "${labelText(label)}" is longer than ${MAX_LABEL_OCTETS} octets` };
    octets += label.length + 1;
  }
  if (octets > MAX_NAME_OCTETS) return { ok: false, error: `"${input}" is longer than ${MAX_NAME_OCTETS} octets on the wire` };
  return { ok: true, name: labels.length === 0 ? '.' : `${labels.map(labelText).join('.')}.` };
}

/**
 * RFC 952/1123 host-name syntax (LDH): labels of letters, digits and inner hyphens, a digit allowed
 * first (RFC 1123 §2.1). `name` is canonical (absolute, lowercase); the root counts as one (a null
 * MX, RFC 7505). No `_` and no `*`: a host is neither a service label nor a wildcard.
 */
export function isHostName(name: string): boolean {
  if (name === '.') return true;
  return /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+$/.test(name);
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
  const withDot = input.endsWith('.') && !escapedAt(input, input.length - 1) ? input : `${input}.`;
  return canonicalName(withDot, '.') as ZoneNameResult;
}

/** True when the dot at `index` of `name` is escaped (an odd run of backslashes before it). */
function escapedAt(name: string, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= 0 && name.charCodeAt(i) === 92; i--) n++;
  return n % 2 === 1;
}

/** The name one label up (`www.example.com.` → `example.com.`), an escaped dot (`\\.`) kept in its label; `.` for a last label. */
export function parentName(name: string): string {
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
    if (escapedAt(name, i)) continue;
    return i === name.length - 1 ? '.' : name.slice(i + 1);
  }
  return '.';
}

export function isInZone(name: string, zone: string): boolean {
  if (name === zone || zone === '.') return true;
  const cut = name.length - zone.length - 1;
  return cut >= 0 && name.charCodeAt(cut) === 46 && name.endsWith(zone) && !escapedAt(name, cut);
}

/** The name relative to the zone: '' for the apex, `www` for www.example.com. */
export function relativeName(name: string, zone: string): string {
  if (name === zone) return '';
  if (zone === '.') return name.slice(0, -1);
  return name.slice(0, -(zone.length + 1));
}

/** Order names the way DNSSEC canonical order does (RFC 4034 §6.1): by reversed labels as octets, so a zone reads parent before child. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.includes('\\') && !b.includes('\\')) return compareAsciiNames(a, b);
  const la = nameLabels(a).reverse();
  const lb = nameLabels(b).reverse();
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const order = Buffer.compare(la[i] as Buffer, lb[i] as Buffer);
    if (order !== 0) return order;
  }
  return la.length - lb.length;
}

/** compareNames for names without escapes: their labels are their characters. */
function compareAsciiNames(a: string, b: string): number {
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
