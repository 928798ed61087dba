import { isGenericType } from '../core/model.js';
import { policyFor, type Config, type ZoneConfig } from '../config/load.js';
import { describeKeys } from '../dns/dnssec/status.js';
import { ZonesyncError } from '../core/errors.js';
import { buildPlan, planZone, withProviderKept, type Plan, type ZonePlan } from '../core/plan.js';
import { rrsetKey, type Zone } from '../core/model.js';
import { steeringAtTarget, type SteeredRRset } from '../core/dynamic/serve.js';
import { isSplitOfOneText } from '../core/rdata.js';
import { problemLines, type Problem } from '../core/problem.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { Provider } from '../providers/provider.js';
import type { ProviderSet } from '../providers/registry.js';
import type { DesiredZone } from './desired.js';
import { mapLimit } from '../lib/map-limit.js';
import { validateZones } from './validate.js';
import { zoneCreationAt } from './zone-lifecycle.js';
import { octodnsTargetZone } from '../core/ownership/octodns.js';

export interface PlanOptions {
  /** `--target`: only these providers. */
  targets?: string[];
  now: Date;
  /** How many zone × target reads run at once. */
  concurrency?: number;
}

/** How many names a refusal lists per type before it counts the rest. */
const NAMES_SHOWN = 3;

/** What in the zone the provider cannot serve, each type with its records and the provider's reason: refused at plan time, before any write. */
export function unsupportedTypes(zone: Zone, provider: Provider): string[] {
  const refused = new Map<string, { reason: string; names: string[] }>();
  for (const rrset of zone.rrsets) {
    const support = isGenericType(rrset.type) ? provider.capabilities.genericTypes : provider.capabilities.types[rrset.type];
    if (support?.supported) continue;
    const entry = refused.get(rrset.type) ?? { reason: support?.reason ?? 'not supported', names: [] };
    entry.names.push(rrset.name);
    refused.set(rrset.type, entry);
  }
  const problems = [...refused].map(([type, { reason, names }]) => {
    const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
    return `${provider.id} (${provider.type}) cannot serve ${type} (${names.slice(0, NAMES_SHOWN).join(', ')}${more}): ${reason}`;
  });
  if (provider.capabilities.txtMultipleStrings === false) {
    for (const rrset of zone.rrsets.filter((r) => r.type === 'TXT')) {
      for (const value of rrset.values.filter((v) => !isSplitOfOneText(v))) {
        problems.push(`${provider.id} (${provider.type}) cannot keep the string boundaries of ${rrset.name} TXT ${value}: it holds one text per value (join the strings)`);
      }
    }
  }
  return problems;
}

function steeringRefusalLine(provider: Provider, zone: string, s: SteeredRRset): string {
  const opt = `zones.${zone.replace(/\.$/, '')}.dynamic: fallback`;
  return `${provider.id} (${provider.type}) cannot steer ${s.name} ${s.type} (dynamic): ${s.reason}; to serve its fallback values there instead, set ${opt} (or dynamic: { fallback: [${provider.id}] })`;
}

export function selectTargets(zone: DesiredZone, filter: string[] | undefined): string[] {
  const targets = zone.config.targets;
  if (!filter || filter.length === 0) return targets;
  return targets.filter((t) => filter.includes(t));
}

/** Read live state of every zone on every target and diff it against the zone files. */
export async function makePlan(config: Config, providers: ProviderSet, desired: DesiredZone[], options: PlanOptions): Promise<Plan> {
  const broken = desired.flatMap((d) => d.problems.filter((p) => p.severity === 'error'));
  if (broken.length > 0) {
    throw new ZonesyncError(`Zone files have ${broken.length} error${broken.length === 1 ? '' : 's'}; nothing was planned`, { details: problemLines(broken, desired[0]?.config.limits.problems ?? DEFAULT_LIMITS.problems) });
  }
  for (const id of options.targets ?? []) {
    if (!(id in config.providers)) throw new ZonesyncError(`--target ${id}: unknown provider (configured: ${Object.keys(config.providers).join(', ')})`);
  }
  const jobs = desired.flatMap((d) => selectTargets(d, options.targets).map((target) => ({ d, target })));
  const zones = await mapLimit(jobs, options.concurrency ?? 8, async ({ d, target }): Promise<ZonePlan> => {
    const provider = await providers.get(target);
    // What octoDNS flags keep off this target need not be servable by it.
    const targetZone = octodnsTargetZone(d.zone, target).zone;
    const unsupported = unsupportedTypes(targetZone, provider);
    if (unsupported.length > 0) throw new ZonesyncError(`${d.zone.name} cannot be served by ${target}`, { details: unsupported });
    // Steering the target cannot serve: refused, or its plain fallback values where the config says `dynamic: fallback`.
    const steering = steeringAtTarget(d.zone, provider.capabilities, d.config.dynamicFallback?.includes(target) ?? false);
    const served = new Set(targetZone.rrsets.map(rrsetKey));
    const refused = steering.refused.filter((s) => served.has(rrsetKey(s)));
    if (refused.length > 0) throw new ZonesyncError(`${d.zone.name} cannot be served by ${target}`, { details: refused.map((s) => steeringRefusalLine(provider, d.zone.name, s)) });
    const fallback = steering.fallback.filter((s) => served.has(rrsetKey(s)));
    const zone = steering.zone;
    const live = await provider.read(d.zone.name);
    // What the provider holds that it cannot change (Route 53 routing-policy rrsets): refused now, not at apply.
    const findings = provider.audit?.(d.zone.name, live, zone) ?? [];
    if (findings.length > 0) throw new ZonesyncError(`${d.zone.name} cannot be planned on ${target}`, { details: findings.map((f) => `${provider.id} (${provider.type}): record ${f.name} ${f.type}: ${f.reason}`) });
    const ignoreTtl = provider.capabilities.aliasHasTtl === false ? ['ALIAS'] : [];
    const nsTtl = d.config.nsTtl ?? d.declaredNsTtl;
    const policy = policyFor(d.config, target);
    const kept = provider.kept?.(d.zone.name, live, zone) ?? [];
    // What the provider keeps for an rrset that no longer follows it (NS1 monitors): the rrset is written again.
    const repairs = live && provider.repairs ? await provider.repairs(d.zone.name, live, zone) : [];
    const planned = planZone({ target, providerType: provider.type, desired: zone, live, limits: config.defaults.safety, ignoreTtl, policy, repairs, ...(nsTtl === undefined ? {} : { nsTtl }), ...(d.config.lintDisabled?.length ? { disabledRules: d.config.lintDisabled } : {}), ...(live ? {} : { creation: zoneCreationAt(provider, d.zone.name) }) });
    const dnssec = live ? await dnssecState(provider, d.zone.name) : undefined;
    // What the provider keeps (routing policies, filter chains): listed as left alone, never diffed or counted.
    const withKept = withProviderKept(planned, kept);
    const withFallback = fallback.length > 0 ? { ...withKept, steeringFallback: fallback } : withKept;
    return dnssec ? { ...withFallback, dnssec } : withFallback;
  });
  return buildPlan(zones, options.now);
}

/** The plan's DNSSEC line for one target: `signed: 12345/13 KSK (DS …) (cryptokeys API)`; never fails the plan. */
async function dnssecState(provider: Provider, zone: string): Promise<string | undefined> {
  if (!provider.dnssec) return undefined;
  try {
    const status = await provider.dnssec(zone);
    return `${describeKeys(status.keys)} (${status.source})`;
  } catch (error) {
    return `unknown (${(error as Error).message})`;
  }
}

/** Validate the zone files, then plan them: what `plan` and `apply` both start with. */
export async function planConfiguredZones(config: Config, providers: ProviderSet, zones: ZoneConfig[], options: PlanOptions): Promise<{ plan: Plan; warnings: Problem[] }> {
  const { report, desired } = await validateZones(config, zones);
  // The report lists at most limits.problems problems (escaped); its counts are of all of them.
  const problems = report.zones.flatMap((z) => z.problems);
  if (report.errors > 0) {
    const errors = problems.filter((p) => p.severity === 'error');
    const details = problemLines(errors, errors.length);
    const unlisted = report.errors - errors.length;
    if (unlisted > 0) details.push(`and ${unlisted} more error${unlisted === 1 ? '' : 's'}`);
    throw new ZonesyncError(`Zone files have ${report.errors} error${report.errors === 1 ? '' : 's'}; nothing was planned`, { details });
  }
  const plan = await makePlan(config, providers, desired, options);
  return { plan, warnings: problems.filter((p) => p.severity === 'warning') };
}
