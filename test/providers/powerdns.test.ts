import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { ProviderError } from '../../src/core/errors.js';
import { RECORD_TYPES, type RecordType, type RRset } from '../../src/core/model.js';
import { compareNames } from '../../src/core/name.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { query } from '../../src/dns/client.js';
import { startPowerDns, startPowerDnsPair, type PowerDnsPair, type PowerDnsServer } from '../harness/pdns.js';

const hex32 = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

function rrset(zone: string, relative: string, type: RecordType, values: string[], ttl = 300): RRset {
  const name = relative === '' ? zone : `${relative}.${zone}`;
  const canonical = values.map((text) => {
    const result = canonicalRdata(type, text, zone);
    if (!result.ok) throw new Error(`${type} ${text}: ${result.error}`);
    return result.value;
  });
  return { name, type, ttl, values: [...new Set(canonical)].sort() };
}

/** One or more rrsets of every type PowerDNS serves, with the awkward spellings each type has. */
function everyType(zone: string): RRset[] {
  return [
    rrset(zone, 'www', 'A', ['192.0.2.1', '192.0.2.2']),
    rrset(zone, 'www', 'AAAA', ['2001:db8::1', '2001:db8:0:0:1::2']),
    rrset(zone, '', 'ALIAS', ['target.example.org.']),
    rrset(zone, '', 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:security@example.org"', '0 issuewild ";"']),
    rrset(zone, 'alias', 'CNAME', ['www']),
    rrset(zone, 'child', 'NS', ['ns1.elsewhere.example.', 'ns2.elsewhere.example.']),
    rrset(zone, 'child', 'DS', [`12345 13 2 ${hex32}`]),
    rrset(zone, '', 'HTTPS', ['1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1']),
    rrset(zone, '', 'MX', ['10 mail', '20 mail2.example.org.']),
    rrset(zone, '1', 'PTR', ['host.example.org.']),
    rrset(zone, '_sip._tcp', 'SRV', ['10 60 5060 sip', '20 0 5060 sip2.example.org.']),
    rrset(zone, 'www', 'SSHFP', [`4 2 ${hex32}`, '1 1 0123456789abcdef0123456789abcdef01234567']),
    rrset(zone, '_dns', 'SVCB', ['1 dns.example.org. alpn=dot port=853', '0 other.example.org.']),
    rrset(zone, '_443._tcp.www', 'TLSA', [`3 1 1 ${hex32}`]),
    rrset(zone, 'txt', 'TXT', ['"v=spf1 -all"', '"say \\"hi\\" \\\\ back" "second string"', '"caf\\195\\169"', `"${'x'.repeat(300)}"`]),
    rrset(zone, '*.wild', 'A', ['192.0.2.9'], 60),
    // The types of RFC 3403, 1876, 6672, 7553, 7208, 1035 (HINFO), 1183, 7929, 8162, 7344 and 4398.
    rrset(zone, 'naptr', 'NAPTR', ['100 10 "S" "SIP+D2U" "" _sip._udp.example.net.', '100 50 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .']),
    rrset(zone, 'loc', 'LOC', ['52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m']),
    rrset(zone, 'dname', 'DNAME', ['example.net.']),
    rrset(zone, '_http._tcp.uri', 'URI', ['10 1 "https://www.example.com/path"']),
    rrset(zone, 'spf', 'SPF', ['"v=spf1 -all"']),
    rrset(zone, 'hinfo', 'HINFO', ['"PC" "Linux"']),
    rrset(zone, 'rp', 'RP', ['admin.example.com. txt.example.com.']),
    rrset(zone, 'openpgpkey', 'OPENPGPKEY', ['AQIDBA==']),
    rrset(zone, 'smimea', 'SMIMEA', [`3 1 1 ${hex32}`]),
    rrset(zone, 'cds', 'CDS', [`12345 13 2 ${hex32}`]),
    rrset(zone, 'cdnskey', 'CDNSKEY', ['257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==']),
    rrset(zone, 'cert', 'CERT', ['1 12345 8 AQIDBA==']),
  ];
}

/** The rrsets zonesync manages: apex NS (set by ensureZone) left out, sorted for comparison. */
function managed(rrsets: RRset[], zone: string): RRset[] {
  return rrsets
    .filter((set) => !(set.name === zone && set.type === 'NS'))
    .sort((a, b) => compareNames(a.name, b.name) || a.type.localeCompare(b.type));
}

describe('PowerDNS provider against a real pdns_server', () => {
  let pdns: PowerDnsServer;
  const config = () => powerdnsConfigSchema.parse({ type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`127.0.0.1:${pdns.dns.port}`], timeoutMs: 5_000 });

  beforeAll(async () => {
    pdns = await startPowerDns();
  });
  afterAll(async () => pdns?.stop());

  it('creates a zone with its apex NS and a proper SOA; a second ensureZone is a no-op', async () => {
    const provider = createPowerDnsProvider('pdns', config());
    expect(await provider.read('create.test.')).toBeUndefined();
    await provider.ensureZone('create.test');
    await provider.ensureZone('create.test.');
    const zone = await provider.read('create.test.');
    expect(zone?.rrsets).toEqual([{ name: 'create.test.', type: 'NS', ttl: 3600, values: ['ns1.create.test.'] }]);
    expect(zone?.soa).toMatchObject({ mname: 'ns1.create.test.', rname: 'hostmaster.create.test.', refresh: 10800, minimum: 3600 });
    expect(await provider.delegationNameservers('create.test.')).toEqual(['ns1.create.test.']);
  });

  it('gives a new zone the configured nameserverNames', async () => {
    const provider = createPowerDnsProvider('pdns', { ...config(), nameserverNames: ['NS-A.Example.NET', 'ns-b.example.net.'] });
    await provider.ensureZone('named.test.');
    expect(await provider.delegationNameservers('named.test.')).toEqual(['ns-a.example.net.', 'ns-b.example.net.']);
  });

  it(`round-trips every record type PowerDNS serves (${RECORD_TYPES.join(' ')}) exactly`, async () => {
    const provider = createPowerDnsProvider('pdns', config());
    const zone = 'types.test.';
    await provider.ensureZone(zone);
    const wanted = everyType(zone);
    expect(new Set(wanted.map((set) => set.type))).toEqual(new Set(RECORD_TYPES.filter((t) => provider.capabilities.types[t]?.supported)));
    const receipt = await provider.apply(zone, wanted.map((after): Change => ({ kind: 'create', after })));
    expect(receipt).toEqual({ apiCalls: 1 });
    const live = await provider.read(zone);
    expect(managed(live?.rrsets ?? [], zone)).toEqual(managed(wanted, zone));
    expect(provider.lastSkipped(zone)).toEqual([]);
  });

  it('updates and deletes in one PATCH, and the SOA serial moves', async () => {
    const provider = createPowerDnsProvider('pdns', config());
    const zone = 'update.test.';
    await provider.ensureZone(zone);
    const a = rrset(zone, 'www', 'A', ['192.0.2.1']);
    const txt = rrset(zone, 'www', 'TXT', ['"old"']);
    await provider.apply(zone, [{ kind: 'create', after: a }, { kind: 'create', after: txt }]);
    const before = await provider.read(zone);
    const a2 = rrset(zone, 'www', 'A', ['192.0.2.2', '192.0.2.3'], 120);
    await provider.apply(zone, [{ kind: 'update', before: a, after: a2 }, { kind: 'delete', before: txt }]);
    const after = await provider.read(zone);
    expect(managed(after?.rrsets ?? [], zone)).toEqual([a2]);
    expect(after?.soa?.serial).toBeGreaterThan(before?.soa?.serial ?? Infinity);
  });

  it.each([
    ['an A beside an existing CNAME', 'cname', 'A', ['192.0.2.1']],
    ['a name outside the zone', 'www.other.test.', 'A', ['192.0.2.1']],
  ] as const)('a chunk holding %s applies nothing and names the zone and record', async (_, relative, type, values) => {
    const provider = createPowerDnsProvider('pdns', config());
    const zone = 'atomic.test.';
    await provider.ensureZone(zone);
    await provider.apply(zone, [{ kind: 'create', after: rrset(zone, 'cname', 'CNAME', ['www']) }]);
    const before = await provider.read(zone);
    const good = rrset(zone, 'good', 'A', ['192.0.2.10']);
    const bad: RRset = relative.endsWith('.') ? { name: relative, type, ttl: 300, values: [...values] } : rrset(zone, relative, type, [...values]);
    const error = await provider.apply(zone, [{ kind: 'create', after: good }, { kind: 'create', after: bad }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain(`pdns: zone ${zone}: applying the chunk: PowerDNS rejected record ${bad.name} ${type} (nothing in this chunk was applied)`);
    expect((error as ProviderError).transient).toBe(false);
    const after = await provider.read(zone);
    expect(after?.rrsets).toEqual(before?.rrsets);
    expect(after?.soa?.serial).toBe(before?.soa?.serial);
  });

  it('a wrong API key fails with a message naming the provider and never the key', async () => {
    const wrongKey = 'wrong-key-4f1d9c2e';
    const provider = createPowerDnsProvider('pdns-main', { ...config(), apiKey: wrongKey });
    const error = await provider.read('create.test.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
    expect((error as Error).message).toBe('pdns-main: zone create.test.: reading the zone: the PowerDNS API refused the API key (HTTP 401); check providers.pdns-main.apiKey');
    expect(text).not.toContain(wrongKey);
    expect(text).not.toContain(pdns.apiKey);
  });

  it('an unknown zone reads as undefined and cannot be written', async () => {
    const provider = createPowerDnsProvider('pdns', config());
    expect(await provider.read('missing.test.')).toBeUndefined();
    await expect(provider.apply('missing.test.', [{ kind: 'create', after: rrset('missing.test.', 'www', 'A', ['192.0.2.1']) }])).rejects.toThrow(
      'pdns: zone missing.test.: applying the chunk: zone missing.test. does not exist on PowerDNS server "localhost" (HTTP 404)',
    );
    await expect(provider.delegationNameservers('missing.test.')).rejects.toThrow('zone missing.test. does not exist');
  });

  it('lists every zone', async () => {
    const provider = createPowerDnsProvider('pdns', config());
    await provider.ensureZone('list.test.');
    expect(await provider.listZones?.()).toEqual(expect.arrayContaining(['create.test.', 'list.test.', 'types.test.']));
  });

  it('nameservers come from config, else from the apex NS resolved once with port 53', async () => {
    expect(await createPowerDnsProvider('pdns', config()).nameservers('create.test.')).toEqual([{ address: '127.0.0.1', port: pdns.dns.port }]);
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameserverNames: ['localhost.'] });
    await provider.ensureZone('resolve.test.');
    expect(await provider.nameservers('resolve.test.')).toEqual(expect.arrayContaining([{ name: 'localhost.', address: '127.0.0.1', port: 53 }]));
  });

  it('constructing touches no network: a provider for a dead URL builds fine', () => {
    expect(() => createPowerDnsProvider('pdns', { type: 'powerdns', url: 'http://127.0.0.1:1', apiKey: 'k' })).not.toThrow();
  });
});

describe('PowerDNS provider with two nameservers on one database', () => {
  let pair: PowerDnsPair;
  beforeAll(async () => {
    pair = await startPowerDnsPair();
  });
  afterAll(async () => pair?.stop());

  it('both nameservers serve what one PATCH applied, at once', async () => {
    const provider = createPowerDnsProvider('pdns', {
      type: 'powerdns',
      url: pair.primary.url,
      apiKey: pair.apiKey,
      nameservers: [pair.primary.dns, pair.secondary.dns].map((ns) => `${ns.address}:${ns.port}`),
    });
    const zone = 'served.test.';
    await provider.ensureZone(zone);
    // ALIAS is not a DNS type, and the child NS is answered as a referral: both are checked through the API above.
    const wanted = everyType(zone).filter((set) => set.type !== 'ALIAS' && !(set.type === 'NS' && set.name !== zone));
    await provider.apply(zone, wanted.map((after): Change => ({ kind: 'create', after })));
    const servers = await provider.nameservers(zone);
    expect(servers).toEqual([pair.primary.dns, pair.secondary.dns]);
    for (const server of servers) {
      for (const set of wanted) {
        const answer = await query(server, set.name, set.type);
        expect({ server: server.port, name: set.name, type: set.type, rcode: answer.rcode, aa: answer.authoritative, values: answer.answers.filter((r) => r.type === set.type).map((r) => r.value).sort() })
          .toEqual({ server: server.port, name: set.name, type: set.type, rcode: 'NOERROR', aa: true, values: set.values });
      }
    }
  });
});

describe('PowerDNS provider when the server is down', () => {
  let silent: Server;
  let silentPort = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: what a hung API looks like.
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a stopped server fails fast with a transient error naming the provider and zone', async () => {
    const stopped = await startPowerDns();
    await stopped.stop();
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: stopped.url, apiKey: stopped.apiKey, timeoutMs: 2_000 });
    const started = Date.now();
    const error = await provider.read('example.test.').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as Error).message).toMatch(/^pdns: zone example\.test\.: reading the zone: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/servers\/localhost\/zones\/example\.test\.: cannot reach the PowerDNS API \(ECONNREFUSED\)$/);
    expect((error as Error).message).not.toContain(stopped.apiKey);
  });

  it('an API that never answers times out after timeoutMs with a transient error', async () => {
    const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: `http://127.0.0.1:${silentPort}`, apiKey: 'secret-never-shown', timeoutMs: 300 });
    const started = Date.now();
    const error = await provider.apply('example.test.', [{ kind: 'delete', before: rrset('example.test.', 'www', 'A', ['192.0.2.1']) }]).catch((e: unknown) => e);
    // 4 tries of 300 ms and backoffs of 250, 500 and 1,000 ms make 2,950 ms: bounded, not minutes.
    expect(Date.now() - started).toBeLessThan(4_500);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as Error).message).toContain('pdns: zone example.test.: applying the chunk: PATCH');
    expect((error as Error).message).toContain('no answer within 300 ms');
    expect((error as Error).message).not.toContain('secret-never-shown');
  });
});
