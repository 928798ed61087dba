/**
 * Where an rrset sits in a ListResourceRecordSets listing: Route 53 sorts by name with the labels
 * reversed (`com.example.www`), compared as strings, then by type (AWS: "Listing records";
 * moto's get_record_sets does the same). Names here are zonesync's (lower case, trailing dot).
 */
export interface ListPosition {
  name: string;
  /** The Route 53 type (ALIAS is an A there). */
  type: string;
}

const reversed = (name: string) => name.replace(/\.$/, '').split('.').reverse().join('.');

/** Negative when owner name `a` is listed before `b` (labels reversed, compared as strings). */
export function compareListName(a: string, b: string): number {
  const ra = reversed(a);
  const rb = reversed(b);
  return ra === rb ? 0 : ra < rb ? -1 : 1;
}

/** True when `name` lies in [from, to) of the listing (from the start / to the end when absent). */
export function inListRange(name: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || compareListName(name, from) >= 0) && (to === undefined || compareListName(name, to) < 0);
}

/**
 * The page walk over one range of the listing: from `from` (the zone's start when absent) until a
 * page ends at or past `to` (the zone's end when absent). Items past `to` on the last page are dropped.
 */
export async function walkRange<T>(
  from: string | undefined,
  to: string | undefined,
  nameOf: (item: T) => string,
  page: (start: string | undefined) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let start = from;
  for (;;) {
    const result = await page(start);
    items.push(...result.items.filter((item) => inListRange(nameOf(item), from, to)));
    const next = result.next;
    if (next === undefined || (to !== undefined && compareListName(next, to) >= 0)) return items;
    // A server listing in another order would hand back the same start: never loop on it.
    if (start !== undefined && compareListName(next, start) < 0) return items;
    start = next;
  }
}

/** Negative when `a` is listed before `b`. */
export function compareListPosition(a: ListPosition, b: ListPosition): number {
  const ra = reversed(a.name);
  const rb = reversed(b.name);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.type === b.type ? 0 : a.type < b.type ? -1 : 1;
}

/**
 * The page walk over the rrsets a chunk touches: start at the first wanted position, and after
 * each truncated page start again at the next wanted position the page did not reach (skipping
 * the stretches between). Each page holds at least one wanted position, so a chunk costs at most
 * one call per rrset, and about ⌈rrsets in its range ÷ page size⌉ when it is contiguous.
 */
export async function walkPositions<T>(
  wanted: ReadonlyArray<ListPosition>,
  page: (start: ListPosition) => Promise<{ items: T[]; next?: ListPosition }>,
): Promise<T[]> {
  const sorted = [...wanted].sort(compareListPosition);
  const items: T[] = [];
  let i = 0;
  while (i < sorted.length) {
    const result = await page(sorted[i] as ListPosition);
    items.push(...result.items);
    const next = result.next;
    if (!next) break;
    const before = i;
    while (i < sorted.length && compareListPosition(sorted[i] as ListPosition, next) < 0) i++;
    // A server listing in another order would hand back a page short of the start: never loop on it.
    if (i === before) i++;
  }
  return items;
}
