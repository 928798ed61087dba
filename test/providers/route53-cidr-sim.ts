import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Route 53 CIDR collections (IP-based routing), which moto 5.2.1 lacks (404) and whose
 * `CidrRoutingConfig` it drops from record sets: emulated here, in front of moto, from the Route 53
 * API reference (CreateCidrCollection, ChangeCidrCollection, ListCidrCollections, ListCidrLocations,
 * ListCidrBlocks, DeleteCidrCollection; CidrRoutingConfig in ChangeResourceRecordSets and
 * ListResourceRecordSets):
 * - a collection has a UUID id, a name (1..64 of [0-9A-Za-z_-], unique in the account), an ARN and a
 *   CollectionVersion that starts at 1 and goes up by one per change; a ChangeCidrCollection whose
 *   CollectionVersion is not the current one fails with CidrCollectionVersionMismatchException;
 * - a change PUTs CIDR blocks into a location (created by its first block) or DELETE_IF_EXISTS them
 *   (a location goes when its last block goes); location names are 1..16 of [0-9A-Za-z_-]; IPv4
 *   blocks /0../24, IPv6 /0../48, host bits zero; at most 1,000 blocks in one request; a block is in
 *   one location of a collection; all of a request or nothing;
 * - a location a record set routes to keeps at least one block (CidrBlockInUseException); a
 *   collection with locations, or one a record set names, is not deleted (CidrCollectionInUseException);
 * - a record set's CidrRoutingConfig names an existing collection (NoSuchCidrCollectionException)
 *   and one of its locations or `*`, the default (NoSuchCidrLocationException); all record sets of
 *   one name and type use one routing policy (InvalidChangeBatch).
 * Limits not in the API reference are the documented quotas: 5 collections an account, 1,000 blocks a collection.
 */

export const CIDR_LIMITS = { collections: 5, blocksPerCollection: 1000, blocksPerRequest: 1000, locationName: 16, collectionName: 64, ipv4Prefix: 24, ipv6Prefix: 48 } as const;

interface Collection {
  id: string;
  name: string;
  version: number;
  locations: Map<string, Set<string>>;
}

interface Routed {
  collectionId: string;
  location: string;
}

export interface CidrAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const XMLNS = 'https://route53.amazonaws.com/doc/2013-04-01/';
const error = (status: number, code: string, message: string): CidrAnswer => ({
  status,
  body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});
const ok = (body: string, status = 200, headers?: Record<string, string>): CidrAnswer => ({ status, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, ...(headers ? { headers } : {}) });

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The text of each `<tag>…</tag>` directly in `xml` (the shapes here do not nest a tag in itself). */
function all(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] as string);
}
const one = (xml: string, tag: string): string | undefined => {
  const found = all(xml, tag)[0];
  return found === undefined ? undefined : unescape(found.trim());
};

/** `10.1.0.0/16` when it is a network Route 53 takes as a CIDR block; a reason otherwise. */
export function checkCidr(text: string): { ok: true } | { ok: false; reason: string } {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const family = match ? isIP(match[1] as string) : 0;
  if (!match || family === 0) return { ok: false, reason: `${text} is not a CIDR block` };
  const prefix = Number(match[2]);
  const max = family === 4 ? CIDR_LIMITS.ipv4Prefix : CIDR_LIMITS.ipv6Prefix;
  if (prefix > max) return { ok: false, reason: `${text}: the prefix length must be at most /${max} for IPv${family}` };
  const bits = family === 4 ? ipv4Bits(match[1] as string) : ipv6Bits(match[1] as string);
  if (bits.slice(prefix).includes('1')) return { ok: false, reason: `${text}: host bits are set` };
  return { ok: true };
}
const ipv4Bits = (ip: string) => ip.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
function ipv6Bits(ip: string): string {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}

const recordKey = (zone: string, name: string, type: string, id: string) => `${zone}|${name.toLowerCase().replace(/\.$/, '')}|${type}|${id}`;

export class CidrSim {
  private readonly collections = new Map<string, Collection>();
  /** CidrRoutingConfig of record sets, by zone|name|type|SetIdentifier: moto keeps the rest. */
  private readonly routed = new Map<string, Routed>();
  /** Routing policy of each name+type, as far as record sets passed here tell. */
  private readonly policies = new Map<string, Map<string, string>>();

  reset(): void {
    this.collections.clear();
    this.routed.clear();
    this.policies.clear();
  }

  /** The answer to a CIDR collection call; undefined when the call is not one. */
  handle(method: string, url: string, body: string): CidrAnswer | undefined {
    const [path = '', query = ''] = url.split('?');
    const params = new URLSearchParams(query);
    if (/^\/2013-04-01\/cidrcollection\/?$/.test(path)) return method === 'POST' ? this.create(body) : this.list(params);
    const blocks = /^\/2013-04-01\/cidrcollection\/([^/]+)\/cidrblocks\/?$/.exec(path);
    if (blocks) return this.listBlocks(decodeURIComponent(blocks[1] as string), params);
    const at = /^\/2013-04-01\/cidrcollection\/([^/]+)\/?$/.exec(path);
    if (!at) return undefined;
    const id = decodeURIComponent(at[1] as string);
    if (method === 'POST') return this.change(id, body);
    if (method === 'DELETE') return this.delete(id);
    return this.listLocations(id, params);
  }

  private create(body: string): CidrAnswer {
    const name = one(body, 'Name') ?? '';
    const reference = one(body, 'CallerReference') ?? '';
    if (!/^[0-9A-Za-z_-]+$/.test(name) || name.length > CIDR_LIMITS.collectionName) return error(400, 'InvalidInput', `Name ${name}: 1 to ${CIDR_LIMITS.collectionName} characters of 0-9, A-Z, a-z, _ and -`);
    if (reference === '' || reference.length > 64) return error(400, 'InvalidInput', 'CallerReference: 1 to 64 characters');
    if ([...this.collections.values()].some((c) => c.name === name)) return error(400, 'CidrCollectionAlreadyExistsException', `A CIDR collection with the name ${name} already exists`);
    if (this.collections.size >= CIDR_LIMITS.collections) return error(400, 'LimitsExceeded', `The account already has ${CIDR_LIMITS.collections} CIDR collections`);
    const collection: Collection = { id: randomUUID(), name, version: 1, locations: new Map() };
    this.collections.set(collection.id, collection);
    return ok(`<CreateCidrCollectionResponse xmlns="${XMLNS}"><Collection>${this.summary(collection)}</Collection></CreateCidrCollectionResponse>`, 201, { location: `https://route53.amazonaws.com/2013-04-01/cidrcollection/${collection.id}` });
  }

  private summary(c: Collection): string {
    return `<Arn>arn:aws:route53:::cidrcollection/${c.id}</Arn><Id>${c.id}</Id><Name>${escape(c.name)}</Name><Version>${c.version}</Version>`;
  }

  /** One page of `items` from `nexttoken` (an index here), `maxresults` long. */
  private page<T>(items: T[], params: URLSearchParams): { items: T[]; next?: string } | CidrAnswer {
    const max = params.has('maxresults') ? Number(params.get('maxresults')) : 100;
    const from = params.has('nexttoken') ? Number(params.get('nexttoken')) : 0;
    if (!Number.isInteger(max) || max < 1) return error(400, 'InvalidInput', 'maxresults must be a positive integer');
    if (!Number.isInteger(from) || from < 0 || from > items.length) return error(400, 'InvalidInput', 'nexttoken is not valid');
    const slice = items.slice(from, from + max);
    return from + max < items.length ? { items: slice, next: String(from + max) } : { items: slice };
  }

  private list(params: URLSearchParams): CidrAnswer {
    const page = this.page([...this.collections.values()].sort((a, b) => a.name.localeCompare(b.name)), params);
    if ('status' in page) return page;
    const members = page.items.map((c) => `<member>${this.summary(c)}</member>`).join('');
    return ok(`<ListCidrCollectionsResponse xmlns="${XMLNS}">${page.next ? `<NextToken>${page.next}</NextToken>` : ''}<CidrCollections>${members}</CidrCollections></ListCidrCollectionsResponse>`);
  }

  private find(id: string): Collection | CidrAnswer {
    return this.collections.get(id) ?? error(404, 'NoSuchCidrCollectionException', `The CIDR collection ${id} does not exist`);
  }

  private listLocations(id: string, params: URLSearchParams): CidrAnswer {
    const c = this.find(id);
    if ('status' in c) return c;
    const page = this.page([...c.locations.keys()].sort(), params);
    if ('status' in page) return page;
    const members = page.items.map((l) => `<member><LocationName>${escape(l)}</LocationName></member>`).join('');
    return ok(`<ListCidrLocationsResponse xmlns="${XMLNS}">${page.next ? `<NextToken>${page.next}</NextToken>` : ''}<CidrLocations>${members}</CidrLocations></ListCidrLocationsResponse>`);
  }

  private listBlocks(id: string, params: URLSearchParams): CidrAnswer {
    const c = this.find(id);
    if ('status' in c) return c;
    const location = params.get('location');
    if (location !== null && !c.locations.has(location)) return error(404, 'NoSuchCidrLocationException', `The CIDR collection has no location ${location}`);
    const blocks = [...c.locations.entries()].filter(([l]) => location === null || l === location).flatMap(([l, set]) => [...set].sort().map((b) => ({ block: b, location: l })));
    const page = this.page(blocks, params);
    if ('status' in page) return page;
    const members = page.items.map((b) => `<member><CidrBlock>${b.block}</CidrBlock><LocationName>${escape(b.location)}</LocationName></member>`).join('');
    return ok(`<ListCidrBlocksResponse xmlns="${XMLNS}">${page.next ? `<NextToken>${page.next}</NextToken>` : ''}<CidrBlocks>${members}</CidrBlocks></ListCidrBlocksResponse>`);
  }

  private inUse(collectionId: string, location?: string): boolean {
    return [...this.routed.values()].some((r) => r.collectionId === collectionId && (location === undefined || r.location === location));
  }

  private change(id: string, body: string): CidrAnswer {
    const c = this.find(id);
    if ('status' in c) return c;
    const version = one(body, 'CollectionVersion');
    if (version !== undefined && Number(version) !== c.version) return error(409, 'CidrCollectionVersionMismatchException', `CollectionVersion ${version} is not the collection's current version ${c.version}`);
    const changesXml = all(body, 'Changes')[0] ?? '';
    const changes = [...all(changesXml, 'member'), ...all(changesXml, 'CidrCollectionChange')];
    if (changes.length === 0) return error(400, 'InvalidInput', 'Changes: at least one change');
    const next = new Map([...c.locations].map(([l, s]) => [l, new Set(s)]));
    let count = 0;
    for (const change of changes) {
      const location = one(change, 'LocationName') ?? '';
      const action = one(change, 'Action') ?? '';
      const cidrs = all(all(change, 'CidrList')[0] ?? '', 'Cidr').map((t) => unescape(t.trim()));
      if (!/^[0-9A-Za-z_-]+$/.test(location) || location.length > CIDR_LIMITS.locationName) return error(400, 'InvalidInput', `LocationName ${location}: 1 to ${CIDR_LIMITS.locationName} characters of 0-9, A-Z, a-z, _ and -`);
      if (action !== 'PUT' && action !== 'DELETE_IF_EXISTS') return error(400, 'InvalidInput', `Action ${action}: PUT or DELETE_IF_EXISTS`);
      if (cidrs.length === 0) return error(400, 'InvalidInput', `location ${location}: CidrList needs at least one CIDR block`);
      count += cidrs.length;
      for (const cidr of cidrs) {
        const checked = checkCidr(cidr);
        if (!checked.ok) return error(400, 'InvalidInput', checked.reason);
      }
      const set = next.get(location) ?? new Set<string>();
      for (const cidr of cidrs) {
        if (action === 'PUT') set.add(cidr);
        else set.delete(cidr);
      }
      if (set.size > 0) next.set(location, set);
      else next.delete(location);
    }
    // the request is one transaction: what counts is where it leaves each location
    for (const location of c.locations.keys()) {
      if (!next.has(location) && this.inUse(id, location)) return error(400, 'CidrBlockInUseException', `location ${location}: a record set routes to it, its last CIDR block cannot be deleted`);
    }
    if (count > CIDR_LIMITS.blocksPerRequest) return error(400, 'LimitsExceeded', `${count} CIDR blocks in one request; at most ${CIDR_LIMITS.blocksPerRequest}`);
    const owner = new Map<string, string>();
    let total = 0;
    for (const [location, set] of next) {
      for (const cidr of set) {
        const other = owner.get(cidr);
        if (other !== undefined) return error(400, 'InvalidInput', `CIDR block ${cidr} is in locations ${other} and ${location}; a block is in one location of a collection`);
        owner.set(cidr, location);
        total++;
      }
    }
    if (total > CIDR_LIMITS.blocksPerCollection) return error(400, 'LimitsExceeded', `${total} CIDR blocks in the collection; at most ${CIDR_LIMITS.blocksPerCollection}`);
    c.locations = next;
    c.version++;
    return ok(`<ChangeCidrCollectionResponse xmlns="${XMLNS}"><Id>${randomUUID()}</Id></ChangeCidrCollectionResponse>`);
  }

  private delete(id: string): CidrAnswer {
    const c = this.find(id);
    if ('status' in c) return c;
    if (c.locations.size > 0 || this.inUse(id)) return error(400, 'CidrCollectionInUseException', `The CIDR collection ${id} is in use (it has locations, or a record set names it)`);
    this.collections.delete(id);
    return ok(`<DeleteCidrCollectionResponse xmlns="${XMLNS}"></DeleteCidrCollectionResponse>`);
  }

  private parseBatch(zone: string, body: string): Array<{ action: string; key: string; nameType: string; id: string; policy: string; routed?: Routed }> {
    return all(body, 'Change').map((change) => {
      const set = all(change, 'ResourceRecordSet')[0] ?? '';
      const name = one(set, 'Name') ?? '';
      const type = one(set, 'Type') ?? '';
      const id = one(set, 'SetIdentifier') ?? '';
      const cidr = all(set, 'CidrRoutingConfig')[0];
      const policy = cidr !== undefined ? 'cidr' : ['Weight', 'GeoLocation', 'Failover', 'Region', 'GeoProximityLocation', 'MultiValueAnswer'].find((t) => all(set, t).length > 0) ?? 'simple';
      return {
        action: one(change, 'Action') ?? '',
        key: recordKey(zone, name, type, id),
        nameType: recordKey(zone, name, type, ''),
        id,
        policy,
        ...(cidr !== undefined ? { routed: { collectionId: one(cidr, 'CollectionId') ?? '', location: one(cidr, 'LocationName') ?? '' } } : {}),
      };
    });
  }

  /** Before a ChangeResourceRecordSets goes to moto: the error AWS would answer for its CidrRoutingConfig, if any. */
  checkBatch(zone: string, body: string): CidrAnswer | undefined {
    const policies = new Map([...this.policies].map(([k, m]) => [k, new Map(m)]));
    for (const change of this.parseBatch(zone, body)) {
      const routed = change.routed;
      if (routed && change.action !== 'DELETE') {
        const c = this.collections.get(routed.collectionId);
        if (!c) return error(404, 'NoSuchCidrCollectionException', `CidrRoutingConfig: the CIDR collection ${routed.collectionId} does not exist`);
        if (routed.location !== '*' && !c.locations.has(routed.location)) return error(404, 'NoSuchCidrLocationException', `CidrRoutingConfig: the CIDR collection ${c.name} has no location ${routed.location}`);
      }
      const sets = policies.get(change.nameType) ?? new Map<string, string>();
      if (change.action === 'DELETE') sets.delete(change.id);
      else sets.set(change.id, change.policy);
      policies.set(change.nameType, sets);
    }
    for (const [nameType, sets] of policies) {
      const kinds = new Set(sets.values());
      if (kinds.size > 1) {
        const [, name, type] = nameType.split('|');
        return error(400, 'InvalidChangeBatch', `[RRSet with DNS name ${name}., type ${type} cannot be created because a non-${[...kinds][0]} record set with the same name and type exists (routing policies ${[...kinds].join(', ')} mixed)]`);
      }
    }
    return undefined;
  }

  /** After moto took a ChangeResourceRecordSets: keep what it dropped. */
  applied(zone: string, body: string): void {
    for (const change of this.parseBatch(zone, body)) {
      const sets = this.policies.get(change.nameType) ?? new Map<string, string>();
      if (change.action === 'DELETE') {
        this.routed.delete(change.key);
        sets.delete(change.id);
      } else {
        if (change.routed) this.routed.set(change.key, change.routed);
        else this.routed.delete(change.key);
        sets.set(change.id, change.policy);
      }
      if (sets.size > 0) this.policies.set(change.nameType, sets);
      else this.policies.delete(change.nameType);
    }
  }

  /**
   * moto 5.2.1 deletes a record set with a SetIdentifier by the identifier alone, every record set
   * of the zone with it (Route 53 deletes the one of that name and type): of the record sets a
   * listing `listed` holds, those a batch would take with it, as XML to CREATE again after it.
   */
  collateral(listed: string, body: string): string[] {
    const deleted = all(body, 'Change').filter((c) => one(c, 'Action') === 'DELETE').map((c) => all(c, 'ResourceRecordSet')[0] ?? '');
    const ids = new Set(deleted.map((set) => one(set, 'SetIdentifier')).filter((id): id is string => id !== undefined));
    const meant = new Set(deleted.map((set) => recordKey('', one(set, 'Name') ?? '', one(set, 'Type') ?? '', one(set, 'SetIdentifier') ?? '')));
    return all(listed, 'ResourceRecordSet').filter((set) => {
      const id = one(set, 'SetIdentifier');
      return id !== undefined && ids.has(id) && !meant.has(recordKey('', one(set, 'Name') ?? '', one(set, 'Type') ?? '', id));
    });
  }

  /** A ListResourceRecordSets answer from moto with the CidrRoutingConfig of each record set put back. */
  merge(zone: string, xml: string): string {
    return xml.replace(/<ResourceRecordSet>([\s\S]*?)<\/ResourceRecordSet>/g, (whole, inner: string) => {
      const routed = this.routed.get(recordKey(zone, one(inner, 'Name') ?? '', one(inner, 'Type') ?? '', one(inner, 'SetIdentifier') ?? ''));
      if (!routed) return whole;
      return `<ResourceRecordSet>${inner}<CidrRoutingConfig><CollectionId>${routed.collectionId}</CollectionId><LocationName>${escape(routed.location)}</LocationName></CidrRoutingConfig></ResourceRecordSet>`;
    });
  }
}
