import { canonicalIPv4, canonicalIPv6 } from '../address.js';
import { canonicalSubnet, expandIPv6 } from './canonical.js';
import { geoCodeProblem } from './geo.js';
import type { Dynamic } from './model.js';

/**
 * The checks octoDNS makes of a `dynamic:` block (octodns/record/dynamic.py `_validate_pools`,
 * `_validate_rules`, DynamicValidator), with its words, on the block as written (before
 * canonicalDynamic: rule and value numbers, and the geos' case, are the file's). Each issue names
 * the path of the node it is about, for the reader to turn into a line and column. What the YAML
 * reader checks while it builds the block (shapes, integer weights, status words, rdata of the
 * values) is not repeated here.
 */

/** Keys and indexes from the `dynamic:` node down: `['rules', 1, 'geos', 0]`. */
export type DynamicPath = ReadonlyArray<string | number>;

export interface DynamicIssue {
  rule: string;
  message: string;
  path: DynamicPath;
}

export function validateDynamic(dynamic: Dynamic): DynamicIssue[] {
  const issues: DynamicIssue[] = [];
  const { exist, fallbacks } = checkPools(dynamic, issues);
  const used = checkRules(dynamic, issues);
  const unused = [...exist].filter((p) => !used.has(p) && !fallbacks.has(p)).sort();
  if (unused.length > 0) issues.push({ rule: 'dynamic-unused-pool', message: `unused pools: "${unused.join('", "')}"`, path: ['pools', unused[0] as string] });
  return issues;
}

function checkPools(dynamic: Dynamic, issues: DynamicIssue[]): { exist: Set<string>; fallbacks: Set<string> } {
  const pools = dynamic.pools;
  const exist = new Set<string>();
  const fallbacks = new Set<string>();
  const names = Object.keys(pools);
  if (names.length === 0) issues.push({ rule: 'dynamic-missing-pools', message: 'missing pools', path: ['pools'] });
  for (const id of names.sort()) {
    const pool = pools[id];
    if (!pool) continue;
    exist.add(id);
    pool.values.forEach((v, i) => {
      if (!Number.isInteger(v.weight) || v.weight < 1 || v.weight > 100) {
        issues.push({ rule: 'dynamic-weight', message: `invalid weight "${v.weight}" in pool "${id}" value ${i + 1}`, path: ['pools', id, 'values', i, 'weight'] });
      }
    });
    if (pool.values.length === 1 && pool.values[0]?.weight !== 1) {
      issues.push({ rule: 'dynamic-weight', message: `pool "${id}" has single value with weight!=1`, path: ['pools', id, 'values', 0, 'weight'] });
    }
    const fallback = pool.fallback;
    if (fallback === undefined) continue;
    if (fallback in pools) fallbacks.add(fallback);
    else issues.push({ rule: 'dynamic-unknown-pool', message: `undefined fallback "${fallback}" for pool "${id}"`, path: ['pools', id, 'fallback'] });
    const seen = [id, fallback];
    for (let next = pools[fallback]?.fallback; next !== undefined; next = pools[next]?.fallback) {
      if (seen.includes(next)) {
        issues.push({ rule: 'dynamic-fallback-loop', message: `loop in pool fallbacks: ${seen.join(' -> ')}`, path: ['pools', id, 'fallback'] });
        break;
      }
      seen.push(next);
    }
  }
  return { exist, fallbacks };
}

function checkRules(dynamic: Dynamic, issues: DynamicIssue[]): Set<string> {
  const { pools, rules } = dynamic;
  const used = new Set<string>();
  if (rules.length === 0) {
    issues.push({ rule: 'dynamic-missing-rules', message: 'missing rules', path: ['rules'] });
    return used;
  }
  const geosSeen = new Map<string, number>();
  // Keyed by network, the last rule that named it (as octoDNS's dict is).
  const subnetsSeen = new Map<string, { net: Network; rule: number }>();
  let seenDefault = false;
  rules.forEach((rule, i) => {
    const n = i + 1;
    const geos = rule.geos ?? [];
    const subnets = rule.subnets ?? [];
    const add = (code: string, message: string, path: DynamicPath = ['rules', i]): void => void issues.push({ rule: code, message: `rule ${n} ${message}`, path });
    if (!(rule.pool in pools)) add('dynamic-unknown-pool', `undefined pool "${rule.pool}"`, ['rules', i, 'pool']);
    else if (used.has(rule.pool) && (subnets.length > 0 || geos.length > 0)) add('dynamic-pool-reused', `invalid, target pool "${rule.pool}" reused`, ['rules', i, 'pool']);
    used.add(rule.pool);
    // octoDNS's order: subnets only, then subnets with geos, then geos only.
    const previous = rules[i - 1];
    if (previous) {
      const before = { subnets: (previous.subnets ?? []).length > 0, geos: (previous.geos ?? []).length > 0 };
      if (subnets.length > 0 && geos.length > 0 && !before.subnets && before.geos) add('dynamic-rule-order', 'with subnet(s) and geo(s) should appear before all geo-only rules');
      else if (subnets.length > 0 && geos.length === 0 && before.geos) add('dynamic-rule-order', 'with only subnet targeting should appear before all geo targeting rules');
    }
    if (subnets.length === 0 && geos.length === 0) {
      if (seenDefault) add('dynamic-catch-all', 'duplicate default');
      seenDefault = true;
    }
    const networks: Array<{ net: Network; text: string; index: number }> = [];
    subnets.forEach((text, index) => {
      const net = parseNetwork(text);
      if (net) networks.push({ net, text: canonicalSubnet(text) ?? text, index });
      else add('dynamic-subnet', `invalid subnet "${text}"`, ['rules', i, 'subnets', index]);
    });
    // Broadest first (octoDNS sorts by version and network), so a needless more specific one is found.
    for (const { net, text, index } of networks.sort((a, b) => compareNetworks(a.net, b.net))) {
      for (const [seenText, seen] of subnetsSeen) {
        if (seen.net.v6 !== net.v6) continue;
        if (seenText === text) add('dynamic-subnet-overlap', `targets subnet ${text} which has previously been seen in rule ${seen.rule}`, ['rules', i, 'subnets', index]);
        else if (within(net, seen.net)) add('dynamic-subnet-overlap', `targets subnet ${text} which is more specific than the previously seen ${seenText} in rule ${seen.rule}`, ['rules', i, 'subnets', index]);
      }
      subnetsSeen.set(text, { net, rule: n });
    }
    for (const { geo, index } of geos.map((geo, index) => ({ geo, index })).sort((a, b) => (a.geo < b.geo ? -1 : a.geo > b.geo ? 1 : 0))) {
      const path = ['rules', i, 'geos', index];
      const bad = geoCodeProblem(geo);
      if (bad) add('dynamic-geo', bad, path);
      for (const [seen, where] of geosSeen) {
        if (geo === seen) add('dynamic-geo-overlap', `targets geo ${geo} which has previously been seen in rule ${where}`, path);
        else if (geo.startsWith(`${seen}-`)) add('dynamic-geo-overlap', `targets geo ${geo} which is more specific than the previously seen ${seen} in rule ${where}`, path);
      }
      geosSeen.set(geo, n);
    }
  });
  const last = rules[rules.length - 1];
  if (last && ((last.subnets ?? []).length > 0 || (last.geos ?? []).length > 0)) {
    issues.push({ rule: 'dynamic-catch-all', message: 'final rule has "subnets" and/or "geos" and is not catchall', path: ['rules', rules.length - 1] });
  }
  return used;
}

interface Network {
  v6: boolean;
  bytes: number[];
  prefix: number;
}

/**
 * A subnet as Python's `ipaddress.ip_network` (strict) takes it: an address with an optional
 * prefix, host bits zero. undefined when octoDNS would call it invalid.
 */
export function parseNetwork(text: string): Network | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const v4 = canonicalIPv4(address);
  const v6 = v4 === undefined ? canonicalIPv6(address) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  const full = slash < 0 ? `${text}/${v4 !== undefined ? 32 : 128}` : text;
  const network = canonicalSubnet(full);
  if (network === undefined) return undefined;
  const prefix = Number(network.slice(network.indexOf('/') + 1));
  const bytes = v4 !== undefined ? v4.split('.').map(Number) : expandIPv6(v6 as string).flatMap((g) => [g >> 8, g & 0xff]);
  const masked = v4 !== undefined ? network.slice(0, network.indexOf('/')).split('.').map(Number) : expandIPv6(network.slice(0, network.indexOf('/'))).flatMap((g) => [g >> 8, g & 0xff]);
  // Host bits set: ip_network refuses it ("has host bits set").
  if (bytes.some((b, i) => b !== masked[i])) return undefined;
  return { v6: v4 === undefined, bytes, prefix };
}

function compareNetworks(a: Network, b: Network): number {
  if (a.v6 !== b.v6) return a.v6 ? 1 : -1;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return (a.bytes[i] as number) - (b.bytes[i] as number);
  return a.prefix - b.prefix;
}

/** Whether `inner` lies inside `outer` (Python's `subnet_of`). */
function within(inner: Network, outer: Network): boolean {
  if (inner.prefix < outer.prefix) return false;
  for (let i = 0; i < outer.bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, outer.prefix - i * 8));
    const mask = (0xff << (8 - bits)) & 0xff;
    if (((inner.bytes[i] as number) & mask) !== (outer.bytes[i] as number)) return false;
  }
  return true;
}
