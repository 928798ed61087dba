import type { Change } from '../change.js';
import { changeSubject } from '../change.js';
import { isProviderOwned } from '../diff.js';
import { rrsetKey, type RRset, type Zone } from '../model.js';
import { relativeName } from '../name.js';
import { valueText } from './rules.js';

/**
 * zonesync's own ownership registry (`ownership: { id }`): each rrset zonesync manages has a TXT
 * beside it saying who owns it, so two configs can share a zone. The registry rrset of `name TYPE`
 * sits at a sibling name, never at `name` itself (a CNAME there allows no other data) and never
 * below it (a delegation would hide it): the first label gets the prefix `_zonesync-<type>-`
 * (`_zonesync-a-www.example.com.` for www A; `_zonesync-a.example.com.` for the apex; `*` is
 * written `_wildcard`). Its text is `zonesync-owner=<id>,type=<TYPE>`. One extra rrset per
 * managed rrset: a zone of n rrsets holds 2n.
 */

const PREFIX = '_zonesync-';
export const REGISTRY_TTL = 300;

/** The registry name of `name TYPE` in `zone`, or undefined when its first label would pass 63 bytes. */
export function ownershipName(name: string, type: string, zone: string): string | undefined {
  const relative = relativeName(name, zone);
  const tag = `${PREFIX}${type.toLowerCase()}`;
  if (relative === '') return `${tag}.${zone}`;
  const cut = relative.indexOf('.');
  const first = cut < 0 ? relative : relative.slice(0, cut);
  const label = `${tag}-${first === '*' ? '_wildcard' : first}`;
  if (label.length > 63) return undefined;
  return `${label}${cut < 0 ? '' : relative.slice(cut)}.${zone}`;
}

export function ownershipText(id: string, type: string): string {
  return `"zonesync-owner=${id},type=${type}"`;
}

/** The owner and type a registry rrset names, or undefined when it is not one of zonesync's. */
export function parseOwnership(rrset: Pick<RRset, 'name' | 'type' | 'values'>): { owner: string; type: string } | undefined {
  if (rrset.type !== 'TXT' || !rrset.name.startsWith(PREFIX) || rrset.values.length !== 1) return undefined;
  const match = /^zonesync-owner=([^,]+),type=([A-Z0-9]+)$/.exec(valueText('TXT', rrset.values[0] as string));
  return match ? { owner: match[1] as string, type: match[2] as string } : undefined;
}

export function isOwnershipRecord(rrset: Pick<RRset, 'name' | 'type' | 'values'>): boolean {
  return parseOwnership(rrset) !== undefined;
}

/** `name TYPE` → owner id, for every live rrset a registry record claims, registry records included. */
export function ownershipClaims(live: readonly RRset[], zone: string): Map<string, string> {
  const registry = new Map<string, { owner: string; key: string }>();
  for (const rrset of live) {
    const parsed = parseOwnership(rrset);
    if (parsed) registry.set(rrset.name, { owner: parsed.owner, key: rrsetKey(rrset) });
  }
  const claims = new Map<string, string>();
  if (registry.size === 0) return claims;
  for (const { owner, key } of registry.values()) claims.set(key, owner);
  for (const rrset of live) {
    const name = ownershipName(rrset.name, rrset.type, zone);
    const entry = name === undefined ? undefined : registry.get(name);
    if (entry && !claims.has(rrsetKey(rrset))) claims.set(rrsetKey(rrset), entry.owner);
  }
  return claims;
}

/** The desired zone with a registry rrset beside each rrset it declares (`id`'s claims). Names too long to claim are returned apart. */
export function withOwnership(desired: Zone, id: string): { zone: Zone; unclaimable: string[] } {
  const rrsets = [...desired.rrsets];
  const unclaimable: string[] = [];
  for (const rrset of desired.rrsets) {
    if (isProviderOwned(rrset, desired.name)) continue;
    const name = ownershipName(rrset.name, rrset.type, desired.name);
    if (name === undefined) unclaimable.push(rrsetKey(rrset));
    else rrsets.push({ name, type: 'TXT', ttl: REGISTRY_TTL, values: [ownershipText(id, rrset.type)] });
  }
  return { zone: { ...desired, rrsets }, unclaimable };
}

/**
 * Registry changes placed around their records': claims are created right before the first change
 * at their record's name and deleted after everything else, so a run stopped in between leaves at
 * worst a claim with no record (harmless), never an unclaimed record another config would take
 * for its own to purge. Changes at one name stay together (a CNAME swap is one chunk).
 */
export function pairOwnershipChanges(changes: readonly Change[], zone: string): Change[] {
  const claims = new Map<string, Change>();
  const rest: Change[] = [];
  for (const change of changes) {
    const subject = changeSubject(change);
    if (isOwnershipRecord(subject)) claims.set(subject.name, change);
    else rest.push(change);
  }
  if (claims.size === 0) return [...changes];
  const byName = new Map<string, Change[]>();
  for (const change of rest) {
    const subject = changeSubject(change);
    const name = ownershipName(subject.name, subject.type, zone);
    const claim = name === undefined ? undefined : claims.get(name);
    if (!claim || claim.kind === 'delete') continue;
    claims.delete(name as string);
    byName.set(subject.name, [...(byName.get(subject.name) ?? []), claim]);
  }
  const out: Change[] = [];
  for (const change of rest) {
    const name = changeSubject(change).name;
    const before = byName.get(name);
    if (before) {
      out.push(...before);
      byName.delete(name);
    }
    out.push(change);
  }
  // Deleted claims, and claims whose record does not change (a registry record gone missing): last.
  out.push(...claims.values());
  return out;
}
