import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { diffZones } from '../../src/core/diff.js';
import { ProviderError } from '../../src/core/errors.js';
import type { RecordType, RRset, Zone } from '../../src/core/model.js';
import { createNs1Provider, Ns1ChunkError, NS1_CAPABILITIES} from '../../src/providers/ns1/provider.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { useNs1 } from './ns1-fixture.js';
import type { Config, ZoneConfig } from '../../src/config/load.js';
import { DEFAULT_SAFETY } from '../../src/core/safety.js';
import { makePlan } from '../../src/engine/plan.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { renderPlanText } from '../../src/render/plan.js';

const ns1 = useNs1('p');

const rr = (name: string, type: RecordType, ttl: number, values: string[]): RRset => ({ name: `${name}${ns1.zone}`, type, ttl, values: [...values].sort() });
const create = (rrset: RRset): Change => ({ kind: 'create', after: rrset });

async function live(name: string, type: RecordType): Promise<RRset | undefined> {
  return (await ns1.provider.read(ns1.zone))?.rrsets.find((r) => r.name === `${name}${ns1.zone}` && r.type === type);
}


describe('NS1 provider: zones', () => {
  it('creates a zone once, reads SOA and apex NS, and names its dns_servers', async () => {
    await ns1.provider.ensureZone(ns1.zone);
    const read = await ns1.provider.read(ns1.zone);
    expect(read?.soa).toMatchObject({ mname: 'dns1.p01.nsone.net.', rname: 'hostmaster.nsone.net.' });
    expect(read?.rrsets).toEqual([{ name: ns1.zone, type: 'NS', ttl: 3600, values: ['dns1.p01.nsone.net.', 'dns2.p01.nsone.net.', 'dns3.p01.nsone.net.', 'dns4.p01.nsone.net.'] }]);
    expect(await ns1.provider.delegationNameservers(ns1.zone)).toEqual(['dns1.p01.nsone.net.', 'dns2.p01.nsone.net.', 'dns3.p01.nsone.net.', 'dns4.p01.nsone.net.']);
    expect(await ns1.provider.nameservers(ns1.zone)).toEqual([{ address: ns1.sim.dns.address, port: ns1.sim.dns.port }]);
    expect(await ns1.provider.read('absent.example.')).toBeUndefined();
    expect(await ns1.provider.listZones?.()).toContain(ns1.zone);
  });
});

describe('NS1 provider: round trips', () => {
  const samples: Array<[RecordType, string, string[]]> = [
    ['A', 'a.', ['192.0.2.1', '192.0.2.2']],
    ['AAAA', 'aaaa.', ['2001:db8::1']],
    ['ALIAS', '', ['lb.example.net.']],
    ['CAA', '', ['0 issue "letsencrypt.org"', '0 iodef "mailto:security@example.com"']],
    ['CNAME', 'www.', ['target.example.net.']],
    ['DS', 'child.', ['60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118']],
    ['HTTPS', 'svc.', ['1 . alpn=h2,h3']],
    ['MX', '', ['10 mx1.example.net.', '20 mx2.example.net.']],
    ['NS', 'sub.', ['ns1.example.net.', 'ns2.example.net.']],
    ['PTR', '1.', ['host.example.net.']],
    ['SRV', '_sip._tcp.', ['10 20 5060 sip.example.net.']],
    ['SVCB', '_dns.', ['1 dns.example.net. alpn=dot port=853']],
    ['TLSA', '_443._tcp.', ['3 1 1 abcdef0123456789']],
    ['TXT', 'txt.', ['"v=spf1 -all"', `"${'x'.repeat(255)}" "tail"`]],
    ['CDNSKEY', '', ['257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=']],
    ['CDS', '', [`60485 8 2 ${'ab'.repeat(32)}`]],
    ['CERT', 'cert.', ['1 12345 8 AQIDBA==', '3 1 5 CQoLDA==']],
    ['DNAME', 'dname.', ['example.org.']],
    ['HINFO', 'hinfo.', ['"RISC-V" "Plan 9"']],
    ['NAPTR', 'naptr.', ['100 10 "S" "SIP+D2U" "" _sip._udp.example.net.', '100 50 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .']],
    ['RP', 'rp.', ['admin.example.com. txt.example.com.']],
    ['SMIMEA', 'smimea.', ['3 1 1 abcdef0123456789']],
    ['SPF', 'spf.', ['"v=spf1 ip4:192.0.2.0/24 -all"']],
    ['URLFWD', 'go.', ['"/" "http://www.example.net" 302 2 0', '"/target" "https://target.example.net/a?b=c" 301 0 1']],
  ];

  it('covers every type the capabilities call supported', () => {
    const supported = Object.entries(NS1_CAPABILITIES.types).filter(([, s]) => s?.supported).map(([t]) => t).sort();
    expect(samples.map(([t]) => t).sort()).toEqual(supported);
    expect(NS1_CAPABILITIES.types.SSHFP).toEqual({ supported: false, reason: 'NS1 does not serve SSHFP records' });
  });

  it.each(samples)('%s: create, update and delete come back as written', async (type, name, values) => {
    const rrset = rr(name, type, 300, values);
    await ns1.provider.apply(ns1.zone, [create(rrset)]);
    expect(await live(name, type)).toEqual(rrset);
    const updated = { ...rrset, ttl: 600, values: values.slice(0, 1) };
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset, after: updated }]);
    expect(await live(name, type)).toEqual(updated);
    await ns1.provider.apply(ns1.zone, [{ kind: 'delete', before: updated }]);
    expect(await live(name, type)).toBeUndefined();
  });

  it('refuses what NS1 cannot hold before making any call', async () => {
    const writes = ns1.sim.counters.writes;
    const txt = rr('t.', 'TXT', 60, ['"v=spf1" "second"']);
    await expect(ns1.provider.apply(ns1.zone, [create(rr('ok.', 'A', 60, ['192.0.2.1'])), create(txt)])).rejects.toThrow(/one string per TXT answer/);
    await expect(ns1.provider.apply(ns1.zone, [create(rr('s.', 'SSHFP', 60, ['1 1 abcd']))])).rejects.toThrow(/does not serve SSHFP/);
    expect(ns1.sim.counters.writes).toBe(writes);
  });
});

describe('NS1 provider: what a person set up survives', () => {
  it('keeps a filter chain and the meta of unchanged answers when zonesync changes the answers', async () => {
    const before = rr('lb.', 'A', 60, ['192.0.2.1', '192.0.2.2']);
    await ns1.provider.apply(ns1.zone, [create(before)]);
    // A person adds answer meta and a filter chain in the portal.
    const response = await fetch(`${ns1.sim.baseUrl}/zones/${ns1.zone.slice(0, -1)}/lb.${ns1.zone.slice(0, -1)}/A`, {
      method: 'POST', headers: { 'X-NSONE-Key': ns1.sim.apiKey },
      body: JSON.stringify({ answers: [{ answer: ['192.0.2.1'], meta: { weight: 10 } }, { answer: ['192.0.2.2'], meta: { weight: 1 } }] }),
    });
    expect(response.status).toBe(200);
    const chain = [{ filter: 'up', config: {} }, { filter: 'weighted_shuffle', config: {} }, { filter: 'select_first_n', config: { N: 1 } }];
    ns1.sim.setFilters(ns1.zone, `lb.${ns1.zone}`, 'A', chain);

    const current = await live('lb.', 'A');
    const desired: Zone = { name: ns1.zone, rrsets: [rr('lb.', 'A', 120, ['192.0.2.1', '192.0.2.3'])] };
    const changes = diffZones(desired, await ns1.provider.read(ns1.zone), { providerType: 'ns1' });
    expect(changes).toEqual([{ kind: 'update', before: current, after: desired.rrsets[0] }]);
    await ns1.provider.apply(ns1.zone, changes);

    const record = ns1.sim.record(ns1.zone, `lb.${ns1.zone}`, 'A') as { filters: unknown; ttl: number; answers: Array<{ answer: unknown[]; meta?: unknown }> };
    expect(record.filters).toEqual(chain);
    expect(record.ttl).toBe(120);
    expect(record.answers.map((a) => [a.answer, a.meta])).toEqual([[['192.0.2.1'], { weight: 10 }], [['192.0.2.3'], undefined]]);
    // The chain is the person's: the next plan is empty.
    expect(diffZones(desired, await ns1.provider.read(ns1.zone), { providerType: 'ns1' })).toEqual([]);
  });

  it('lists a record with a filter chain as left alone in part in the plan: zonesync its answers, NS1 its filters', async () => {
    await ns1.provider.apply(ns1.zone, [create(rr('lb.', 'A', 60, ['192.0.2.1', '192.0.2.2'])), create(rr('www.', 'A', 60, ['192.0.2.5']))]);
    ns1.sim.setFilters(ns1.zone, `lb.${ns1.zone}`, 'A', [{ filter: 'up', config: {} }, { filter: 'geotarget_country', config: {} }, { filter: 'select_first_n', config: { N: 1 } }]);
    const config = { path: 'zonesync.yaml', dir: '.', providers: { ns1: { type: 'ns1', raw: {} } }, registrars: {}, defaults: { safety: DEFAULT_SAFETY } } as unknown as Config;
    const zoneConfig = { name: ns1.zone, targets: ['ns1'], delegate: [] } as unknown as ZoneConfig;
    const desired: Zone = { name: ns1.zone, rrsets: [rr('lb.', 'A', 60, ['192.0.2.1', '192.0.2.3']), rr('www.', 'A', 60, ['192.0.2.5'])] };
    const plan = await makePlan(config, new ProviderSet(config, {}, { ns1: ns1.provider }), [{ config: zoneConfig, zone: desired, problems: [] }], { now: new Date() });
    const [zp] = plan.zones;
    expect(zp?.leftAlone).toEqual([
      { name: `lb.${ns1.zone}`, type: 'A', reason: 'provider-routing', detail: 'NS1 keeps its filter chain: up, geotarget_country, select_first_n (zonesync manages the answers and TTL)' },
    ]);
    // zonesync still manages the answers of that record
    expect(zp?.changes.map((c) => `${c.kind} ${c.kind === 'delete' ? c.before.name : c.after.name}`)).toEqual([`update lb.${ns1.zone}`]);
    expect(renderPlanText(plan)).toContain("1 × kept by the provider (NS1 filter chains and meta; zonesync manages those records' answers, NS1 keeps the rest)");
    // once the zone file declares the chain, it is zonesync's and no longer listed
    const owned: Zone = { ...desired, rrsets: desired.rrsets.map((r) => (r.name === `lb.${ns1.zone}` ? { ...r, providerSettings: { ns1: { filters: [{ filter: 'up', config: {} }] } } } : r)) };
    const again = await makePlan(config, new ProviderSet(config, {}, { ns1: ns1.provider }), [{ config: zoneConfig, zone: owned, problems: [] }], { now: new Date() });
    expect(again.zones[0]?.leftAlone).toBeUndefined();
  });
});

describe('NS1 provider: calls, pacing and failures', () => {
  it('makes exactly one write call per changed rrset', async () => {
    const a = rr('one.', 'A', 60, ['192.0.2.1']);
    const b = rr('two.', 'TXT', 60, ['"two"']);
    await ns1.provider.apply(ns1.zone, [create(a), create(b)]);
    const writes = ns1.sim.counters.writes;
    const clientBefore = ns1.provider.client.calls.read + ns1.provider.client.calls.write;
    const changes: Change[] = [
      { kind: 'update', before: a, after: { ...a, values: ['192.0.2.9'] } },
      { kind: 'delete', before: b },
      create(rr('three.', 'MX', 60, ['10 mx.example.net.'])),
    ];
    const receipt = await ns1.provider.apply(ns1.zone, changes);
    expect(ns1.sim.counters.writes - writes).toBe(changes.length);
    expect(receipt.apiCalls).toBe(ns1.provider.client.calls.read + ns1.provider.client.calls.write - clientBefore);
  });

  it('reads plain records from the zone summary and fetches only those with filters or meta', async () => {
    await ns1.provider.apply(ns1.zone, Array.from({ length: 20 }, (_, i) => create(rr(`r${i}.`, 'A', 60, [`192.0.2.${i + 1}`]))));
    ns1.sim.setFilters(ns1.zone, `r0.${ns1.zone}`, 'A', [{ filter: 'shuffle', config: {} }]);
    const reads = ns1.sim.counters.reads;
    const read = await ns1.provider.read(ns1.zone);
    expect(ns1.sim.counters.reads - reads).toBe(2);
    expect(read?.rrsets).toHaveLength(21);
    expect(read?.rrsets.find((r) => r.name === `r0.${ns1.zone}`)?.providerSettings).toEqual({ ns1: { filters: [{ filter: 'shuffle', config: {} }] } });
  });

  it('retries transient 5xx answers', async () => {
    const errors = ns1.sim.counters.serverErrors;
    ns1.sim.faults.status5xx = 2;
    await ns1.provider.apply(ns1.zone, [create(rr('retry.', 'A', 60, ['192.0.2.7']))]);
    expect(ns1.sim.counters.serverErrors - errors).toBe(2);
    expect((await live('retry.', 'A'))?.values).toEqual(['192.0.2.7']);
  });

  it('says which rrsets of a chunk went in when one fails part-way', async () => {
    await ns1.provider.apply(ns1.zone, [create(rr('taken.', 'A', 60, ['192.0.2.1']))]);
    const first = create(rr('first.', 'A', 60, ['192.0.2.1']));
    const clash = create(rr('taken.', 'CNAME', 60, ['elsewhere.example.net.']));
    const third = create(rr('third.', 'A', 60, ['192.0.2.3']));
    const error = await ns1.provider.apply(ns1.zone, [first, clash, third]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Ns1ChunkError);
    const chunkError = error as Ns1ChunkError;
    expect(chunkError.applied).toEqual([first]);
    expect(chunkError.failed).toEqual(clash);
    expect(chunkError.transient).toBe(false);
    expect(chunkError.message).toMatch(/taken\.p\d+\.example\. CNAME.*after 1 of 3.*400 Input validation failed/);
    expect(await live('third.', 'A')).toBeUndefined();
  });

  it('never shows the API key in an error', async () => {
    const secret = 'very-secret-key-0123456789';
    const wrong = createNs1Provider('ns1', { type: 'ns1', apiKey: secret, endpoint: ns1.sim.baseUrl });
    const error = await wrong.read(ns1.zone).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/ns1: zone p\d+\.example\.: read: GET \/zones\/p\d+\.example: 401 Unauthorized/);
    expect(JSON.stringify({ m: (error as Error).message, d: (error as ProviderError).details, s: (error as Error).stack })).not.toContain(secret);
  });

  it('reports an endpoint that does not answer as a transient provider error', async () => {
    const closed = await startNs1Simulator();
    const endpoint = closed.baseUrl;
    await closed.close();
    const dead = createNs1Provider('ns1', { type: 'ns1', apiKey: 'k', endpoint }, { sleep: async () => {}, timeoutMs: 1000 });
    const error = await dead.read(ns1.zone).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as ProviderError).message).toMatch(/GET \/zones\/p\d+\.example: 0 no answer/);
  });

  it('gives up on 429 after a bounded number of attempts', async () => {
    const waits: number[] = [];
    const impatient = createNs1Provider('ns1', { type: 'ns1', apiKey: ns1.sim.apiKey, endpoint: ns1.sim.baseUrl }, { sleep: async (ms) => void waits.push(ms) });
    ns1.sim.faults.rateLimited = true;
    try {
      const error = await impatient.read(ns1.zone).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).transient).toBe(true);
      expect(impatient.client.calls.read).toBe(6);
      // Each wait is the time one token takes to come back (300 s / 900), not a blind backoff.
      expect(waits).toHaveLength(5);
      expect(waits.every((ms) => ms > 250 && ms <= 334)).toBe(true);
    } finally {
      ns1.sim.faults.rateLimited = false;
    }
  });
});

describe('NS1 provider: pacing from the rate-limit headers', () => {
  let tiny: Ns1Simulator;
  beforeAll(async () => {
    tiny = await startNs1Simulator({ limits: { read: 100, write: 10, periodSeconds: 1 } });
  });
  afterAll(async () => {
    await tiny.close();
  });

  it('applies 50 changes through a 10-token write bucket without a single 429', async () => {
    const paced = createNs1Provider('ns1', { type: 'ns1', apiKey: tiny.apiKey, endpoint: tiny.baseUrl });
    await paced.ensureZone('paced.example.');
    const changes = Array.from({ length: 50 }, (_, i) => create({ name: `h${i}.paced.example.`, type: 'A', ttl: 60, values: [`192.0.2.${i + 1}`] }));
    const started = performance.now();
    await paced.apply('paced.example.', changes);
    const seconds = (performance.now() - started) / 1000;
    expect(tiny.counters.tooManyRequests).toBe(0);
    expect((await paced.read('paced.example.'))?.rrsets).toHaveLength(51);
    // 10 in a burst, then about 10 per second: it was paced, not retried.
    expect(seconds).toBeGreaterThan(3);
    expect(seconds).toBeLessThan(15);
  });
});
