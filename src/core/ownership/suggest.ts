import { isProviderOwned } from '../diff.js';
import type { RRset, Zone } from '../model.js';
import { externalDnsClaims, registryOwner } from './external-dns.js';
import { ownershipClaims, parseOwnership } from './registry.js';
import { describeRule, ruleMatches, type IgnoreEntry } from './rules.js';
import { splitLive } from './split.js';

/** What `import` finds other writers own in a zone, and the rules that would leave it alone. */
export interface Suggestion {
  rules: IgnoreEntry[];
  /** Why each rule is suggested, in the rules' order. */
  why: string[];
  /** Other zonesync ownership ids claiming records (they need `ownership:`, not a rule). */
  owners: string[];
}

const ACME: IgnoreEntry = { name: '_acme-challenge.**', type: ['TXT'] };

/**
 * Rules for the records a shared zone shows other writers keep: ACME challenge TXT (cert-manager,
 * certbot) and external-dns's registry (one preset per owner id). An external-dns owner whose
 * registry names no record under the default naming is suggested with a note: its records are
 * found once `prefix` or `suffix` matches how that external-dns runs.
 */
export function suggestIgnore(zone: Zone): Suggestion {
  const live = zone.rrsets.filter((r) => !isProviderOwned(r, zone.name));
  const out: Suggestion = { rules: [], why: [], owners: [] };
  const acme = live.filter((r) => ruleMatches(ACME as { name: string; type: string[] }, r, zone.name));
  if (acme.length > 0) {
    out.rules.push(ACME);
    out.why.push(`${acme.length} ACME challenge TXT rrset${acme.length === 1 ? '' : 's'}`);
  }
  const owners = [...new Set(live.map(registryOwner).filter((o): o is string => o !== undefined))].sort();
  for (const id of owners) {
    const rule: IgnoreEntry = { owner: 'external-dns', id };
    const claims = externalDnsClaims(rule, live);
    out.rules.push(rule);
    out.why.push(`${claims.registry.size} external-dns registry TXT of owner ${id}${claims.claimed.size > 0 ? `, claiming ${claims.claimed.size} rrset${claims.claimed.size === 1 ? '' : 's'}` : ' naming no record under the default naming: add the prefix or suffix your external-dns runs with'}`);
  }
  out.owners = [...new Set(live.map((r) => parseOwnership(r)?.owner).filter((o): o is string => o !== undefined))].sort();
  return out;
}

/** The zone without what the suggested rules leave alone, nor what another zonesync owner claims (what `import --ignore-foreign` writes). */
export function withoutForeign(zone: Zone, suggestion: Suggestion): { zone: Zone; left: RRset[] } {
  const split = splitLive(zone.rrsets, { zone: zone.name, policy: { ignore: suggestion.rules, purge: true } });
  const leftKeys = new Set(split.leftAlone.map((l) => `${l.name} ${l.type}`));
  const claims = ownershipClaims(zone.rrsets, zone.name);
  const owned = (r: RRset) => parseOwnership(r) !== undefined || claims.has(`${r.name} ${r.type}`);
  const left = zone.rrsets.filter((r) => leftKeys.has(`${r.name} ${r.type}`) || owned(r));
  return { zone: { ...zone, rrsets: zone.rrsets.filter((r) => !left.includes(r)) }, left };
}

/** The `ignore:` block for zonesync.yaml, with a comment per rule. */
export function ignoreYaml(suggestion: Suggestion): string[] {
  if (suggestion.rules.length === 0) return [];
  return ['ignore:', ...suggestion.rules.map((rule, i) => `  - ${describeRule(rule)}  # ${suggestion.why[i] ?? ''}`)];
}
