import type { RRset, Zone } from './model.js';
import type { Problem } from './problem.js';
import type { NameTypeIndex } from './rrset-index.js';

/** What every lint rule shares (lint.ts, lint-targets.ts): its input, its id and severity, how it reports. */

/** What a lint rule may know besides the zone: how it is served. */
export interface LintContext {
  /** Provider ids the zone is kept in sync on. */
  targets: string[];
  /** TTL of the zone's apex NS rrset when known (from the zone file, config or a provider). */
  nsTtl?: number;
  /** Warning rules the zone's config turned off (`lint: { disable: [...] }`). */
  disabled?: readonly string[];
  /** Targets that cannot serve the zone signed, each with why (provider capabilities `signing`). */
  unsignedTargets?: ReadonlyArray<{ id: string; reason: string }>;
}

/** Every rule id lint prints, with its severity; only warnings can be disabled per zone. */
export const LINT_RULE_SEVERITY = {
  'cname-at-apex': 'error',
  'cname-beside-data': 'error',
  'cname-single-value': 'error',
  'alias-below-apex': 'warning',
  'ttl-above-ns-ttl': 'warning',
  'single-provider': 'warning',
  'data-at-delegation': 'warning',
  'host-name-syntax': 'warning',
  duplicate: 'error',
  'rdata-too-long': 'error',
  'dname-occludes': 'error',
  'ds-without-signer': 'warning',
  'ns-ttl-above-ds-ttl': 'warning',
  'dangling-target': 'warning',
} as const satisfies Record<string, Problem['severity']>;
export type LintRuleId = keyof typeof LINT_RULE_SEVERITY;

/** The ids `lint: { disable: [...] }` accepts. */
export const DISABLEABLE_LINT_RULES: readonly LintRuleId[] = (Object.keys(LINT_RULE_SEVERITY) as LintRuleId[]).filter((id) => LINT_RULE_SEVERITY[id] === 'warning');

/**
 * What the rules see: the zone, how it is served, and the zone's rrsets by name and type (built
 * once for all rules; rrsets declared twice are kept out of it and listed apart).
 */
export interface LintInput {
  zone: Zone;
  context: LintContext;
  index: NameTypeIndex<RRset>;
  duplicates: RRset[];
}

export type LintRule = (input: LintInput) => Problem[];

export function problem(rule: LintRuleId, rrset: RRset | undefined, message: string): Problem {
  const p: Problem = { severity: LINT_RULE_SEVERITY[rule], rule, message };
  if (rrset) p.record = `${rrset.name} ${rrset.type}`;
  if (rrset?.source) p.location = rrset.source;
  return p;
}

/** A rule about single rrsets: the problem an rrset has, if any. */
export function eachRRset(check: (r: RRset, input: LintInput) => Problem | undefined): LintRule {
  return (input) => {
    const problems: Problem[] = [];
    const rrsets = input.zone.rrsets;
    for (const rrset of rrsets) {
      const found = check(rrset, input);
      if (found) problems.push(found);
    }
    return problems;
  };
}

/** The name an MX, SRV, NS, CNAME or ALIAS value points at: the last field of a canonical value, whose names hold no bare space. */
export function pointedName(type: RRset['type'], value: string): string {
  return type === 'MX' || type === 'SRV' ? value.slice(value.lastIndexOf(' ') + 1) : value;
}
