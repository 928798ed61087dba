import type { CidrCollectionChange, ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import type { ZoneName } from '../../core/name.js';
import type { Route53Api } from './client.js';
import { cidrCollectionName, cidrLocationPrefix, cidrLocations, cidrRequests } from './dynamic.js';
import type { CidrCollectionRead } from './dynamic-read.js';

/** zonesync's CIDR collection of a hosted zone: its id, CollectionVersion and locations with their blocks. */
interface ZoneCidr {
  id: string;
  version: number;
  locations: Map<string, string[]>;
}

/** What `prepare` leaves for the record sets to name, and what to do after the batches (or when the first did not go in). */
export interface CidrPreparation {
  collectionId: string | undefined;
  finish: () => Promise<void>;
  abandon: () => Promise<void>;
}

/** zonesync's CIDR collection of each hosted zone (`zonesync-<zone id>`): read when a record set routes by CIDR, kept in step with the subnet rules written. */
export class Route53Cidr {
  /** By hosted zone id. */
  private readonly collections = new Map<string, Promise<ZoneCidr | undefined>>();

  constructor(private readonly api: Route53Api) {}

  /** zonesync's CIDR collection, read only when a record set routes by CIDR (a zone without any costs no call). */
  async of(zoneId: string, sets: ResourceRecordSet[]): Promise<CidrCollectionRead | undefined> {
    return sets.some((s) => s.CidrRoutingConfig !== undefined) ? this.read(zoneId) : undefined;
  }

  private read(zoneId: string, fresh = false): Promise<ZoneCidr | undefined> {
    let found = this.collections.get(zoneId);
    if (!found || fresh) {
      found = this.api.listCidrCollections().then(async (list) => {
        const mine = list.find((c) => c.name === cidrCollectionName(zoneId));
        if (!mine) return undefined;
        const locations = new Map<string, string[]>();
        for (const b of await this.api.listCidrBlocks(mine.id, `reading CIDR collection ${mine.name}`)) locations.set(b.location, [...(locations.get(b.location) ?? []), b.block]);
        return { id: mine.id, version: mine.version, locations };
      });
      found.catch(() => this.collections.delete(zoneId));
      this.collections.set(zoneId, found);
    }
    return found;
  }

  /**
   * Before the batches: the CIDR locations the steered rrsets written now route to, in zonesync's
   * collection of the zone (created when missing), their new blocks PUT, their old ones and blocks
   * moving between them taken out in the same request (one ChangeCidrCollection, at the version
   * just read: Route 53 refuses it if someone changed the collection since). `finish`, after the batches: the
   * blocks and locations of these rrsets that no rule names any more deleted, and the collection
   * when it is empty; `abandon`, when the first batch did not go in: the locations of these rrsets
   * put back as they were before (and a collection made for them deleted). Only locations of the
   * rrsets changed here are touched.
   */
  async prepare(zone: ZoneName, zoneId: string, changes: Change[]): Promise<CidrPreparation> {
    const wanted = new Map<string, string[]>();
    const was = new Map<string, string[]>();
    for (const c of changes) if (c.kind !== 'delete' && c.after.dynamic) for (const [loc, blocks] of cidrLocations(c.after)) wanted.set(loc, blocks);
    for (const c of changes) if (c.kind !== 'create' && c.before.dynamic) for (const [loc, blocks] of cidrLocations(c.before)) was.set(loc, blocks);
    const touched = changes.filter((c) => (c.kind !== 'create' && c.before.dynamic) || (c.kind !== 'delete' && c.after.dynamic)).map(changeSubject);
    const hadSubnets = changes.some((c) => c.kind !== 'create' && c.before.dynamic && cidrLocations(c.before).size > 0);
    const none = { collectionId: undefined, finish: async () => undefined, abandon: async () => undefined };
    if (wanted.size === 0 && !hadSubnets) return none;
    let col = await this.read(zoneId, true);
    if (!col && wanted.size === 0) return none;
    if (!col) {
      const made = await this.api.createCidrCollection(cidrCollectionName(zoneId), `zone ${zone}: creating CIDR collection ${cidrCollectionName(zoneId)}`);
      col = { id: made.id, version: made.version, locations: new Map() };
    }
    const current = col;
    const send = async (all: CidrCollectionChange[], what: string) => {
      for (const list of cidrRequests(all)) {
        await this.api.changeCidrCollection(current.id, current.version, list, `zone ${zone}: CIDR collection ${cidrCollectionName(zoneId)}: ${what}`);
        current.version++;
        remember(list);
      }
    };
    const remember = (list: CidrCollectionChange[]) => {
      for (const change of list) {
        const blocks = new Set(current.locations.get(change.LocationName ?? '') ?? []);
        for (const b of change.CidrList ?? []) {
          if (change.Action === 'PUT') blocks.add(b);
          else blocks.delete(b);
        }
        if (blocks.size > 0) current.locations.set(change.LocationName ?? '', [...blocks].sort());
        else current.locations.delete(change.LocationName ?? '');
      }
      this.collections.set(zoneId, Promise.resolve(current));
    };
    const owner = new Map<string, string>();
    for (const [loc, blocks] of current.locations) for (const b of blocks) owner.set(b, loc);
    const puts: CidrCollectionChange[] = [];
    const moves = new Map<string, string[]>();
    for (const [loc, blocks] of wanted) {
      const missing = blocks.filter((b) => owner.get(b) !== loc);
      if (missing.length > 0) puts.push({ LocationName: loc, Action: 'PUT', CidrList: missing });
      // a location that stays loses its old blocks in the same request: a subnet change is one ChangeCidrCollection
      const keep = new Set(blocks);
      const old = (current.locations.get(loc) ?? []).filter((b) => !keep.has(b));
      if (old.length > 0) moves.set(loc, [...(moves.get(loc) ?? []), ...old]);
      for (const b of missing) {
        const from = owner.get(b);
        if (from !== undefined) moves.set(from, [...(moves.get(from) ?? []), b]);
      }
    }
    await send([...[...moves].map(([loc, blocks]): CidrCollectionChange => ({ LocationName: loc, Action: 'DELETE_IF_EXISTS', CidrList: blocks })), ...puts], 'setting the blocks of subnet rules');
    const prefixes = touched.map(cidrLocationPrefix);
    // the locations of the rrsets changed here made exactly `target`; an empty collection deleted
    const settle = async (target: Map<string, string[]>, what: string) => {
      const list: CidrCollectionChange[] = [];
      for (const [loc, blocks] of target) {
        const missing = blocks.filter((b) => !(current.locations.get(loc) ?? []).includes(b));
        if (missing.length > 0) list.push({ LocationName: loc, Action: 'PUT', CidrList: missing });
      }
      for (const [loc, blocks] of current.locations) {
        if (!prefixes.some((p) => loc.startsWith(p))) continue;
        const keep = new Set(target.get(loc) ?? []);
        const extra = blocks.filter((b) => !keep.has(b));
        if (extra.length > 0) list.push({ LocationName: loc, Action: 'DELETE_IF_EXISTS', CidrList: extra });
      }
      await send(list, what);
      if (current.locations.size === 0) {
        await this.api.deleteCidrCollection(current.id, `zone ${zone}: deleting CIDR collection ${cidrCollectionName(zoneId)}, no longer used`);
        this.collections.set(zoneId, Promise.resolve(undefined));
      }
    };
    return {
      collectionId: current.id,
      finish: () => settle(wanted, 'deleting blocks no rule names any more'),
      abandon: () => settle(was, 'putting back the blocks of a change that did not go in'),
    };
  }
}
