// test-project: unit
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RRset, Zone } from '../../src/core/model.js';
import { query } from '../../src/dns/client.js';
import { startDnsServer, type TestDnsServer } from './dns-server.js';

const Z = 'example.test.';
const rr = (name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: name === '@' ? Z : `${name}.${Z}`, type, ttl, values });
const text = (n: number, size: number): string[] => Array.from({ length: n }, (_, i) => `"${String(i).padStart(3, '0')}${'x'.repeat(size)}"`);

const zone: Zone = {
  name: Z,
  soa: { mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial: 7, refresh: 3600, retry: 600, expire: 604800, minimum: 60, ttl: 3600 },
  rrsets: [
    rr('@', 'NS', [`ns1.${Z}`], 3600),
    rr('ns1', 'A', ['127.0.0.1']),
    rr('www', 'A', ['192.0.2.1', '192.0.2.2']),
    rr('www', 'AAAA', ['2001:db8::1']),
    rr('alias', 'CNAME', [`www.${Z}`]),
    rr('out', 'CNAME', ['elsewhere.invalid.']),
    rr('*.wild', 'TXT', ['"wild"']),
    rr('a.b.c', 'A', ['192.0.2.9']),
    rr('sub', 'NS', [`ns.sub.${Z}`]),
    rr('sub', 'DS', ['1 13 2 abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01']),
    rr('ns.sub', 'A', ['192.0.2.53']),
    rr('mid', 'TXT', text(6, 100)),
    rr('big', 'TXT', text(20, 100)),
    rr('apex-alias', 'ALIAS', [`www.${Z}`]),
  ],
};

describe('test DNS server', () => {
  let server: TestDnsServer;
  const ns = (): { address: string; port: number } => ({ address: server.address, port: server.port });
  beforeAll(async () => {
    server = await startDnsServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server.faults = Object.assign(server.faults, { refuse: false, servfail: false, drop: false, freeze: false, truncateUdp: false, nxdomainForAaaaWithEdns: false });
    server.setZone(zone);
  });

  it('answers authoritatively on 127.0.0.1, counting queries', async () => {
    const before = server.queries;
    const response = await query(ns(), `www.${Z}`, 'A');
    expect(server.address).toBe('127.0.0.1');
    expect(response).toMatchObject({ rcode: 'NOERROR', authoritative: true, truncated: false, transport: 'udp', edns: true });
    expect(response.answers).toEqual([
      { name: `www.${Z}`, type: 'A', ttl: 300, value: '192.0.2.1' },
      { name: `www.${Z}`, type: 'A', ttl: 300, value: '192.0.2.2' },
    ]);
    expect(server.queries).toBe(before + 1);
  });

  it('serves the SOA it was given at the apex and a default one otherwise', async () => {
    expect((await query(ns(), Z, 'SOA')).answers).toEqual([{ name: Z, type: 'SOA', ttl: 3600, value: `ns1.${Z} hostmaster.${Z} 7 3600 600 604800 60` }]);
    server.setZone({ name: 'other.test.', rrsets: [] });
    expect((await query(ns(), 'other.test.', 'SOA')).answers[0]?.value).toBe('ns1.other.test. hostmaster.other.test. 1 3600 600 604800 300');
  });

  it('tells NXDOMAIN from NODATA, both with the SOA (TTL min(SOA TTL, MINIMUM)) in authority', async () => {
    const soa = { name: Z, type: 'SOA', ttl: 60, value: `ns1.${Z} hostmaster.${Z} 7 3600 600 604800 60` };
    expect(await query(ns(), `nope.${Z}`, 'A')).toMatchObject({ rcode: 'NXDOMAIN', authoritative: true, answers: [], authorities: [soa] });
    expect(await query(ns(), `www.${Z}`, 'TXT')).toMatchObject({ rcode: 'NOERROR', answers: [], authorities: [soa] });
    // An empty non-terminal exists: NODATA, not NXDOMAIN.
    expect(await query(ns(), `b.c.${Z}`, 'A')).toMatchObject({ rcode: 'NOERROR', answers: [], authorities: [soa] });
  });

  it('puts the CNAME in the answer and follows it inside the zone', async () => {
    const response = await query(ns(), `alias.${Z}`, 'AAAA');
    expect(response.answers.map((r) => `${r.name} ${r.type} ${r.value}`)).toEqual([`alias.${Z} CNAME www.${Z}`, `www.${Z} AAAA 2001:db8::1`]);
    const out = await query(ns(), `out.${Z}`, 'A');
    expect(out).toMatchObject({ rcode: 'NOERROR', answers: [{ type: 'CNAME', value: 'elsewhere.invalid.' }] });
  });

  it('refers below a delegation with glue, but answers DS at the cut itself', async () => {
    const referral = await query(ns(), `host.sub.${Z}`, 'A');
    expect(referral).toMatchObject({ rcode: 'NOERROR', authoritative: false, answers: [], authorities: [{ name: `sub.${Z}`, type: 'NS', value: `ns.sub.${Z}` }] });
    const ds = await query(ns(), `sub.${Z}`, 'DS');
    expect(ds).toMatchObject({ authoritative: true, answers: [{ type: 'DS', value: '1 13 2 abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01abcdef01' }] });
  });

  it('synthesises from a wildcard for names that do not exist', async () => {
    const response = await query(ns(), `anything.wild.${Z}`, 'TXT');
    expect(response.answers).toEqual([{ name: `anything.wild.${Z}`, type: 'TXT', ttl: 300, value: '"wild"' }]);
    expect((await query(ns(), `anything.wild.${Z}`, 'A')).rcode).toBe('NOERROR');
  });

  it('refuses names outside its zones and does not serve ALIAS', async () => {
    expect(await query(ns(), 'example.org.', 'A')).toMatchObject({ rcode: 'REFUSED', authoritative: false });
    expect((await query(ns(), `apex-alias.${Z}`, 'A')).rcode).toBe('NXDOMAIN');
  });

  it('echoes EDNS only when asked with it', async () => {
    expect((await query(ns(), `www.${Z}`, 'A', { edns: false })).edns).toBe(false);
    expect((await query(ns(), `www.${Z}`, 'A', { edns: true })).edns).toBe(true);
  });

  it('truncates over UDP above 512 bytes without EDNS and above 1232 with it', async () => {
    expect(await query(ns(), `mid.${Z}`, 'TXT', { edns: false })).toMatchObject({ transport: 'tcp', truncated: false });
    expect(await query(ns(), `mid.${Z}`, 'TXT', { edns: true })).toMatchObject({ transport: 'udp' });
    const big = await query(ns(), `big.${Z}`, 'TXT');
    expect(big.transport).toBe('tcp');
    expect(big.answers).toHaveLength(20);
  });

  it('removes a zone', async () => {
    server.removeZone('example.test');
    expect((await query(ns(), `www.${Z}`, 'A')).rcode).toBe('REFUSED');
  });

  describe('faults', () => {
    it('refuse and servfail', async () => {
      server.faults.refuse = true;
      expect((await query(ns(), `www.${Z}`, 'A')).rcode).toBe('REFUSED');
      server.faults.refuse = false;
      server.faults.servfail = true;
      expect((await query(ns(), `www.${Z}`, 'A')).rcode).toBe('SERVFAIL');
    });

    it('nxdomainForAaaaWithEdns breaks only AAAA with EDNS', async () => {
      server.faults.nxdomainForAaaaWithEdns = true;
      expect((await query(ns(), `www.${Z}`, 'AAAA', { edns: true })).rcode).toBe('NXDOMAIN');
      expect((await query(ns(), `www.${Z}`, 'AAAA', { edns: false })).answers).toHaveLength(1);
      expect((await query(ns(), `www.${Z}`, 'A', { edns: true })).answers).toHaveLength(2);
    });

    it('freeze keeps serving the zone as it was when set', async () => {
      server.faults.freeze = true;
      server.setZone({ ...zone, rrsets: [rr('www', 'A', ['198.51.100.1'])] });
      expect((await query(ns(), `www.${Z}`, 'A')).answers).toHaveLength(2);
      server.faults.freeze = false;
      expect((await query(ns(), `www.${Z}`, 'A')).answers.map((r) => r.value)).toEqual(['198.51.100.1']);
    });

    it('truncateUdp forces TCP', async () => {
      server.faults.truncateUdp = true;
      const response = await query(ns(), `www.${Z}`, 'A');
      expect(response).toMatchObject({ transport: 'tcp', answers: [{ value: '192.0.2.1' }, { value: '192.0.2.2' }] });
    });

    it('drop never answers, over UDP or TCP', async () => {
      server.faults.drop = true;
      await expect(query(ns(), `www.${Z}`, 'A', { timeoutMs: 100, retries: 1 })).rejects.toThrow(/no answer over UDP after 2 attempts/);
      await expect(query(ns(), `www.${Z}`, 'A', { timeoutMs: 100, tcp: true })).rejects.toThrow(/no answer over TCP within 100 ms/);
    });
  });
});
