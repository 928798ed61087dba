import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { query } from '../../../src/dns/client.js';
import { startNs1Simulator, type Ns1Simulator } from './index.js';

let sim: Ns1Simulator;
let zoneCounter = 0;
let zone: string;

async function call(method: string, path: string, body?: unknown, key: string | null = sim.apiKey) {
  const response = await fetch(`${sim.baseUrl}${path}`, {
    method,
    headers: { ...(key ? { 'X-NSONE-Key': key } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  sim = await startNs1Simulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  zone = `sim${++zoneCounter}.example`;
  sim.addZone(zone);
});

describe('NS1 simulator: zones', () => {
  it('answers a zone with dns_servers and an apex NS record made from them', async () => {
    const got = await call('GET', `/zones/${zone}`);
    expect(got.status).toBe(200);
    expect(got.body.dns_servers).toHaveLength(4);
    expect(got.body.records).toEqual([expect.objectContaining({ domain: zone, type: 'NS', short_answers: got.body.dns_servers, tier: 1 })]);
  });

  it('creates a zone with PUT and refuses a second PUT', async () => {
    expect((await call('PUT', '/zones/new-zone.example', { zone: 'new-zone.example' })).status).toBe(200);
    const again = await call('PUT', '/zones/new-zone.example', { zone: 'new-zone.example' });
    expect(again).toMatchObject({ status: 400, body: { message: 'zone already exists' } });
  });

  it('answers 404 "zone not found" for a missing zone', async () => {
    expect(await call('GET', '/zones/missing.example')).toMatchObject({ status: 404, body: { message: 'zone not found' } });
  });
});

describe('NS1 simulator: records', () => {
  const a = (ip: string) => ({ answer: [ip] });

  it('PUT creates, PUT again is an error, GET reads it back with numeric parts as numbers', async () => {
    const put = await call('PUT', `/zones/${zone}/mail.${zone}/MX`, { zone, domain: `mail.${zone}`, type: 'MX', ttl: 300, answers: [{ answer: ['10', `mx.${zone}`] }] });
    expect(put.status).toBe(200);
    const again = await call('PUT', `/zones/${zone}/mail.${zone}/MX`, { answers: [{ answer: [10, `mx.${zone}`] }] });
    expect(again).toMatchObject({ status: 400, body: { message: 'record already exists' } });
    const got = await call('GET', `/zones/${zone}/mail.${zone}/MX`);
    expect(got.body).toMatchObject({ domain: `mail.${zone}`, type: 'MX', ttl: 300, answers: [{ answer: [10, `mx.${zone}`] }] });
  });

  it('POST changes only the fields sent and keeps filters and meta', async () => {
    await call('PUT', `/zones/${zone}/www.${zone}/A`, { answers: [a('192.0.2.1')], ttl: 60, meta: { note: 'kept' } });
    sim.setFilters(zone, `www.${zone}`, 'A', [{ filter: 'shuffle', config: {} }]);
    const post = await call('POST', `/zones/${zone}/www.${zone}/A`, { ttl: 120 });
    expect(post.status).toBe(200);
    expect(sim.record(zone, `www.${zone}`, 'A')).toMatchObject({ ttl: 120, meta: { note: 'kept' }, filters: [{ filter: 'shuffle' }], answers: [{ answer: ['192.0.2.1'] }] });
  });

  it('POST and DELETE of a missing record answer 404 "record not found"', async () => {
    expect(await call('POST', `/zones/${zone}/nope.${zone}/A`, { ttl: 1 })).toMatchObject({ status: 404, body: { message: 'record not found' } });
    expect(await call('DELETE', `/zones/${zone}/nope.${zone}/A`)).toMatchObject({ status: 404, body: { message: 'record not found' } });
  });

  it.each([
    ['a bad IPv4 address', 'A', { answers: [a('192.0.2.300')] }, /not a valid IPv4/],
    ['a bad IPv6 address', 'AAAA', { answers: [a('2001:db8::g')] }, /not a valid IPv6/],
    ['an unknown type', 'SSHFP', { answers: [{ answer: [1, 1, 'ab'] }] }, /unsupported record type SSHFP/],
    ['no answers', 'A', { answers: [] }, /at least one answer/],
    ['an MX without preference', 'MX', { answers: [{ answer: ['mx.example.'] }] }, /MX answer needs 2 fields/],
    ['a negative ttl', 'A', { answers: [a('192.0.2.1')], ttl: -5 }, /ttl/],
    ['filters that are not a list', 'A', { answers: [a('192.0.2.1')], filters: { up: true } }, /filters must be an array/],
  ])('rejects %s with 400 "Input validation failed"', async (_what, type, body, message) => {
    const got = await call('PUT', `/zones/${zone}/bad.${zone}/${type}`, body);
    expect(got.status).toBe(400);
    expect(got.body.message).toMatch(/^Input validation failed/);
    expect(got.body.message).toMatch(message);
  });

  it('rejects a name outside the zone', async () => {
    const got = await call('PUT', `/zones/${zone}/www.other.example/A`, { answers: [a('192.0.2.1')] });
    expect(got.status).toBe(400);
    expect(got.body.message).toMatch(/not in zone/);
  });

  it('rejects a CNAME beside other data, and other data beside a CNAME', async () => {
    await call('PUT', `/zones/${zone}/both.${zone}/A`, { answers: [a('192.0.2.1')] });
    expect((await call('PUT', `/zones/${zone}/both.${zone}/CNAME`, { answers: [{ answer: ['target.example'] }] })).status).toBe(400);
    await call('PUT', `/zones/${zone}/alias.${zone}/CNAME`, { answers: [{ answer: ['target.example'] }] });
    const beside = await call('PUT', `/zones/${zone}/alias.${zone}/TXT`, { answers: [{ answer: ['hello'] }] });
    expect(beside.status).toBe(400);
    expect(beside.body.message).toMatch(/CNAME/);
  });

  it('pages a big zone with Link rel="next"', async () => {
    const small = await startNs1Simulator({ recordsPerPage: 2 });
    try {
      small.addZone('paged.example');
      for (const host of ['a', 'b', 'c']) {
        const response = await fetch(`${small.baseUrl}/zones/paged.example/${host}.paged.example/A`, {
          method: 'PUT', headers: { 'X-NSONE-Key': small.apiKey }, body: JSON.stringify({ answers: [a('192.0.2.9')] }),
        });
        expect(response.status).toBe(200);
      }
      const first = await fetch(`${small.baseUrl}/zones/paged.example`, { headers: { 'X-NSONE-Key': small.apiKey } });
      expect(((await first.json()) as { records: unknown[] }).records).toHaveLength(2);
      expect(first.headers.get('link')).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/v1\/zones\/paged\.example\?page=2>; rel="next"/);
    } finally {
      await small.close();
    }
  });
});

describe('NS1 simulator: auth, rate limits, faults', () => {
  it('answers 401 without a key or with a wrong key, 403 for a read-only key that writes', async () => {
    expect(await call('GET', `/zones/${zone}`, undefined, null)).toMatchObject({ status: 401, body: { message: 'Authentication required' } });
    expect((await call('GET', `/zones/${zone}`, undefined, 'wrong')).status).toBe(401);
    expect((await call('GET', `/zones/${zone}`, undefined, sim.readOnlyApiKey)).status).toBe(200);
    expect((await call('PUT', `/zones/${zone}/ro.${zone}/A`, { answers: [{ answer: ['192.0.2.1'] }] }, sim.readOnlyApiKey)).status).toBe(403);
  });

  it('reports the bucket in X-RateLimit-* headers and answers 429 when it is empty', async () => {
    const tiny = await startNs1Simulator({ limits: { read: 3, write: 2, periodSeconds: 300 } });
    try {
      tiny.addZone('rl.example');
      const get = () => fetch(`${tiny.baseUrl}/zones/rl.example`, { headers: { 'X-NSONE-Key': tiny.apiKey } });
      const first = await get();
      expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining'), first.headers.get('x-ratelimit-period')]).toEqual(['3', '2', '300']);
      await get();
      await get();
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(tiny.counters.tooManyRequests).toBe(1);
      // Writes have their own bucket.
      const put = await fetch(`${tiny.baseUrl}/zones/rl.example/w.rl.example/A`, {
        method: 'PUT', headers: { 'X-NSONE-Key': tiny.apiKey }, body: JSON.stringify({ answers: [{ answer: ['192.0.2.1'] }] }),
      });
      expect(put.status).toBe(200);
      expect(put.headers.get('x-ratelimit-limit')).toBe('2');
    } finally {
      await tiny.close();
    }
  });

  it('injects 503 for the next N requests, and 429 while rateLimited is set', async () => {
    sim.faults.status5xx = 2;
    expect((await call('GET', `/zones/${zone}`)).status).toBe(503);
    expect((await call('GET', `/zones/${zone}`)).status).toBe(503);
    expect((await call('GET', `/zones/${zone}`)).status).toBe(200);
    sim.faults.rateLimited = true;
    expect((await call('GET', `/zones/${zone}`)).status).toBe(429);
    sim.faults.rateLimited = false;
    expect((await call('GET', `/zones/${zone}`)).status).toBe(200);
  });
});

describe('NS1 simulator: DNS', () => {
  it('serves what the API holds, follows changes, and injects wrong answers and the AAAA/EDNS NXDOMAIN', async () => {
    await call('PUT', `/zones/${zone}/www.${zone}/A`, { answers: [{ answer: ['192.0.2.1'] }, { answer: ['192.0.2.2'] }], ttl: 60 });
    await call('PUT', `/zones/${zone}/www.${zone}/AAAA`, { answers: [{ answer: ['2001:db8::1'] }], ttl: 60 });
    await call('PUT', `/zones/${zone}/${zone}/TXT`, { answers: [{ answer: ['x'.repeat(300)] }], ttl: 60 });
    const a = await query(sim.dns, `www.${zone}.`, 'A');
    expect(a.rcode).toBe('NOERROR');
    expect(a.answers.map((r) => r.value).sort()).toEqual(['192.0.2.1', '192.0.2.2']);
    const txt = await query(sim.dns, `${zone}.`, 'TXT');
    expect(txt.answers[0]?.value).toBe(`"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);

    await call('POST', `/zones/${zone}/www.${zone}/A`, { answers: [{ answer: ['192.0.2.3'] }] });
    expect((await query(sim.dns, `www.${zone}.`, 'A')).answers.map((r) => r.value)).toEqual(['192.0.2.3']);

    sim.faults.wrongAnswers = true;
    expect((await query(sim.dns, `www.${zone}.`, 'A')).answers.map((r) => r.value)).toEqual(['192.0.2.254']);
    sim.faults.wrongAnswers = false;

    sim.faults.nxdomainForAaaaWithEdns = true;
    expect((await query(sim.dns, `www.${zone}.`, 'AAAA', { edns: true })).rcode).toBe('NXDOMAIN');
    expect((await query(sim.dns, `www.${zone}.`, 'AAAA', { edns: false })).rcode).toBe('NOERROR');
    sim.faults.nxdomainForAaaaWithEdns = false;

    await call('DELETE', `/zones/${zone}`);
    expect((await query(sim.dns, `www.${zone}.`, 'A')).rcode).not.toBe('NOERROR');
  });
});

describe('answer shapes of the issue-20 types', () => {
  it('checks NAPTR, HINFO, RP, CERT, SMIMEA, CDS and CDNSKEY answers field by field', async () => {
    const { checkAnswer } = await import('./validate.js');
    expect(checkAnswer('NAPTR', ['100', '10', 'S', 'SIP+D2U', '', '_sip._udp.example.net'])).toEqual({ ok: true, parts: [100, 10, 'S', 'SIP+D2U', '', '_sip._udp.example.net'] });
    expect(checkAnswer('NAPTR', [100, 10, 'S', 'SIP+D2U', ''])).toMatchObject({ ok: false, error: 'NAPTR answer needs 6 fields, got 5' });
    expect(checkAnswer('HINFO', ['RISC-V', 'Plan 9']).ok).toBe(true);
    expect(checkAnswer('RP', ['admin.example.com', 'bad host!']).ok).toBe(false);
    expect(checkAnswer('CERT', [1, 12345, 8, 'AQIDBA==']).ok).toBe(true);
    expect(checkAnswer('CERT', [1, 12345, 8, 'not base64']).ok).toBe(false);
    expect(checkAnswer('SMIMEA', [3, 1, 1, 'zz']).ok).toBe(false);
    expect(checkAnswer('CDS', [60485, 8, 2, 'abcd']).ok).toBe(true);
    expect(checkAnswer('CDNSKEY', [257, 3, 300, 'AQID']).ok).toBe(false);
  });
});

describe('NS1 simulator: URLFWD', () => {
  const forward = (path: string, target: string, code: number | string, masking: number | string, query: number | string) => ({ answer: [path, target, code, masking, query] });

  it('keeps a URL forward, its short answer as octodns-ns1 reads it, and answers A at the name with the forwarders', async () => {
    const put = await call('PUT', `/zones/${zone}/go.${zone}/URLFWD`, { ttl: 300, answers: [forward('/', 'https://example.net/', '301', '0', '1'), forward('/old', 'https://example.net/new', 302, 2, 0)] });
    expect(put.status).toBe(200);
    const got = await call('GET', `/zones/${zone}/go.${zone}/URLFWD`);
    expect(got.body.answers.map((a: { answer: unknown }) => a.answer)).toEqual([['/', 'https://example.net/', 301, 0, 1], ['/old', 'https://example.net/new', 302, 2, 0]]);
    const listed = await call('GET', `/zones/${zone}`);
    expect(listed.body.records).toContainEqual(expect.objectContaining({ type: 'URLFWD', short_answers: ['/ https://example.net/ 301 0 1', '/old https://example.net/new 302 2 0'] }));
    const a = await query(sim.dns, `go.${zone}.`, 'A');
    expect(a.answers.map((r) => [r.value, r.ttl])).toEqual([['192.0.2.80', 300]]);
    expect((await query(sim.dns, `go.${zone}.`, 'AAAA')).answers).toEqual([]);
    // An A of the zone's own at the name is what it answers.
    await call('PUT', `/zones/${zone}/go.${zone}/A`, { answers: [{ answer: ['192.0.2.9'] }], ttl: 60 });
    expect((await query(sim.dns, `go.${zone}.`, 'A')).answers.map((r) => r.value)).toEqual(['192.0.2.9']);
  });

  it.each([
    ['a code other than 301 and 302', forward('/', 'https://example.net/', 307, 0, 0), 'URLFWD field 3 "307" is not one of 301, 302'],
    ['masking 3', forward('/', 'https://example.net/', 301, 3, 0), 'URLFWD field 4 "3" is not one of 0, 1, 2'],
    ['query 2', forward('/', 'https://example.net/', 301, 0, 2), 'URLFWD field 5 "2" is not one of 0, 1'],
    ['a blank path', forward('', 'https://example.net/', 301, 0, 0), 'URLFWD field 1 "" is not a valid path'],
    ['a target with a space', forward('/', 'https://example.net/a b', 301, 0, 0), 'URLFWD field 2 "https://example.net/a b" is not a valid url'],
    ['four fields', { answer: ['/', 'https://example.net/', 301, 0] }, 'URLFWD answer needs 5 fields, got 4'],
  ])('refuses %s at input validation', async (_what, answer, message) => {
    const put = await call('PUT', `/zones/${zone}/go.${zone}/URLFWD`, { answers: [answer] });
    expect(put).toMatchObject({ status: 400, body: { message: `Input validation failed (${message})` } });
  });
});
