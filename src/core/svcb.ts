import type { RdataToken } from './rdata-text.js';
import { canonicalIPv4, canonicalIPv6 } from './address.js';
import { isBase64 } from './rdata-codec.js';

/**
 * SvcParams of SVCB/HTTPS (RFC 9460 §2.1, Appendix A; dohpath RFC 9461 §5) ↔ their wire values.
 * Presentation text is read into wire bytes and written back from them, so the canonical text is
 * what a server sends: keys in ascending order, one escaping level per layer (character-string,
 * then value list), values quoted when they need it. Checked as BIND and Knot check them.
 */

const KEYS: Record<string, number> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6, dohpath: 7 };
/**
 * Names written back. dohpath (7) is written `key7`: BIND 9.18 writes it so, and Knot before 3.3
 * refuses the name `dohpath`, while both read `key7`.
 */
const NAMES: Record<number, string> = { 0: 'mandatory', 1: 'alpn', 2: 'no-default-alpn', 3: 'port', 4: 'ipv4hint', 5: 'ech', 6: 'ipv6hint' };
/** RFC 9460 §14.3.2: key65535 is reserved ("Invalid key"). */
const INVALID_KEY = 65535;

export interface SvcParam {
  key: number;
  value: Buffer;
}

export type ParamsResult = { ok: true; params: SvcParam[] } | { ok: false; error: string; at?: number };
type ParamResult = { ok: true; value: string } | { ok: false; error: string; at?: number };

function keyNumber(key: string): number | undefined {
  const known = KEYS[key];
  if (known !== undefined) return known;
  const m = /^key(0|[1-9]\d{0,4})$/.exec(key);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 65535 ? n : undefined;
}

export function keyName(n: number): string {
  return NAMES[n] ?? `key${n}`;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

/**
 * RFC 9460 Appendix A.1: a comma-separated list of the value's octets (character-string escapes
 * already resolved): `\,` is a comma inside an item, `\\` a backslash; empty items are refused.
 */
function valueList(bytes: Buffer, what: string): Buffer[] | string {
  const items: Buffer[] = [];
  let item: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x5c) {
      const next = bytes[i + 1];
      if (next !== 0x2c && next !== 0x5c) return `${what}: a backslash in a list item escapes only "," or "\\"`;
      item.push(next);
      i++;
    } else if (b === 0x2c) {
      if (item.length === 0) return `${what} has an empty item`;
      items.push(Buffer.from(item));
      item = [];
    } else item.push(b);
  }
  if (item.length === 0) return `${what} has an empty item`;
  items.push(Buffer.from(item));
  return items;
}

/** The wire value of one key from its presentation octets. */
function wireValue(key: number, bytes: Buffer | undefined): Buffer | string {
  const name = keyName(key);
  const shown = key === 7 ? 'dohpath' : name;
  const needs = (): string => `SvcParam ${shown} needs a value`;
  switch (key) {
    case 0: {
      if (!bytes) return needs();
      const items = valueList(bytes, 'mandatory');
      if (typeof items === 'string') return items;
      const keys: number[] = [];
      for (const item of items) {
        const n = keyNumber(item.toString('latin1'));
        if (n === undefined) return `mandatory lists an unknown key "${item.toString('latin1')}"`;
        if (n === 0) return 'mandatory may not list "mandatory" itself';
        if (keys.includes(n)) return `mandatory lists "${keyName(n)}" twice`;
        keys.push(n);
      }
      return Buffer.concat(keys.sort((a, b) => a - b).map(u16));
    }
    case 1: {
      if (!bytes || bytes.length === 0) return needs();
      const items = valueList(bytes, 'alpn');
      if (typeof items === 'string') return items;
      for (const id of items) if (id.length > 255) return `alpn id of ${id.length} bytes is longer than 255`;
      return Buffer.concat(items.flatMap((id) => [Buffer.from([id.length]), id]));
    }
    case 2:
      return bytes && bytes.length > 0 ? 'no-default-alpn takes no value' : Buffer.alloc(0);
    case 3: {
      const text = bytes?.toString('latin1') ?? '';
      return /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? u16(Number(text)) : `port "${text}" is not a port number from 0 to 65535`;
    }
    case 4:
    case 6: {
      if (!bytes || bytes.length === 0) return needs();
      const items = valueList(bytes, name);
      const text = bytes.toString('latin1');
      const family = key === 4 ? 'IPv4' : 'IPv6';
      if (typeof items === 'string') return `${name} "${text}" is not a list of ${family} addresses`;
      const out: Buffer[] = [];
      for (const item of items) {
        const address = key === 4 ? canonicalIPv4(item.toString('latin1')) : canonicalIPv6(item.toString('latin1'));
        if (!address) return `${name} "${item.toString('latin1')}" is not an ${family} address`;
        out.push(key === 4 ? Buffer.from(address.split('.').map(Number)) : ipv6Wire(address));
      }
      return Buffer.concat(out);
    }
    case 5: {
      const text = bytes?.toString('latin1') ?? '';
      return text !== '' && isBase64(text) ? Buffer.from(text, 'base64') : `ech "${text}" is not base64`;
    }
    case 7: {
      if (!bytes || bytes.length === 0) return needs();
      const problem = dohpathProblem(bytes);
      return problem ? `dohpath "${bytes.toString('utf8')}" ${problem}` : bytes;
    }
    default:
      return bytes ?? Buffer.alloc(0);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** RFC 9461 §5: a relative URI Template (RFC 6570) of UTF-8, starting with "/", with a `dns` variable. */
function dohpathProblem(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'is not UTF-8';
  }
  if (!text.startsWith('/')) return 'is not a relative URI template starting with "/"';
  const variables: string[] = [];
  const rest = text.replace(/\{([+#./;?&]?)([^{}]*)\}/g, (_, _op: string, list: string) => {
    variables.push(...list.split(',').map((v) => v.replace(/(:\d+|\*)$/, '')));
    return '';
  });
  if (/[{}]/.test(rest)) return 'has an unbalanced "{" or "}"';
  if (/[\s"<>\\^`|]/.test(rest)) return 'has characters a URI may not hold';
  if (!variables.includes('dns')) return 'has no "dns" variable (as in "{?dns}")';
  return undefined;
}

export function ipv6Wire(canonical: string): Buffer {
  const [head = '', tail] = canonical.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const expand = (parts: string[]): string[] => parts.flatMap((p) => (p.includes('.') ? ipv4Words(p) : [p]));
  const h = expand(groups(head));
  const t = tail === undefined ? [] : expand(groups(tail));
  const words = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(words.map((w) => u16(parseInt(w, 16))));
}

function ipv4Words(dotted: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/**
 * Params from presentation tokens. The zone-file lexer hands `alpn="h2,h3"` over as `alpn=` and
 * the quoted `h2,h3`; both forms are read. `at` is the index of the token at fault.
 */
export function svcParamsFromTokens(tokens: RdataToken[]): ParamsResult {
  const params: SvcParam[] = [];
  /** Key → index of its token. */
  const seen = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as RdataToken;
    const at = i;
    if (token.quoted) return { ok: false, error: `"${token.text}" is a quoted value with no key before it`, at };
    const eq = token.text.indexOf('=');
    const keyText = eq < 0 ? token.text : token.text.slice(0, eq);
    const key = keyNumber(keyText);
    if (key === undefined) {
      const lower = keyNumber(keyText.toLowerCase());
      // BIND refuses upper-case key names (RFC 9460 §2.1 writes them in lower case).
      return { ok: false, error: lower === undefined ? `unknown SvcParam key "${keyText}"` : `SvcParam key "${keyText}" must be written in lower case`, at };
    }
    // BIND refuses keyNNNNN for a key that has a name (key1 for alpn); key7 is how dohpath is written back.
    if (key <= 6 && keyText.startsWith('key')) return { ok: false, error: `write SvcParam ${keyText} as "${keyName(key)}"`, at };
    if (key === INVALID_KEY) return { ok: false, error: 'SvcParam key65535 is reserved (RFC 9460 §14.3.2)', at };
    if (seen.has(key)) return { ok: false, error: `SvcParam "${keyName(key)}" appears twice`, at };
    seen.set(key, at);
    let bytes: Buffer | undefined;
    if (eq >= 0) {
      // Escapes are resolved over the whole token; the key has none, so the value is the bytes after "=".
      bytes = token.bytes.subarray(Buffer.byteLength(token.text.slice(0, eq + 1)));
      const next = tokens[i + 1];
      if (eq === token.text.length - 1 && next?.quoted) {
        bytes = next.bytes;
        i++;
      }
    }
    const value = wireValue(key, bytes);
    if (typeof value === 'string') return { ok: false, error: value, at };
    params.push({ key, value });
  }
  params.sort((a, b) => a.key - b.key);
  // RFC 9460 §7.1.1: no-default-alpn without alpn is not self-consistent (BIND refuses it).
  if (seen.has(2) && !seen.has(1)) return { ok: false, error: 'no-default-alpn needs an alpn in the same record', at: seen.get(2) };
  const mandatory = params.find((p) => p.key === 0);
  if (mandatory) {
    for (let i = 0; i < mandatory.value.length; i += 2) {
      const key = mandatory.value.readUInt16BE(i);
      if (!seen.has(key)) return { ok: false, error: `mandatory lists "${keyName(key)}", which the record does not have`, at: seen.get(0) };
    }
  }
  return { ok: true, params };
}

/** A value as presentation text: bare when it needs no escape, else quoted; `\DDD` for other octets. */
function presentValue(octets: Buffer): string {
  let out = '';
  let quote = octets.length === 0;
  for (const b of octets) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x20) out += ' ';
    else out += `\\${String(b).padStart(3, '0')}`;
    // Quoted when it holds a blank, an escape or a character the zone-file lexer stops at.
    if (b <= 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c || b === 0x3b || b === 0x28 || b === 0x29) quote = true;
  }
  return quote ? `"${out}"` : out;
}

/** List items escaped for the value-list layer (`,` and `\`), before character-string escaping. */
function listOctets(items: Buffer[]): Buffer {
  const out: number[] = [];
  items.forEach((item, index) => {
    if (index > 0) out.push(0x2c);
    for (const b of item) {
      if (b === 0x2c || b === 0x5c) out.push(0x5c);
      out.push(b);
    }
  });
  return Buffer.from(out);
}

/** Presentation of one wire value; undefined when the bytes do not fit the key. */
export function svcParamValueText(key: number, data: Buffer): string | undefined {
  switch (key) {
    case 0: {
      if (data.length === 0 || data.length % 2 !== 0) return undefined;
      const keys: string[] = [];
      for (let i = 0; i < data.length; i += 2) keys.push(keyName(data.readUInt16BE(i)));
      return keys.join(',');
    }
    case 1: {
      const ids: Buffer[] = [];
      for (let i = 0; i < data.length; ) {
        const length = data[i] as number;
        if (length === 0 || i + 1 + length > data.length) return undefined;
        ids.push(data.subarray(i + 1, i + 1 + length));
        i += 1 + length;
      }
      return ids.length === 0 ? undefined : presentValue(listOctets(ids));
    }
    case 2:
      return data.length === 0 ? '' : undefined;
    case 3:
      return data.length === 2 ? String(data.readUInt16BE(0)) : undefined;
    case 4: {
      if (data.length === 0 || data.length % 4 !== 0) return undefined;
      const ips: string[] = [];
      for (let i = 0; i < data.length; i += 4) ips.push([...data.subarray(i, i + 4)].join('.'));
      return ips.join(',');
    }
    case 5:
      return data.length === 0 ? undefined : data.toString('base64');
    case 6: {
      if (data.length === 0 || data.length % 16 !== 0) return undefined;
      const ips: string[] = [];
      for (let i = 0; i < data.length; i += 16) {
        const words: string[] = [];
        for (let j = 0; j < 16; j += 2) words.push(data.readUInt16BE(i + j).toString(16));
        ips.push(canonicalIPv6(words.join(':')) as string);
      }
      return ips.join(',');
    }
    default:
      return presentValue(data);
  }
}

/** Canonical presentation of params in key order; undefined when a value does not fit its key. */
export function svcParamsText(params: SvcParam[]): string | undefined {
  const parts: string[] = [];
  for (const { key, value } of [...params].sort((a, b) => a.key - b.key)) {
    const text = svcParamValueText(key, value);
    if (text === undefined) return undefined;
    // Keys with no value are written bare (no-default-alpn, keyNNNNN of no octets).
    parts.push(text === '' || (value.length === 0 && key > 6) ? keyName(key) : `${keyName(key)}=${text}`);
  }
  return parts.join(' ');
}

export function canonicalSvcParams(tokens: RdataToken[]): ParamResult {
  const params = svcParamsFromTokens(tokens);
  if (!params.ok) return params;
  return { ok: true, value: svcParamsText(params.params) ?? '' };
}
