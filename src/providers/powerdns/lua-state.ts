import type { Change } from '../../core/change.js';
import type { Zone } from '../../core/model.js';
import type { AuditFinding, KeptRecord } from '../provider.js';
import type { ApiRRsetPatch, SkippedRRset } from './convert.js';
import { patchesWithLua, powerdnsRefusesDynamic, type LuaAtName } from './lua.js';

/**
 * What the PowerDNS provider remembers of each zone's LUA rrsets between a read and the apply that
 * follows it: the records at each name (a PATCH replaces a name's whole LUA rrset, so it must repeat
 * the ones it does not change) and the LUA records zonesync did not write (left alone; they refuse
 * a write of their name and type at plan time).
 */
export class LuaState {
  private readonly sets = new Map<string, Map<string, LuaAtName>>();
  private readonly foreign = new Map<string, SkippedRRset[]>();
  /** Zones read whole (every name's LUA rrset known), and the names known of the others. */
  private readonly whole = new Set<string>();
  private readonly owners = new Map<string, Set<string>>();

  readWhole(zone: string, lua: Map<string, LuaAtName>, foreign: SkippedRRset[]): void {
    this.sets.set(zone, new Map(lua));
    this.foreign.set(zone, [...foreign]);
    this.whole.add(zone);
  }

  /** The names where `changes` touch steering whose LUA rrset was never read: apply reads them before it replaces one. */
  unknown(zone: string, changes: Change[]): string[] {
    if (this.whole.has(zone)) return [];
    const known = this.owners.get(zone);
    const names = changes.filter((c) => (c.kind !== 'create' && c.before.dynamic) || (c.kind !== 'delete' && c.after.dynamic)).map((c) => (c.kind === 'delete' ? c.before : c.after).name);
    return [...new Set(names)].filter((name) => !known?.has(name));
  }

  /** A filtered read of one owner name: what it found there replaces what was known of that name. */
  readOwner(zone: string, owner: string, lua: Map<string, LuaAtName>, foreign: SkippedRRset[]): void {
    const sets = this.zoneSets(zone);
    this.known(zone).add(owner);
    const found = lua.get(owner);
    if (found) sets.set(owner, found);
    else sets.delete(owner);
    this.foreign.set(zone, [...(this.foreign.get(zone) ?? []).filter((f) => f.name !== owner), ...foreign.filter((f) => f.name === owner)]);
  }

  patches(zone: string, changes: Change[], plain: (change: Change) => ApiRRsetPatch): ReturnType<typeof patchesWithLua> {
    const sets = this.sets.get(zone);
    return patchesWithLua(changes, (name) => sets?.get(name), plain);
  }

  /** After a PATCH went in: the LUA rrsets it left. */
  wrote(zone: string, lua: Map<string, LuaAtName | undefined>): void {
    const sets = this.zoneSets(zone);
    for (const [name, set] of lua) {
      this.known(zone).add(name);
      if (set) sets.set(name, set);
      else sets.delete(name);
    }
  }

  audit(zone: string, desired: Zone): AuditFinding[] {
    const findings: AuditFinding[] = [];
    const foreign = this.foreign.get(zone) ?? [];
    const steeredTtl = new Map<string, number>();
    for (const rrset of desired.rrsets) {
      const refused = powerdnsRefusesDynamic(rrset);
      if (refused) findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type}: traffic steering on PowerDNS: ${refused}` });
      const clash = foreign.find((f) => f.name === rrset.name && f.type === rrset.type);
      if (clash) findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type}: PowerDNS holds a ${clash.reason.replace(/; left alone.*$/, '')} there, which would be served beside it; change it in PowerDNS or remove it first` });
      if (!rrset.dynamic) continue;
      const ttl = steeredTtl.get(rrset.name);
      if (ttl !== undefined && ttl !== rrset.ttl) {
        findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type}: steered rrsets at one name share PowerDNS's LUA rrset and its TTL; give them one TTL (${ttl} and ${rrset.ttl} here)` });
      }
      steeredTtl.set(rrset.name, rrset.ttl);
      const live = this.sets.get(zone)?.get(rrset.name);
      if (live && live.ttl !== rrset.ttl && foreign.some((f) => f.name === rrset.name)) {
        findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type}: the LUA rrset there also holds records zonesync did not write, with TTL ${live.ttl}; a steered rrset there must keep that TTL (not ${rrset.ttl})` });
      }
    }
    return findings;
  }

  kept(zone: string): KeptRecord[] {
    return (this.foreign.get(zone) ?? []).map((f) => ({ name: f.name, type: 'LUA', detail: f.reason }));
  }

  private known(zone: string): Set<string> {
    let names = this.owners.get(zone);
    if (!names) this.owners.set(zone, (names = new Set()));
    return names;
  }

  private zoneSets(zone: string): Map<string, LuaAtName> {
    let sets = this.sets.get(zone);
    if (!sets) this.sets.set(zone, (sets = new Map()));
    return sets;
  }
}
