import { ZonesyncError } from './errors.js';
import { isFeatureType, type RRset, type Zone } from './model.js';
import { compareNames, isInZone, parentName } from './name.js';
import { NameTree } from './name-tree.js';

/** What an authoritative nameserver serving exactly `zone` should answer to one question (RFC 1034 4.3.2, RFC 2308, RFC 4592). */

export interface ExpectedRRset {
  name: string;
  type: string;
  ttl: number;
  values: string[];
  /**
   * A steered rrset (`dynamic`): asked without a client subnet, the server may answer from any
   * pool, so any non-empty subset of these (every pool's values and the record's) is right.
   * The per-rule answers are checked by EDNS Client Subnet (src/verify/steering.ts).
   */
  anyOf?: string[];
}

export type Expected =
  /**
   * Data: the rrset asked for, or a CNAME and, while its target stays in the zone, the rest of the chain.
   * `rcode` is the one of the last name in the chain (RFC 6604). `leavesZone` is set when the chain goes
   * where the zone cannot predict (out of the zone, into a delegation or a flattened ALIAS): records at
   * other owners than those expected are then no error.
   */
  | { kind: 'answer'; rrsets: ExpectedRRset[]; rcode: 'NOERROR' | 'NXDOMAIN'; leavesZone: boolean }
  /** The name exists (maybe as an empty non-terminal) but has no data of that type. */
  | { kind: 'nodata' }
  | { kind: 'nxdomain' }
  /** At or below a delegation: the server refers, it does not answer with authority. */
  | { kind: 'referral' }
  /** A/AAAA at an ALIAS: providers flatten it to whatever the target holds, so only presence is comparable. */
  | { kind: 'alias' }
  /**
   * Apex SOA and NS belong to the provider; so do A and AAAA at a URLFWD name without its own: NS1
   * answers them with its forwarders' addresses, which the zone cannot predict. Such a question is not asked.
   */
  | { kind: 'provider-owned' };

export interface Question {
  name: string;
  type: string;
}

/** Owner names → types → rrset, and every name that exists (owners and the empty non-terminals above them). */
interface ZoneIndex {
  zone: string;
  nodes: Map<string, Map<string, RRset>>;
  names: NameTree;
}

/** The apex, an owner, or an empty non-terminal above one (RFC 4592 2.2.2). */
function exists(index: ZoneIndex, name: string): boolean {
  return name === index.zone || index.names.has(name) || index.names.isEmptyNonTerminal(name);
}

/**
 * The last index of each zone object, kept while its rrsets array is the same and as long: one chunk's
 * verification asks questionsFor, checksFor and each nameserver's run for expectations of one zone,
 * and indexing a large zone each time cost more than asking the chunk's questions.
 */
const indexes = new WeakMap<Zone, { rrsets: readonly RRset[]; length: number; index: ZoneIndex }>();

function indexZone(zone: Zone): ZoneIndex {
  const known = indexes.get(zone);
  if (known && known.rrsets === zone.rrsets && known.length === zone.rrsets.length && known.index.zone === zone.name) return known.index;
  const index = buildIndex(zone);
  indexes.set(zone, { rrsets: zone.rrsets, length: zone.rrsets.length, index });
  return index;
}

function buildIndex(zone: Zone): ZoneIndex {
  const index: ZoneIndex = { zone: zone.name, nodes: new Map(), names: new NameTree(zone.name) };
  for (const rrset of zone.rrsets) indexRRset(index, rrset);
  return index;
}

function indexRRset(index: ZoneIndex, rrset: RRset): void {
  if (!isInZone(rrset.name, index.zone)) return;
  const node = index.nodes.get(rrset.name) ?? new Map<string, RRset>();
  node.set(rrset.type, rrset);
  index.nodes.set(rrset.name, node);
  index.names.add(rrset.name, rrset.type);
}

/**
 * An index kept up to date rrset by rrset (the expected state of a run, one chunk at a time), so a
 * chunk's expectations cost what the chunk does, not what the zone does. `attach` makes it the
 * index of a zone object holding the same rrsets.
 */
export class LiveZoneIndex {
  private readonly index: ZoneIndex;
  /** The zone object it answers for until the next change: then that zone indexes itself again if asked. */
  private attached: Zone | undefined;

  constructor(zone: Zone) {
    this.index = buildIndex(zone);
  }

  set(rrset: RRset): void {
    this.detach();
    indexRRset(this.index, rrset);
  }

  delete(rrset: RRset): void {
    this.detach();
    const node = this.index.nodes.get(rrset.name);
    if (!node?.delete(rrset.type)) return;
    if (node.size === 0) this.index.nodes.delete(rrset.name);
    this.index.names.remove(rrset.name, rrset.type);
  }

  /** `zone` must hold exactly the rrsets set and not deleted here, and stay unchanged while used. */
  attach(zone: Zone): void {
    if (zone.name !== this.index.zone) throw new ZonesyncError(`index of ${this.index.zone} attached to zone ${zone.name}`);
    this.detach();
    indexes.set(zone, { rrsets: zone.rrsets, length: zone.rrsets.length, index: this.index });
    this.attached = zone;
  }

  private detach(): void {
    if (this.attached) indexes.delete(this.attached);
    this.attached = undefined;
  }
}

/** True when `name` is at or below an NS delegation strictly below the apex (DS at the cut is the parent's, so answered). */
function delegated(index: ZoneIndex, name: string, type: string): boolean {
  for (let cut = name; cut !== index.zone && cut !== '.'; cut = parentName(cut)) {
    if (!index.nodes.get(cut)?.has('NS')) continue;
    if (!(cut === name && type === 'DS')) return true;
  }
  return false;
}

function owned(rrset: RRset, owner: string): ExpectedRRset {
  if (!rrset.dynamic) return { name: owner, type: rrset.type, ttl: rrset.ttl, values: rrset.values };
  const steered = new Set([...rrset.values, ...Object.values(rrset.dynamic.pools).flatMap((pool) => pool.values.map((v) => v.value))]);
  return { name: owner, type: rrset.type, ttl: rrset.ttl, values: rrset.values, anyOf: [...steered].sort() };
}

/** How deep a CNAME chain inside the zone is followed before giving up, as servers do. */
const MAX_CHAIN = 8;

function expectAt(index: ZoneIndex, name: string, type: string, depth: number): Expected {
  if (!isInZone(name, index.zone)) throw new ZonesyncError(`${name} is not in zone ${index.zone}: no expectation`);
  if (name === index.zone && (type === 'SOA' || type === 'NS')) return { kind: 'provider-owned' };
  if (delegated(index, name, type)) return { kind: 'referral' };
  let node = index.nodes.get(name);
  let source = name;
  if (!node) {
    if (exists(index, name)) return { kind: 'nodata' };
    // RFC 4592: only the closest encloser's wildcard synthesises, and only for names that do not exist.
    let encloser = parentName(name);
    while (!exists(index, encloser)) encloser = parentName(encloser);
    source = `*.${encloser}`;
    node = index.nodes.get(source);
    if (!node) return { kind: 'nxdomain' };
  }
  const exact = node.get(type as RRset['type']);
  if (exact) return { kind: 'answer', rrsets: [owned(exact, name)], rcode: 'NOERROR', leavesZone: false };
  if ((type === 'A' || type === 'AAAA') && node.has('ALIAS')) return { kind: 'alias' };
  if ((type === 'A' || type === 'AAAA') && node.has('URLFWD')) return { kind: 'provider-owned' };
  const cname = node.get('CNAME');
  if (!cname) return { kind: 'nodata' };
  const head = owned(cname, name);
  const target = cname.values[0] as string;
  // A steered CNAME points where the client's pool says: the rest of the chain is not predictable.
  if (depth + 1 >= MAX_CHAIN || !isInZone(target, index.zone) || cname.dynamic) return { kind: 'answer', rrsets: [head], rcode: 'NOERROR', leavesZone: true };
  const rest = expectAt(index, target, type, depth + 1);
  switch (rest.kind) {
    case 'answer':
      return { ...rest, rrsets: [head, ...rest.rrsets] };
    case 'nodata':
      return { kind: 'answer', rrsets: [head], rcode: 'NOERROR', leavesZone: false };
    case 'nxdomain':
      return { kind: 'answer', rrsets: [head], rcode: 'NXDOMAIN', leavesZone: false };
    case 'referral':
    case 'alias':
    case 'provider-owned':
      return { kind: 'answer', rrsets: [head], rcode: 'NOERROR', leavesZone: true };
  }
}

/** What a nameserver serving exactly `zone` answers, for many questions: indexes the zone once. */
export function expectationsFor(zone: Zone): (name: string, type: string) => Expected {
  const index = indexZone(zone);
  return (name, type) => expectAt(index, name.toLowerCase(), type.toUpperCase(), 0);
}

/** What a nameserver serving exactly `zone` answers to `name` `type` (name absolute, lowercase, trailing dot). */
export function expectedAnswer(zone: Zone, name: string, type: string): Expected {
  return expectationsFor(zone)(name, type);
}

/** Types asked at a name: its declared DNS types plus A and AAAA (what a server answers for ALIAS and URLFWD is asked as those). */
function declaredTypes(index: ZoneIndex, name: string): string[] {
  const types = new Set<string>(['A', 'AAAA']);
  for (const type of index.nodes.get(name)?.keys() ?? []) if (!isFeatureType(type)) types.add(type);
  return [...types];
}

/**
 * Every question `verify` asks: each declared name × type plus A and AAAA at every name.
 * `names` limits (or extends: a deleted name is asked too) the names; `types`, when given, are the
 * types asked at each of them — chunk verification passes a chunk's names and types.
 */
export function questionsFor(zone: Zone, names?: Set<string>, types?: Set<string>): Question[] {
  const index = indexZone(zone);
  const asked = names ? [...names].filter((name) => isInZone(name, zone.name)) : [...index.nodes.keys()];
  const out: Question[] = [];
  for (const name of asked.sort(compareNames)) {
    const at = types ? [...types].flatMap((type) => (isFeatureType(type) ? ['A', 'AAAA'] : [type])) : declaredTypes(index, name);
    for (const type of [...new Set(at)].sort()) out.push({ name, type });
  }
  return out;
}
