import type { Change } from '../../core/change.js';
import { LiveZoneIndex } from '../../core/expect.js';
import type { RRset, Zone } from '../../core/model.js';
import { rrsetKey } from '../../core/model.js';

/** The zone as it should be live after each chunk: the snapshot with every applied chunk folded in. */
export class ExpectedState {
  private readonly rrsets: Map<string, RRset>;

  constructor(private readonly snapshot: Zone | undefined, zone: string) {
    this.rrsets = new Map((snapshot?.rrsets ?? []).map((r) => [rrsetKey(r), r]));
    this.name = zone;
  }

  readonly name: string;

  /** The last zone() made, until the next change: one chunk's verification asks for it more than once. */
  private made: Zone | undefined;
  /** The expectations index of zone(), made at its first call and then kept up to date by each chunk. */
  private index: LiveZoneIndex | undefined;

  applyChanges(changes: Change[]): void {
    if (changes.length > 0) this.made = undefined;
    for (const c of changes) {
      if (c.kind === 'delete') {
        this.rrsets.delete(rrsetKey(c.before));
        this.index?.delete(c.before);
      } else {
        const old = this.rrsets.get(rrsetKey(c.after));
        if (old) this.index?.delete(old);
        this.rrsets.set(rrsetKey(c.after), c.after);
        this.index?.set(c.after);
      }
    }
  }

  get(key: string): RRset | undefined {
    return this.rrsets.get(key);
  }

  /** The expected zone; the same object until the next applyChanges, so treat it as read-only. */
  zone(): Zone {
    if (this.made) return this.made;
    const zone: Zone = { name: this.name, rrsets: [...this.rrsets.values()] };
    if (this.snapshot?.soa) zone.soa = this.snapshot.soa;
    this.index ??= new LiveZoneIndex(zone);
    this.index.attach(zone);
    this.made = zone;
    return zone;
  }
}
