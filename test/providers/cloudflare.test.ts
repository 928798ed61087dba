import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { diffZones } from '../../src/core/diff.js';
import { ProviderError } from '../../src/core/errors.js';
import type { RRset, Zone } from '../../src/core/model.js';
import { query } from '../../src/dns/client.js';
import { createCloudflareProvider, type CloudflareRuntime } from '../../src/providers/cloudflare/provider.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';

let sim: CloudflareSimulator;
let zone: string;
let counter = 0;

const fast: CloudflareRuntime = { retry: { backoffMs: 10, retryAfterCapMs: 2_000 } };

function provider(options: { batchSize?: number; accountId?: string; token?: string; runtime?: CloudflareRuntime; simulator?: CloudflareSimulator } = {}) {
  const s = options.simulator ?? sim;
  return createCloudflareProvider('cf', {
    type: 'cloudflare', apiToken: options.token ?? s.token, endpoint: s.baseUrl, batchSize: options.batchSize, accountId: options.accountId,
    nameservers: [`${s.dns.address}:${s.dns.port}`],
  }, options.runtime ?? fast);
}

function rr(name: string, type: RRset['type'], values: string[], extra: Partial<RRset> = {}): RRset {
  return { name: name === '@' ? zone : `${name}.${zone}`, type, ttl: 300, values: [...values].sort(), ...extra };
}

/** Plan against the live zone, apply it in one chunk, and return the changes. */
async function sync(p: ReturnType<typeof provider>, rrsets: RRset[]): Promise<Change[]> {
  const changes = diffZones({ name: zone, rrsets }, await p.read(zone), { providerType: 'cloudflare' });
  if (changes.length > 0) await p.apply(zone, changes);
  return changes;
}

async function planAfter(p: ReturnType<typeof provider>, rrsets: RRset[]): Promise<Change[]> {
  return diffZones({ name: zone, rrsets }, await p.read(zone), { providerType: 'cloudflare' });
}

beforeAll(async () => {
  sim = await startCloudflareSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  counter += 1;
  zone = `zone${counter}.example.`;
  sim.addZone(zone);
  sim.faults.status5xx = 0;
  sim.faults.rateLimited = false;
});

const everyType = (): RRset[] => [
  rr('@', 'A', ['192.0.2.1', '192.0.2.2']),
  rr('@', 'AAAA', ['2001:db8::1']),
  rr('@', 'MX', ['10 mail.example.net.', '20 backup.example.net.']),
  rr('@', 'TXT', ['"v=spf1 -all"', `"${'k'.repeat(255)}" "tail"`]),
  rr('@', 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:sec@example.net"']),
  rr('@', 'HTTPS', ['1 . alpn=h2,h3']),
  rr('www', 'CNAME', ['target.example.net.']),
  rr('sub', 'NS', ['ns1.other.net.', 'ns2.other.net.']),
  rr('sub', 'DS', ['12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
  rr('_sip._tcp', 'SRV', ['10 20 5060 sip.example.net.']),
  rr('_443._tcp', 'TLSA', ['3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
  rr('host', 'SSHFP', ['4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
  rr('_svc', 'SVCB', ['1 svc.example.net. alpn=h2 port=8443']),
  rr('7', 'PTR', ['host.example.net.']),
];

describe('round trips', () => {
  it('creates, updates and deletes every supported type, and plans nothing afterwards', async () => {
    const p = provider();
    const desired = everyType();
    expect((await sync(p, desired)).length).toBe(desired.length);
    expect(await planAfter(p, desired)).toEqual([]);
    const live = await p.read(zone);
    for (const want of desired) expect(live?.rrsets.find((r) => r.name === want.name && r.type === want.type)?.values).toEqual(want.values);

    const changed = desired.map((r) => (r.type === 'A' ? { ...r, values: ['192.0.2.1', '192.0.2.9'] } : r.type === 'MX' ? { ...r, ttl: 600 } : r));
    expect((await sync(p, changed)).map((c) => c.kind)).toEqual(['update', 'update']);
    expect(await planAfter(p, changed)).toEqual([]);

    expect((await sync(p, [])).every((c) => c.kind === 'delete')).toBe(true);
    expect(sim.records(zone)).toEqual([]);
    expect((await p.read(zone))?.rrsets.map((r) => r.type)).toEqual(['NS']);
  });

  it('writes ALIAS at the apex as a CNAME the simulator flattens', async () => {
    const p = provider();
    await sync(p, [rr('@', 'ALIAS', [`lb.${zone}`]), rr('lb', 'A', ['192.0.2.5']), rr('@', 'MX', ['10 mx.example.net.'])]);
    expect(sim.records(zone).find((r) => r.name === zone.slice(0, -1))?.type).toBeDefined();
    expect(sim.records(zone).filter((r) => r.type === 'CNAME').map((r) => r.name)).toEqual([zone.slice(0, -1)]);
    const answer = await query(sim.dns, zone, 'A');
    expect(answer.answers.map((a) => a.value)).toEqual(['192.0.2.5']);
  });

  it('serves what it applied over DNS, at the configured nameserver address', async () => {
    const p = provider();
    await sync(p, [rr('www', 'A', ['192.0.2.44'])]);
    const [ns] = await p.nameservers(zone);
    const answer = await query(ns!, `www.${zone}`, 'A');
    expect(answer.answers).toEqual([{ name: `www.${zone}`, type: 'A', ttl: 300, value: '192.0.2.44' }]);
    expect(await p.delegationNameservers(zone)).toEqual(['ada.ns.cloudflare.com.', 'bob.ns.cloudflare.com.']);
  });
});

describe('proxied and automatic TTL', () => {
  it('round-trips proxied, stored with TTL 1, and toggles it by a patch', async () => {
    const p = provider();
    const on = rr('app', 'A', ['192.0.2.10'], { providerSettings: { cloudflare: { proxied: true } } });
    await sync(p, [on]);
    expect(sim.records(zone)).toMatchObject([{ proxied: true, ttl: 1 }]);
    const live = await p.read(zone);
    expect(live?.rrsets.find((r) => r.type === 'A')?.providerSettings).toEqual({ cloudflare: { proxied: true, ttl: 'auto' } });
    expect(await planAfter(p, [on])).toEqual([]);
    const id = sim.records(zone)[0]?.id;
    const off = { ...on, providerSettings: { cloudflare: { proxied: false } } };
    expect((await sync(p, [off])).map((c) => c.kind)).toEqual(['update']);
    expect(sim.records(zone)).toMatchObject([{ id, proxied: false, ttl: 300 }]);
    expect(await planAfter(p, [off])).toEqual([]);
  });

  it('writes ttl auto as TTL 1 and reads it back as 300 + auto', async () => {
    const p = provider();
    const auto = rr('a', 'TXT', ['"x"'], { providerSettings: { cloudflare: { ttl: 'auto' } } });
    await sync(p, [auto]);
    expect(sim.records(zone)).toMatchObject([{ ttl: 1 }]);
    expect(await planAfter(p, [auto])).toEqual([]);
  });
});

describe('a batch Cloudflare refuses', () => {
  it('leaves nothing applied and says so, quoting the code and the record', async () => {
    const p = provider();
    await sync(p, [rr('www', 'A', ['192.0.2.1'])]);
    const before = sim.records(zone);
    // The CNAME is created beside the A that another change would delete — but the delete is not in this chunk.
    const chunk: Change[] = [
      { kind: 'create', after: rr('ok', 'TXT', ['"fine"']) },
      { kind: 'create', after: rr('www', 'CNAME', ['elsewhere.example.net.']) },
    ];
    const error = await p.apply(zone, chunk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const message = (error as ProviderError).message;
    expect(message).toMatch(/^cf: zone zone\d+\.example\.: batch 1 of 1 \(2 record operations\) failed: 81053 .*; nothing was applied$/);
    expect((error as ProviderError).details[0]).toBe(`rejected record: posts[1]: www.${zone.slice(0, -1)} CNAME ttl=300 elsewhere.example.net`);
    expect(sim.records(zone)).toEqual(before);
    expect(await planAfter(p, [rr('www', 'A', ['192.0.2.1'])])).toEqual([]);
  });

  it('undoes the earlier batches of a chunk when a later one is refused', async () => {
    const p = provider({ batchSize: 2 });
    await sync(p, [rr('keep', 'A', ['192.0.2.1', '192.0.2.2']), rr('gone', 'TXT', ['"old"'])]);
    const before = sim.records(zone).map(({ name, type, content, ttl }) => ({ name, type, content, ttl }));
    const chunk: Change[] = [
      { kind: 'update', before: rr('keep', 'A', ['192.0.2.1', '192.0.2.2']), after: rr('keep', 'A', ['192.0.2.3', '192.0.2.4']) },
      { kind: 'delete', before: rr('gone', 'TXT', ['"old"']) },
      { kind: 'create', after: rr('bad', 'A', ['192.0.2.1']) },
      { kind: 'create', after: rr('bad', 'CNAME', ['x.example.net.']) },
    ];
    const error = (await p.apply(zone, chunk).catch((e: unknown) => e)) as ProviderError;
    expect(error.message).toMatch(/batch 3 of 3 .* failed: 81053 .*nothing was applied \(the 2 earlier batches were undone\)$/);
    expect(sim.records(zone).map(({ name, type, content, ttl }) => ({ name, type, content, ttl })).sort((a, b) => a.content.localeCompare(b.content))).toEqual(before.sort((a, b) => a.content.localeCompare(b.content)));
  });
});

describe('rate limits and server errors', () => {
  it('honours 429 retry-after and finishes the run', async () => {
    const small = await startCloudflareSimulator({ rateLimit: { requests: 3, windowMs: 1000 } });
    try {
      small.addZone(zone);
      const p = provider({ simulator: small });
      const desired = [rr('a', 'A', ['192.0.2.1']), rr('b', 'A', ['192.0.2.2'])];
      await sync(p, desired);
      expect(await planAfter(p, desired)).toEqual([]);
      expect(small.requestsByKind.rejected).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('caps the wait for retry-after and gives up after a bounded number of attempts', async () => {
    sim.faults.rateLimited = true;
    const p = provider({ runtime: { retry: { attempts: 3, retryAfterCapMs: 20, backoffMs: 10 } } });
    const started = Date.now();
    const error = (await p.read(zone).catch((e: unknown) => e)) as ProviderError;
    sim.faults.rateLimited = false;
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/HTTP 429 971/);
  });

  it('retries transient 5xx answers', async () => {
    const p = provider();
    sim.faults.status5xx = 2;
    await sync(p, [rr('a', 'A', ['192.0.2.1'])]);
    expect(sim.faults.status5xx).toBe(0);
    expect(sim.records(zone)).toHaveLength(1);
  });

  it('reports a wrong token without printing it', async () => {
    const secret = 'wrong-token-0123456789abcdefghijklmnopq';
    const error = (await provider({ token: secret }).read(zone).catch((e: unknown) => e)) as ProviderError;
    expect(error.message).toMatch(/^cf: finding zone zone\d+\.example: HTTP 403 10000 Authentication error$/);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(secret);
  });
});

describe('zones', () => {
  it('creates a missing zone when given an account, and refuses without one', async () => {
    const name = `fresh${counter}.example.`;
    await expect(provider().ensureZone(name)).rejects.toThrow(/needs providers\.cf\.accountId/);
    const p = provider({ accountId: 'acc' });
    await p.ensureZone(name);
    expect(await p.read(name)).toMatchObject({ name, rrsets: [{ type: 'NS' }] });
    expect(await p.listZones?.()).toContain(name);
  });
});

describe('API calls', () => {
  it('1,000 changed rrsets take ceil(ops / batchSize) batch calls plus the reads', async () => {
    const p = provider();
    const many = (last: number): RRset[] => Array.from({ length: 1000 }, (_, i) => rr(`h${i}`, 'A', [`198.51.${Math.floor(i / 250)}.${last}`]));
    await sync(p, many(1));
    sim.resetRequestCounts();
    const live = (await p.read(zone)) as Zone;
    const changes = diffZones({ name: zone, rrsets: many(2) }, live, { providerType: 'cloudflare' });
    expect(changes).toHaveLength(1000);
    const receipt = await p.apply(zone, changes);
    const ops = 1000; // one patch per rrset: each has one value, and it changes
    expect(sim.requestsByKind['records.batch']).toBe(Math.ceil(ops / 200));
    expect(sim.requestsByKind['records.list']).toBe(Math.ceil(1000 / 500));
    expect(sim.requests).toBe(Math.ceil(ops / 200) + Math.ceil(1000 / 500));
    expect(receipt.apiCalls).toBe(Math.ceil(ops / 200));
    expect(await planAfter(p, many(2))).toEqual([]);
  });
});
