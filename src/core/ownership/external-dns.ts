import type { RRset } from '../model.js';
import { valueText, type ExternalDnsRule } from './rules.js';

/**
 * external-dns's TXT registry, as its docs and name mapper describe it: a TXT record whose text is
 * `heritage=external-dns,external-dns/owner=ID[,external-dns/resource=…]` (sometimes wrapped in
 * literal quotes) says owner ID manages the record it names. The registry name of `name` TYPE is
 * the first label with the prefix before it and the suffix after it (`%{record_type}` in either
 * is the lowercase type; without it, `type-` goes before the label), then the rest of the name:
 * `a-www.example.com` by default, `p-a.www.example.com` for `--txt-prefix=p-%{record_type}.`.
 * The older format has no type in the name and claims every type there.
 */

const TEMPLATE = '%{record_type}';

/** The labels of a registry record's text, or undefined when it is not external-dns's. */
export function externalDnsLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let heritage = false;
  for (const token of text.replace(/^"+|"+$/g, '').split(',')) {
    const cut = token.indexOf('=');
    if (cut < 0) continue;
    const key = token.slice(0, cut);
    const value = token.slice(cut + 1);
    if (key === 'heritage') {
      if (value !== 'external-dns') return undefined;
      heritage = true;
    } else if (key.startsWith('external-dns/')) labels[key.slice('external-dns/'.length)] = value;
  }
  return heritage ? labels : undefined;
}

/** The owner an external-dns registry rrset names, or undefined when it is not one. */
export function registryOwner(rrset: Pick<RRset, 'type' | 'values'>): string | undefined {
  if (rrset.type !== 'TXT') return undefined;
  for (const value of rrset.values) {
    const owner = externalDnsLabels(valueText('TXT', value))?.owner;
    if (owner !== undefined) return owner;
  }
  return undefined;
}

/** external-dns's registry name for `name` TYPE (absolute, trailing dot); `type` undefined gives the older format's name. */
export function registryName(rule: Pick<ExternalDnsRule, 'prefix' | 'suffix' | 'wildcardReplacement'>, name: string, type: string | undefined): string {
  const bare = name.replace(/\.$/, '');
  const cut = bare.indexOf('.');
  let first = cut < 0 ? bare : bare.slice(0, cut);
  const rest = cut < 0 ? '' : bare.slice(cut);
  const lower = type?.toLowerCase() ?? '';
  const prefix = (rule.prefix ?? '').toLowerCase();
  const suffix = rule.prefix ? '' : (rule.suffix ?? '').toLowerCase();
  if (rule.wildcardReplacement && first === '*') first = rule.wildcardReplacement.toLowerCase();
  const templated = prefix.includes(TEMPLATE) || suffix.includes(TEMPLATE);
  if (type !== undefined && !templated) first = `${lower}-${first}`;
  const fill = (affix: string) => affix.split(TEMPLATE).join(lower);
  return `${fill(prefix)}${first}${fill(suffix)}${rest}.`;
}

export interface ExternalDnsClaims {
  /** `name TYPE` of the registry rrsets owner `id` wrote. */
  registry: Set<string>;
  /** `name TYPE` of rrsets those registry records claim (`name *` for the older format). */
  claimed: Set<string>;
}

/** What external-dns owner `rule.id` holds in the live rrsets: its registry records and the records they name. */
export function externalDnsClaims(rule: ExternalDnsRule, live: readonly RRset[]): ExternalDnsClaims {
  const owned = new Set<string>();
  for (const rrset of live) if (registryOwner(rrset) === rule.id) owned.add(rrset.name);
  const claims: ExternalDnsClaims = { registry: new Set(), claimed: new Set() };
  if (owned.size === 0) return claims;
  for (const name of owned) claims.registry.add(`${name} TXT`);
  for (const rrset of live) {
    if (claims.registry.has(`${rrset.name} ${rrset.type}`)) continue;
    if (owned.has(registryName(rule, rrset.name, rrset.type)) || owned.has(registryName(rule, rrset.name, undefined))) claims.claimed.add(`${rrset.name} ${rrset.type}`);
  }
  return claims;
}
