import type { Zone, RRset } from './model.js';
import { rrsetKey } from './model.js';
import type { Problem } from './problem.js';

/** What a lint rule may know besides the zone: how it is served. */
export interface LintContext {
  /** Provider ids the zone is kept in sync on. */
  targets: string[];
  /** TTL of the zone's apex NS rrset when known (from the zone file, config or a provider). */
  nsTtl?: number;
}

export type LintRule = (zone: Zone, context: LintContext) => Problem[];

function problem(rule: string, severity: Problem['severity'], rrset: RRset | undefined, message: string): Problem {
  const p: Problem = { severity, rule, message };
  if (rrset) p.record = `${rrset.name} ${rrset.type}`;
  if (rrset?.source) p.location = rrset.source;
  return p;
}

/** RFC 1034 §3.6.2: a CNAME owner has no other data, and the apex always has SOA and NS. */
export const cnameAtApex: LintRule = (zone) =>
  zone.rrsets
    .filter((r) => r.type === 'CNAME' && r.name === zone.name)
    .map((r) => problem('cname-at-apex', 'error', r, 'a CNAME cannot be at the zone apex (the apex has SOA and NS); use ALIAS'));

function rrsetsByName(zone: Zone): Map<string, RRset[]> {
  const byName = new Map<string, RRset[]>();
  for (let i = 0; i < zone.rrsets.length; i++) {
    const r = zone.rrsets[i] as RRset;
    const list = byName.get(r.name);
    if (list) list.push(r);
    else byName.set(r.name, [r]);
  }
  return byName;
}

export const cnameBesideData: LintRule = (zone) => {
  const problems: Problem[] = [];
  for (const rrsets of rrsetsByName(zone).values()) {
    const cname = rrsets.find((r) => r.type === 'CNAME');
    if (!cname || cname.name === zone.name || rrsets.length === 1) continue;
    const others = rrsets.filter((r) => r !== cname).map((r) => r.type).join(', ');
    problems.push(problem('cname-beside-data', 'error', cname, `a CNAME cannot stand beside other data at the same name (${others})`));
  }
  return problems;
};

export const cnameSingleValue: LintRule = (zone) =>
  zone.rrsets
    .filter((r) => (r.type === 'CNAME' || r.type === 'ALIAS') && r.values.length > 1)
    .map((r) => problem('cname-single-value', 'error', r, `a ${r.type} has exactly one target, got ${r.values.length}`));

export const aliasBelowApex: LintRule = (zone) =>
  zone.rrsets
    .filter((r) => r.type === 'ALIAS' && r.name !== zone.name)
    .map((r) => problem('alias-below-apex', 'warning', r, 'ALIAS below the apex is served by few providers; a CNAME does the same job here'));

/** A record that outlives the delegation can keep answering after a provider switch. */
export const ttlAboveNsTtl: LintRule = (zone, context) => {
  const nsTtl = context.nsTtl;
  if (nsTtl === undefined) return [];
  return zone.rrsets
    .filter((r) => r.ttl > nsTtl)
    .map((r) => problem('ttl-above-ns-ttl', 'warning', r, `TTL ${r.ttl} is above the zone's NS TTL ${nsTtl}; after a provider switch or a rollback, caches may keep it for ${r.ttl}s`));
};

/** One provider is one outage away from the zone going dark. */
export const singleTarget: LintRule = (zone, context) =>
  context.targets.length < 2
    ? [{ severity: 'warning', rule: 'single-provider', message: `${zone.name} is served by ${context.targets.length === 0 ? 'no provider' : `one provider only (${context.targets[0]})`}; an outage of it takes the zone down — add a second target` }]
    : [];

export const dataAtDelegation: LintRule = (zone) => {
  const problems: Problem[] = [];
  for (const rrsets of rrsetsByName(zone).values()) {
    const ns = rrsets.find((r) => r.type === 'NS' && r.name !== zone.name);
    if (ns && rrsets.some((o) => o.type !== 'NS' && o.type !== 'DS')) {
      problems.push(problem('data-at-delegation', 'warning', ns, 'a delegation point (NS below the apex) should hold only NS and DS; other data there is not served authoritatively'));
    }
  }
  return problems;
};

export const duplicateRRsets: LintRule = (zone) => {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (let i = 0; i < zone.rrsets.length; i++) {
    const r = zone.rrsets[i] as RRset;
    const key = rrsetKey(r);
    if (seen.has(key)) problems.push(problem('duplicate', 'error', r, 'declared twice'));
    seen.add(key);
  }
  return problems;
};

export const LINT_RULES: readonly LintRule[] = [cnameAtApex, cnameBesideData, cnameSingleValue, aliasBelowApex, ttlAboveNsTtl, singleTarget, dataAtDelegation, duplicateRRsets];

export function lintZone(zone: Zone, context: LintContext, rules: readonly LintRule[] = LINT_RULES): Problem[] {
  return rules.flatMap((rule) => rule(zone, context));
}
