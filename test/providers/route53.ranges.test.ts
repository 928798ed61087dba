import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { bulkZone, pushZone } from '../../bench/push.js';
import type { Change } from '../../src/core/change.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import type { JournalEntry } from '../../src/engine/run/journal.js';
import type { Provider } from '../../src/providers/provider.js';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { useMotoBehindProxy } from './route53-fixtures.js';

/**
 * Issue #24 against moto through applyPlan: the read-back ranges of the last phase are the final
 * drift check. A write by someone else in a range not yet read back is found by its range; one in a
 * range already read back is found by GetHostedZone's ResourceRecordSetCount.
 */

const ctx = useMotoBehindProxy();

const provider = () => createRoute53Provider('r53', { type: 'route53', endpoint: ctx.proxy.endpoint, region: 'us-east-1' }, { credentials: MOTO_CREDENTIALS, requestsPerSecond: 1000 });

/** Someone else's TXT record written through the SDK, straight to moto, before the provider's apply number `call`. */
function withOtherWriter(r53: Provider, zone: string, call: number, name: string): Provider {
  let applies = 0;
  return {
    ...r53,
    apply: async (z: string, changes: Change[]) => {
      if (++applies === call) {
        const id = (await ctx.sdk.send(new ListHostedZonesByNameCommand({ DNSName: zone }))).HostedZones?.[0]?.Id;
        await ctx.sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"other"' }] } }] } }));
      }
      return r53.apply(z, changes);
    },
  };
}

describe('Route 53 range read-back through applyPlan (moto)', () => {
  it('3,000 creates: 3 change calls, each range listed once, drift checked from the ranges and the count', async () => {
    const r53 = provider();
    const zone = 'ranges-ok.test.';
    await r53.ensureZone(zone);
    ctx.proxy.calls.length = 0;
    const entries: JournalEntry[] = [];
    const pushed = await pushZone(r53, bulkZone(zone, 3000), { chunkSize: 1000, verifier: apiVerifier, verify: 'api', onEvent: (e) => entries.push(e) });
    expect(pushed.chunks).toBe(3);
    expect(entries.find((e) => e.type === 'drift-checked')).toMatchObject({ problems: [], method: 'ranges read back after each of 3 chunk(s) + count 3002 of 3002' });
    const calls = (action: string) => ctx.proxy.calls.filter((c) => c.action === action).length;
    expect(calls('ChangeResourceRecordSets')).toBe(3);
    // plan read + lock read (SOA, NS: 1 page each) + 3 ranges of 1,000 (+ SOA and NS in the first) at 300 a page
    expect(calls('ListResourceRecordSets')).toBe(2 + 4 + 4 + 4);
    await r53.close?.();
  }, 120_000);

  it("someone else's write in a range not read back yet fails the drift check, naming it", async () => {
    const r53 = provider();
    const zone = 'ranges-later.test.';
    await r53.ensureZone(zone);
    // before chunk 2: h999x sorts after every bulk name (h0…h2999 as strings), in the last chunk's range
    const other = withOtherWriter(r53, zone, 2, `h999x.${zone}`);
    await expect(pushZone(other, bulkZone(zone, 3000), { chunkSize: 1000, verifier: apiVerifier, verify: 'api' })).rejects.toThrow(/final drift check.*h999x\.ranges-later\.test\. TXT: still present \(not expected\)/s);
    await r53.close?.();
  }, 120_000);

  it('a write in a range already read back is caught by the record set count', async () => {
    const r53 = provider();
    const zone = 'ranges-earlier.test.';
    await r53.ensureZone(zone);
    // before chunk 3: a name sorting before every bulk name, in chunk 1's range, read already
    const other = withOtherWriter(r53, zone, 3, `0-early.${zone}`);
    await expect(pushZone(other, bulkZone(zone, 3000), { chunkSize: 1000, verifier: apiVerifier, verify: 'api' })).rejects.toThrow(/record set count: the provider reports 3003, the expected state makes 3002/);
    await r53.close?.();
  }, 120_000);
});
