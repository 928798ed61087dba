import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkChanges } from '../../src/core/chunk.js';
import { diffZones } from '../../src/core/diff.js';
import { rrsetKey, type RecordType, type RRset, type Zone } from '../../src/core/model.js';
import { canonicalName } from '../../src/core/name.js';
import { canonicalRdata, isSplitOfOneText } from '../../src/core/rdata.js';
import { query } from '../../src/dns/client.js';
import type { Nameserver } from '../../src/dns/nameserver.js';
import type { Provider } from '../../src/providers/provider.js';
import { CONFORMANCE_STATES, type DeclaredRecord } from './states.js';

export interface ConformanceContext {
  provider: Provider;
  /** Zone to use, absolute with a trailing dot. The suite creates it when missing. */
  zone: string;
  /** Where to ask over DNS after each state; [] when the provider serves no DNS here (moto). */
  nameservers: Nameserver[];
}

export interface ConformanceHooks {
  setup(): Promise<ConformanceContext>;
  teardown(): Promise<void>;
}

function toZone(zone: string, records: DeclaredRecord[], provider: Provider): Zone {
  const rrsets: RRset[] = [];
  for (const r of records) {
    if (!provider.capabilities.types[r.type]?.supported) continue;
    const name = canonicalName(r.name === '' ? '@' : r.name, zone);
    if (!name.ok) throw new Error(name.error);
    const values = r.values
      .map((v) => {
        const c = canonicalRdata(r.type, v, zone);
        if (!c.ok) throw new Error(`${r.name} ${r.type} ${v}: ${c.error}`);
        return c.value;
      })
      // A provider that holds one text per TXT value (NS1) cannot keep deliberate string boundaries.
      .filter((v) => r.type !== 'TXT' || provider.capabilities.txtMultipleStrings !== false || isSplitOfOneText(v));
    rrsets.push({ name: name.name, type: r.type, ttl: r.ttl, values: [...new Set(values)].sort() });
  }
  // A type the provider cannot serve leaves its dependants pointing nowhere; that is fine for the suite.
  return { name: zone, rrsets };
}

async function push(provider: Provider, zone: string, desired: Zone): Promise<number> {
  const live = await provider.read(zone);
  const changes = diffZones(desired, live, { providerType: provider.type });
  for (const chunk of chunkChanges(changes, provider.capabilities.maxChangesPerBatch, provider.batchShare?.bind(provider))) {
    const receipt = await provider.apply(zone, chunk);
    if (provider.waitInSync) await provider.waitInSync(zone, receipt, 60_000);
  }
  return changes.length;
}

/** What the server answers for an rrset: answers, or the referral's NS for a delegation below the apex. */
async function askServer(ns: Nameserver, rrset: RRset, zone: string): Promise<string[]> {
  const response = await query(ns, rrset.name, rrset.type, { edns: true, timeoutMs: 2000, retries: 2 });
  const delegation = rrset.type === 'NS' && rrset.name !== zone;
  const section = delegation ? response.authorities : response.answers;
  return section.filter((r) => r.type === rrset.type && r.name === rrset.name).map((r) => r.value).sort();
}

const DNS_SKIP: ReadonlySet<RecordType> = new Set(['ALIAS']);

/**
 * The shared provider suite: a list of zone states applied in turn; after each, planning again must
 * give no change (idempotence), and every rrset asked of every nameserver must come back as declared.
 */
export function runConformance(label: string, hooks: ConformanceHooks): void {
  describe(`${label}: conformance`, () => {
    let ctx: ConformanceContext;

    beforeAll(async () => {
      ctx = await hooks.setup();
      await ctx.provider.ensureZone(ctx.zone);
    });

    afterAll(async () => {
      await hooks.teardown();
    });

    for (const state of CONFORMANCE_STATES) {
      it(state.title, async () => {
        const desired = toZone(ctx.zone, state.records, ctx.provider);
        await push(ctx.provider, ctx.zone, desired);
        const live = await ctx.provider.read(ctx.zone);
        const again = diffZones(desired, live, { providerType: ctx.provider.type });
        expect(again.map((c) => `${c.kind} ${rrsetKey(c.kind === 'delete' ? c.before : c.after)}`)).toEqual([]);
        const cuts = desired.rrsets.filter((r) => r.type === 'NS' && r.name !== ctx.zone).map((r) => r.name);
        // Glue below a delegation is not authoritative data: a server answers it with a referral.
        const occluded = (name: string) => cuts.some((cut) => name !== cut && name.endsWith(`.${cut}`));
        for (const ns of ctx.nameservers) {
          for (const rrset of desired.rrsets) {
            if (DNS_SKIP.has(rrset.type) || occluded(rrset.name)) continue;
            expect({ rrset: rrsetKey(rrset), values: await askServer(ns, rrset, ctx.zone) }).toEqual({ rrset: rrsetKey(rrset), values: rrset.values });
          }
        }
      });
    }
  });
}
