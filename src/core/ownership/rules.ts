import type { RRset } from '../model.js';
import { relativeName } from '../name.js';
import { tokenizeRdata } from '../rdata-text.js';

/**
 * Who else writes to a zone, as zonesync.yaml says it: rrsets matching an ignore rule, and (with
 * `purge: false`) every rrset the zone file does not declare, are left alone. Pure data: plans
 * carry it, so `apply --plan`, resume and rollback judge live state by the same rules.
 */
export interface IgnoreRule {
  /** Glob relative to the zone: `*` is one label (or part of one: `k8s-*`), `**` any number of labels (none too), `@` the apex. */
  name?: string;
  /** Types the rule covers; all types when absent. */
  type?: string[];
  /** Glob over a value (`*` any characters): the rrset matches when one of its values does. TXT is matched as its text. */
  value?: string;
}

/** external-dns's TXT registry: the records owner `id` claims, and the registry records themselves. */
export interface ExternalDnsRule {
  owner: 'external-dns';
  id: string;
  /** `--txt-prefix` (may hold `%{record_type}`). */
  prefix?: string;
  /** `--txt-suffix` (may hold `%{record_type}`); exclusive with prefix. */
  suffix?: string;
  /** `--txt-wildcard-replacement`. */
  wildcardReplacement?: string;
}

export type IgnoreEntry = IgnoreRule | ExternalDnsRule;

export interface SharePolicy {
  ignore: IgnoreEntry[];
  /** False: live rrsets the zone file does not declare are left alone. */
  purge: boolean;
  /** zonesync's own registry: rrsets it creates are claimed for `id`; rrsets claimed by another id are foreign. */
  ownership?: { id: string };
}

export const DEFAULT_POLICY: SharePolicy = { ignore: [], purge: true };

export function isExternalDns(rule: IgnoreEntry): rule is ExternalDnsRule {
  return (rule as ExternalDnsRule).owner === 'external-dns';
}

/** True when the policy can leave anything alone (plans made without one look as they did before). */
export function sharesZone(policy: SharePolicy): boolean {
  return policy.ignore.length > 0 || !policy.purge || policy.ownership !== undefined;
}

/** `*` within one label; matched case-insensitively (names are lowercase). */
function labelMatches(pattern: string, label: string): boolean {
  if (!pattern.includes('*')) return pattern === label;
  return globRegExp(pattern, '[^.]*').test(label);
}

function globRegExp(pattern: string, star: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(star);
  return new RegExp(`^${body}$`, 's');
}

function labelsMatch(pattern: readonly string[], pi: number, labels: readonly string[], li: number): boolean {
  if (pi === pattern.length) return li === labels.length;
  const p = pattern[pi] as string;
  if (p === '**') {
    for (let skip = li; skip <= labels.length; skip++) if (labelsMatch(pattern, pi + 1, labels, skip)) return true;
    return false;
  }
  return li < labels.length && labelMatches(p, labels[li] as string) && labelsMatch(pattern, pi + 1, labels, li + 1);
}

/** Does `name` (absolute) match the glob `pattern`, relative to `zone`? */
export function nameMatches(pattern: string, name: string, zone: string): boolean {
  const relative = relativeName(name, zone);
  const labels = relative === '' ? [] : relative.split('.');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const parts = p === '@' || p === '' ? [] : p.split('.');
  return labelsMatch(parts, 0, labels, 0);
}

/** A TXT value's text, its strings joined (what a person writes in a pattern); other types as they are. */
export function valueText(type: string, value: string): string {
  if (type !== 'TXT') return value;
  const tokens = tokenizeRdata(value);
  return tokens.ok ? tokens.tokens.map((t) => t.bytes.toString('latin1')).join('') : value;
}

export function ruleMatches(rule: IgnoreRule, rrset: Pick<RRset, 'name' | 'type' | 'values'>, zone: string): boolean {
  if (rule.type && !rule.type.includes(rrset.type)) return false;
  if (rule.name !== undefined && !nameMatches(rule.name, rrset.name, zone)) return false;
  if (rule.value !== undefined) {
    const re = globRegExp(rule.value, '.*');
    if (!rrset.values.some((v) => re.test(valueText(rrset.type, v)))) return false;
  }
  return true;
}

/** Index of the first plain ignore rule matching the rrset (external-dns presets are judged apart). */
export function matchingRule(rules: readonly IgnoreEntry[], rrset: Pick<RRset, 'name' | 'type' | 'values'>, zone: string): number | undefined {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as IgnoreEntry;
    if (!isExternalDns(rule) && ruleMatches(rule, rrset, zone)) return i;
  }
  return undefined;
}

/** A rule in a line of output: `{ name: _acme-challenge.**, type: TXT }`. */
export function describeRule(rule: IgnoreEntry): string {
  if (isExternalDns(rule)) {
    const affix = rule.prefix !== undefined ? `, prefix: ${rule.prefix}` : rule.suffix !== undefined ? `, suffix: ${rule.suffix}` : '';
    return `{ owner: external-dns, id: ${rule.id}${affix} }`;
  }
  const parts: string[] = [];
  if (rule.name !== undefined) parts.push(`name: ${rule.name}`);
  if (rule.type) parts.push(`type: ${rule.type.length === 1 ? rule.type[0] : `[${rule.type.join(', ')}]`}`);
  if (rule.value !== undefined) parts.push(`value: ${rule.value}`);
  return `{ ${parts.join(', ')} }`;
}
