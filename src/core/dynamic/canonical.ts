import { canonicalIPv4, canonicalIPv6 } from '../address.js';
import { canonicalJson } from '../canonical-json.js';
import type { RecordType } from '../model.js';
import { canonicalRdata } from '../rdata.js';
import type { Dynamic, DynamicHealthcheck, DynamicPool, DynamicRule, DynamicValue } from './model.js';

/**
 * The canonical form of a steered rrset's `dynamic` (the contract is in model.ts): what every
 * reader (zone file, provider) hands the diff, so two equal steering setups compare equal as JSON.
 * Values that are not valid rdata of the type, or subnets that do not parse, are kept as written:
 * validation (validate.ts) reports them; canonicalisation never throws.
 */

export const DEFAULT_WEIGHT = 1;

/** octoDNS's health-check defaults (octodns/record/dynamic.py: `_DynamicMixin.healthcheck_*`). */
export function defaultHealthcheck(recordName: string): DynamicHealthcheck {
  return { host: recordName.replace(/\.$/, ''), path: '/_dns', port: 443, protocol: 'HTTPS' };
}

/** `10.1.2.3/8` → `10.0.0.0/8`; an IPv6 network the same way (RFC 5952); undefined when not a subnet. */
export function canonicalSubnet(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash).trim();
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v4 = canonicalIPv4(address);
  if (v4 !== undefined) {
    if (prefix > 32) return undefined;
    const bytes = v4.split('.').map(Number);
    return `${maskBytes(bytes, prefix).join('.')}/${prefix}`;
  }
  const v6 = canonicalIPv6(address);
  if (v6 === undefined || prefix > 128) return undefined;
  const groups = expandIPv6(v6);
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  const masked = maskBytes(bytes, prefix);
  const back: string[] = [];
  for (let i = 0; i < 16; i += 2) back.push((((masked[i] ?? 0) << 8) | (masked[i + 1] ?? 0)).toString(16));
  return `${canonicalIPv6(back.join(':')) ?? back.join(':')}/${prefix}`;
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Eight 16-bit groups of a canonical IPv6 address. */
export function expandIPv6(canonical: string): number[] {
  const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

function canonicalValue(type: RecordType, value: string, origin: string): string {
  const result = canonicalRdata(type, value, origin);
  return result.ok ? result.value : value;
}

function canonicalPool(type: RecordType, pool: DynamicPool, origin: string): DynamicPool {
  const values: DynamicValue[] = pool.values
    .map((v) => ({ value: canonicalValue(type, v.value, origin), weight: v.weight ?? DEFAULT_WEIGHT, status: v.status ?? 'obey' }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.weight - b.weight));
  return pool.fallback === undefined ? { values } : { values, fallback: pool.fallback };
}

function canonicalRule(rule: DynamicRule): DynamicRule {
  const out: DynamicRule = { pool: rule.pool };
  if (rule.geos && rule.geos.length > 0) out.geos = [...new Set(rule.geos.map((g) => g.trim().toUpperCase()))].sort();
  if (rule.subnets && rule.subnets.length > 0) out.subnets = [...new Set(rule.subnets.map((s) => canonicalSubnet(s) ?? s))].sort();
  return out;
}

/**
 * `dynamic` of an rrset `name`/`type` in canonical form. `origin` resolves relative CNAME targets.
 * Provider blocks are kept as written, keys sorted by canonicalJson when compared.
 */
export function canonicalDynamic(name: string, type: RecordType, dynamic: Dynamic, origin: string): Dynamic {
  const pools: Record<string, DynamicPool> = {};
  for (const [key, pool] of Object.entries(dynamic.pools).sort(([a], [b]) => (a < b ? -1 : 1))) pools[key] = canonicalPool(type, pool, origin);
  const healthcheck = { ...defaultHealthcheck(name), ...dynamic.healthcheck };
  const out: Dynamic = { pools, rules: dynamic.rules.map(canonicalRule), healthcheck };
  if (dynamic.providerHealthcheck && Object.keys(dynamic.providerHealthcheck).length > 0) out.providerHealthcheck = dynamic.providerHealthcheck;
  return out;
}

/** Whether two canonical `dynamic` blocks (either may be absent) are the same steering. */
export function sameDynamic(a: Dynamic | undefined, b: Dynamic | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}
