import { canonicalIPv6 } from '../core/address.js';
import { tokenizeRdata } from '../core/rdata-text.js';
import { canonicalWireName, decodeName, absoluteName } from './packet.js';

/** SVCB/HTTPS rdata (RFC 9460) both ways; dns-packet does not know these types. */

const KEYS: Record<string, number> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6 };
const NAMES = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [v, k])) as Record<number, string>;

function keyNumber(key: string): number {
  const known = KEYS[key];
  if (known !== undefined) return known;
  const generic = /^key(\d+)$/.exec(key);
  if (!generic) throw new Error(`unknown SvcParam key "${key}"`);
  return Number(generic[1]);
}

function keyName(n: number): string {
  return NAMES[n] ?? `key${n}`;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

export function ipv6Bytes(text: string): Buffer {
  const canonical = canonicalIPv6(text);
  if (!canonical) throw new Error(`"${text}" is not an IPv6 address`);
  const [head = '', tail] = canonical.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const words = tail === undefined ? groups(head) : [...groups(head), ...new Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return Buffer.concat(words.map((w) => u16(parseInt(w, 16))));
}

function ipv6Text(bytes: Buffer): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(bytes.readUInt16BE(i).toString(16));
  return canonicalIPv6(words.join(':')) as string;
}

function paramValue(key: number, value: Buffer): Buffer {
  const text = value.toString('utf8');
  switch (key) {
    case 0:
      return Buffer.concat(text.split(',').map((k) => u16(keyNumber(k))));
    case 1:
      return Buffer.concat(text.split(',').map((id) => Buffer.concat([Buffer.from([Buffer.byteLength(id)]), Buffer.from(id)])));
    case 3:
      return u16(Number(text));
    case 4:
      return Buffer.from(text.split(',').flatMap((ip) => ip.split('.').map(Number)));
    case 5:
      return Buffer.from(text, 'base64');
    case 6:
      return Buffer.concat(text.split(',').map(ipv6Bytes));
    default:
      return value;
  }
}

/** Presentation text → raw rdata: priority, uncompressed target, params in key order. */
export function svcbToWire(value: string): Buffer {
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(tokens.error);
  const [priority, target, ...params] = tokens.tokens;
  if (!priority || !target) throw new Error('expected "priority target [params…]"');
  const encoded = params.map((token) => {
    const text = token.bytes.toString('utf8');
    const eq = text.indexOf('=');
    const key = keyNumber(eq < 0 ? text : text.slice(0, eq));
    let raw = eq < 0 ? Buffer.alloc(0) : token.bytes.subarray(Buffer.byteLength(text.slice(0, eq + 1)));
    if (raw.length >= 2 && raw[0] === 0x22 && raw[raw.length - 1] === 0x22) raw = raw.subarray(1, -1);
    const data = eq < 0 ? raw : paramValue(key, raw);
    return { key, bytes: Buffer.concat([u16(key), u16(data.length), data]) };
  });
  encoded.sort((a, b) => a.key - b.key);
  return Buffer.concat([u16(Number(priority.text)), canonicalWireName(target.text), ...encoded.map((p) => p.bytes)]);
}

function escapeValue(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c || b === 0x2c) out += `\\${String.fromCharCode(b)}`;
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return out;
}

function valueText(key: number, data: Buffer): string {
  switch (key) {
    case 0: {
      const keys: string[] = [];
      for (let i = 0; i + 1 < data.length; i += 2) keys.push(keyName(data.readUInt16BE(i)));
      return keys.join(',');
    }
    case 1: {
      const ids: string[] = [];
      for (let i = 0; i < data.length; ) {
        const length = data[i] as number;
        ids.push(escapeValue(data.subarray(i + 1, i + 1 + length)));
        i += 1 + length;
      }
      return ids.join(',');
    }
    case 3:
      return String(data.readUInt16BE(0));
    case 4: {
      const ips: string[] = [];
      for (let i = 0; i + 3 < data.length; i += 4) ips.push([...data.subarray(i, i + 4)].join('.'));
      return ips.join(',');
    }
    case 5:
      return data.toString('base64');
    case 6: {
      const ips: string[] = [];
      for (let i = 0; i + 15 < data.length; i += 16) ips.push(ipv6Text(data.subarray(i, i + 16)));
      return ips.join(',');
    }
    default:
      return escapeValue(data);
  }
}

/** Raw rdata → presentation text (canonicalise it after). */
export function svcbFromWire(rdata: Buffer): string {
  if (rdata.length < 3) throw new Error('SVCB rdata is shorter than priority and target');
  const priority = rdata.readUInt16BE(0);
  const target = decodeName(rdata, 2);
  const parts = [String(priority), absoluteName(target.name)];
  for (let at = 2 + target.length; at < rdata.length; ) {
    if (at + 4 > rdata.length) throw new Error('SvcParam header runs past the end of the rdata');
    const key = rdata.readUInt16BE(at);
    const length = rdata.readUInt16BE(at + 2);
    const data = rdata.subarray(at + 4, at + 4 + length);
    if (data.length !== length) throw new Error(`SvcParam ${keyName(key)} runs past the end of the rdata`);
    parts.push(length === 0 && key !== 1 ? keyName(key) : `${keyName(key)}=${valueText(key, data)}`);
    at += 4 + length;
  }
  return parts.join(' ');
}
