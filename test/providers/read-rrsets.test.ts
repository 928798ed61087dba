import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { rrsetKey, type RRset } from '../../src/core/model.js';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';

// Each provider's partial read returns exactly the rrsets asked for (absent ones left out), by its
// cheapest path, counted on the simulator: per name or per record in a big zone, never the whole zone.

const ZONE = 'partial.example.';
const a = (i: number, value = '192.0.2.1'): RRset => ({ name: `h${i}.${ZONE}`, type: 'A', ttl: 300, values: [value] });
const creates = (n: number): Change[] => Array.from({ length: n }, (_, i) => ({ kind: 'create', after: a(i) }));
const keysOf = (rrsets: RRset[]) => rrsets.map(rrsetKey).sort();
const ask = [{ name: `h3.${ZONE}`, type: 'A' }, { name: `h7.${ZONE}`, type: 'A' }, { name: `h7.${ZONE}`, type: 'TXT' }, { name: `nowhere.${ZONE}`, type: 'A' }];

let cf: CloudflareSimulator;
let ns1: Ns1Simulator;
let dir: string;

beforeAll(async () => {
  cf = await startCloudflareSimulator({ rateLimit: { requests: 1_000_000, windowMs: 300_000 } });
  ns1 = await startNs1Simulator({ limits: { read: 1_000_000, write: 1_000_000, periodSeconds: 300 }, recordsPerPage: 50 });
  dir = await mkdtemp(join(tmpdir(), 'zonesync-partial-'));
});
afterAll(async () => {
  await cf?.close();
  await ns1?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('readRRsets by each provider’s cheapest path', () => {
  it('Cloudflare: the record list filtered by name (one call per owner name), not the zone’s pages', async () => {
    const provider = createCloudflareProvider('cf', { type: 'cloudflare', apiToken: cf.token, endpoint: cf.baseUrl, accountId: 'acct' }, { perPage: 20 });
    await provider.ensureZone(ZONE);
    await provider.apply(ZONE, creates(200));
    await provider.read(ZONE);
    const before = cf.requests;
    expect(keysOf(await provider.readRRsets(ZONE, ask))).toEqual([`h3.${ZONE} A`, `h7.${ZONE} A`]);
    // h3, h7, nowhere: 3 filtered lists, against 10 pages for the whole zone.
    expect(cf.requests - before).toBe(3);
    // The read keeps apply's record index current: an update found there goes in.
    await provider.apply(ZONE, [{ kind: 'update', before: a(3), after: a(3, '192.0.2.9') }]);
    expect((await provider.readRRsets(ZONE, [ask[0] as (typeof ask)[0]]))[0]?.values).toEqual(['192.0.2.9']);
    await provider.close?.();
  });

  it('NS1: one GET per record, where that is fewer calls than the zone’s pages', async () => {
    const provider = createNs1Provider('ns1', { type: 'ns1', apiKey: ns1.apiKey, endpoint: ns1.baseUrl });
    ns1.addZone('partial.example');
    await provider.apply(ZONE, creates(300));
    await provider.read(ZONE);
    const before = ns1.requests;
    expect(keysOf(await provider.readRRsets(ZONE, ask))).toEqual([`h3.${ZONE} A`, `h7.${ZONE} A`]);
    expect(ns1.requests - before).toBe(4);
  });

  it('file: the rrsets from the file it just wrote; a file replaced behind its back is read again', async () => {
    const provider = createFileProvider('f', { type: 'file', directory: dir }, dir);
    await provider.ensureZone(ZONE);
    await provider.apply(ZONE, creates(10));
    expect(keysOf(await provider.readRRsets(ZONE, ask))).toEqual([`h3.${ZONE} A`, `h7.${ZONE} A`]);
    await writeFile(join(dir, 'partial.example.zone'), `$ORIGIN ${ZONE}\n@ 3600 IN SOA ns. host. 1 3600 600 86400 300\n@ 3600 IN NS ns.example.net.\nh7 300 IN TXT "edited"\n`);
    expect(keysOf(await provider.readRRsets(ZONE, ask))).toEqual([`h7.${ZONE} TXT`]);
  });
});
