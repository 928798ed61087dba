import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertChange, type Change } from '../../src/core/change.js';
import { canonicalDynamic, sameDynamic } from '../../src/core/dynamic/canonical.js';
import type { Dynamic } from '../../src/core/dynamic/model.js';
import type { RRset, Zone } from '../../src/core/model.js';
import { EDITED } from '../../src/providers/powerdns/lua.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { ecsQuery } from '../support/ecs-query.js';
import { freeTcpPort } from '../support/ports.js';

/**
 * Steered rrsets (octoDNS `dynamic`) on a real pdns_server with LUA records and EDNS Client Subnet:
 * written, read back equal, answered by rule and pool (health by a TCP port this test opens and
 * closes on 127.0.0.2), changed by one weight, rolled back, and turned plain again.
 */

const zone = 'steer.test.';
const www = `www.${zone}`;

function steering(healthPort: number, weightedWeight = 3): Dynamic {
  return canonicalDynamic(
    www,
    'A',
    {
      pools: {
        office: { values: [{ value: '127.0.0.10', weight: 1, status: 'up' }] },
        primary: { values: [{ value: '127.0.0.2', weight: 1, status: 'obey' }], fallback: 'backup' },
        backup: { values: [{ value: '127.0.0.3', weight: 1, status: 'up' }] },
        dead: { values: [{ value: '127.0.0.30', weight: 1, status: 'down' }] },
        weighted: { values: [{ value: '127.0.0.21', weight: 1, status: 'up' }, { value: '127.0.0.22', weight: weightedWeight, status: 'up' }] },
      },
      rules: [
        { pool: 'office', subnets: ['10.1.0.0/16'] },
        { pool: 'primary', subnets: ['10.2.0.0/16'] },
        { pool: 'dead', subnets: ['10.3.0.0/16'] },
        { pool: 'weighted' },
      ],
      healthcheck: { host: 'www.steer.test', path: '/_dns', port: healthPort, protocol: 'TCP' },
    },
    zone,
  );
}

const steeredA = (healthPort: number, weight = 3): RRset => ({ name: www, type: 'A', ttl: 60, values: ['127.0.0.99'], dynamic: steering(healthPort, weight) });

/** Ask until `accept` holds (health checks run each second, the first one counts every address down). */
async function eventually(ask: () => Promise<string[]>, accept: (answers: string[]) => boolean, what: string, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await ask();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

describe('PowerDNS traffic steering with LUA records (real pdns_server, ECS)', () => {
  let pdns: PowerDnsServer;
  let healthPort: number;
  const provider = () => createPowerDnsProvider('pdns', powerdnsConfigSchema.parse({ type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, timeoutMs: 5_000 }));
  const ask = (subnet?: string, name = www) => async () => (await ecsQuery(pdns.dns, name, 'A', subnet)).answers.sort();
  const managed = (live: Zone | undefined) => (live?.rrsets ?? []).filter((r) => !(r.name === zone && r.type === 'NS'));
  const patch = async (rrsets: unknown[]) => {
    const response = await fetch(`${pdns.url}/api/v1/servers/localhost/zones/${zone}`, { method: 'PATCH', headers: { 'X-API-Key': pdns.apiKey }, body: JSON.stringify({ rrsets }) });
    expect(response.status, await response.text()).toBe(204);
  };

  beforeAll(async () => {
    pdns = await startPowerDns({ lua: true });
    healthPort = await freeTcpPort();
    await provider().ensureZone(zone);
  });
  afterAll(async () => pdns?.stop());

  it('writes one LUA rrset, reads back the same steered A rrset, and answers by rule, pool, weight and health', async () => {
    const p = provider();
    const desired = steeredA(healthPort);
    // The first steered write asks the server's settings once (enable-lua-records); this provider has
    // not read the zone, so it reads the name's rrsets (the LUA rrset it replaces); then the PATCH.
    expect(await p.apply(zone, [{ kind: 'create', after: desired }])).toEqual({ apiCalls: 3 });

    const live = await p.read(zone);
    expect(managed(live)).toEqual([desired]);
    expect(p.kept(zone, undefined, { name: zone, rrsets: [] })).toEqual([]);
    expect(p.audit(zone, live, { name: zone, rrsets: [desired] })).toEqual([]);
    // The filtered read (the engine's read-back) gives the same.
    expect(managed({ name: zone, rrsets: await p.readRRsets(zone, [{ name: www, type: 'A' }]) })).toEqual([desired]);

    // Subnet rules by EDNS Client Subnet.
    expect(await ask('10.1.0.0/16')()).toEqual(['127.0.0.10']);
    expect(await ask('10.1.200.0/24')()).toEqual(['127.0.0.10']);
    // A pool whose only value is down: its (absent) fallback, the record's values.
    expect(await ask('10.3.0.0/16')()).toEqual(['127.0.0.99']);
    // Nothing listens on the health port: the failover pool's value is down, its fallback answers.
    expect(await eventually(ask('10.2.0.0/16'), (a) => a[0] === '127.0.0.3', 'primary down → backup')).toEqual(['127.0.0.3']);

    // The health port opens on 127.0.0.2: the primary pool answers once the check sees it.
    const server = await listen('127.0.0.2', healthPort);
    try {
      expect(await eventually(ask('10.2.0.0/16'), (a) => a[0] === '127.0.0.2', 'primary up')).toEqual(['127.0.0.2']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await eventually(ask('10.2.0.0/16'), (a) => a[0] === '127.0.0.3', 'primary down again → backup')).toEqual(['127.0.0.3']);

    // The catch-all (no ECS: the resolver is 127.0.0.1): one value of the weighted pool per answer, by weight 1:3.
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const answers = await ask()();
      expect(answers).toHaveLength(1);
      counts.set(answers[0] as string, (counts.get(answers[0] as string) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['127.0.0.21', '127.0.0.22']);
    // 200 draws at p = 0.75: 150 expected; below 120 has a chance under 1e-5.
    expect(counts.get('127.0.0.22')).toBeGreaterThan(120);
  });

  it('a weight change is one change (one PATCH); rolling it back restores the first rrset exactly', async () => {
    const p = provider();
    const before = steeredA(healthPort);
    const after = steeredA(healthPort, 50);
    const live = await p.read(zone);
    const current = managed(live);
    // Only that rrset differs, and only in its dynamic block.
    expect(current.filter((r) => !(r.name === after.name && r.type === after.type && r.ttl === after.ttl && sameDynamic(r.dynamic, after.dynamic)))).toEqual([before]);
    const change: Change = { kind: 'update', before, after };
    expect(await p.apply(zone, [change])).toEqual({ apiCalls: 2 });
    expect(managed(await p.read(zone))).toEqual([after]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const [answer] = await ask()();
      counts.set(answer as string, (counts.get(answer as string) ?? 0) + 1);
    }
    // 1:50 now: 127.0.0.21 is rare (expected 2 of 100).
    expect(counts.get('127.0.0.22') ?? 0).toBeGreaterThan(85);

    expect(await p.apply(zone, [invertChange(change)])).toEqual({ apiCalls: 1 });
    expect(managed(await p.read(zone))).toEqual([before]);
  });

  it('steered → plain and back in one PATCH each: the name never has both an A rrset and a LUA A record', async () => {
    const p = provider();
    const steered = steeredA(healthPort);
    const plain: RRset = { name: www, type: 'A', ttl: 300, values: ['192.0.2.80'] };
    await p.read(zone);
    expect(await p.apply(zone, [{ kind: 'update', before: steered, after: plain }])).toEqual({ apiCalls: 1 });
    // Back to steered: a new provider asks the server's settings once more.
    expect(managed(await p.read(zone))).toEqual([plain]);
    expect(await ask('10.1.0.0/16')()).toEqual(['192.0.2.80']);
    const api = (await (await fetch(`${pdns.url}/api/v1/servers/localhost/zones/${zone}?rrset_name=${www}`, { headers: { 'X-API-Key': pdns.apiKey } })).json()) as { rrsets: Array<{ type: string }> };
    expect(api.rrsets.map((r) => r.type)).toEqual(['A']);

    expect(await p.apply(zone, [{ kind: 'update', before: plain, after: steered }])).toEqual({ apiCalls: 2 });
    expect(managed(await p.read(zone))).toEqual([steered]);
    const again = (await (await fetch(`${pdns.url}/api/v1/servers/localhost/zones/${zone}?rrset_name=${www}`, { headers: { 'X-API-Key': pdns.apiKey } })).json()) as { rrsets: Array<{ type: string }> };
    expect(again.rrsets.map((r) => r.type)).toEqual(['LUA']);
    expect(await ask('10.1.0.0/16')()).toEqual(['127.0.0.10']);
  });

  it('a steered A and AAAA share the LUA rrset of their name; deleting one keeps the other', async () => {
    const p = provider();
    const name = `dual.${zone}`;
    const a: RRset = { name, type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic: canonicalDynamic(name, 'A', { pools: { p: { values: [{ value: '192.0.2.2', weight: 1, status: 'up' }] } }, rules: [{ pool: 'p', subnets: ['10.9.0.0/16'] }], healthcheck: { host: name, path: '/', port: 80, protocol: 'HTTP' } }, zone) };
    const aaaa: RRset = { name, type: 'AAAA', ttl: 60, values: ['2001:db8::1'], dynamic: canonicalDynamic(name, 'AAAA', { pools: { p: { values: [{ value: '2001:db8::2', weight: 1, status: 'up' }] } }, rules: [{ pool: 'p' }], healthcheck: { host: name, path: '/', port: 80, protocol: 'HTTP' } }, zone) };
    await p.read(zone);
    expect(await p.apply(zone, [{ kind: 'create', after: a }, { kind: 'create', after: aaaa }])).toEqual({ apiCalls: 2 });
    const both = managed(await p.read(zone)).filter((r) => r.name === name);
    expect(both.sort((x, y) => x.type.localeCompare(y.type))).toEqual([a, aaaa]);
    expect((await ecsQuery(pdns.dns, name, 'A', '10.9.1.0/24')).answers).toEqual(['192.0.2.2']);
    expect((await ecsQuery(pdns.dns, name, 'A')).answers).toEqual(['192.0.2.1']);
    expect((await ecsQuery(pdns.dns, name, 'AAAA')).answers).toEqual(['2001:db8::2']);

    await p.readRRsets(zone, [{ name, type: 'A' }]);
    expect(await p.apply(zone, [{ kind: 'delete', before: a }])).toEqual({ apiCalls: 1 });
    expect(managed(await p.read(zone)).filter((r) => r.name === name)).toEqual([aaaa]);
    expect((await ecsQuery(pdns.dns, name, 'AAAA')).answers).toEqual(['2001:db8::2']);
    expect(await p.apply(zone, [{ kind: 'delete', before: aaaa }])).toEqual({ apiCalls: 1 });
    expect(managed(await p.read(zone)).filter((r) => r.name === name)).toEqual([]);
  });

  it('a LUA record someone else wrote is left alone, listed as kept, and refuses a write of its name and type; zonesync\'s, edited by hand, reads as changed and is rewritten', async () => {
    const p = provider();
    const theirs = `theirs.${zone}`;
    await patch([{ name: theirs, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [{ content: `A "return '192.0.2.44'"`, disabled: false }] }]);
    const live = await p.read(zone);
    expect(managed(live).filter((r) => r.name === theirs)).toEqual([]);
    expect(p.kept(zone, undefined, { name: zone, rrsets: [] })).toEqual([{ name: theirs, type: 'LUA', detail: 'LUA A record zonesync did not write; left alone' }]);
    const plain: RRset = { name: theirs, type: 'A', ttl: 60, values: ['192.0.2.45'] };
    expect(p.audit(zone, live, { name: zone, rrsets: [plain] })).toEqual([
      { name: theirs, type: 'A', reason: `${theirs} A: PowerDNS holds a LUA A record zonesync did not write there, which would be served beside it; change it in PowerDNS or remove it first` },
    ]);

    // zonesync's own record, edited behind its back (a pool's address changed in the Lua only).
    const api = (await (await fetch(`${pdns.url}/api/v1/servers/localhost/zones/${zone}?rrset_name=${www}`, { headers: { 'X-API-Key': pdns.apiKey } })).json()) as { rrsets: Array<{ type: string; records: Array<{ content: string }> }> };
    const content = api.rrsets[0]?.records[0]?.content as string;
    expect(content).toContain("'127.0.0.10'");
    await patch([{ name: www, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [{ content: content.replace("{{1,'127.0.0.10'}}", "{{1,'127.0.0.66'}}"), disabled: false }] }]);
    expect(await ask('10.1.0.0/16')()).toEqual(['127.0.0.66']);
    const edited = await p.read(zone);
    const [read] = managed(edited).filter((r) => r.name === www);
    const desired = steeredA(healthPort);
    expect(read).toEqual({ ...desired, dynamic: { ...desired.dynamic, providerHealthcheck: { powerdns: { edited: EDITED } } } });
    expect(sameDynamic(read?.dynamic, desired.dynamic)).toBe(false);
    expect(p.kept(zone, undefined, { name: zone, rrsets: [] }).map((k) => k.name)).toEqual([theirs]);
    expect(p.audit(zone, edited, { name: zone, rrsets: [desired] })).toEqual([]);
    // The plan's update rewrites it from the declaration.
    await p.apply(zone, [{ kind: 'update', before: read as RRset, after: desired }]);
    expect(managed(await p.read(zone)).filter((r) => r.name === www)).toEqual([desired]);
    expect(await ask('10.1.0.0/16')()).toEqual(['127.0.0.10']);
    await patch([{ name: theirs, type: 'LUA', changetype: 'DELETE' }, { name: www, type: 'LUA', changetype: 'DELETE' }]);
  });

  it('health-checks HTTP with ifurlup on the health-check URL, and AAAA values with ifportup', async () => {
    const p = provider();
    const webName = `web.${zone}`;
    const httpPort = await freeTcpPort();
    const obeyed = (type: 'A' | 'AAAA', fallback: string, value: string, healthcheck: Dynamic['healthcheck']): RRset => ({
      name: webName,
      type,
      ttl: 60,
      values: [fallback],
      dynamic: canonicalDynamic(webName, type, { pools: { p: { values: [{ value, weight: 1, status: 'obey' }] } }, rules: [{ pool: 'p' }], healthcheck }, zone),
    });
    const web = obeyed('A', '127.0.0.98', '127.0.0.4', { host: 'web.steer.test', path: '/health', port: httpPort, protocol: 'HTTP' });
    const v6Port = await freeTcpPort();
    const v6 = obeyed('AAAA', '2001:db8::98', '::1', { host: 'web.steer.test', path: '/', port: v6Port, protocol: 'TCP' });
    await p.read(zone);
    await p.apply(zone, [{ kind: 'create', after: web }, { kind: 'create', after: v6 }]);
    expect(managed(await p.read(zone)).filter((r) => r.name === webName).sort((x, y) => x.type.localeCompare(y.type))).toEqual([web, v6]);
    const a = async () => (await ecsQuery(pdns.dns, webName, 'A')).answers;
    const aaaa = async () => (await ecsQuery(pdns.dns, webName, 'AAAA')).answers;
    expect(await eventually(a, (x) => x[0] === '127.0.0.98', 'no HTTP server: the record values')).toEqual(['127.0.0.98']);
    expect(await eventually(aaaa, (x) => x[0] === '2001:db8::98', 'nothing on ::1: the record values')).toEqual(['2001:db8::98']);

    const hosts: string[] = [];
    const http = createHttpServer((request, response) => {
      hosts.push(`${request.headers.host} ${request.url}`);
      response.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => http.listen(httpPort, '127.0.0.4', resolve));
    const tcp6 = await listen('::1', v6Port);
    try {
      expect(await eventually(a, (x) => x[0] === '127.0.0.4', 'HTTP up')).toEqual(['127.0.0.4']);
      expect(hosts[0]).toBe(`web.steer.test:${httpPort} /health`);
      expect(await eventually(aaaa, (x) => x[0] === '::1', '::1 up')).toEqual(['::1']);
    } finally {
      await new Promise((resolve) => http.close(resolve));
      await new Promise((resolve) => tcp6.close(resolve));
    }
    expect(await eventually(a, (x) => x[0] === '127.0.0.98', 'HTTP down again')).toEqual(['127.0.0.98']);
    await p.apply(zone, [{ kind: 'delete', before: web }, { kind: 'delete', before: v6 }]);
  });

  it('a provider that has not read the zone reads the name first, so a LUA record beside the steered one survives', async () => {
    const name = `beside.${zone}`;
    const txt = { content: `TXT "return 'theirs'"`, disabled: false };
    await patch([{ name, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [txt] }]);
    const a: RRset = { ...steeredA(healthPort), name, dynamic: canonicalDynamic(name, 'A', { ...steering(healthPort), healthcheck: { ...steering(healthPort).healthcheck, host: name.replace(/\.$/, '') } }, zone) };
    // A new provider, no read: settings, the name's rrsets, the PATCH.
    expect(await provider().apply(zone, [{ kind: 'create', after: a }])).toEqual({ apiCalls: 3 });
    const api = (await (await fetch(`${pdns.url}/api/v1/servers/localhost/zones/${zone}?rrset_name=${name}`, { headers: { 'X-API-Key': pdns.apiKey } })).json()) as { rrsets: Array<{ type: string; records: Array<{ content: string }> }> };
    expect(api.rrsets.map((r) => [r.type, r.records.map((x) => x.content.slice(0, 6)).sort()])).toEqual([['LUA', ['A ";--', 'TXT "r']]]);
    const p = provider();
    expect(managed(await p.read(zone)).filter((r) => r.name === name)).toEqual([a]);
    expect(p.kept(zone, undefined, { name: zone, rrsets: [] })).toEqual([{ name, type: 'LUA', detail: 'LUA TXT record zonesync did not write; left alone' }]);
    await patch([{ name, type: 'LUA', changetype: 'DELETE' }]);
  });

  it('steers a CNAME: the rule\'s pool target by subnet, the record value otherwise', async () => {
    const p = provider();
    const name = `cdn.${zone}`;
    const cname: RRset = {
      name,
      type: 'CNAME',
      ttl: 60,
      values: ['default.cdn.example.'],
      dynamic: canonicalDynamic(name, 'CNAME', { pools: { eu: { values: [{ value: 'eu.cdn.example.', weight: 1, status: 'obey' }] } }, rules: [{ pool: 'eu', subnets: ['10.5.0.0/16'] }], healthcheck: { host: name, path: '/_dns', port: 443, protocol: 'HTTPS' } }, zone),
    };
    await p.read(zone);
    await p.apply(zone, [{ kind: 'create', after: cname }]);
    expect(managed(await p.read(zone)).filter((r) => r.name === name)).toEqual([cname]);
    expect((await ecsQuery(pdns.dns, name, 'CNAME', '10.5.1.0/24')).answers).toEqual(['eu.cdn.example']);
    expect((await ecsQuery(pdns.dns, name, 'CNAME')).answers).toEqual(['default.cdn.example']);
    await p.apply(zone, [{ kind: 'delete', before: cname }]);
  });

  it('refuses a steered write, sending nothing, to a server that does not run LUA records', async () => {
    const plainServer = await startPowerDns();
    try {
      const p = createPowerDnsProvider('bare', powerdnsConfigSchema.parse({ type: 'powerdns', url: plainServer.url, apiKey: plainServer.apiKey, timeoutMs: 5_000 }));
      await p.ensureZone(zone);
      const sent = p.apply(zone, [{ kind: 'create', after: steeredA(healthPort) }, { kind: 'create', after: { name: `mail.${zone}`, type: 'A', ttl: 60, values: ['192.0.2.25'] } }]);
      await expect(sent).rejects.toThrow(`zone ${zone}: record ${www} A is steered (dynamic), but PowerDNS server "localhost" does not answer LUA records (enable-lua-records is off, and the API does not show the zone's ENABLE-LUA-RECORDS metadata set): nothing of this chunk was sent; set enable-lua-records=yes`);
      expect(managed(await p.read(zone))).toEqual([]);
    } finally {
      await plainServer.stop();
    }
  });

  it('refuses geo rules at plan time (audit), naming the record and the reason', async () => {
    const p = provider();
    const live = await p.read(zone);
    const geo: RRset = { ...steeredA(healthPort), dynamic: canonicalDynamic(www, 'A', { ...steering(healthPort), rules: [{ pool: 'office', geos: ['EU-DE'] }, { pool: 'weighted' }] }, zone) };
    const findings = p.audit(zone, live, { name: zone, rrsets: [geo] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ name: www, type: 'A' });
    expect(findings[0]?.reason).toMatch(/^www\.steer\.test\. A: traffic steering on PowerDNS: rule 1 \(pool office\) routes by geos, which PowerDNS LUA records answer only from a GeoIP database/);
  });
});
