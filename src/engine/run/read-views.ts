import type { RRset } from '../../core/model.js';
import { rrsetKey } from '../../core/model.js';
import type { Provider, ReadBack } from '../../providers/provider.js';
import { pickRRsets } from './conflict.js';

/**
 * The provider as a chunk's verifier sees it: its reads answered, in part, from reads the run has
 * made already or makes for the next chunk too, so that one read serves two purposes. Everything
 * else is the provider itself.
 */

/** `provider` with `read` and/or `readRRsets` replaced. */
function withReads(provider: Provider, reads: Partial<Pick<Provider, 'read' | 'readRRsets'>>): Provider {
  return new Proxy(provider, { get: (target, prop) => (prop === 'read' && reads.read ? reads.read : prop === 'readRRsets' && reads.readRRsets ? reads.readRRsets : Reflect.get(target, prop)) });
}

/**
 * The provider as the chunk verifier sees it in range mode: readRRsets answers from the range just
 * read for names inside it, and asks the provider only for names outside (a name split across chunks).
 */
export function rangeView(provider: Provider, range: RRset[], inRange: (name: string) => boolean, calls: number | undefined): Provider {
  const byKey = new Map(range.map((r) => [rrsetKey(r), r]));
  const readRRsets = async (zone: string, wanted: ReadonlyArray<{ name: string; type: string }>, told?: (how: ReadBack) => void): Promise<RRset[]> => {
    const outside = wanted.filter((k) => !inRange(k.name));
    const found = wanted.filter((k) => inRange(k.name)).flatMap((k) => byKey.get(rrsetKey(k)) ?? []);
    let more: number | undefined = 0;
    let rest: RRset[] = [];
    if (outside.length > 0) {
      more = provider.readRRsets ? undefined : 1;
      rest = provider.readRRsets ? await provider.readRRsets(zone, outside, (how) => (more = how.calls)) : ((await provider.read(zone))?.rrsets ?? []);
    }
    told?.({ method: 'range', ...(calls !== undefined && more !== undefined ? { calls: calls + more } : {}) });
    return [...found, ...rest];
  };
  return withReads(provider, { readRRsets });
}

/**
 * The provider as the chunk verifier sees it when a next chunk follows in the same phase: its read-back
 * also reads the next chunk's rrsets (`ahead`), which `keep` gets for that chunk's re-read before it is
 * sent. One read serves both (on PowerDNS one GET of the zone instead of two). The next chunk's rrsets
 * are then read after this chunk was applied and before its DNS verification, not just before the next
 * chunk is sent: the window another writer could slip through grows by one chunk's verification.
 */
export function readAheadView(provider: Provider, ahead: ReadonlyArray<{ name: string; type: string }>, keep: (live: Map<string, RRset>) => void): Provider {
  const readRRsets = async (zone: string, wanted: ReadonlyArray<{ name: string; type: string }>, told?: (how: ReadBack) => void): Promise<RRset[]> => {
    const rrsets = await (provider.readRRsets as NonNullable<Provider['readRRsets']>).call(provider, zone, [...wanted, ...ahead], told);
    keep(pickRRsets(rrsets, ahead));
    return rrsets;
  };
  const read = async (zone: string) => {
    const live = await provider.read(zone);
    keep(pickRRsets(live?.rrsets ?? [], ahead));
    return live;
  };
  return withReads(provider, { ...(provider.readRRsets ? { readRRsets } : {}), read });
}
