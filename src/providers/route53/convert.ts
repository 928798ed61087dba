import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { canonicalRdata } from '../../core/rdata.js';
import { tokenizeRdata } from '../../core/rdata-text.js';
import { canonicalName } from '../../core/name.js';
import type { RecordType, RRset, Soa, Zone } from '../../core/model.js';
import type { RRType } from '@aws-sdk/client-route-53';
import { rrsetKey } from '../../core/model.js';
import { steeringBase, type HealthCheckRecord } from './dynamic.js';
import { steeredFromRoute53, type CidrCollectionRead } from './dynamic-read.js';
import { setLabel } from './dynamic-read-rules.js';

/** Pure conversion between Route 53 ResourceRecordSets and the zone model. */

/** Route 53 types the model holds one to one (ALIAS maps to an alias A record instead). */
export const ROUTE53_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'] as const;
const MODEL_TYPES: ReadonlySet<string> = new Set(ROUTE53_TYPES);

/** TTL given to an ALIAS read back whose target is outside the zone: Route 53 serves AWS targets with 60 s. */
export const ALIAS_DEFAULT_TTL = 60;

export interface Route53Settings {
  hostedZoneId?: string;
  evaluateTargetHealth?: boolean;
}

/** An rrset read from Route 53 that the model cannot express; apply never touches it. */
export interface UnmanagedRecordSet {
  name: string;
  type: string;
  setIdentifier?: string;
  reason: string;
  /** Set when it is one of the record sets of zonesync's steering for `name` `type` that no longer adds up, and `reason` says why. */
  steering?: { name: string; type: string; reason: string; sets: string[] };
}

export interface ReadZone {
  zone: Zone;
  unmanaged: UnmanagedRecordSet[];
  /** The ResourceRecordSets as Route 53 returned them, by rrset key, so a DELETE sends exactly the old rrset. */
  raw: Map<string, ResourceRecordSet>;
  /** Every record set of each steered rrset, by rrset key, as read (what a change of it starts from). */
  steered: Map<string, ResourceRecordSet[]>;
}

/** `/hostedzone/Z123` → `Z123`. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/hostedzone\//, '');
}

/** Route 53 spells every byte outside a-z 0-9 - _ of a name as `\ooo` octal (`*` is `\052`). */
export function nameFromRoute53(name: string): string {
  const decoded = name.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  const lower = decoded.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** Names go out without the trailing dot: Route 53 treats both alike, and moto matches DELETEs only that way. */
export function nameToRoute53(name: string): string {
  return name === '.' ? name : name.replace(/\.$/, '');
}

function octal(byte: number): string {
  return `\\${byte.toString(8).padStart(3, '0')}`;
}

/** One character-string the Route 53 way: `"` and `\` escaped, bytes outside 0x20–0x7e as `\ooo` octal. */
export function quoteRoute53(bytes: Buffer): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += octal(b);
  }
  return `${out}"`;
}

/** Model quoting (decimal `\DDD`) of bytes, the inverse of tokenizeRdata. */
function quoteModel(bytes: Buffer): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

interface Route53Token {
  bytes: Buffer;
  quoted: boolean;
}

/** Tokens of a Route 53 value: words and "quoted strings" whose `\ooo` escapes are octal. */
export function tokenizeRoute53(value: string): Route53Token[] | undefined {
  const tokens: Route53Token[] = [];
  let i = 0;
  while (i < value.length) {
    if (/\s/.test(value[i] as string)) {
      i++;
      continue;
    }
    const quoted = value[i] === '"';
    if (quoted) i++;
    const bytes: number[] = [];
    let closed = !quoted;
    while (i < value.length) {
      const c = value[i] as string;
      if (quoted && c === '"') {
        closed = true;
        i++;
        break;
      }
      if (!quoted && /\s/.test(c)) break;
      if (c === '\\') {
        const digits = value.slice(i + 1, i + 4);
        if (/^[0-7]{3}$/.test(digits)) {
          bytes.push(parseInt(digits, 8) & 0xff);
          i += 4;
          continue;
        }
        const next = value[i + 1];
        if (next === undefined) return undefined;
        bytes.push(...Buffer.from(next, 'utf8'));
        i += 2;
        continue;
      }
      const char = String.fromCodePoint(value.codePointAt(i) as number);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
    if (!closed) return undefined;
    tokens.push({ bytes: Buffer.from(bytes), quoted });
  }
  return tokens;
}

/** A canonical model value as Route 53 wants it: quoted strings re-escaped in octal, the rest unchanged. */
export function valueToRoute53(type: RecordType, value: string): string {
  if (type !== 'TXT' && type !== 'SPF' && type !== 'CAA' && type !== 'NAPTR') return value;
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(`not canonical ${type} rdata: ${value}`);
  return tokens.tokens.map((t) => (t.quoted || type === 'TXT' || type === 'SPF' ? quoteRoute53(t.bytes) : t.text)).join(' ');
}

/** A Route 53 value in canonical model form, or the reason it has none. */
export function valueFromRoute53(type: RecordType, value: string): { ok: true; value: string } | { ok: false; error: string } {
  let text = value;
  if (type === 'TXT' || type === 'SPF' || type === 'CAA' || type === 'NAPTR') {
    const tokens = tokenizeRoute53(value);
    if (!tokens) return { ok: false, error: `cannot parse ${type} value ${JSON.stringify(value)}` };
    text = tokens.map((t) => (t.quoted || type === 'TXT' || type === 'SPF' ? quoteModel(t.bytes) : t.bytes.toString('latin1'))).join(' ');
  }
  return canonicalRdata(type, text, '.');
}

export function parseSoa(value: string, ttl: number): Soa | undefined {
  // moto 5.2 returns the SOA value wrapped as a Python dict: {'Value': '…'}
  const text = /^\{'Value': '(.*)'\}$/.exec(value)?.[1] ?? value;
  const [mname, rname, ...numbers] = text.trim().split(/\s+/);
  const n = numbers.map(Number);
  if (!mname || !rname || n.length !== 5 || n.some((x) => !Number.isInteger(x))) return undefined;
  const [serial, refresh, retry, expire, minimum] = n as [number, number, number, number, number];
  return { mname: nameFromRoute53(mname), rname: nameFromRoute53(rname), serial, refresh, retry, expire, minimum, ttl };
}

function routingPolicy(set: ResourceRecordSet): string {
  if (set.Weight !== undefined) return 'weighted';
  if (set.Region !== undefined) return 'latency';
  if (set.Failover !== undefined) return 'failover';
  if (set.GeoLocation !== undefined) return 'geolocation';
  if (set.GeoProximityLocation !== undefined) return 'geoproximity';
  if (set.CidrRoutingConfig !== undefined) return 'IP-based';
  if (set.MultiValueAnswer !== undefined) return 'multivalue';
  return 'routing policy';
}

type Classified = { kind: 'rrset'; rrset: RRset; aliasTarget?: string; inZone?: boolean } | { kind: 'soa'; soa: Soa } | { kind: 'unmanaged'; unmanaged: UnmanagedRecordSet };

function classify(set: ResourceRecordSet, zoneId: string): Classified {
  const name = nameFromRoute53(set.Name ?? '');
  const type = set.Type ?? '';
  const unmanaged = (reason: string): Classified => ({ kind: 'unmanaged', unmanaged: { name, type, ...(set.SetIdentifier !== undefined ? { setIdentifier: set.SetIdentifier } : {}), reason } });
  if (set.SetIdentifier !== undefined) return unmanaged(`${routingPolicy(set)} record (SetIdentifier "${set.SetIdentifier}")`);
  if (set.TrafficPolicyInstanceId !== undefined) return unmanaged('created by a traffic policy');
  const checked = canonicalName(name, '.');
  if (!checked.ok) return unmanaged(`name: ${checked.error}`);
  if (set.AliasTarget) {
    if (type !== 'A') return unmanaged(`alias ${type} record (the model's ALIAS is an alias A record)`);
    const target = canonicalName(nameFromRoute53(set.AliasTarget.DNSName ?? ''), '.');
    if (!target.ok) return unmanaged(`alias target: ${target.error}`);
    // both settings always, so a zone file that spells out a default still compares equal
    const settings: Route53Settings = {
      hostedZoneId: set.AliasTarget.HostedZoneId ? bareZoneId(set.AliasTarget.HostedZoneId) : zoneId,
      evaluateTargetHealth: set.AliasTarget.EvaluateTargetHealth === true,
    };
    const rrset: RRset = { name: checked.name, type: 'ALIAS', ttl: ALIAS_DEFAULT_TTL, values: [target.name], providerSettings: { route53: { ...settings } } };
    return { kind: 'rrset', rrset, aliasTarget: target.name, inZone: settings.hostedZoneId === zoneId };
  }
  const values = (set.ResourceRecords ?? []).map((r) => r.Value ?? '');
  if (type === 'SOA') {
    const soa = values[0] === undefined ? undefined : parseSoa(values[0], set.TTL ?? 0);
    return soa ? { kind: 'soa', soa } : unmanaged('SOA value is not "mname rname serial refresh retry expire minimum"');
  }
  if (!MODEL_TYPES.has(type)) return unmanaged(`type ${type} is not in the zone model`);
  const modelType = type as RecordType;
  const canonical = new Set<string>();
  for (const value of values) {
    const result = valueFromRoute53(modelType, value);
    if (!result.ok) return unmanaged(`value ${JSON.stringify(value)}: ${result.error}`);
    canonical.add(result.value);
  }
  return { kind: 'rrset', rrset: { name: checked.name, type: modelType, ttl: set.TTL ?? 0, values: [...canonical].sort() } };
}

/**
 * The zone as the model sees it. An ALIAS takes the TTL Route 53 serves it with: its target's
 * when the target (A or CNAME) is in this zone, otherwise ALIAS_DEFAULT_TTL.
 */
export function zoneFromRoute53(zoneName: string, zoneId: string, sets: ResourceRecordSet[], healthChecks: ReadonlyMap<string, HealthCheckRecord> = new Map(), cidr?: CidrCollectionRead): ReadZone {
  const zone: Zone = { name: zoneName, rrsets: [] };
  const unmanaged: UnmanagedRecordSet[] = [];
  const raw = new Map<string, ResourceRecordSet>();
  const steered = new Map<string, ResourceRecordSet[]>();
  const aliases: Array<{ rrset: RRset; target: string; inZone: boolean }> = [];
  // steering zonesync (or octoDNS) wrote: each group of record sets is one rrset
  const taken = new Set<ResourceRecordSet>();
  const canonical = (type: RecordType, value: string) => {
    const result = valueFromRoute53(type, value);
    return result.ok ? result.value : undefined;
  };
  const read = steeredFromRoute53(sets, zoneId, healthChecks, canonical, cidr);
  for (const group of read.groups) {
    const key = rrsetKey(group.rrset);
    if (steered.has(key)) continue;
    steered.set(key, group.sets);
    for (const set of group.sets) taken.add(set);
    zone.rrsets.push(group.rrset);
  }
  // each record set of zonesync's steering that no longer adds up: why, once for its whole group
  const brokenOf = new Map<ResourceRecordSet, UnmanagedRecordSet['steering']>();
  for (const group of read.broken) {
    const steering = { name: group.name, type: group.type, reason: group.reason, sets: group.sets.map(setLabel) };
    for (const set of group.sets) brokenOf.set(set, steering);
  }
  const leftAlone = (set: ResourceRecordSet, item: UnmanagedRecordSet): UnmanagedRecordSet => {
    const steering = brokenOf.get(set);
    if (!steering) return item;
    const why = `zonesync's steering layout for ${steering.name} ${steering.type} no longer adds up: ${steering.reason}`;
    return { ...item, reason: item.setIdentifier === undefined ? why : `${item.reason}; ${why}`, steering };
  };
  // the plain default pool of steering that did not read back whole goes with the rest of it: left alone
  const partlySteered = new Set(sets.filter((s) => !taken.has(s) && s.SetIdentifier !== undefined).map((s) => steeringBase(nameFromRoute53(s.Name ?? ''))));
  for (const set of sets) {
    if (taken.has(set)) continue;
    const setName = nameFromRoute53(set.Name ?? '');
    if (set.SetIdentifier === undefined && steeringBase(setName) !== setName && partlySteered.has(steeringBase(setName))) {
      unmanaged.push(leftAlone(set, { name: setName, type: set.Type ?? '', reason: `part of the routing at ${steeringBase(setName)}, which does not read back as steering zonesync made` }));
      continue;
    }
    const item = classify(set, zoneId);
    if (item.kind === 'soa') zone.soa = item.soa;
    else if (item.kind === 'unmanaged') unmanaged.push(leftAlone(set, item.unmanaged));
    else {
      const key = rrsetKey(item.rrset);
      if (raw.has(key) || steered.has(key)) continue;
      raw.set(key, set);
      zone.rrsets.push(item.rrset);
      if (item.aliasTarget) aliases.push({ rrset: item.rrset, target: item.aliasTarget, inZone: item.inZone === true });
    }
  }
  // Route 53 answers an in-zone alias with the TTL of the A (or CNAME) it points at
  const ttls = new Map(zone.rrsets.filter((r) => r.type === 'A' || r.type === 'CNAME').map((r) => [r.name, r.ttl]));
  for (const { rrset, target, inZone } of aliases) {
    if (inZone) rrset.ttl = ttls.get(target) ?? ALIAS_DEFAULT_TTL;
  }
  return { zone, unmanaged, raw, steered };
}

function aliasSettings(rrset: RRset): Route53Settings {
  const settings = rrset.providerSettings?.route53 ?? {};
  const out: Route53Settings = {};
  if (typeof settings.hostedZoneId === 'string') out.hostedZoneId = settings.hostedZoneId;
  if (settings.evaluateTargetHealth === true) out.evaluateTargetHealth = true;
  return out;
}

/** The ResourceRecordSet that makes Route 53 serve `rrset`; ALIAS becomes an alias A record. */
export function rrsetToRoute53(rrset: RRset, zoneId: string): ResourceRecordSet {
  const name = nameToRoute53(rrset.name);
  if (rrset.type === 'ALIAS') {
    const settings = aliasSettings(rrset);
    return {
      Name: name,
      Type: 'A',
      AliasTarget: { DNSName: rrset.values[0] ?? '', HostedZoneId: settings.hostedZoneId ?? zoneId, EvaluateTargetHealth: settings.evaluateTargetHealth ?? false },
    };
  }
  return { Name: name, Type: rrset.type as RRType, TTL: rrset.ttl, ResourceRecords: rrset.values.map((v) => ({ Value: valueToRoute53(rrset.type, v) })) };
}

/** How many of a broken steering layout's record sets a refusal lists by name. */
const LISTED_SETS = 6;

/** The plan-time refusal of a record whose steering layout in Route 53 no longer adds up: why once, and the two ways out. */
export function brokenSteeringRefusal(steering: NonNullable<UnmanagedRecordSet['steering']>): string {
  const listed = steering.sets.slice(0, LISTED_SETS).join(', ');
  const more = steering.sets.length > LISTED_SETS ? `, and ${steering.sets.length - LISTED_SETS} more` : '';
  return (
    `zonesync's steering layout for ${steering.name} ${steering.type} no longer adds up: ${steering.reason}; zonesync leaves its ${steering.sets.length} record sets alone. ` +
    `Restore that record set in Route 53, or delete the layout's record sets there (${listed}${more}) so the next apply writes them again`
  );
}
