import type { Change } from '../../core/change.js';
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

  applyChanges(changes: Change[]): void {
    for (const c of changes) {
      if (c.kind === 'delete') this.rrsets.delete(rrsetKey(c.before));
      else this.rrsets.set(rrsetKey(c.after), c.after);
    }
  }

  get(key: string): RRset | undefined {
    return this.rrsets.get(key);
  }

  zone(): Zone {
    const zone: Zone = { name: this.name, rrsets: [...this.rrsets.values()] };
    if (this.snapshot?.soa) zone.soa = this.snapshot.soa;
    return zone;
  }
}
