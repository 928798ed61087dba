import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { query } from '../../../src/dns/client.js';
import { startCloudflareSimulator, type CloudflareSimulator } from './index.js';

interface Reply {
  status: number;
  headers: Headers;
  body: {
    success: boolean;
    errors: Array<{ code: number; message: string; error_chain?: Array<{ code: number; message: string }> }>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in each test
    result: any;
    result_info?: unknown;
  };
}

let sim: CloudflareSimulator;
let zoneId: string;

async function call(method: string, path: string, body?: unknown, token = sim.token): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${sim.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** Every code in the answer, error_chain included. */
function codes(reply: Reply): number[] {
  return reply.body.errors.flatMap((e) => [e.code, ...(e.error_chain ?? []).map((c) => c.code)]);
}

const post = (record: unknown) => call('POST', `/zones/${zoneId}/dns_records`, record);

beforeAll(async () => {
  sim = await startCloudflareSimulator({ batchLimit: 5 });
});
afterAll(async () => {
  await sim.close();
});
let zoneCounter = 0;
beforeEach(() => {
  zoneCounter += 1;
  zoneId = sim.addZone(`z${zoneCounter}.example`);
});
const zone = () => `z${zoneCounter}.example`;

describe('auth', () => {
  it('refuses a request without a bearer token with 400 and 6003/6111', async () => {
    const reply = await call('GET', '/zones', undefined, '');
    expect(reply.status).toBe(400);
    expect(codes(reply)).toEqual([6003, 6111]);
    expect(reply.body.success).toBe(false);
  });
  it('refuses a wrong token with 403 and 10000', async () => {
    const reply = await call('GET', '/zones', undefined, 'not-the-token');
    expect(reply.status).toBe(403);
    expect(codes(reply)).toEqual([10000]);
  });
});

describe('zones', () => {
  it('finds a zone by name and reports its nameservers', async () => {
    const reply = await call('GET', `/zones?name=${zone()}`);
    expect(reply.body.result).toHaveLength(1);
    expect(reply.body.result[0]).toMatchObject({ id: zoneId, name: zone(), name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'] });
  });
  it('answers 7003 for an unknown zone id', async () => {
    const reply = await call('GET', '/zones/0123456789abcdef0123456789abcdef/dns_records');
    expect(codes(reply)).toEqual([7003, 7000]);
  });
});

describe('record validation', () => {
  it.each([
    ['a bad IPv4 address', { name: 'www', type: 'A', content: '300.1.1.1', ttl: 300 }, 9005],
    ['a bad IPv6 address', { name: 'www', type: 'AAAA', content: '2001:db8::zz', ttl: 300 }, 9006],
    ['a TTL below 60', { name: 'www', type: 'A', content: '192.0.2.1', ttl: 30 }, 9021],
    ['a proxied TXT', { name: 'www', type: 'TXT', content: '"x"', ttl: 1, proxied: true }, 9004],
    ['an unsupported type', { name: 'www', type: 'ALIAS', content: 'x.example.', ttl: 300 }, 9000],
    ['a name outside the zone', { name: 'www.elsewhere.test', type: 'A', content: '192.0.2.1', ttl: 300 }, 9008],
    ['MX without priority', { name: 'www', type: 'MX', content: 'mail.example.net', ttl: 300 }, 9101],
  ])('rejects %s as a DNS validation error', async (_what, record, code) => {
    const body = record as { name: string };
    const reply = await post({ ...record, name: body.name.includes('.') ? body.name : `${body.name}.${zone()}` });
    expect(reply.status).toBe(400);
    expect(codes(reply)).toEqual([1004, code]);
    expect(sim.records(zone())).toEqual([]);
  });

  it('rejects an identical record (81058) but accepts a second value', async () => {
    const a = { name: `www.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 300 };
    expect((await post(a)).status).toBe(200);
    expect(codes(await post(a))).toEqual([81058]);
    expect((await post({ ...a, content: '192.0.2.2' })).status).toBe(200);
    expect(sim.records(zone())).toHaveLength(2);
  });

  it('rejects a CNAME beside data (81053) and data beside a CNAME (81054)', async () => {
    await post({ name: `a.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 300 });
    expect(codes(await post({ name: `a.${zone()}`, type: 'CNAME', content: 'x.example.net', ttl: 300 }))).toEqual([81053]);
    await post({ name: `c.${zone()}`, type: 'CNAME', content: 'x.example.net', ttl: 300 });
    expect(codes(await post({ name: `c.${zone()}`, type: 'TXT', content: '"t"', ttl: 300 }))).toEqual([81054]);
  });

  it('allows a flattened CNAME at the apex beside MX but not beside A', async () => {
    expect((await post({ name: zone(), type: 'MX', content: `mail.${zone()}`, priority: 10, ttl: 300 })).status).toBe(200);
    expect((await post({ name: zone(), type: 'CNAME', content: 'origin.example.net', ttl: 300 })).status).toBe(200);
    expect(codes(await post({ name: zone(), type: 'A', content: '192.0.2.1', ttl: 300 }))).toEqual([81054]);
  });

  it('stores proxied records with TTL 1 and structured data with derived content', async () => {
    const proxied = await post({ name: `p.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 3600, proxied: true });
    expect(proxied.body.result).toMatchObject({ ttl: 1, proxied: true, proxiable: true });
    const caa = await post({ name: zone(), type: 'CAA', data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' }, ttl: 300 });
    expect(caa.body.result).toMatchObject({ content: '0 issue "letsencrypt.org"', proxiable: false, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } });
  });

  it('splits long TXT content into 255-byte strings', async () => {
    const reply = await post({ name: `t.${zone()}`, type: 'TXT', content: 'x'.repeat(300), ttl: 300 });
    expect(reply.body.result.content).toBe(`"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);
  });
});

describe('records list pagination', () => {
  it('pages with page/per_page and reports result_info', async () => {
    for (let i = 1; i <= 5; i++) await post({ name: `h${i}.${zone()}`, type: 'A', content: `192.0.2.${i}`, ttl: 300 });
    const first = await call('GET', `/zones/${zoneId}/dns_records?per_page=2`);
    expect(first.body.result_info).toEqual({ page: 1, per_page: 2, count: 2, total_count: 5, total_pages: 3 });
    const last = await call('GET', `/zones/${zoneId}/dns_records?per_page=2&page=3`);
    expect(last.body.result).toHaveLength(1);
    const beyond = await call('GET', `/zones/${zoneId}/dns_records?per_page=2&page=4`);
    expect(beyond.body.result).toEqual([]);
  });
});

describe('batch', () => {
  it('runs deletes before posts, so a record can be replaced by an identical one in one batch', async () => {
    const created = await post({ name: `www.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 300 });
    const reply = await call('POST', `/zones/${zoneId}/dns_records/batch`, {
      posts: [{ name: `www.${zone()}`, type: 'CNAME', content: 'x.example.net', ttl: 300 }],
      deletes: [{ id: created.body.result.id }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.result.deletes[0].id).toBe(created.body.result.id);
    expect(sim.records(zone()).map((r) => r.type)).toEqual(['CNAME']);
  });

  it('applies nothing when one operation fails, and names the failing operation', async () => {
    const keep = await post({ name: `keep.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 300 });
    const before = sim.records(zone());
    const reply = await call('POST', `/zones/${zoneId}/dns_records/batch`, {
      deletes: [{ id: keep.body.result.id }],
      patches: [],
      posts: [{ name: `ok.${zone()}`, type: 'A', content: '192.0.2.2', ttl: 300 }, { name: `bad.${zone()}`, type: 'A', content: 'nope', ttl: 300 }],
    });
    expect(reply.status).toBe(400);
    expect(codes(reply)).toEqual([1004, 9005]);
    expect(reply.body.errors[0]?.message).toMatch(/^posts\[1\]: /);
    expect(sim.records(zone())).toEqual(before);
  });

  it('patches keep the id and merge fields', async () => {
    const created = await post({ name: `m.${zone()}`, type: 'MX', content: 'mail.example.net', priority: 10, ttl: 300 });
    const reply = await call('POST', `/zones/${zoneId}/dns_records/batch`, { patches: [{ id: created.body.result.id, priority: 20 }] });
    expect(reply.body.result.patches[0]).toMatchObject({ id: created.body.result.id, priority: 20, content: 'mail.example.net', ttl: 300 });
  });

  it('refuses a batch over the plan limit', async () => {
    const posts = Array.from({ length: 6 }, (_, i) => ({ name: `b${i}.${zone()}`, type: 'A', content: '192.0.2.1', ttl: 300 }));
    const reply = await call('POST', `/zones/${zoneId}/dns_records/batch`, { posts });
    expect(reply.status).toBe(400);
    expect(sim.records(zone())).toEqual([]);
  });
});

describe('faults and DNS', () => {
  it('answers the next N requests with 500', async () => {
    sim.faults.status5xx = 2;
    expect((await call('GET', '/zones')).status).toBe(500);
    expect((await call('GET', '/zones')).status).toBe(500);
    expect((await call('GET', '/zones')).status).toBe(200);
  });

  it('serves its records over DNS, and wrong answers when told to', async () => {
    await post({ name: `www.${zone()}`, type: 'A', content: '192.0.2.7', ttl: 1 });
    const answer = await query(sim.dns, `www.${zone()}.`, 'A');
    expect(answer.answers).toEqual([{ name: `www.${zone()}.`, type: 'A', ttl: 300, value: '192.0.2.7' }]);
    sim.faults.wrongAnswers = true;
    const wrong = await query(sim.dns, `www.${zone()}.`, 'A');
    sim.faults.wrongAnswers = false;
    expect(wrong.answers[0]?.value).not.toBe('192.0.2.7');
  });

  it('answers NXDOMAIN for AAAA with EDNS when told to', async () => {
    await post({ name: `v6.${zone()}`, type: 'AAAA', content: '2001:db8::1', ttl: 300 });
    sim.faults.nxdomainForAaaaWithEdns = true;
    const withEdns = await query(sim.dns, `v6.${zone()}.`, 'AAAA');
    const without = await query(sim.dns, `v6.${zone()}.`, 'AAAA', { edns: false });
    sim.faults.nxdomainForAaaaWithEdns = false;
    expect(withEdns.rcode).toBe('NXDOMAIN');
    expect(without.answers.map((a) => a.value)).toEqual(['2001:db8::1']);
  });
});

describe('rate limit', () => {
  it('answers 429 with retry-after past the limit, then recovers after the window', async () => {
    const small = await startCloudflareSimulator({ rateLimit: { requests: 3, windowMs: 1000 } });
    try {
      const get = () => fetch(`${small.baseUrl}/zones`, { headers: { authorization: `Bearer ${small.token}` } });
      for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(((await limited.json()) as { errors: Array<{ code: number }> }).errors[0]?.code).toBe(971);
      expect((await get()).status).toBe(429);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await get()).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('record rules of the issue-20 types', () => {
  it('checks and stores LOC, NAPTR, URI, CERT, SMIMEA data and OPENPGPKEY content', async () => {
    const { checkRecord } = await import('./record-rules.js');
    const refusal = (input: Parameters<typeof checkRecord>[0]): string => {
      try {
        checkRecord(input, 'example.com');
      } catch (error) {
        return JSON.stringify((error as { errors?: unknown }).errors);
      }
      return 'accepted';
    };
    const loc = { lat_degrees: 52, lat_minutes: 22, lat_seconds: 23.5, lat_direction: 'N', long_degrees: 4, long_minutes: 53, long_seconds: 32, long_direction: 'E', altitude: -2, size: 0, precision_horz: 10000, precision_vert: 10 };
    expect(checkRecord({ name: 'l.example.com', type: 'LOC', ttl: 300, data: loc }, 'example.com').rdata).toBe('52 22 23.500 N 4 53 32.000 E -2.00m 0.00m 10000m 10m');
    expect(refusal({ name: 'l.example.com', type: 'LOC', ttl: 300, data: { ...loc, lat_direction: 'E' } })).toMatch(/lat_direction must be N or S/);
    expect(refusal({ name: 'l.example.com', type: 'LOC', ttl: 300, data: { ...loc, lat_degrees: 91 } })).toMatch(/lat_degrees/);
    const naptr = checkRecord({ name: 'n.example.com', type: 'NAPTR', ttl: 300, data: { order: 100, preference: 10, flags: 'S', service: 'SIP+D2U', regex: '', replacement: '_sip._udp.example.net' } }, 'example.com');
    expect(naptr.rdata).toBe('100 10 "S" "SIP+D2U" "" _sip._udp.example.net.');
    expect(checkRecord({ name: 'u.example.com', type: 'URI', ttl: 300, priority: 10, data: { weight: 1, target: 'https://x.example/' } }, 'example.com').rdata).toBe('10 1 "https://x.example/"');
    expect(refusal({ name: 'u.example.com', type: 'URI', ttl: 300, data: { weight: 1, target: 'https://x.example/' } })).toMatch(/priority/);
    expect(checkRecord({ name: 'c.example.com', type: 'CERT', ttl: 300, data: { type: 1, key_tag: 12345, algorithm: 8, certificate: 'AQIDBA==' } }, 'example.com').rdata).toBe('1 12345 8 AQIDBA==');
    expect(refusal({ name: 'c.example.com', type: 'CERT', ttl: 300, data: { type: 1, key_tag: 1, algorithm: 8, certificate: 'not base64!' } })).toMatch(/base64/);
    expect(checkRecord({ name: 's.example.com', type: 'SMIMEA', ttl: 300, data: { usage: 3, selector: 1, matching_type: 1, certificate: 'AB12' } }, 'example.com').rdata).toBe('3 1 1 ab12');
    expect(checkRecord({ name: 'o.example.com', type: 'OPENPGPKEY', ttl: 300, content: 'AQIDBA==' }, 'example.com').rdata).toBe('AQIDBA==');
    expect(refusal({ name: 'o.example.com', type: 'OPENPGPKEY', ttl: 300, content: '%%' })).toMatch(/base64/);
  });
});
