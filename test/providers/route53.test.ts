import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffZones } from '../../src/core/diff.js';
import { ProviderError } from '../../src/core/errors.js';
import { rrsetKey, type RRset } from '../../src/core/model.js';
import { startMoto, type Moto } from '../harness/moto.js';
import { asRead, create, managed, motoProvider, remove, rr, sorted, update, ZONE } from './route53-fixtures.js';

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
});

const EVERY_TYPE: RRset[] = [
  rr('', 'ALIAS', 300, 'www'),
  rr('', 'MX', 300, '10 mail', '20 mail2.example.net.'),
  rr('', 'TXT', 300, '"v=spf1 -all"', '"caf\\195\\169 \\"quoted\\" back\\\\slash" "second string"', `"${'x'.repeat(300)}"`),
  rr('', 'CAA', 300, '0 issue "letsencrypt.org"', '128 iodef "mailto:security@example.com"'),
  rr('', 'HTTPS', 300, '1 . alpn=h2,h3 port=443'),
  rr('*', 'A', 60, '192.0.2.99'),
  rr('www', 'A', 300, '192.0.2.1', '192.0.2.2'),
  rr('www', 'AAAA', 300, '2001:db8::1'),
  rr('alias', 'CNAME', 300, 'www'),
  rr('_sip._tcp', 'SRV', 300, '10 5 5060 sip.example.com.'),
  rr('_443._tcp.www', 'TLSA', 300, '3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
  rr('host', 'SSHFP', 300, '4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
  rr('_svc', 'SVCB', 300, '1 svc.example.net. alpn=h2 ipv4hint=192.0.2.7'),
  rr('sub', 'NS', 3600, 'ns1.example.net.', 'ns2.example.net.'),
  rr('sub', 'DS', 3600, '12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
  rr('1.2.0.192.in-addr', 'PTR', 300, 'www.example.com.'),
];

describe('Route 53 provider against moto', () => {
  it('creates a zone, writes every type Route 53 serves and reads back exactly that', async () => {
    const provider = motoProvider(moto.endpoint);
    expect(await provider.read('example.com')).toBeUndefined();
    await provider.ensureZone('example.com');
    await provider.ensureZone('example.com.');
    expect(await provider.listZones()).toEqual([ZONE]);
    const receipt = await provider.apply(ZONE, EVERY_TYPE.map(create));
    expect(receipt.apiCalls).toBe(1);
    await provider.waitInSync(ZONE, receipt, 10_000);
    const zone = await provider.read(ZONE);
    expect(managed(zone)).toEqual(sorted(asRead(EVERY_TYPE, await provider.hostedZoneId(ZONE))));
    expect(zone?.soa).toMatchObject({ rname: expect.stringMatching(/\.$/), minimum: expect.any(Number) });
    const apexNs = zone?.rrsets.find((r) => r.name === ZONE && r.type === 'NS');
    expect(apexNs?.values.length).toBeGreaterThan(0);
    expect(await provider.delegationNameservers(ZONE)).toEqual(apexNs?.values);
    expect(await provider.nameservers(ZONE)).toEqual([]);
    expect(await provider.unmanaged(ZONE)).toEqual([]);
  });

  it('updates and deletes, every rrset in one change, and the zone ends as planned', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    await provider.apply(ZONE, EVERY_TYPE.map(create));
    await provider.read(ZONE);
    const www = EVERY_TYPE.find((r) => r.name === `www.${ZONE}` && r.type === 'A') as RRset;
    const txt = EVERY_TYPE.find((r) => r.type === 'TXT') as RRset;
    const alias = EVERY_TYPE.find((r) => r.type === 'ALIAS') as RRset;
    const newWww = rr('www', 'A', 120, '192.0.2.3');
    const newTxt = rr('', 'TXT', 300, '"v=spf1 include:example.net -all"');
    const newAlias = rr('', 'ALIAS', 300, 'alias');
    const receipt = await provider.apply(ZONE, [update(www, newWww), update(txt, newTxt), update(alias, newAlias), remove(EVERY_TYPE.find((r) => r.type === 'SSHFP') as RRset), remove(EVERY_TYPE.find((r) => r.type === 'CAA') as RRset)]);
    expect(receipt.apiCalls).toBe(1);
    const expected = EVERY_TYPE.filter((r) => !['SSHFP', 'CAA'].includes(r.type)).map((r) => (r === www ? newWww : r === txt ? newTxt : r === alias ? { ...newAlias, ttl: 300 } : r));
    expect(managed(await provider.read(ZONE))).toEqual(sorted(asRead(expected, await provider.hostedZoneId(ZONE))));
    // deleting without a fresh read sends what went in
    const fresh = motoProvider(moto.endpoint);
    await fresh.apply(ZONE, [remove(newWww), remove(newTxt)]);
    expect(managed(await fresh.read(ZONE)).map((r) => `${r.name} ${r.type}`)).not.toContain(`www.${ZONE} A`);
  });

  it('reads an alias A record at the apex as ALIAS, with the TTL of its in-zone target', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    await provider.apply(ZONE, [create(rr('www', 'A', 120, '192.0.2.1')), create(rr('', 'ALIAS', 120, 'www')), create({ ...rr('lb', 'ALIAS', 60, 'my-lb.eu-west-1.elb.amazonaws.com.'), providerSettings: { route53: { hostedZoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: true } } })]);
    expect(managed(await provider.read(ZONE))).toEqual(
      sorted([rr('www', 'A', 120, '192.0.2.1'), ...asRead([rr('', 'ALIAS', 120, 'www')], await provider.hostedZoneId(ZONE)), { ...rr('lb', 'ALIAS', 60, 'my-lb.eu-west-1.elb.amazonaws.com.'), providerSettings: { route53: { hostedZoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: true } } }]),
    );
  });

  it('plans nothing after applying an ALIAS, whether its settings are spelled out or not', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const desired = [rr('www', 'A', 120, '192.0.2.1'), rr('', 'ALIAS', 120, 'www'), { ...rr('api', 'ALIAS', 120, 'www'), providerSettings: { route53: { evaluateTargetHealth: false } } }];
    await provider.apply(ZONE, desired.map(create));
    expect(diffZones({ name: ZONE, rrsets: desired }, await provider.read(ZONE), { providerType: 'route53' })).toEqual([]);
  });

  it('pages through ListResourceRecordSets with a small MaxItems and loses nothing', async () => {
    const provider = motoProvider(moto.endpoint, { pageSize: 7 });
    await provider.ensureZone(ZONE);
    const many = Array.from({ length: 45 }, (_, i) => rr(`h${i}`, i % 3 === 0 ? 'TXT' : 'A', 300, i % 3 === 0 ? `"t${i}"` : `192.0.2.${i}`));
    await provider.apply(ZONE, many.map(create));
    const before = provider.apiCalls;
    const zone = await provider.read(ZONE);
    expect(provider.apiCalls - before).toBe(Math.ceil((45 + 2) / 7));
    expect(managed(zone)).toEqual(sorted(many));
    expect(zone?.soa).toBeDefined();
  });

  it('splits a chunk over 32,000 characters of values into two requests instead of sending it whole', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const long = Array.from({ length: 40 }, (_, i) => rr(`long${i}`, 'TXT', 300, `"${String(i).padStart(3, '0')}${'y'.repeat(250)}" "${'z'.repeat(250)}" "${'w'.repeat(250)}" "${'v'.repeat(240)}"`));
    const receipt = await provider.apply(ZONE, long.map(create));
    expect(receipt.apiCalls).toBe(2);
    expect(managed(await provider.read(ZONE))).toEqual(sorted(long));
  });

  it('splits 600 one-value UPSERTs (1,200 counted values) into requests Route 53 accepts', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const before = Array.from({ length: 600 }, (_, i) => rr(`u${i}`, 'A', 300, `10.0.${Math.floor(i / 250)}.${i % 250}`));
    expect((await provider.apply(ZONE, before.map(create))).apiCalls).toBe(1);
    const after = before.map((r) => ({ ...r, ttl: 600 }));
    const receipt = await provider.apply(ZONE, before.map((r, i) => update(r, after[i] as RRset)));
    expect(receipt.apiCalls).toBe(2);
    expect(managed(await provider.read(ZONE))).toEqual(sorted(after));
  });

  it('refuses a single rrset that no request can carry, before sending anything', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const huge = rr('huge', 'TXT', 300, ...Array.from({ length: 130 }, (_, i) => `"${String(i).padStart(250, 'q')}"`));
    const calls = provider.apiCalls;
    const error = await provider.apply(ZONE, [create(huge)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe(`r53: zone ${ZONE}: record CREATE huge.example.com TXT: CREATE carries 32760 characters of values (UPSERT counts twice), more than the 32000 one request allows`);
    expect(provider.apiCalls).toBe(calls);
  });

  it('refuses a CREATE of an rrset it has read and two changes to one rrset, which moto would apply', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const www = rr('www', 'A', 300, '192.0.2.1');
    await provider.apply(ZONE, [create(www)]);
    await provider.read(ZONE);
    await expect(provider.apply(ZONE, [create(rr('www', 'A', 60, '192.0.2.2'))])).rejects.toThrow('r53: zone example.com.: record www.example.com. A: cannot create it, the zone already has it (update it instead)');
    await expect(provider.apply(ZONE, [update(www, rr('www', 'A', 60, '192.0.2.2')), remove(www)])).rejects.toThrow('r53: zone example.com.: record www.example.com. A: UPSERT then DELETE in one batch; Route 53 takes one change per rrset');
    // an A replaced by an ALIAS at the same name is one DELETE then one CREATE of Route 53 type A
    await provider.apply(ZONE, [create(rr('target', 'A', 300, '192.0.2.5')), remove(www), create(rr('www', 'ALIAS', 300, 'target'))]);
    expect(managed(await provider.read(ZONE))).toEqual(sorted([rr('target', 'A', 300, '192.0.2.5'), ...asRead([rr('www', 'ALIAS', 300, 'target')], await provider.hostedZoneId(ZONE))]));
  });

  it('names provider, zone and record when Route 53 refuses a change', async () => {
    const provider = motoProvider(moto.endpoint);
    await provider.ensureZone(ZONE);
    const error = await provider.apply(ZONE, [remove(rr('ghost', 'A', 300, '192.0.2.1'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/^r53: zone example\.com\.: change batch 1 of 1 \(1 changes: DELETE ghost\.example\.com A\): InvalidInput: .*ghost\.example\.com/);
    expect((error as Error).message).not.toContain('testing');
    await expect(provider.apply('missing.com', [create(rr('x', 'A', 1, '192.0.2.1'))])).rejects.toThrow('r53: zone missing.com.: no hosted zone of that name');
  });
});

describe('Route 53 readRRsets: pages over the range a chunk covers, not the zone', () => {
  it('returns exactly the rrsets asked for, absent ones left out, in few list calls', async () => {
    const provider = motoProvider(moto.endpoint, { pageSize: 50 });
    await provider.ensureZone(ZONE);
    const sets = Array.from({ length: 400 }, (_, i) => rr(`h${String(i).padStart(3, '0')}`, 'A', 300, `192.0.2.${i % 250}`));
    await provider.apply(ZONE, [...sets, rr('h010', 'TXT', 60, '"t"'), rr('a.b', 'MX', 60, '10 mx.example.net.')].map(create));
    const read = async (keys: Array<{ name: string; type: string }>) => {
      const before = provider.apiCalls;
      const got = await provider.readRRsets(ZONE, keys);
      return { keys: got.map(rrsetKey).sort(), calls: provider.apiCalls - before };
    };
    // 100 contiguous rrsets at 50 a page: 3 pages (the range's rrsets and the TXT beside h010).
    const contiguous = await read(sets.slice(10, 110).map((s) => ({ name: s.name, type: 'A' })));
    expect(contiguous.keys).toEqual(sets.slice(10, 110).map(rrsetKey).sort());
    expect(contiguous.calls).toBeLessThanOrEqual(3);
    // Scattered: one page each, never the 9 pages of the zone.
    const scattered = await read([{ name: `h005.${ZONE}`, type: 'A' }, { name: `h010.${ZONE}`, type: 'TXT' }, { name: `a.b.${ZONE}`, type: 'MX' }, { name: `h399.${ZONE}`, type: 'A' }, { name: `gone.${ZONE}`, type: 'A' }]);
    expect(scattered.keys).toEqual([`a.b.${ZONE} MX`, `h005.${ZONE} A`, `h010.${ZONE} TXT`, `h399.${ZONE} A`]);
    expect(scattered.calls).toBeLessThanOrEqual(5);
    // Creates past the end of the zone: one call finds that none exists.
    const fresh = await read([{ name: `z1.${ZONE}`, type: 'A' }, { name: `z2.${ZONE}`, type: 'AAAA' }]);
    expect(fresh).toEqual({ keys: [], calls: 1 });
    await provider.close?.();
  });
});
