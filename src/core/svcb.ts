import type { RdataToken } from './rdata-text.js';
import { canonicalIPv4, canonicalIPv6 } from './address.js';

/** SvcParams of SVCB/HTTPS (RFC 9460) in canonical form: keys in numeric order, values normalised. */

const KEYS: Record<string, number> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6 };
const NAMES = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [v, k])) as Record<number, string>;

function keyNumber(key: string): number | undefined {
  if (key in KEYS) return KEYS[key];
  const m = /^key(\d{1,5})$/.exec(key);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 65535 ? n : undefined;
}

function keyName(n: number): string {
  return NAMES[n] ?? `key${n}`;
}

type ParamResult = { ok: true; value: string } | { ok: false; error: string };

function normaliseValue(key: number, value: string): ParamResult {
  const list = value.split(',');
  switch (key) {
    case 0: {
      const numbers: number[] = [];
      for (const item of list) {
        const n = keyNumber(item);
        if (n === undefined) return { ok: false, error: `mandatory lists an unknown key "${item}"` };
        numbers.push(n);
      }
      return { ok: true, value: numbers.sort((a, b) => a - b).map(keyName).join(',') };
    }
    case 3:
      return /^\d+$/.test(value) && Number(value) <= 65535 ? { ok: true, value: String(Number(value)) } : { ok: false, error: `port "${value}" is not a port number` };
    case 4: {
      const ips = list.map(canonicalIPv4);
      return ips.every(Boolean) ? { ok: true, value: ips.join(',') } : { ok: false, error: `ipv4hint "${value}" is not a list of IPv4 addresses` };
    }
    case 6: {
      const ips = list.map(canonicalIPv6);
      return ips.every(Boolean) ? { ok: true, value: ips.join(',') } : { ok: false, error: `ipv6hint "${value}" is not a list of IPv6 addresses` };
    }
    default:
      return { ok: true, value };
  }
}

export function canonicalSvcParams(tokens: RdataToken[]): ParamResult {
  const params = new Map<number, string | undefined>();
  for (const token of tokens) {
    const text = token.bytes.toString('utf8');
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const number = keyNumber(key.toLowerCase());
    if (number === undefined) return { ok: false, error: `unknown SvcParam key "${key}"` };
    if (params.has(number)) return { ok: false, error: `SvcParam "${key}" appears twice` };
    if (eq < 0) {
      if (number !== 2 && number !== 5 && number < 7) return { ok: false, error: `SvcParam "${key}" needs a value` };
      params.set(number, undefined);
      continue;
    }
    let raw = text.slice(eq + 1);
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) raw = raw.slice(1, -1);
    const value = normaliseValue(number, raw);
    if (!value.ok) return value;
    params.set(number, value.value);
  }
  const parts = [...params.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => (v === undefined ? keyName(k) : /[\s"]/.test(v) ? `${keyName(k)}="${v.replace(/(["\\])/g, '\\$1')}"` : `${keyName(k)}=${v}`));
  return { ok: true, value: parts.join(' ') };
}
