import { formatDuration, visibleAt } from '../../core/horizon.js';
import type { RRset } from '../../core/model.js';
import { step, type SwitchStep } from './report.js';

/** Step 5 of `switch`: when resolvers follow the new delegation (pure: time and TTLs are passed in). */

/** What `.com`, `.net` and most TLDs give a delegation; assumed when the parent's TTL is not configured. */
export const ASSUMED_PARENT_NS_TTL = 172_800;
/** Assumed for the zone's own apex NS when no provider reported it. */
export const ASSUMED_ZONE_NS_TTL = 3600;

export interface PropagationInput {
  zone: string;
  now: Date;
  /** `zones.X.parentNsTtl`. */
  parentNsTtl?: number;
  /** The apex NS TTL `--to` serves, else `zones.X.nsTtl`. */
  zoneNsTtl?: number;
  rrsets: RRset[];
  dryRun: boolean;
}

export interface Propagation {
  parentNsTtl: number;
  parentAssumed: boolean;
  zoneNsTtl: number;
  zoneNsAssumed: boolean;
  seconds: number;
  /** ISO time by which resolvers follow the new delegation. */
  by: string;
  /** Records cached longer than that: they may be answered from the old provider's data until their own TTL runs out. */
  longer: Array<{ name: string; type: string; ttl: number; until: string }>;
}

export function estimatePropagation(input: PropagationInput): Propagation {
  const parentAssumed = input.parentNsTtl === undefined;
  const zoneNsAssumed = input.zoneNsTtl === undefined;
  const parentNsTtl = input.parentNsTtl ?? ASSUMED_PARENT_NS_TTL;
  const zoneNsTtl = input.zoneNsTtl ?? ASSUMED_ZONE_NS_TTL;
  const seconds = Math.max(parentNsTtl, zoneNsTtl);
  const longer = input.rrsets
    .filter((r) => r.ttl > seconds && !(r.type === 'NS' && r.name === input.zone))
    .sort((a, b) => b.ttl - a.ttl || a.name.localeCompare(b.name))
    .map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, until: visibleAt(input.now, r.ttl) }));
  return { parentNsTtl, parentAssumed, zoneNsTtl, zoneNsAssumed, seconds, by: visibleAt(input.now, seconds), longer };
}

export function propagationStep(input: PropagationInput): { step: SwitchStep; warnings: string[] } {
  const p = estimatePropagation(input);
  const lines = [
    `parent NS TTL ${p.parentNsTtl} s (${formatDuration(p.parentNsTtl)})${p.parentAssumed ? `, assumed: set zones.${input.zone.replace(/\.$/, '')}.parentNsTtl to the parent's real TTL` : ', from zones config'}`,
    `zone apex NS TTL ${p.zoneNsTtl} s (${formatDuration(p.zoneNsTtl)})${p.zoneNsAssumed ? ', assumed' : ''}`,
  ];
  const warnings = p.longer.map((r) => `${r.name} ${r.type} has TTL ${r.ttl} s (${formatDuration(r.ttl)}), longer than the delegation's ${formatDuration(p.seconds)}: resolvers may keep the old provider's answer until ${r.until}`);
  const verb = input.dryRun ? 'would follow' : 'follow';
  const detail = `resolvers ${verb} the new delegation by ${p.by} (within ${formatDuration(p.seconds)}${p.parentAssumed ? ', parent TTL assumed' : ''})`;
  return { step: step('propagation', input.dryRun ? 'dry-run' : 'ok', detail, lines, p), warnings };
}
