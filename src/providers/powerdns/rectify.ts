import type { Change } from '../../core/change.js';
import type { RRset } from '../../core/model.js';
import { NameTree } from '../../core/name-tree.js';
import type { PowerDnsClient } from './client.js';
import type { CallContext } from './failure.js';

/**
 * PowerDNS rectifies the whole zone after every API change where the zone's API-RECTIFY (or the
 * server's default-api-rectify) says so: a PATCH of 100 rrsets took 25 ms at 10,000 rrsets and
 * 270 ms at 100,000 (5 ms at either size without it), so a run's chunks cost more the larger the
 * zone. For a run on an unsigned zone, zonesync turns it off and rectifies itself:
 * - after a chunk that made or removed an empty non-terminal (unrectified, PowerDNS answers
 *   NXDOMAIN for it) or changed an NS or DS below the apex, at once;
 * - otherwise once, when the run on the zone ends (finish), and then turns it back on.
 * A signed or presigned zone keeps it on: its NSEC/NSEC3 order is rectify's work.
 *
 * An interrupted run leaves the zone's X-ZONESYNC-RECTIFY metadata, which says what API-RECTIFY was;
 * the next apply to the zone picks it up, and its end rectifies and restores.
 */

/** Zone metadata zonesync sets while rectify is off: the API-RECTIFY to restore (`1`, or `absent`). */
export const RECTIFY_MARKER = 'X-ZONESYNC-RECTIFY';

type Restore = '1' | 'absent';

/** Below this many chunks the calls that turn rectify off and on cost about what they save. */
const MIN_CHUNKS = 3;

interface Deferred {
  restore: Restore;
  /** Chunks rectified on their own (empty non-terminals or delegations changed). */
  rectified: number;
  chunks: number;
  /** Rectifies after a chunk that failed: the chunk is applied all the same, and the end of the run rectifies. */
  failed: string[];
}

export interface RectifyDeps {
  client: PowerDnsClient;
  /** The server's settings, asked once per provider (shared with the LUA check). */
  settings(): Promise<unknown>;
  /** The zone's `dnssec` flag as the provider last saw it (undefined: not known, so not safe). */
  signed(zone: string): boolean | undefined;
  call<T>(run: () => Promise<T>, context: CallContext): Promise<T | undefined>;
}

export class DeferredRectify {
  /** Owner names as the last whole read saw them, kept up to date by each chunk. */
  private readonly trees = new Map<string, NameTree>();
  /** Zones whose current run has rectify off. */
  private readonly runs = new Map<string, Deferred>();

  constructor(private readonly deps: RectifyDeps) {}

  /** After a whole read: every name the zone holds (skipped records too: they are names PowerDNS serves or rectifies). */
  readWhole(zone: string, rrsets: readonly RRset[], skipped: ReadonlyArray<{ name: string; type: string }>): void {
    const tree = new NameTree(zone);
    for (const r of rrsets) tree.add(r.name, r.type);
    for (const s of skipped) tree.add(s.name.toLowerCase(), s.type);
    this.trees.set(zone, tree);
  }

  /**
   * Before a run's first chunk: rectify off for it, where that is safe and the run has chunks enough
   * to gain; what an interrupted run left is taken over or put right. What was done, for the journal.
   */
  async start(zone: string, chunks: number): Promise<string | undefined> {
    this.runs.delete(zone);
    const { client, call } = this.deps;
    const listed = await call(() => client.metadataList(zone), { zone, action: 'reading the zone metadata' });
    const kinds = new Map((Array.isArray(listed) ? (listed as Array<{ kind?: unknown; metadata?: unknown }>) : []).map((m) => [String(m.kind).toUpperCase(), Array.isArray(m.metadata) ? m.metadata.map(String) : []]));
    const marker = kinds.get(RECTIFY_MARKER)?.[0];
    const current = kinds.get('API-RECTIFY')?.[0];
    const left: Restore | undefined = marker === '1' || marker === 'absent' ? marker : undefined;
    const safe = this.trees.has(zone) && this.deps.signed(zone) === false && kinds.get('PRESIGNED')?.[0] !== '1' && !kinds.has('NSEC3PARAM');
    if (!safe || chunks < MIN_CHUNKS) {
      if (!left) return undefined;
      await this.restore(zone);
      return `PowerDNS: an interrupted run had left api_rectify off (${RECTIFY_MARKER}): the zone was rectified and api_rectify is on again`;
    }
    let restore: Restore;
    if (left) restore = left;
    else {
      const on = current === undefined ? await this.serverDefault() : current === '1';
      // The operator turned it off: theirs to rectify, left as it is.
      if (!on) return undefined;
      restore = current === undefined ? 'absent' : '1';
      // The marker first: a crash between the two leaves it with rectify still on, which the next run restores harmlessly.
      await call(() => client.setMetadata(zone, RECTIFY_MARKER, [restore]), { zone, action: `setting ${RECTIFY_MARKER}` });
    }
    if (current !== '0') await call(() => client.putZone(zone, { api_rectify: false }), { zone, action: 'turning api_rectify off for the run' });
    this.runs.set(zone, { restore, rectified: 0, chunks: 0, failed: [] });
    const taken = left ? `, as an interrupted run had left it (${RECTIFY_MARKER})` : '';
    return `PowerDNS: api_rectify off for the run${taken}: the zone is rectified after chunks that change empty non-terminals or delegations, and once at the end`;
  }

  /** After a chunk's PATCH: the names kept up to date, and a rectify where the chunk needs one now. API calls made. */
  async after(zone: string, changes: readonly Change[]): Promise<number> {
    const tree = this.trees.get(zone);
    let needed = tree === undefined;
    for (const change of changes) {
      const { name, type } = change.kind === 'delete' ? change.before : change.after;
      if ((type === 'NS' || type === 'DS') && name !== zone) needed = true;
      if (!tree) continue;
      if (change.kind === 'create' && tree.add(name, type)) needed = true;
      // A name the tree does not know (spelt otherwise by the server): assume the worst.
      if (change.kind === 'delete' && (!tree.has(name) || tree.remove(name, type))) needed = true;
    }
    const run = this.runs.get(zone);
    if (run === undefined) return 0;
    run.chunks++;
    if (!needed) return 0;
    try {
      await this.deps.call(() => this.deps.client.rectify(zone), { zone, action: 'rectifying the zone after the chunk' });
      run.rectified++;
    } catch (error) {
      // The PATCH is in: failing the chunk here would report it as not applied.
      run.failed.push(`chunk ${run.chunks}: ${(error as Error).message}`);
    }
    return 1;
  }

  /** The run on the zone ended (done, failed or stopped): one rectify, API-RECTIFY as it was. What was done, or undefined. */
  async finish(zone: string): Promise<string | undefined> {
    const run = this.runs.get(zone);
    this.runs.delete(zone);
    if (run === undefined) return undefined;
    await this.restore(zone);
    const own = run.rectified === 0 ? '' : ` (and after ${run.rectified} of its ${run.chunks} chunk(s), which changed empty non-terminals or delegations)`;
    const restored = run.restore === 'absent' ? 'api_rectify on again (it was the server default)' : 'api_rectify on again';
    const failed = run.failed.length === 0 ? '' : `; the rectify after a chunk failed (${run.failed.join('; ')}), so until the end empty non-terminals may have been answered wrong`;
    return `PowerDNS: api_rectify was off during the run; the zone was rectified once at the end${own}; ${restored}${failed}`;
  }

  /** One rectify, api_rectify on, the marker gone (in that order: the marker goes only once all is done). */
  private async restore(zone: string): Promise<void> {
    const { client, call } = this.deps;
    await call(() => client.rectify(zone), { zone, action: 'rectifying the zone at the end of the run' });
    await call(() => client.putZone(zone, { api_rectify: true }), { zone, action: 'turning api_rectify back on' });
    await call(() => client.deleteMetadata(zone, RECTIFY_MARKER), { zone, action: `removing ${RECTIFY_MARKER}` });
  }

  private async serverDefault(): Promise<boolean> {
    const settings = await this.deps.settings();
    const value = Array.isArray(settings) ? (settings as Array<{ name?: unknown; value?: unknown }>).find((c) => c.name === 'default-api-rectify')?.value : undefined;
    // 4.7's default is yes; a server that does not say is taken at that.
    return value !== 'no';
  }
}
