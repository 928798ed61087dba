import type { ResourceRecordSet, RRType } from '@aws-sdk/client-route-53';
import type { ZoneName } from '../../core/name.js';
import type { Route53Api } from './client.js';
import { nameFromRoute53, nameToRoute53 } from './convert.js';
import { setIdentity, steeringBase } from './dynamic.js';
import { walkPositions, walkRange, type ListPosition } from './order.js';

/**
 * Part of a hosted zone's ListResourceRecordSets listing, for the partial reads: pages walked from
 * wanted positions or over a range of names (order.ts), and the steering helpers those pages did not reach.
 */

/** A hosted zone's listing and the page size to read it in. */
export interface Listing {
  api: Route53Api;
  zone: ZoneName;
  zoneId: string;
  pageSize: number;
}

/** The record sets listed, without repeats, and the ListResourceRecordSets calls it took. */
export interface Listed {
  sets: ResourceRecordSet[];
  pages: number;
}

/** One page from a position (name and Route 53 type), with the position of the next. */
async function pageAt(listing: Listing, start: ListPosition): Promise<{ items: ResourceRecordSet[]; next?: ListPosition }> {
  const page = await listing.api.listRecordSetsPage(listing.zone, listing.zoneId, { name: nameToRoute53(start.name), type: start.type as RRType }, listing.pageSize);
  return page.next ? { items: page.sets, next: { name: nameFromRoute53(page.next.name), type: page.next.type } } : { items: page.sets };
}

/** The pages holding these positions: from the first of them in Route 53's order, skipping to the next wanted one after each page. */
export async function listPositions(listing: Listing, keys: ReadonlyArray<ListPosition>): Promise<Listed> {
  let pages = 0;
  const listed = await walkPositions(keys, (start) => {
    pages++;
    return pageAt(listing, start);
  });
  return { sets: distinctSets(listed), pages };
}

/** The pages from StartRecordName `from` until one reaches `to`; a steering helper belongs to the range of the name it steers, wherever it lists. */
export async function listRange(listing: Listing, from: string | undefined, to: string | undefined): Promise<Listed> {
  let pages = 0;
  const listed = await walkRange(from, to, (set: ResourceRecordSet) => steeringBase(nameFromRoute53(set.Name ?? '')), async (start) => {
    pages++;
    const page = await listing.api.listRecordSetsPage(listing.zone, listing.zoneId, start === undefined ? undefined : { name: nameToRoute53(start) }, listing.pageSize);
    return page.next ? { items: page.sets, next: nameFromRoute53(page.next.name) } : { items: page.sets };
  });
  return { sets: distinctSets(listed), pages };
}

/**
 * The helper record sets (`_octodns-…-pool.` / `-value.`) the steered record sets among `sets`
 * point at but a partial read did not reach (they list apart from their name: `1.www` can sort
 * between `www` and `_octodns-eu-pool.www`): read from their positions until every chain is whole.
 */
export async function withHelpers(listing: Listing, sets: ResourceRecordSet[]): Promise<ResourceRecordSet[]> {
  let all = sets;
  for (let round = 0; round < 4; round++) {
    const missing = missingHelpers(all);
    if (missing.length === 0) break;
    const wanted = new Set(missing.map((m) => `${m.name} ${m.type}`));
    const found = await walkPositions(missing, (start) => pageAt(listing, start));
    const more = found.filter((s) => wanted.has(`${nameFromRoute53(s.Name ?? '')} ${s.Type}`));
    if (more.length === 0) break;
    all = distinctSets([...all, ...more]);
  }
  return all;
}

/** The alias targets named by these record sets that are steering helpers (`_octodns-…`) and not among them. */
function missingHelpers(sets: ResourceRecordSet[]): Array<{ name: string; type: string }> {
  const have = new Set(sets.map((s) => `${nameFromRoute53(s.Name ?? '')} ${s.Type}`));
  const missing = new Map<string, { name: string; type: string }>();
  for (const set of sets) {
    const target = set.AliasTarget?.DNSName;
    if (!target || set.SetIdentifier === undefined) continue;
    const name = nameFromRoute53(target);
    const key = `${name} ${set.Type}`;
    if (steeringBase(name) !== name && !have.has(key)) missing.set(key, { name, type: set.Type ?? 'A' });
  }
  return [...missing.values()];
}

/** Record sets without repeats (a helper read twice, by the range and by its follow-up). */
function distinctSets(sets: ResourceRecordSet[]): ResourceRecordSet[] {
  const seen = new Set<string>();
  return sets.filter((s) => {
    const id = setIdentity(s);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
