import type { Change } from '../../core/change.js';
import { isRecordType, type RRset, type Soa, type Zone } from '../../core/model.js';
import { canonicalName } from '../../core/name.js';
import { canonicalRdata } from '../../core/rdata.js';
import { luaFromApi, type LuaAtName } from './lua.js';

/** Pure conversion between PowerDNS API JSON (v1, Authoritative 4.7) and the zone model. */

export interface ApiRecord {
  content: string;
  disabled?: boolean;
}

export interface ApiRRset {
  name: string;
  type: string;
  ttl: number;
  records: ApiRecord[];
  comments?: unknown[];
}

export interface ApiZone {
  name: string;
  rrsets?: ApiRRset[];
}

export interface ApiRRsetPatch {
  name: string;
  type: string;
  ttl?: number;
  changetype: 'REPLACE' | 'DELETE';
  records?: ApiRecord[];
}

/** What a read left out of the model, so callers and tests can see it rather than guess. */
export interface SkippedRRset {
  name: string;
  type: string;
  reason: string;
}

export interface ZoneFromApi {
  zone: Zone;
  skipped: SkippedRRset[];
  /** Every LUA rrset read (enabled records), by name: apply keeps the records of a name it does not change. */
  lua: Map<string, LuaAtName>;
  /** LUA records zonesync did not write (or that were edited since): left alone, and they block a write of their name and type. */
  foreignLua: SkippedRRset[];
}

/** A record PowerDNS holds that does not fit the model: names the zone and record. */
export class ConversionError extends Error {
  constructor(readonly record: string, message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

export function soaFromContent(content: string, ttl: number, origin: string): Soa {
  const fields = content.trim().split(/\s+/);
  if (fields.length !== 7) throw new ConversionError(`${origin} SOA`, `SOA "${content}" does not have 7 fields`);
  const [mname, rname, ...numbers] = fields as [string, string, ...string[]];
  const [serial, refresh, retry, expire, minimum] = numbers.map(Number) as [number, number, number, number, number];
  if (![serial, refresh, retry, expire, minimum].every((n) => Number.isInteger(n) && n >= 0)) {
    throw new ConversionError(`${origin} SOA`, `SOA "${content}" has a field that is not a number`);
  }
  return { mname: absolute(mname, origin), rname: absolute(rname, origin), serial, refresh, retry, expire, minimum, ttl };
}

function absolute(name: string, origin: string): string {
  const result = canonicalName(name, origin);
  return result.ok ? result.name : name;
}

/**
 * The zone as served: SOA goes to `zone.soa`; disabled records are not served, so they are left
 * out (an rrset of only disabled records is absent); types the model has no place for are skipped.
 * Both kinds of omission are listed in `skipped`.
 */
export function zoneFromApi(api: ApiZone, zone: string): ZoneFromApi {
  const rrsets: RRset[] = [];
  const skipped: SkippedRRset[] = [];
  const lua = new Map<string, LuaAtName>();
  const foreignLua: SkippedRRset[] = [];
  const steered: RRset[] = [];
  let soa: Soa | undefined;
  for (const set of api.rrsets ?? []) {
    const nameResult = canonicalName(set.name, zone);
    if (!nameResult.ok) {
      skipped.push({ name: set.name, type: set.type, reason: `name: ${nameResult.error}` });
      continue;
    }
    const name = nameResult.name;
    const type = set.type.toUpperCase();
    const enabled = set.records.filter((r) => r.disabled !== true);
    if (enabled.length < set.records.length) {
      skipped.push({ name, type, reason: `${set.records.length - enabled.length} disabled record(s) not served` });
    }
    if (enabled.length === 0) continue;
    if (type === 'SOA') {
      soa = soaFromContent((enabled[0] as ApiRecord).content, set.ttl, zone);
      continue;
    }
    if (type === 'LUA') {
      // Steered rrsets zonesync wrote read back as their A/AAAA/CNAME rrset with `dynamic` (lua.ts).
      lua.set(name, { ttl: set.ttl, records: enabled });
      const read = luaFromApi(name, set, enabled, zone);
      steered.push(...read.rrsets);
      for (const f of read.foreign) foreignLua.push({ name, type: f.type, reason: f.reason });
      // `import` reports what it left out: a LUA record that is not zonesync's is such.
      for (const f of read.foreign) skipped.push({ name, type: 'LUA', reason: `${f.reason} (${f.content.length > 60 ? `${f.content.slice(0, 57)}...` : f.content})` });
      continue;
    }
    if (!isRecordType(type)) {
      skipped.push({ name, type, reason: `type ${type} is not one zonesync manages` });
      continue;
    }
    const values = new Set<string>();
    for (const record of enabled) {
      const value = canonicalRdata(type, record.content, zone);
      if (!value.ok) throw new ConversionError(`${name} ${type}`, `"${record.content}": ${value.error}`);
      values.add(value.value);
    }
    rrsets.push({ name, type, ttl: set.ttl, values: [...values].sort() });
  }
  for (const rrset of steered) {
    // PowerDNS would serve a plain rrset beside the LUA one; the model holds one rrset per name and type: the steered one.
    const plain = rrsets.findIndex((r) => r.name === rrset.name && r.type === rrset.type);
    if (plain >= 0) {
      rrsets.splice(plain, 1);
      skipped.push({ name: rrset.name, type: rrset.type, reason: `plain ${rrset.type} records beside zonesync's LUA ${rrset.type} record (both are served); replaced when zonesync next writes the rrset` });
    }
    rrsets.push(rrset);
  }
  const result: Zone = { name: zone, rrsets };
  if (soa) result.soa = soa;
  return { zone: result, skipped, lua, foreignLua };
}

/** One change as one rrset of a PATCH: create and update both REPLACE, so a replace is never split. */
export function rrsetPatch(change: Change): ApiRRsetPatch {
  switch (change.kind) {
    case 'create':
    case 'update':
      return {
        name: change.after.name,
        type: change.after.type,
        ttl: change.after.ttl,
        changetype: 'REPLACE',
        records: change.after.values.map((value) => ({ content: contentFor(change.after.type, value), disabled: false })),
      };
    case 'delete':
      return { name: change.before.name, type: change.before.type, changetype: 'DELETE' };
  }
}

/** The POST body that creates a Native zone with its apex NS and an SOA naming the first of them. */
export function createZoneBody(zone: string, nameserverNames: string[]): Record<string, unknown> {
  const primary = nameserverNames[0] ?? `ns1.${zone}`;
  return {
    name: zone,
    kind: 'Native',
    nameservers: nameserverNames,
    rrsets: [
      {
        name: zone,
        type: 'SOA',
        ttl: 3600,
        changetype: 'REPLACE',
        records: [{ content: `${primary} hostmaster.${zone} 1 10800 3600 604800 3600`, disabled: false }],
      },
    ],
  };
}

/**
 * Which of the sent rrsets a PowerDNS error text is about. PowerDNS names them as
 * `name/TYPE`, `name IN TYPE` or `name. TYPE` depending on the check that failed.
 */
export function rrsetNamedInError(message: string, sent: ApiRRsetPatch[]): ApiRRsetPatch | undefined {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return sent.find((set) => {
    const pattern = new RegExp(`(^|[\\s'"])${escape(set.name)}(/| IN | )${escape(set.type)}(?![A-Z0-9])`, 'i');
    return pattern.test(message);
  });
}

/**
 * A canonical value as PowerDNS stores it: the API refuses content that its own parser would write
 * differently ("Not in expected format"). LOC: PowerDNS writes sizes with two decimals and a
 * coordinate on the equator or the prime meridian as S and W (LOCRecordContent); empty generic
 * rdata is `\# 0 ` with a trailing space.
 */
export function contentFor(type: string, value: string): string {
  // PowerDNS writes empty generic rdata with a space after the length.
  if (value === '\\# 0') return '\\# 0 ';
  if (type !== 'LOC') return value;
  const f = value.split(' ');
  const onLine = (i: number) => f[i] === '0' && f[i + 1] === '0' && f[i + 2] === '0.000';
  if (onLine(0)) f[3] = 'S';
  if (onLine(4)) f[7] = 'W';
  for (let i = 9; i < f.length; i++) f[i] = `${Number((f[i] as string).replace(/m$/, '')).toFixed(2)}m`;
  return f.join(' ');
}
