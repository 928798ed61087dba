import type { ApiRRset, ApiZone } from './convert.js';

/** Above this many owner names, one GET of the whole zone is cheaper than a filtered GET per name. */
const FILTERED_READ_MAX_NAMES = 8;
/**
 * A whole GET of the zone costs about one filtered GET per this many rrsets. On 4.7 with gsqlite3,
 * a chunk of 100 rrsets applied with --verify dns (its read-back and the next chunk's re-read: one
 * whole GET, or 200 filtered ones) took 82–109 ms at 10,000 rrsets and 180 ms at 20,000 on the
 * whole-GET path, 121–158 ms on the filtered path at any size (bench apply-pdns-linear, 2026-12-03):
 * the paths cross near 15,000 rrsets for 200 owners, 77 a GET. Timed alone, a whole GET and its
 * conversion is one filtered GET per 78–113 rrsets (7 pairs each at 10,000, 20,000 and 50,000).
 */
const OWNERS_PER_WHOLE_READ = 80;

/**
 * What a read of part of a zone costs on this server, learnt from its answers: the zone's size at
 * its last whole read, and how many rrsets at other names a filtered GET answers as well. Before
 * 4.9.2 (and 5.0), PowerDNS lists the zone's comments whole for a GET filtered by `rrset_name`
 * (ws-auth.cc `fillZone`), so each such GET answers every commented rrset of the zone; in a zone
 * whose 10,000 rrsets all have comments one took 63–65 ms, as much as a whole GET (95 ms), against
 * about 1 ms without comments. Where the last whole read saw comments, the first filtered GET
 * measures what this server does before more are sent.
 */
export class PowerDnsReadCost {
  private readonly sizes = new Map<string, number>();
  private readonly commented = new Map<string, number>();
  private readonly extra = new Map<string, number>();

  /** A whole answer of the zone (`converted`: the rrsets it gave the model). */
  wholeRead(zone: string, api: unknown, converted: number): void {
    const listed = apiRRsets(api);
    this.sizes.set(zone, Math.max(converted, listed.length));
    this.commented.set(zone, listed.filter((set) => Array.isArray(set.comments) && set.comments.length > 0).length);
  }

  /** A filtered answer for `owner`: what it holds at other names is the cost of every such GET. */
  filteredRead(zone: string, owner: string, api: unknown): void {
    const wanted = owner.toLowerCase();
    this.extra.set(zone, apiRRsets(api).filter((set) => typeof set.name !== 'string' || set.name.toLowerCase() !== wanted).length);
  }

  /** Whether `owners` filtered GETs cost less than one whole GET of the zone. */
  filteredCheaper(zone: string, owners: number): boolean {
    const extra = this.extra.get(zone) ?? 0;
    const size = this.sizes.get(zone) ?? (extra > 0 ? extra : undefined);
    if (size === undefined) return owners <= FILTERED_READ_MAX_NAMES;
    return owners * (OWNERS_PER_WHOLE_READ + extra) <= size;
  }

  /** The zone has comments, and no filtered GET has shown yet whether this server answers them all. */
  unmeasured(zone: string): boolean {
    return !this.extra.has(zone) && (this.commented.get(zone) ?? 0) > 0;
  }
}

/** The rrsets of a zone's answer as sent (an answer without a list has none). */
function apiRRsets(api: unknown): ApiRRset[] {
  const rrsets = (api as ApiZone).rrsets;
  return Array.isArray(rrsets) ? rrsets : [];
}
