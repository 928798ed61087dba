import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { RRset } from '../../src/core/model.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';

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
});
