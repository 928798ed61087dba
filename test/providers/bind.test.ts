import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { ProviderError } from '../../src/core/errors.js';
import { rrsetKey, type RecordType, type RRset, type Zone } from '../../src/core/model.js';
import { compareNames } from '../../src/core/name.js';
import { canonicalRdata, txtFromText } from '../../src/core/rdata.js';
import { query } from '../../src/dns/client.js';
import { sendUpdate } from '../../src/dns/update.js';
import { bindConfigSchema, createBindProvider } from '../../src/providers/bind/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { freeDnsPort, startBind, type BindServer } from '../harness/bind.js';

const ZONES = ['types.test.', 'race.test.', 'cname.test.', 'big.test.', 'auth.test.', 'apex.test.'];

function rrset(zone: string, name: string, type: RecordType, ttl: number, values: string[]): RRset {
  const canonical = values.map((text) => {
    const result = canonicalRdata(type, text, zone);
    if (!result.ok) throw new Error(`${name} ${type} "${text}": ${result.error}`);
    return result.value;
  });
  return { name: name === '@' ? zone : `${name}.${zone}`, type, ttl, values: [...new Set(canonical)].sort() };
}

/** What the harness puts in every zone: SOA (kept apart), apex NS and its address. */
function baseline(zone: string): RRset[] {
  return [rrset(zone, '@', 'NS', 300, ['ns1']), rrset(zone, 'ns1', 'A', 300, ['127.0.0.1'])];
}

function sorted(rrsets: RRset[]): RRset[] {
  return [...rrsets].sort((a, b) => compareNames(a.name, b.name) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

describe('bind provider against a real named', () => {
  let bind: BindServer;
  let provider: Provider;

  beforeAll(async () => {
    bind = await startBind({ zones: ZONES });
    provider = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
  });
  afterAll(async () => {
    await bind?.stop();
  });

  async function live(zone: string): Promise<Zone> {
    const read = await provider.read(zone);
    if (!read) throw new Error(`${zone} not served`);
    return read;
  }

  describe('round trip of every type BIND serves', () => {
    const zone = 'types.test.';
    const desired = (): RRset[] => [
      rrset(zone, 'www', 'A', 60, ['192.0.2.1', '192.0.2.10']),
      rrset(zone, 'www', 'AAAA', 60, ['2001:db8:0:0::1', '2001:DB8::a']),
      rrset(zone, '@', 'CAA', 3600, ['0 issue "letsencrypt.org"', '128 iodef "mailto:sec@types.test"']),
      rrset(zone, 'alias', 'CNAME', 300, ['www']),
      rrset(zone, 'sub', 'NS', 86400, ['ns1.elsewhere.example.', 'ns2.elsewhere.example.']),
      rrset(zone, 'sub', 'DS', 86400, ['12345 13 2 ' + 'ab'.repeat(32)]),
      rrset(zone, '@', 'MX', 300, ['10 mail', '20 backup.example.net.']),
      // named refuses an MX whose in-zone exchange has no address (check-integrity).
      rrset(zone, 'mail', 'A', 300, ['192.0.2.25']),
      rrset(zone, '1.2', 'PTR', 300, ['host.example.net.']),
      rrset(zone, '_sip._tcp', 'SRV', 300, ['10 60 5060 sip', '20 0 5060 backup.example.net.']),
      rrset(zone, 'www', 'SSHFP', 300, ['1 1 ' + '0123456789abcdef'.repeat(2) + '01234567', '4 2 ' + 'fe'.repeat(32)]),
      rrset(zone, '_443._tcp.www', 'TLSA', 300, ['3 1 1 ' + 'cd'.repeat(32)]),
      rrset(zone, '@', 'HTTPS', 300, ['1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1']),
      rrset(zone, '_dns', 'SVCB', 300, ['0 svc.example.net.', '2 svc2.example.net. alpn=dot port=853']),
      rrset(zone, '@', 'TXT', 300, ['"v=spf1 -all"', '"two" "strings"', '"quote \\" and backslash \\\\"', '"caf\\195\\169"', txtFromText('z'.repeat(300))]),
    ];

    it('creates every type, reads back exactly, and named answers each over DNS', async () => {
      const created = desired();
      const receipt = await provider.apply(zone, created.map((after): Change => ({ kind: 'create', after })));
      expect(receipt.apiCalls).toBe(2);
      const read = await live(zone);
      expect(read.rrsets).toEqual(sorted([...baseline(zone), ...created]));
      expect(read.soa?.serial).toBeGreaterThan(1);

      for (const set of created) {
        const response = await query(bind.dns, set.name, set.type, { tcp: true });
        // A delegation's NS comes back as a referral, in the authority section.
        const records = set.type === 'NS' ? response.authorities : response.answers;
        const found = records.filter((r) => r.type === set.type && r.name === set.name);
        expect({ key: rrsetKey(set), values: found.map((r) => r.value).sort(), ttl: found[0]?.ttl }).toEqual({ key: rrsetKey(set), values: set.values, ttl: set.ttl });
      }
    });

    it('replaces every rrset (values and TTL) as one change each, then plans nothing', async () => {
      const before = (await live(zone)).rrsets.filter((r) => !baseline(zone).some((b) => rrsetKey(b) === rrsetKey(r)));
      const after = before.map((set): RRset => {
        if (set.type === 'TXT') return { ...set, ttl: 120, values: ['"only one"'] };
        if (set.type === 'A') return { ...set, values: ['192.0.2.99'] };
        return { ...set, ttl: set.ttl + 1 };
      });
      await provider.apply(zone, before.map((b, i): Change => ({ kind: 'update', before: b, after: after[i] as RRset })));
      expect((await live(zone)).rrsets).toEqual(sorted([...baseline(zone), ...after]));
    });

    it('deletes every rrset it created, back to the baseline', async () => {
      const current = (await live(zone)).rrsets.filter((r) => !baseline(zone).some((b) => rrsetKey(b) === rrsetKey(r)));
      await provider.apply(zone, current.map((before): Change => ({ kind: 'delete', before })));
      expect((await live(zone)).rrsets).toEqual(sorted(baseline(zone)));
      const gone = await query(bind.dns, `www.${zone}`, 'A');
      expect(gone.rcode).toBe('NXDOMAIN');
    });
  });

  it('detects a concurrent edit between read and apply, and overwrites nothing', async () => {
    const zone = 'race.test.';
    const www = rrset(zone, 'www', 'A', 300, ['192.0.2.1']);
    await provider.apply(zone, [{ kind: 'create', after: www }]);
    const read = await live(zone);
    const seen = read.rrsets.find((r) => rrsetKey(r) === rrsetKey(www)) as RRset;
    // Someone else edits www behind zonesync's back.
    const theirs = await sendUpdate(bind.dns, { zone, prerequisites: [], updates: [{ kind: 'add', name: www.name, type: 'A', ttl: 300, value: '192.0.2.77' }] }, { tsig: bind.tsig });
    expect(theirs.rcode).toBe('NOERROR');

    const chunk: Change[] = [
      { kind: 'create', after: rrset(zone, 'new', 'A', 300, ['192.0.2.5']) },
      { kind: 'update', before: seen, after: rrset(zone, 'www', 'A', 300, ['192.0.2.2']) },
    ];
    const error = await provider.apply(zone, chunk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/^bind1: zone race\.test\.: www\.race\.test\. A changed since it was read \(concurrent edit; named answered NXRRSET\)/);
    const after = await live(zone);
    expect(after.rrsets.find((r) => rrsetKey(r) === rrsetKey(www))?.values).toEqual(['192.0.2.1', '192.0.2.77']);
    expect(after.rrsets.some((r) => r.name === `new.${zone}`)).toBe(false);
    await expect(provider.apply(zone, [{ kind: 'create', after: rrset(zone, 'www', 'A', 300, ['192.0.2.3']) }])).rejects.toThrow(/www\.race\.test\. A changed since it was read \(concurrent edit; named answered YXRRSET\)/);
  });

  it('reports an A that named silently ignored beside a CNAME', async () => {
    const zone = 'cname.test.';
    await provider.apply(zone, [{ kind: 'create', after: rrset(zone, 'c', 'CNAME', 300, ['target.example.net.']) }]);
    const error = await provider.apply(zone, [{ kind: 'create', after: rrset(zone, 'c', 'A', 300, ['192.0.2.1']) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe('bind1: zone cname.test.: named answered NOERROR but did not apply c.cname.test. A (it ignores some updates silently; see its log)');
    expect((error as ProviderError).details).toEqual(['c.cname.test. A: expected ttl 300 [192.0.2.1], found absent (a CNAME is at that name: named ignores other data beside it)']);
    expect(bind.log()).toMatch(/attempt to add non-CNAME alongside CNAME ignored/);
  });

  it('turns an A into a CNAME in one chunk, in the order the diff gives (create before delete)', async () => {
    const zone = 'cname.test.';
    await provider.apply(zone, [{ kind: 'create', after: rrset(zone, 'flip', 'A', 300, ['192.0.2.1']) }]);
    const cname = rrset(zone, 'flip', 'CNAME', 300, ['target.example.net.']);
    await provider.apply(zone, [{ kind: 'create', after: cname }, { kind: 'delete', before: rrset(zone, 'flip', 'A', 300, ['192.0.2.1']) }]);
    expect((await live(zone)).rrsets.filter((r) => r.name === `flip.${zone}`)).toEqual([cname]);
  });

  it('splits a chunk whose UPDATE would pass 64 KiB, and every change lands', async () => {
    const zone = 'big.test.';
    const changes: Change[] = Array.from({ length: 400 }, (_, i) => ({ kind: 'create', after: rrset(zone, `t${i}`, 'TXT', 300, [`"${String(i).padStart(200, 'x')}"`]) }));
    const receipt = await provider.apply(zone, changes);
    expect(receipt.apiCalls).toBe(3);
    const read = await live(zone);
    expect(read.rrsets.filter((r) => r.type === 'TXT')).toEqual(sorted(changes.map((c) => (c as { after: RRset }).after)));
    expect(bind.log().match(/updating zone 'big\.test\/IN': adding an RR at 't\d+\.big\.test' TXT/g)?.length).toBe(400);
  });

  it('updates the apex NS (named ignores deleting the whole apex NS rrset)', async () => {
    const zone = 'apex.test.';
    const ns = rrset(zone, '@', 'NS', 300, ['ns1']);
    await provider.apply(zone, [
      { kind: 'create', after: rrset(zone, 'ns2', 'A', 300, ['127.0.0.2']) },
      { kind: 'update', before: ns, after: rrset(zone, '@', 'NS', 300, ['ns1', 'ns2']) },
    ]);
    expect(await provider.delegationNameservers(zone)).toEqual(['ns1.apex.test.', 'ns2.apex.test.']);
    await provider.apply(zone, [{ kind: 'update', before: rrset(zone, '@', 'NS', 300, ['ns1', 'ns2']), after: rrset(zone, '@', 'NS', 600, ['ns2']) }]);
    expect((await live(zone)).rrsets.find((r) => r.name === zone && r.type === 'NS')).toEqual(rrset(zone, '@', 'NS', 600, ['ns2']));
    await expect(provider.apply(zone, [{ kind: 'delete', before: rrset(zone, '@', 'NS', 600, ['ns2']) }])).rejects.toThrow(/did not apply apex\.test\. NS/);
  });

  it('explains a refused update whose content named rejects, and writes nothing', async () => {
    const zone = 'auth.test.';
    const chunk: Change[] = [
      { kind: 'create', after: rrset(zone, 'ok', 'A', 300, ['192.0.2.1']) },
      { kind: 'create', after: rrset(zone, '@', 'MX', 300, ['10 nomail']) },
    ];
    await expect(provider.apply(zone, chunk)).rejects.toThrow(/^bind1: named refused the update to auth\.test\. \(REFUSED\): .*or named rejected the content/);
    // named writes its log asynchronously: give the line a moment to land.
    await expect.poll(() => bind.log(), { timeout: 3000 }).toMatch(/auth\.test\/MX 'nomail\.auth\.test' has no address records/);
    expect((await live(zone)).rrsets).toEqual(sorted(baseline(zone)));
  });

  it('gives a clear error for a wrong TSIG secret, never showing it, and writes nothing', async () => {
    const zone = 'auth.test.';
    const wrongSecret = randomBytes(32).toString('base64');
    const wrong = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: { ...bind.tsig, secret: wrongSecret } }));
    const error = await wrong.apply(zone, [{ kind: 'create', after: rrset(zone, 'x', 'A', 300, ['192.0.2.1']) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const message = (error as Error).message;
    expect(message).toMatch(/^bind1: updating zone auth\.test\.: named at 127\.0\.0\.1:\d+ did not accept TSIG key "zonesync-test" \(hmac-sha256\) \(BADSIG\): check that tsig\.name, tsig\.algorithm and tsig\.secret match/);
    for (const text of [message, String((error as Error).stack), JSON.stringify((error as ProviderError).details)]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(bind.tsig.secret);
    }
    await expect(wrong.read(zone)).rejects.toThrow(/reading zone auth\.test\. by AXFR: named at .* did not accept TSIG key "zonesync-test"/);
    expect((await live(zone)).rrsets).toEqual(sorted(baseline(zone)));
  });

  it('says the transfer is refused when no key is configured', async () => {
    const unsigned = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}` }));
    await expect(unsigned.read('auth.test')).rejects.toThrow(/named serves the zone but refused the transfer; allow a TSIG key/);
  });

  it('fails fast and clearly when the server is down', async () => {
    const port = await freeDnsPort();
    const down = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${port}`, tsig: bind.tsig }));
    const started = Date.now();
    const error = await down.read('auth.test.').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^bind1: reading zone auth\\.test\\. by AXFR: cannot reach named at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    await expect(down.apply('auth.test.', [{ kind: 'create', after: rrset('auth.test.', 'x', 'A', 300, ['192.0.2.1']) }])).rejects.toThrow(/cannot reach named/);
  });

  it('ensureZone accepts a configured zone and asks for named.conf otherwise', async () => {
    await expect(provider.ensureZone('auth.test')).resolves.toBeUndefined();
    expect(await provider.read('missing.test')).toBeUndefined();
    const error = await provider.ensureZone('missing.test').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^bind1: zone missing\.test\. is not configured on named at 127\.0\.0\.1:\d+; zonesync does not manage named\.conf: add the zone there and reload named$/);
    expect((error as ProviderError).details[0]).toMatch(/^zone "missing\.test" \{ type primary; .*allow-update \{ key "zonesync-test"; \};/);
    await bind.addZone('missing.test');
    await expect(provider.ensureZone('missing.test')).resolves.toBeUndefined();
  });

  it('names the apex NS for delegation and the server (or configured addresses) for verify', async () => {
    expect(await provider.delegationNameservers('auth.test')).toEqual(['ns1.auth.test.']);
    expect(await provider.nameservers('auth.test')).toEqual([{ address: '127.0.0.1', port: bind.dns.port }]);
    const withList = createBindProvider('b', bindConfigSchema.parse({ type: 'bind', server: '127.0.0.1:1', nameservers: ['127.0.0.2:5353', '[::1]:53'] }));
    expect(await withList.nameservers('auth.test')).toEqual([{ address: '127.0.0.2', port: 5353 }, { address: '::1', port: 53 }]);
  });
});

describe('bind config', () => {
  it('builds without touching the network, and rejects a server that is not IP:port', () => {
    expect(() => createBindProvider('b', bindConfigSchema.parse({ type: 'bind', server: '127.0.0.1:9' }))).not.toThrow();
    expect(() => createBindProvider('b', bindConfigSchema.parse({ type: 'bind', server: 'ns1.example.com:53' }))).toThrow(/providers\.b\.server: "ns1\.example\.com" is not an IP address/);
  });

  it.each([
    [{ type: 'bind', server: '127.0.0.1:53', tsig: { name: 'k', algorithm: 'hmac-md5', secret: 'AAAA' } }, 'tsig.algorithm'],
    [{ type: 'bind', server: '127.0.0.1:53', tsig: { name: 'k', algorithm: 'hmac-sha256', secret: 'not base64!' } }, 'tsig.secret'],
    [{ type: 'bind', server: '127.0.0.1:53', extra: 1 }, ''],
  ])('rejects %j at %s', (input, path) => {
    const parsed = bindConfigSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
