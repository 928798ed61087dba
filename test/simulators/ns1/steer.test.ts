import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../../../src/core/dynamic/canonical.js';
import type { Dynamic } from '../../../src/core/dynamic/model.js';
import type { RRset } from '../../../src/core/model.js';
import { decodePacket, encodePacket, type PacketRecord } from '../../../src/dns/packet.js';
import { createBody } from '../../../src/providers/ns1/convert.js';
import { startNs1Simulator, type Ns1Simulator } from './index.js';

const run = promisify(execFile);
let sim: Ns1Simulator;
let zone: string;
let counter = 0;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.baseUrl}${path}`, { method, headers: { 'X-NSONE-Key': sim.apiKey }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A query with an EDNS Client Subnet option (RFC 7871), answered values and the response's scope prefix. */
async function ask(name: string, subnet?: string, type = 'A'): Promise<{ values: string[]; scope?: number; source?: number }> {
  const [ip, bits] = subnet ? subnet.split('/') : [];
  const options = subnet ? [{ code: 8, family: ip!.includes(':') ? 2 : 1, sourcePrefixLength: Number(bits), scopePrefixLength: 0, ip }] : [];
  const query = encodePacket({
    id: 4242, type: 'query', flags: 0, questions: [{ name, type }], answers: [], authorities: [],
    additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 1232, ...(subnet ? { options } : {}) } as PacketRecord],
  });
  const socket = createSocket('udp4');
  try {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), 2000);
      socket.once('message', (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      socket.send(query, sim.dns.port, sim.dns.address);
    });
    const packet = decodePacket(reply);
    const opt = packet.additionals.find((r) => r.type === 'OPT') as { options?: Array<{ code: number; scopePrefixLength: number; sourcePrefixLength: number }> } | undefined;
    const ecs = opt?.options?.find((o) => o.code === 8);
    return { values: packet.answers.map((r) => String(r.data)).sort(), scope: ecs?.scopePrefixLength, source: ecs?.sourcePrefixLength };
  } finally {
    socket.close();
  }
}

const v = (value: string, weight = 1, status: 'up' | 'down' | 'obey' = 'up') => ({ value, weight, status });

function steered(name: string): RRset {
  const dynamic = {
    pools: {
      lab: { values: [v('203.0.113.10')] },
      eu: { values: [v('192.0.2.10', 1), v('192.0.2.11', 3)], fallback: 'us' },
      us: { values: [v('198.51.100.10')] },
      world: { values: [v('192.0.2.99')] },
    },
    rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU'] }, { pool: 'us', geos: ['NA-US-CA'] }, { pool: 'world' }],
  };
  return { name, type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic: canonicalDynamic(name, 'A', dynamic as unknown as Dynamic, `${zone}.`) };
}

async function putSteered(host: string): Promise<{ name: string; body: Record<string, unknown> }> {
  const name = `${host}.${zone}.`;
  const body = createBody(`${zone}.`, steered(name));
  const put = await call('PUT', `/zones/${zone}/${host}.${zone}/A`, body);
  expect(put.status).toBe(200);
  return { name, body };
}

beforeAll(async () => {
  sim = await startNs1Simulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  zone = `steer${++counter}.example`;
  sim.addZone(zone);
});

describe('NS1 simulator: filter chain validation', () => {
  it.each([
    ['an unknown filter type', { filters: [{ filter: 'nearest_pop', config: {} }] }, /unknown filter type nearest_pop/],
    ['a non-boolean up', { answers: [{ answer: ['192.0.2.1'], meta: { up: 'yes' } }] }, /meta up: invalid value "yes"/],
    ['a bad ip_prefixes entry', { answers: [{ answer: ['192.0.2.1'], meta: { ip_prefixes: ['10.0.0.0/33'] } }] }, /meta ip_prefixes: invalid value/],
    ['an unknown georegion', { regions: { r: { meta: { georegion: ['MARS'] } } }, answers: [{ answer: ['192.0.2.1'], region: 'r' }] }, /region r meta georegion: invalid value/],
    ['an unknown meta field', { answers: [{ answer: ['192.0.2.1'], meta: { colour: 'red' } }] }, /unknown field colour/],
    ['an answer in an undefined region', { answers: [{ answer: ['192.0.2.1'], region: 'nowhere' }] }, /names region nowhere, which the record does not define/],
  ])('rejects %s with 400 "Input validation failed"', async (_what, extra, message) => {
    const got = await call('PUT', `/zones/${zone}/bad.${zone}/A`, { answers: [{ answer: ['192.0.2.1'] }], ...extra });
    expect(got.status).toBe(400);
    expect(got.body.message).toMatch(/^Input validation failed/);
    expect(got.body.message).toMatch(message);
  });

  it('takes the steering zonesync writes, and a feed pointer in place of up', async () => {
    await putSteered('www');
    const got = await call('PUT', `/zones/${zone}/fed.${zone}/A`, { answers: [{ answer: ['192.0.2.1'], meta: { up: { feed: 'abc123' } } }] });
    expect(got.status).toBe(200);
  });
});

describe('NS1 simulator: DNS answers by the filter chain, with EDNS Client Subnet', () => {
  it.each([
    ['a subnet rule', '10.1.2.0/24', ['203.0.113.10']],
    ['a continent rule (192.0.2.0/24 is DE, EU in SIM_GEO)', '192.0.2.0/24', undefined],
    ['a US state rule (198.51.100.0/24 is US-CA)', '198.51.100.0/24', ['198.51.100.10']],
    ['the catch-all (203.0.113.0/24 is JP)', '203.0.113.0/24', ['192.0.2.99']],
  ])('answers %s from its pool, with the ECS scope set', async (_what, subnet, expected) => {
    const { name } = await putSteered('www');
    const got = await ask(name, subnet);
    if (expected) expect(got.values).toEqual(expected);
    else expect(['192.0.2.10', '192.0.2.11']).toContain(got.values[0]);
    expect(got.values).toHaveLength(1);
    expect([got.source, got.scope]).toEqual([24, 24]);
  });

  it('without ECS answers by the source address (127.0.0.1 is nowhere: the catch-all)', async () => {
    const { name } = await putSteered('www');
    expect((await ask(name)).values).toEqual(['192.0.2.99']);
  });

  it('dig +subnet asks the same way and sees the CLIENT-SUBNET scope', async () => {
    const { name } = await putSteered('www');
    const { stdout } = await run('dig', [`@${sim.dns.address}`, '-p', String(sim.dns.port), '+subnet=198.51.100.0/24', '+norecurse', '+time=2', '+tries=1', name, 'A']);
    expect(stdout).toMatch(/CLIENT-SUBNET: 198\.51\.100\.0\/24\/24/);
    expect(stdout).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\s+60\\s+IN\\s+A\\s+198\\.51\\.100\\.10$`, 'm'));
  });

  it('a pool whose values are all down gives its fallback pool, then the record values', async () => {
    const { name, body } = await putSteered('www');
    const answers = body['answers'] as Array<{ answer: string[]; meta: Record<string, unknown> }>;
    const down = (values: string[]) => answers.map((a) => (values.includes(a.answer[0]!) ? { ...a, meta: { ...a.meta, up: false } } : a));
    await call('POST', `/zones/${zone}/www.${zone}/A`, { answers: down(['192.0.2.10', '192.0.2.11']) });
    expect((await ask(name, '192.0.2.0/24')).values).toEqual(['198.51.100.10']);
    await call('POST', `/zones/${zone}/www.${zone}/A`, { answers: down(['192.0.2.10', '192.0.2.11', '198.51.100.10']) });
    expect((await ask(name, '192.0.2.0/24')).values).toEqual(['192.0.2.1']);
  });

  it('weighted_shuffle picks by weight (weights 1 and 3: about three in four answers are the heavy value)', async () => {
    const { name } = await putSteered('www');
    const answers = await Promise.all(Array.from({ length: 200 }, () => ask(name, '192.0.2.0/24')));
    const heavy = answers.filter((a) => a.values[0] === '192.0.2.11').length;
    const light = answers.filter((a) => a.values[0] === '192.0.2.10').length;
    expect(heavy + light).toBe(200);
    // Binomial(200, 0.75): mean 150, sd about 6; 110..185 fails with a working shuffle about never, and with equal weights (mean 100) almost always.
    expect(heavy).toBeGreaterThan(110);
    expect(heavy).toBeLessThan(185);
  });

  it('steers AAAA by an IPv6 client subnet (2001:db8:de::/48 is DE in SIM_GEO), scope 48', async () => {
    const name = `v6.${zone}.`;
    const rrset: RRset = {
      name, type: 'AAAA', ttl: 60, values: ['2001:db8::1'],
      dynamic: canonicalDynamic(name, 'AAAA', { pools: { eu: { values: [v('2001:db8::e0')] }, lab: { values: [v('2001:db8::1a')] } }, rules: [{ pool: 'lab', subnets: ['2001:db8:1ab::/48'] }, { pool: 'eu', geos: ['EU-DE'] }] } as unknown as Dynamic, `${zone}.`),
    };
    expect((await call('PUT', `/zones/${zone}/v6.${zone}/AAAA`, createBody(`${zone}.`, rrset))).status).toBe(200);
    expect(await ask(name, '2001:db8:de::/48', 'AAAA')).toEqual({ values: ['2001:db8::e0'], scope: 48, source: 48 });
    expect((await ask(name, '2001:db8:1ab::/48', 'AAAA')).values).toEqual(['2001:db8::1a']);
    // No catch-all rule: the chain leaves nothing for a client no rule matches (why zonesync refuses that on NS1).
    expect((await ask(name, '2001:db8:ffff::/48', 'AAAA')).values).toEqual([]);
  });

  it('a record without a filter chain is served whole, and use_client_subnet false ignores ECS', async () => {
    await call('PUT', `/zones/${zone}/plain.${zone}/A`, { answers: [{ answer: ['192.0.2.7'] }, { answer: ['192.0.2.8'] }] });
    expect((await ask(`plain.${zone}.`, '192.0.2.0/24')).values).toEqual(['192.0.2.7', '192.0.2.8']);
    const { name } = await putSteered('www');
    await call('POST', `/zones/${zone}/www.${zone}/A`, { use_client_subnet: false });
    const got = await ask(name, '10.1.2.0/24');
    expect(got.values).toEqual(['192.0.2.99']);
    expect(got.scope).toBe(0);
  });
});
