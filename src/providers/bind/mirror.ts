import { rrsetKey, type RRset, type Soa } from '../../core/model.js';
import type { IxfrDiff } from '../../dns/axfr.js';
import type { WireRecord } from '../../dns/client.js';
import { canonicalRecord, sortRRsets } from './convert.js';

/**
 * One zone as named last transferred it, kept current by IXFR: the records of the last AXFR with
 * every difference since applied in order, exactly as named's journal lists them. It holds what an
 * AXFR would give at its serial, so a chunk's rrsets are read from it exactly, a CNAME, a
 * delegation and its glue, a wildcard or an empty non-terminal included, at the cost of the change
 * (what a DNS query for a name would not give: a referral, a wildcard's synthesis).
 */
export class ZoneMirror {
  /** `name TYPE` → value → TTL, in the model's canonical form. */
  private readonly byKey = new Map<string, { name: string; type: RRset['type']; values: Map<string, number> }>();
  /** Keys by owner name, for what else lives at a name. */
  private readonly byName = new Map<string, Set<string>>();

  private constructor(
    private readonly zone: string,
    private readonly provider: string,
    private current: Soa,
  ) {}

  static fromTransfer(zone: string, soa: Soa, records: readonly WireRecord[], provider: string): ZoneMirror {
    const mirror = new ZoneMirror(zone, provider, soa);
    for (const record of records) mirror.add(record);
    return mirror;
  }

  get serial(): number {
    return this.current.serial;
  }

  /** Apply an IXFR's differences, in order: each one's deletions, then its additions; the serial becomes `soa`'s. */
  applyDiffs(diffs: readonly IxfrDiff[], soa: Soa): void {
    for (const diff of diffs) {
      for (const record of diff.deleted) this.remove(record);
      for (const record of diff.added) this.add(record);
    }
    this.current = soa;
  }

  /** The rrsets of these keys that exist, absent ones left out. */
  rrsets(keys: ReadonlyArray<{ name: string; type: string }>): RRset[] {
    return sortRRsets([...new Set(keys.map(rrsetKey))].flatMap((key) => this.rrset(key) ?? []));
  }

  /** Every rrset at these owner names. */
  atNames(names: Iterable<string>): RRset[] {
    return sortRRsets([...new Set(names)].flatMap((name) => [...(this.byName.get(name) ?? [])].flatMap((key) => this.rrset(key) ?? [])));
  }

  private rrset(key: string): RRset | undefined {
    const entry = this.byKey.get(key);
    if (!entry || entry.values.size === 0) return undefined;
    return { name: entry.name, type: entry.type, ttl: Math.min(...entry.values.values()), values: [...entry.values.keys()] };
  }

  private add(record: WireRecord): void {
    const canonical = canonicalRecord(this.zone, record, this.provider);
    if (!canonical) return;
    const key = rrsetKey(canonical);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { name: canonical.name, type: canonical.type, values: new Map() };
      this.byKey.set(key, entry);
      const keys = this.byName.get(canonical.name) ?? new Set<string>();
      keys.add(key);
      this.byName.set(canonical.name, keys);
    }
    entry.values.set(canonical.value, canonical.ttl);
  }

  private remove(record: WireRecord): void {
    const canonical = canonicalRecord(this.zone, record, this.provider);
    if (!canonical) return;
    const key = rrsetKey(canonical);
    const entry = this.byKey.get(key);
    if (!entry) return;
    entry.values.delete(canonical.value);
    if (entry.values.size > 0) return;
    this.byKey.delete(key);
    const keys = this.byName.get(canonical.name);
    keys?.delete(key);
    if (keys?.size === 0) this.byName.delete(canonical.name);
  }
}
