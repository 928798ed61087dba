import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { RRset } from '../../src/core/model.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { ReadBack } from '../../src/providers/provider.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';

const ZONE = 'filtered.example.';
let pdns: PowerDnsServer;

beforeAll(async () => {
  pdns = await startPowerDns();
});
afterAll(async () => {
  await pdns?.stop();
});

const rr = (name: string, type: 'A' | 'TXT', values: string[]): RRset => ({ name: `${name}.${ZONE}`, type, ttl: 60, values });

describe('PowerDNS readRRsets: the rrsets a chunk touches, by filtered GETs', () => {
  it('returns only the rrsets at the owner names asked for (the server filters by rrset_name), all types there, none absent', async () => {
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey });
    await provider.ensureZone(ZONE);
    const sets = [rr('a', 'A', ['192.0.2.1']), rr('a', 'TXT', ['"x"']), rr('b', 'A', ['192.0.2.2']), rr('c', 'A', ['192.0.2.3'])];
    await provider.apply(ZONE, sets.map((after): Change => ({ kind: 'create', after })));
    const read = await provider.readRRsets(ZONE, [{ name: `a.${ZONE}`, type: 'A' }, { name: `missing.${ZONE}`, type: 'A' }]);
    expect(read.map((r) => `${r.name} ${r.type} ${r.values.join(',')}`).sort()).toEqual([`a.${ZONE} A 192.0.2.1`, `a.${ZONE} TXT "x"`]);
    expect(await provider.readRRsets('absent.example.', [{ name: 'www.absent.example.', type: 'A' }])).toEqual([]);
  });

  it('weighs in the comments a filtered GET answers on PowerDNS before 4.9.2: one GET measures it, then the zone is read whole', async () => {
    const zone = 'commented.example.';
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey });
    await provider.ensureZone(zone);
    // 300 A rrsets, each with a comment (as PowerDNS-Admin writes them), through the API as an operator would.
    const owner = (i: number) => `h${i}.${zone}`;
    const rrsets = Array.from({ length: 300 }, (_, i) => ({ name: owner(i), type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: `192.0.2.${i % 250}`, disabled: false }], comments: [{ content: `team ${i % 3}`, account: 'ops' }] }));
    await pdnsApi(pdns, 'PATCH', `/zones/${zone}`, { rrsets });
    const raw = (await pdnsApi(pdns, 'GET', `/zones/${zone}?rrset_name=${owner(0)}`)) as { rrsets: unknown[] };
    const answersAllComments = raw.rrsets.length > 1;

    await provider.read(zone);
    const hows: ReadBack[] = [];
    const keys = [{ name: owner(1), type: 'A' }, { name: owner(2), type: 'A' }];
    const read = await provider.readRRsets(zone, keys, (how) => hows.push(how));
    // A whole read answers with every rrset of the zone: the caller picks those it asked for.
    const asked = read.filter((r) => keys.some((k) => k.name === r.name && k.type === r.type));
    expect(asked.map((r) => `${r.name} ${r.values.join(',')}`).sort()).toEqual([`${owner(1)} 192.0.2.1`, `${owner(2)} 192.0.2.2`]);
    // Two filtered GETs would cost 2 × (80 + 299) rrsets' worth against 302 for one whole GET.
    expect(hows).toEqual(answersAllComments ? [{ method: 'whole', calls: 2 }] : [{ method: 'partial', calls: 2 }]);
    hows.length = 0;
    await provider.readRRsets(zone, keys, (how) => hows.push(how));
    expect(hows).toEqual(answersAllComments ? [{ method: 'whole', calls: 1 }] : [{ method: 'partial', calls: 2 }]);
  });

  it('reads by filtered GETs where the same zone has no comments', async () => {
    const zone = 'plain.example.';
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey });
    await provider.ensureZone(zone);
    const owner = (i: number) => `h${i}.${zone}`;
    await provider.apply(zone, Array.from({ length: 300 }, (_, i): Change => ({ kind: 'create', after: { name: owner(i), type: 'A', ttl: 60, values: [`192.0.2.${i % 250}`] } })));
    await provider.read(zone);
    const hows: ReadBack[] = [];
    await provider.readRRsets(zone, [{ name: owner(1), type: 'A' }, { name: owner(2), type: 'A' }], (how) => hows.push(how));
    expect(hows).toEqual([{ method: 'partial', calls: 2 }]);
  });
});
