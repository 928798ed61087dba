import type { Zone, RRset } from './model.js';
import { isHostName } from './name.js';
import { NameTypeIndex } from './rrset-index.js';
import type { Problem } from './problem.js';
import { MAX_RDATA_BYTES, mayExceedRdata, rdataWireLength } from './rdata-length.js';
import { eachRRset, pointedName, problem, type LintContext, type LintInput, type LintRule } from './lint-rule.js';
import { danglingTargets } from './lint-targets.js';

export { DISABLEABLE_LINT_RULES, LINT_RULE_SEVERITY, type LintContext, type LintInput, type LintRule, type LintRuleId } from './lint-rule.js';

/** RFC 1034 §3.6.2: a CNAME owner has no other data, and the apex always has SOA and NS. */
export const cnameAtApex = eachRRset((r, { zone }) =>
  r.type === 'CNAME' && r.name === zone.name ? problem('cname-at-apex', r, 'a CNAME cannot be at the zone apex (the apex has SOA and NS); use ALIAS') : undefined,
);

export const cnameBesideData: LintRule = ({ zone, index }) => {
  const problems: Problem[] = [];
  index.forEachSharedName((rrsets) => {
    const cname = rrsets.find((r) => r.type === 'CNAME');
    if (!cname || cname.name === zone.name) return;
    const others = rrsets.filter((r) => r !== cname).map((r) => r.type).join(', ');
    problems.push(problem('cname-beside-data', cname, `a CNAME cannot stand beside other data at the same name (${others})`));
  });
  return problems;
};

export const cnameSingleValue = eachRRset((r) =>
  (r.type === 'CNAME' || r.type === 'ALIAS') && r.values.length > 1 ? problem('cname-single-value', r, `a ${r.type} has exactly one target, got ${r.values.length}`) : undefined,
);

export const aliasBelowApex = eachRRset((r, { zone }) =>
  r.type === 'ALIAS' && r.name !== zone.name ? problem('alias-below-apex', r, 'ALIAS below the apex is served by few providers; a CNAME does the same job here') : undefined,
);

/** A record that outlives the delegation can keep answering after a provider switch. */
export const ttlAboveNsTtl: LintRule = (input) => {
  const nsTtl = input.context.nsTtl;
  if (nsTtl === undefined) return [];
  return eachRRset((r) =>
    r.ttl > nsTtl ? problem('ttl-above-ns-ttl', r, `TTL ${r.ttl} is above the zone's NS TTL ${nsTtl}; after a provider switch or a rollback, caches may keep it for ${r.ttl}s`) : undefined,
  )(input);
};

/** One provider is one outage away from the zone going dark. */
export const singleTarget: LintRule = ({ zone, context }) =>
  context.targets.length < 2
    ? [problem('single-provider', undefined, `${zone.name} is served by ${context.targets.length === 0 ? 'no provider' : `one provider only (${context.targets[0]})`}; an outage of it takes the zone down — add a second target`)]
    : [];

export const dataAtDelegation: LintRule = ({ zone, index }) => {
  const problems: Problem[] = [];
  index.forEachSharedName((rrsets) => {
    const ns = rrsets.find((r) => r.type === 'NS' && r.name !== zone.name);
    if (ns && rrsets.some((o) => o.type !== 'NS' && o.type !== 'DS')) {
      problems.push(problem('data-at-delegation', ns, 'a delegation point (NS below the apex) should hold only NS and DS; other data there is not served authoritatively'));
    }
  });
  return problems;
};

export const duplicateRRsets: LintRule = ({ duplicates }) => duplicates.map((r) => problem('duplicate', r, 'declared twice'));

/** RFC 1035 §3.2.1: a value over 65,535 bytes on the wire fits no DNS message; refused here rather than by a provider mid-apply. */
export const rdataTooLong = eachRRset((r) => {
  for (const value of r.values) {
    if (!mayExceedRdata(value)) continue;
    const length = rdataWireLength(r.type, value);
    if (length > MAX_RDATA_BYTES) return problem('rdata-too-long', r, `a value is ${length} bytes on the wire, more than the ${MAX_RDATA_BYTES} a record can hold (RFC 1035 §3.2.1)`);
  }
  return undefined;
});

/** The name one label up (`a.b.example.` → `b.example.`), or undefined at the root; escaped dots (`a\\.b`) stay in their label. */
function parentOf(name: string): string | undefined {
  for (let i = 0; i < name.length - 1; i++) {
    const c = name.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 46) return name.slice(i + 1);
  }
  return undefined;
}

/** RFC 6672 §2.3: no data below a DNAME owner ("MUST NOT exist"): BIND loads it but never answers it; kzonecheck refuses it. */
export const dnameOccludes: LintRule = ({ zone }) => {
  const owners = new Set(zone.rrsets.filter((r) => r.type === 'DNAME').map((r) => r.name));
  if (owners.size === 0) return [];
  const problems: Problem[] = [];
  for (const rrset of zone.rrsets) {
    // Walk up to the zone apex: a name has at most 127 labels, so this stays linear in the zone.
    for (let up = parentOf(rrset.name); up !== undefined && up.length >= zone.name.length; up = parentOf(up)) {
      if (owners.has(up)) {
        problems.push(problem('dname-occludes', rrset, `below the DNAME at ${up}: a name under a DNAME owner holds no data (RFC 6672 §2.3): BIND loads it and never answers it, Knot refuses the zone`));
        break;
      }
    }
  }
  return problems;
};

/**
 * RFC 952/1123 host-name syntax where a standard asks for a host: the exchange of an MX (RFC 5321
 * §2.3.5), the nameserver of an NS (RFC 1035 §3.3.11 "a host"), and the owner of an A/AAAA that one
 * of them names in this zone. Only a warning: DNS itself takes any octets (RFC 2181 §11), and
 * underscore owners of SRV, TXT, TLSA… are never hosts and never checked.
 */
export const hostNameSyntax: LintRule = ({ zone, index }) => {
  const problems: Problem[] = [];
  const targeted = new Map<string, string>();
  for (const rrset of zone.rrsets) {
    if (rrset.type !== 'MX' && rrset.type !== 'NS') continue;
    const targets = rrset.values.map((v) => pointedName(rrset.type, v));
    const bad = targets.filter((t) => !isHostName(t));
    for (const target of targets) if (!targeted.has(target)) targeted.set(target, rrset.type);
    if (bad.length > 0) {
      const what = rrset.type === 'MX' ? 'mail exchange' : 'nameserver';
      problems.push(problem('host-name-syntax', rrset, `${what} ${[...new Set(bad)].join(', ')} is not a host name (RFC 952/1123: letters, digits and inner hyphens)`));
    }
  }
  for (const [target, by] of targeted) {
    if (isHostName(target)) continue;
    for (const type of ['A', 'AAAA'] as const) {
      const address = index.get(target, type);
      if (address) problems.push(problem('host-name-syntax', address, `${target} is named by an ${by} record, so it should be a host name (RFC 952/1123: letters, digits and inner hyphens)`));
    }
  }
  return problems;
};

/**
 * A DS at a delegation says the child is signed, but the chain of trust runs through this zone:
 * on a target that cannot sign it, the DS is unsigned and resolvers cannot reach the child's keys.
 */
export const dsWithoutSigner: LintRule = ({ zone, context }) => {
  const unsigned = context.unsignedTargets ?? [];
  if (unsigned.length === 0) return [];
  const where = unsigned.map((t) => `${t.id} (${t.reason})`).join('; ');
  return zone.rrsets
    .filter((r) => r.type === 'DS' && r.name !== zone.name)
    .map((r) => problem('ds-without-signer', r, `a DS for ${r.name} while ${unsigned.length === 1 ? 'a target' : 'targets'} of ${zone.name} cannot sign it: ${where}; validating resolvers asking there get no signed DS, and the child's chain of trust breaks`));
};

/**
 * At a signed delegation, resolvers cache the NS for the NS TTL and the DS for the DS TTL. When a
 * switch changes both, an NS TTL above the DS TTL keeps the old delegation cached after the new DS
 * is: the old provider's keys no longer match, and the switch lasts the NS TTL, not the DS TTL.
 */
export const nsTtlAboveDsTtl: LintRule = ({ zone, index }) => {
  const problems: Problem[] = [];
  index.forEachSharedName((rrsets) => {
    const ns = rrsets.find((r) => r.type === 'NS' && r.name !== zone.name);
    const ds = rrsets.find((r) => r.type === 'DS');
    if (ns && ds && ns.ttl > ds.ttl) {
      problems.push(problem('ns-ttl-above-ds-ttl', ns, `NS TTL ${ns.ttl} at ${ns.name} is above its DS TTL ${ds.ttl}: after a switch, resolvers can keep the old delegation for ${ns.ttl}s while already holding the new DS, so validation fails until the NS expires; lower the NS TTL to ${ds.ttl} or less`));
    }
  });
  return problems;
};

export const LINT_RULES: readonly LintRule[] = [cnameAtApex, cnameBesideData, cnameSingleValue, aliasBelowApex, ttlAboveNsTtl, singleTarget, dataAtDelegation, hostNameSyntax, duplicateRRsets, rdataTooLong, dnameOccludes, dsWithoutSigner, nsTtlAboveDsTtl, danglingTargets];

export function lintZone(zone: Zone, context: LintContext, rules: readonly LintRule[] = LINT_RULES): Problem[] {
  const index = new NameTypeIndex<RRset>();
  const duplicates: RRset[] = [];
  for (const r of zone.rrsets) {
    if (index.add(r)) duplicates.push(r);
  }
  const input: LintInput = { zone, context, index, duplicates };
  const problems = rules.flatMap((rule) => rule(input));
  const disabled = context.disabled;
  // Only warnings are skipped: an error rule in `disabled` never gets past the config check, and is ignored here too.
  return disabled && disabled.length > 0 ? problems.filter((p) => p.severity === 'error' || !disabled.includes(p.rule)) : problems;
}
