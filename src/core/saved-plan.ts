import { canonicalJson } from './canonical-json.js';
import type { Change } from './change.js';
import { changeSubject, invertChange } from './change.js';
import { orderChanges } from './diff.js';
import { canonicalName, isInZone, zoneName } from './name.js';
import type { Plan, ZonePlan } from './plan.js';
import type { SharePolicy } from './ownership/index.js';
import { DYNAMIC_TYPES, type Dynamic } from './dynamic/model.js';
import { validateDynamic } from './dynamic/validate.js';

/**
 * A saved plan is input, not truth: it may come from a pull request. What it may touch is
 * what the config (not the plan) declares, and its safety verdict is computed again here.
 */

/** What the config allows a plan to touch: each zone with its targets, each provider with its type. */
export interface PlanScope {
  zones: ReadonlyMap<string, readonly string[]>;
  providerTypes: Readonly<Record<string, string>>;
  /** The config's sharing rules by `zone target` (absent: nothing shared); a plan made under others is refused. */
  policies?: ReadonlyMap<string, SharePolicy>;
}

const RRTYPE = /^[A-Z][A-Z0-9]{0,15}$/;

function nameProblem(name: unknown, zone: string): string | undefined {
  if (typeof name !== 'string') return `a record name that is not a string (${JSON.stringify(name)})`;
  const canonical = canonicalName(name, '.');
  if (!canonical.ok || canonical.name !== name) return `record name "${name}" is not a canonical domain name`;
  if (!isInZone(name, zone)) return `record name "${name}" is outside the zone`;
  return undefined;
}

/** A steered rrset's `dynamic` in a saved plan: the shape the adapters read, and octoDNS's rules. */
function dynamicProblem(rrset: { name: string; type: string; dynamic?: unknown }): string | undefined {
  if (rrset.dynamic === undefined) return undefined;
  const d = rrset.dynamic as Partial<Dynamic> | null;
  const at = `${String(rrset.name)} ${String(rrset.type)} dynamic`;
  if (!DYNAMIC_TYPES.has(String(rrset.type))) return `${at}: only A, AAAA and CNAME rrsets are steered`;
  const pools = d && typeof d.pools === 'object' && d.pools !== null ? Object.values(d.pools) : undefined;
  const shaped = pools?.every((p) => Array.isArray(p?.values) && p.values.every((v) => typeof v?.value === 'string' && typeof v.weight === 'number' && ['up', 'down', 'obey'].includes(v.status)) && (p.fallback === undefined || typeof p.fallback === 'string'));
  const rules = Array.isArray(d?.rules) && d.rules.every((r) => typeof r?.pool === 'string' && (r.geos === undefined || (Array.isArray(r.geos) && r.geos.every((g) => typeof g === 'string'))) && (r.subnets === undefined || (Array.isArray(r.subnets) && r.subnets.every((x) => typeof x === 'string'))));
  const health = d?.healthcheck;
  if (!shaped || !rules || !health || typeof health !== 'object' || typeof health.host !== 'string' || typeof health.path !== 'string' || typeof health.port !== 'number' || !['HTTP', 'HTTPS', 'TCP'].includes(health.protocol)) return `${at}: not a steering block (pools, rules, healthcheck)`;
  const issue = validateDynamic(d as Dynamic)[0];
  return issue ? `${at}: ${issue.message}` : undefined;
}

function changeProblems(changes: unknown, zone: string, what: string): string[] {
  if (!Array.isArray(changes)) return [`${what} is not a list`];
  return (changes as Change[]).flatMap((change) => {
    if (!change || !['create', 'update', 'delete'].includes(change.kind)) return [`${what}: a change of unknown kind ${JSON.stringify(change?.kind)}`];
    const rrsets = change.kind === 'update' ? [change.before, change.after] : [changeSubject(change)];
    return rrsets.flatMap((rrset) => {
      if (!rrset || typeof rrset !== 'object') return [`${what}: a ${change.kind} without its rrset`];
      const problems = [nameProblem(rrset.name, zone), RRTYPE.test(String(rrset.type)) ? undefined : `record type ${JSON.stringify(rrset.type)} is not a DNS type`, dynamicProblem(rrset)];
      return problems.filter((p): p is string => p !== undefined).map((p) => `${what}: ${p}`);
    });
  });
}

function zonePlanProblems(zp: ZonePlan, scope: PlanScope): string[] {
  const zone = zoneName(String(zp.zone));
  if (typeof zp.zone !== 'string' || !zone.ok || zone.name !== zp.zone) return [`zone "${String(zp.zone)}" is not a canonical zone name`];
  const targets = scope.zones.get(zp.zone);
  if (!targets) return [`zone ${zp.zone} is not in the config`];
  const at = `${zp.zone} on ${String(zp.target)}`;
  if (!targets.includes(zp.target)) return [`${at}: ${String(zp.target)} is not a target of ${zp.zone} in the config (targets: ${targets.join(', ')})`];
  const problems: string[] = [];
  if (!Number.isInteger(zp.liveRRsets) || zp.liveRRsets < 0) problems.push(`${at}: liveRRsets ${JSON.stringify(zp.liveRRsets)} is not a count`);
  const type = scope.providerTypes[zp.target];
  if (zp.providerType !== type) problems.push(`${at}: the plan says provider type ${JSON.stringify(zp.providerType)}, the config says ${JSON.stringify(type)}`);
  if (!zp.rollback || typeof zp.rollback !== 'object') problems.push(`${at}: rollback: missing (its TTL horizon)`);
  problems.push(...changeProblems(zp.changes, zp.zone, `${at}: changes`));
  // What a plan leaves alone is the config's to say, not the plan's: rules edited into a saved plan would hide live rrsets from its checks.
  const none: SharePolicy = { ignore: [], purge: true };
  if (scope.policies && canonicalJson(zp.sharing?.policy ?? none) !== canonicalJson(scope.policies.get(`${zp.zone} ${zp.target}`) ?? none)) {
    problems.push(`${at}: the plan was made under other ignore/purge/ownership rules than the config's`);
  }
  // Plans of older versions carry the inverse changes (unused: rollback works from the journal and live state); when present, they must be exactly that.
  const legacy = zp.rollback?.changes;
  if (legacy !== undefined) problems.push(...changeProblems(legacy, zp.zone, `${at}: rollback`));
  if (legacy !== undefined && problems.length === 0 && canonicalJson(orderChanges(zp.changes.map(invertChange))) !== canonicalJson(legacy)) {
    problems.push(`${at}: rollback: not the inverse of the plan's changes`);
  }
  return problems;
}

/** Every reason the plan reaches beyond what the config declares (empty when it does not). */
export function planScopeProblems(plan: Plan, scope: PlanScope): string[] {
  if (!Array.isArray(plan.zones)) return ['the plan has no list of zones'];
  const problems = plan.zones.flatMap((zp) => zonePlanProblems(zp, scope));
  const seen = new Set<string>();
  for (const zp of plan.zones) {
    const key = `${String(zp.zone)} ${String(zp.target)}`;
    if (seen.has(key)) problems.push(`${zp.zone} on ${zp.target} appears twice`);
    seen.add(key);
  }
  return problems;
}
