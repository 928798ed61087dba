import { ZonesyncError } from '../errors.js';
import { FEATURE_TYPES, type FeatureType, type Soa, type Zone } from '../model.js';
import { isInZone, relativeName } from '../name.js';
import { sortRRsets } from './order.js';

export { renderYamlZone } from './write-yaml.js';

/**
 * An RFC 1035 master file that BIND's named-checkzone accepts: $ORIGIN, the SOA, the apex NS,
 * then every rrset in canonical name order, owners relative to the origin, columns aligned.
 * ALIAS and URLFWD have no master-file form (provider features, not DNS types), so a zone holding
 * one is refused rather than served differently from what was declared.
 */
export interface MasterFileOptions {
  soa: Soa;
  /** Apex NS targets; when empty, the zone's own apex NS rrset (if any) is written. */
  nameservers: string[];
  /** TTL of the apex NS rrset; the SOA's TTL when not given. */
  nameserverTtl?: number;
  /** When given, a header comment says when the file was written. */
  now?: Date;
}

/** Why a provider feature has no master-file form, and what to do instead. */
const NO_MASTER_FORM: Record<FeatureType, string> = {
  ALIAS: 'ALIAS is not a DNS record type (flatten it to A/AAAA, or use a provider that supports ALIAS)',
  URLFWD: 'URLFWD is an HTTP redirect a provider serves (NS1), not a DNS record type (keep the zone as octoDNS YAML)',
};

export function renderMasterFile(zone: Zone, options: MasterFileOptions): string {
  const origin = zone.name;
  for (const type of FEATURE_TYPES) {
    const feature = zone.rrsets.find((rrset) => rrset.type === type);
    if (feature) throw new ZonesyncError(`zone ${origin}: cannot write ${type} "${feature.name}" in an RFC 1035 zone file: ${NO_MASTER_FORM[type]}`);
  }
  // A master file has one answer per name and type: steering would be lost without a word.
  const steered = zone.rrsets.find((rrset) => rrset.dynamic !== undefined);
  if (steered) {
    throw new ZonesyncError(`zone ${origin}: cannot write ${steered.name} ${steered.type} in an RFC 1035 zone file: it is steered (octoDNS dynamic), which a master file cannot express (write the zone as octoDNS YAML, or serve its fallback values with dynamic: fallback)`);
  }
  const { soa } = options;
  const zoneNs = zone.rrsets.find((r) => r.type === 'NS' && r.name === origin);
  const nsValues = options.nameservers.length > 0 ? [...new Set(options.nameservers)].sort() : (zoneNs?.values ?? []);
  const nsTtl = options.nameserverTtl ?? (options.nameservers.length > 0 ? soa.ttl : (zoneNs?.ttl ?? soa.ttl));

  const rows: Array<[string, number, string, string]> = [];
  rows.push(['@', soa.ttl, 'SOA', `${soa.mname} ${soa.rname} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`]);
  for (const ns of nsValues) rows.push(['@', nsTtl, 'NS', ns]);
  for (const rrset of sortRRsets(zone.rrsets)) {
    if (rrset.type === 'NS' && rrset.name === origin) continue;
    const owner = rrset.name === origin ? '@' : isInZone(rrset.name, origin) ? relativeName(rrset.name, origin) : rrset.name;
    for (const value of rrset.values) rows.push([owner, rrset.ttl, rrset.type, value]);
  }

  let ownerWidth = 1;
  let ttlWidth = 1;
  for (const [owner, ttl] of rows) {
    if (owner.length > ownerWidth) ownerWidth = owner.length;
    const digits = String(ttl).length;
    if (digits > ttlWidth) ttlWidth = digits;
  }
  ownerWidth = Math.min(ownerWidth, 40);
  const lines: string[] = [];
  if (options.now) lines.push(`; written by zonesync at ${options.now.toISOString()}`);
  lines.push(`$ORIGIN ${origin}`);
  for (const [owner, ttl, type, value] of rows) {
    lines.push(`${owner.padEnd(ownerWidth)} ${String(ttl).padStart(ttlWidth)} IN ${type.padEnd(5)} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
