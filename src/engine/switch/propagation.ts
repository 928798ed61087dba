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
  /** The DS TTL the parent answered with; validating resolvers keep the old DS that long. */
  dsTtl?: number;
  /** The longest DNSKEY TTL a target serves; resolvers keep the old key set that long. */
  dnskeyTtl?: number;
  /** False when the old signer does not answer (its ZSK cannot be published at the new one). */
  oldSignerUp?: boolean;
}

export interface Propagation {
  parentNsTtl: number;
  parentAssumed: boolean;
  zoneNsTtl: number;
  zoneNsAssumed: boolean;
  /** Present when the zone is signed (a DS at the parent or a DNSKEY served). */
  dsTtl?: number;
  dnskeyTtl?: number;
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
  const seconds = Math.max(parentNsTtl, zoneNsTtl, input.dsTtl ?? 0, input.dnskeyTtl ?? 0);
  const longer = input.rrsets
    .filter((r) => r.ttl > seconds && !(r.type === 'NS' && r.name === input.zone) && r.type !== 'DS')
    .sort((a, b) => b.ttl - a.ttl || a.name.localeCompare(b.name))
    .map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, until: visibleAt(input.now, r.ttl) }));
  const keyTtls = { ...(input.dsTtl === undefined ? {} : { dsTtl: input.dsTtl }), ...(input.dnskeyTtl === undefined ? {} : { dnskeyTtl: input.dnskeyTtl }) };
  return { parentNsTtl, parentAssumed, zoneNsTtl, zoneNsAssumed, ...keyTtls, seconds, by: visibleAt(input.now, seconds), longer };
}

/** The longest TTL of the zone's own records (the apex NS and DS are counted apart). */
export function longestTtl(zone: string, rrsets: RRset[]): number {
  return rrsets.reduce((max, r) => (r.type === 'DS' || (r.type === 'NS' && r.name === zone) ? max : Math.max(max, r.ttl)), 0);
}

const sum = (parts: Array<[string, number]>): string => `${formatDuration(parts.reduce((t, [, s]) => t + s, 0))} (${parts.map(([n, s]) => `${n} ${formatDuration(s)}`).join(' + ')})`;

/**
 * How long each DNSSEC-safe path takes for a signed zone, and which one still works when the old
 * signer is down: unsigned-first waits out the DS and the zone's longest TTL before the move, then the
 * delegation; multi-signer waits out the DNSKEY and DS TTLs before the move but needs the old
 * signer's ZSK, so it is impossible with the old signer down; removing the old signer after the
 * move (old-ns-wait, ds-retire, ds-ttl-wait, keys-retire) waits the delegation and the DS TTL.
 */
export function dnssecPaths(input: PropagationInput, p: Propagation): string[] {
  const ds = p.dsTtl ?? 0;
  const delegationTtl = Math.max(p.parentNsTtl, p.zoneNsTtl);
  const unsigned = sum([['DS TTL', ds], ['longest TTL', longestTtl(input.zone, input.rrsets)], ['delegation', delegationTtl]]);
  const multi = input.oldSignerUp === false
    ? 'not possible, old signer down (its ZSK can\'t be published at the new provider)'
    : `${sum([['DNSKEY TTL', p.dnskeyTtl ?? 0], ['DS TTL', ds], ['delegation', delegationTtl]])}, then ${sum([['delegation', delegationTtl], ['DS TTL', ds]])} to retire the old signer (with --from)`;
  const keep = input.oldSignerUp === false ? 'unsigned-first is the path that keeps validating resolvers working' : 'either path keeps validating resolvers working';
  return [`unsigned-first: ${unsigned}`, `multi-signer: ${multi}`, keep];
}

export function propagationStep(input: PropagationInput): { step: SwitchStep; warnings: string[] } {
  const p = estimatePropagation(input);
  const lines = [
    `parent NS TTL ${p.parentNsTtl} s (${formatDuration(p.parentNsTtl)})${p.parentAssumed ? `, assumed: set zones.${input.zone.replace(/\.$/, '')}.parentNsTtl to the parent's real TTL` : ', from zones config'}`,
    `zone apex NS TTL ${p.zoneNsTtl} s (${formatDuration(p.zoneNsTtl)})${p.zoneNsAssumed ? ', assumed' : ''}`,
  ];
  if (p.dsTtl !== undefined) lines.push(`DS TTL ${p.dsTtl} s (${formatDuration(p.dsTtl)}), from the parent: validating resolvers keep the old DS that long`);
  if (p.dnskeyTtl !== undefined) lines.push(`DNSKEY TTL ${p.dnskeyTtl} s (${formatDuration(p.dnskeyTtl)}): validating resolvers keep the old key set that long`);
  if (p.dsTtl !== undefined && p.dsTtl > 0) lines.push(...dnssecPaths(input, p));
  const warnings = p.longer.map((r) => `${r.name} ${r.type} has TTL ${r.ttl} s (${formatDuration(r.ttl)}), longer than the delegation's ${formatDuration(p.seconds)}: resolvers may keep the old provider's answer until ${r.until}`);
  const verb = input.dryRun ? 'would follow' : 'follow';
  const detail = `resolvers ${verb} the new delegation by ${p.by} (within ${formatDuration(p.seconds)}${p.parentAssumed ? ', parent TTL assumed' : ''})`;
  return { step: step('propagation', input.dryRun ? 'dry-run' : 'ok', detail, lines, p), warnings };
}
