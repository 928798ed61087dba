import type { RRset, Soa, Zone } from '../../src/core/model.js';
import { isInZone } from '../../src/core/name.js';
import type { PacketRecord } from '../../src/dns/packet.js';
import { recordToPacket, soaToPacket, type WireType } from '../../src/dns/rdata-wire.js';

/** How an authoritative server answers one question from the zones it holds (RFC 1034 4.3.2, RFC 2308, RFC 4592). */

export interface ServedZone {
  name: string;
  soa: Soa;
  /** owner name → type → rrset; ALIAS is left out (it is not a DNS type). */
  nodes: Map<string, Map<string, RRset>>;
}

export interface Answer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  authoritative: boolean;
  answers: PacketRecord[];
  authorities: PacketRecord[];
  additionals: PacketRecord[];
}

export function defaultSoa(zone: string): Soa {
  return { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 3600, retry: 600, expire: 604800, minimum: 300, ttl: 3600 };
}

export function serveZone(zone: Zone): ServedZone {
  const nodes = new Map<string, Map<string, RRset>>();
  for (const rrset of zone.rrsets) {
    if (rrset.type === 'ALIAS' || !isInZone(rrset.name, zone.name)) continue;
    const node = nodes.get(rrset.name) ?? new Map<string, RRset>();
    node.set(rrset.type, rrset);
    nodes.set(rrset.name, node);
  }
  return { name: zone.name, soa: zone.soa ?? defaultSoa(zone.name), nodes };
}

function packets(rrset: RRset, owner = rrset.name): PacketRecord[] {
  return rrset.values.map((value) => recordToPacket({ name: owner, type: rrset.type as WireType, ttl: rrset.ttl, value }));
}

function negativeSoa(zone: ServedZone): PacketRecord {
  // RFC 2308: the SOA in a negative answer carries min(SOA TTL, MINIMUM).
  return soaToPacket(zone.name, { ...zone.soa, ttl: Math.min(zone.soa.ttl, zone.soa.minimum) });
}

function parentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 || dot === name.length - 1 ? '.' : name.slice(dot + 1);
}

function nameExists(zone: ServedZone, name: string): boolean {
  if (name === zone.name || zone.nodes.has(name)) return true;
  // An empty non-terminal exists too (RFC 4592 2.2.2).
  for (const owner of zone.nodes.keys()) if (owner.endsWith(`.${name}`)) return true;
  return false;
}

/** The closest delegation point strictly below the apex on the way down to `name`. */
function delegation(zone: ServedZone, name: string, type: string): string | undefined {
  const cuts: string[] = [];
  for (let cut = name; cut !== zone.name && cut !== '.'; cut = parentOf(cut)) cuts.unshift(cut);
  for (const cut of cuts) {
    if (!zone.nodes.get(cut)?.has('NS')) continue;
    // DS lives on the parent side of the cut.
    if (cut === name && type === 'DS') return undefined;
    return cut;
  }
  return undefined;
}

function glue(zone: ServedZone, ns: RRset): PacketRecord[] {
  return ns.values.flatMap((target) => {
    if (!isInZone(target, zone.name)) return [];
    const node = zone.nodes.get(target);
    return [node?.get('A'), node?.get('AAAA')].flatMap((rrset) => (rrset ? packets(rrset) : []));
  });
}

/** The most specific zone holding `name`. */
function zoneFor(zones: ServedZone[], name: string): ServedZone | undefined {
  return zones.filter((z) => isInZone(name, z.name)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** The rrsets at `name` (SOA included at the apex) as records owned by `owner`, by type. */
function recordsAt(zone: ServedZone, node: Map<string, RRset>, name: string, owner: string): Map<string, PacketRecord[]> {
  const records = new Map<string, PacketRecord[]>();
  if (name === zone.name) records.set('SOA', [soaToPacket(zone.name, zone.soa)]);
  for (const [type, rrset] of node) records.set(type, packets(rrset, owner));
  return records;
}

/** Answer `name` `type` from `zones`, the way an authoritative-only server does. */
export function answerQuestion(zones: ServedZone[], name: string, type: string, depth = 0): Answer {
  const zone = zoneFor(zones, name);
  if (!zone) return { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [], additionals: [] };
  const cut = delegation(zone, name, type);
  if (cut) {
    const ns = zone.nodes.get(cut)?.get('NS') as RRset;
    return { rcode: 'NOERROR', authoritative: false, answers: [], authorities: packets(ns), additionals: glue(zone, ns) };
  }
  const noData: Answer = { rcode: 'NOERROR', authoritative: true, answers: [], authorities: [negativeSoa(zone)], additionals: [] };
  let node = zone.nodes.get(name);
  let source = name;
  if (!node && nameExists(zone, name)) return name === zone.name ? answerApexOnly(zone, type, noData) : noData;
  if (!node) {
    let encloser = parentOf(name);
    while (!nameExists(zone, encloser)) encloser = parentOf(encloser);
    source = `*.${encloser}`;
    node = zone.nodes.get(source);
    if (!node) return { ...noData, rcode: 'NXDOMAIN' };
  }
  const records = recordsAt(zone, node, source, name);
  if (type === 'ANY') return { ...noData, answers: [...records.values()].flat(), authorities: [] };
  const exact = records.get(type);
  if (exact) return { ...noData, answers: exact, authorities: [] };
  const cname = node.get('CNAME');
  if (!cname) return noData;
  const head = records.get('CNAME') as PacketRecord[];
  const target = cname.values[0] as string;
  // Follow the chain while it stays in zones we hold, as an authoritative server does.
  if (depth >= 8 || !zones.some((z) => isInZone(target, z.name))) return { ...noData, answers: head, authorities: [] };
  const rest = answerQuestion(zones, target, type, depth + 1);
  if (rest.rcode === 'REFUSED') return { ...noData, answers: head, authorities: [] };
  return { ...rest, authoritative: true, answers: [...head, ...rest.answers] };
}

/** The apex of a zone whose rrsets hold nothing there: only the SOA answers. */
function answerApexOnly(zone: ServedZone, type: string, noData: Answer): Answer {
  return type === 'SOA' || type === 'ANY' ? { ...noData, answers: [soaToPacket(zone.name, zone.soa)], authorities: [] } : noData;
}

/** NXDOMAIN for `name`, with the SOA of the zone holding it (what a broken server says of a name that exists). */
export function nameError(zones: ServedZone[], name: string): Answer {
  const answer = noData(zones, name);
  return answer.rcode === 'REFUSED' ? answer : { ...answer, rcode: 'NXDOMAIN' };
}

/** NODATA for `name`, with the SOA of the zone holding it (a steered name with nothing for this client). */
export function noData(zones: ServedZone[], name: string): Answer {
  const zone = zoneFor(zones, name);
  if (!zone) return { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [], additionals: [] };
  return { rcode: 'NOERROR', authoritative: true, answers: [], authorities: [negativeSoa(zone)], additionals: [] };
}

/** Every record of a zone in AXFR order: SOA, the rest, SOA again. */
export function transferRecords(zone: ServedZone): PacketRecord[] {
  const soa = soaToPacket(zone.name, zone.soa);
  const rest = [...zone.nodes.values()].flatMap((node) => [...node.values()].flatMap((rrset) => packets(rrset)));
  return [soa, ...rest, soa];
}
