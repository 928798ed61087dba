// test-project: unit
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/client.js';
import { startDnsServer, type TestDnsServer } from './dns-server.js';
import { startDnsFaultProxy, startFaultProxy, type DnsFaultProxy, type FaultProxy } from './fault-proxy.js';

/** An origin that echoes method, path and body, and counts what reached it. */
let origin: Server;
let originUrl = '';
const seen: string[] = [];
let proxy: FaultProxy;

beforeAll(async () => {
  origin = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const text = JSON.stringify({ method: req.method, path: req.url, body: Buffer.concat(chunks).toString('utf8'), padding: 'x'.repeat(200) });
      res.writeHead(200, { 'content-type': 'application/json', 'x-origin': 'yes' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  proxy = await startFaultProxy({ target: originUrl });
});
afterAll(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => origin?.close(() => resolve()));
});
beforeEach(() => {
  proxy.clearFaults();
  proxy.resetCounters();
  seen.length = 0;
});

const call = (path: string, init: RequestInit = {}) => fetch(`${proxy.url}${path}`, { ...init, signal: AbortSignal.timeout(3000) });

describe('HTTP fault proxy', () => {
  it('binds loopback and forwards method, path, body and headers untouched', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await call('/api/v1/zones?x=1', { method: 'PATCH', body: '{"rrsets":[]}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-origin')).toBe('yes');
    expect(await response.json()).toMatchObject({ method: 'PATCH', path: '/api/v1/zones?x=1', body: '{"rrsets":[]}' });
    expect(proxy.counters).toMatchObject({ received: 1, forwarded: 1, forwardedByMethod: { PATCH: 1 }, forwardedRequests: ['PATCH /api/v1/zones?x=1'] });
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(startFaultProxy({ target: 'http://192.0.2.1:80' })).rejects.toThrow('not a loopback address');
  });

  it('resets the next N connections without forwarding them, then forwards again', async () => {
    proxy.faults.resetNext = 2;
    await expect(call('/a')).rejects.toThrow();
    await expect(call('/b')).rejects.toThrow();
    expect((await call('/c')).status).toBe(200);
    expect(seen).toEqual(['GET /c']);
    expect(proxy.counters.injected.reset).toBe(2);
    expect(proxy.faults.resetNext).toBe(0);
  });

  it('answers 429 with retry-after, and 5xx with the status asked for, without forwarding', async () => {
    proxy.faults.status429Next = { count: 1, retryAfterSeconds: 7 };
    proxy.faults.status5xxNext = { count: 2, status: 502 };
    const limited = await call('/x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('/x')).status).toBe(502);
    expect((await call('/x')).status).toBe(502);
    expect((await call('/x')).status).toBe(200);
    expect(seen).toEqual(['GET /x']);
    expect(proxy.counters.injected).toMatchObject({ status429: 1, status5xx: 2 });
  });

  it('a persistent fault (count Infinity) never runs out', async () => {
    proxy.faults.status5xxNext = { count: Infinity, status: 503 };
    for (let i = 0; i < 5; i++) expect((await call('/y')).status).toBe(503);
    expect(seen).toEqual([]);
  });

  it('only counts the requests `match` selects', async () => {
    proxy.faults.match = { method: 'PATCH' };
    proxy.faults.status5xxNext = { count: 1, status: 503 };
    expect((await call('/z')).status).toBe(200);
    expect((await call('/z', { method: 'PATCH', body: '{}' })).status).toBe(503);
    expect((await call('/z', { method: 'PATCH', body: '{}' })).status).toBe(200);
    expect(seen).toEqual(['GET /z', 'PATCH /z']);
  });

  it('holds a timed-out request open without answering', async () => {
    proxy.faults.timeoutNext = 1;
    const started = Date.now();
    await expect(fetch(`${proxy.url}/slow`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(proxy.counters.injected.timeout).toBe(1);
    expect((await call('/fast')).status).toBe(200);
  });

  it('truncates the next answer: headers and half the body, then the connection closes', async () => {
    proxy.faults.truncateBodyNext = 1;
    const response = await call('/t', { method: 'POST', body: 'write' });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(seen).toEqual(['POST /t']);
    expect(proxy.counters.injected.truncate).toBe(1);
  });

  it('resets after forwarding: the origin got the write, the client got no answer', async () => {
    proxy.faults.resetAfterForwardNext = 1;
    await expect(call('/w', { method: 'POST', body: 'once' })).rejects.toThrow();
    expect(seen).toEqual(['POST /w']);
    expect(proxy.counters).toMatchObject({ forwarded: 1, injected: { resetAfterForward: 1 } });
  });

  it('adds latency to every request', async () => {
    proxy.faults.latencyMs = 150;
    const started = Date.now();
    expect((await call('/l')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 502 when the target is down', async () => {
    const dead = await startFaultProxy({ target: 'http://127.0.0.1:1' });
    try {
      expect((await fetch(`${dead.url}/`, { signal: AbortSignal.timeout(3000) })).status).toBe(502);
    } finally {
      await dead.close();
    }
  });

  it('close() ends held connections at once', async () => {
    const other = await startFaultProxy({ target: originUrl });
    other.faults.timeoutNext = 1;
    const pending = fetch(`${other.url}/held`, { signal: AbortSignal.timeout(10_000) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await other.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('DNS fault proxy', () => {
  let server: TestDnsServer;
  let dns: DnsFaultProxy;
  const Z = 'example.test.';
  beforeAll(async () => {
    server = await startDnsServer();
    server.setZone({ name: Z, rrsets: [{ name: `www.${Z}`, type: 'A', ttl: 300, values: ['192.0.2.1'] }] });
    dns = await startDnsFaultProxy({ address: server.address, port: server.port });
  });
  afterAll(async () => {
    await dns?.close();
    await server?.close();
  });

  it('forwards UDP and TCP queries to the nameserver', async () => {
    const ns = { address: dns.address, port: dns.port };
    expect((await query(ns, `www.${Z}`, 'A')).answers.map((a) => a.value)).toEqual(['192.0.2.1']);
    const tcp = await query(ns, `www.${Z}`, 'A', { tcp: true });
    expect(tcp.transport).toBe('tcp');
    expect(tcp.answers.map((a) => a.value)).toEqual(['192.0.2.1']);
    expect(dns.counters).toMatchObject({ udpQueries: 1, tcpConnections: 1, forwarded: 2, dropped: 0 });
  });

  it('drops the next N queries; the client times out, then gets answers again', async () => {
    const ns = { address: dns.address, port: dns.port };
    dns.faults.dropDnsNext = 1;
    const before = server.queries;
    await expect(query(ns, `www.${Z}`, 'A', { timeoutMs: 200, retries: 0 })).rejects.toThrow();
    expect(server.queries).toBe(before);
    dns.faults.dropDnsNext = 1;
    await expect(query(ns, `www.${Z}`, 'A', { tcp: true, timeoutMs: 500 })).rejects.toThrow();
    expect((await query(ns, `www.${Z}`, 'A', { timeoutMs: 500 })).rcode).toBe('NOERROR');
    expect(dns.counters.dropped).toBe(2);
  });

  it('a dropped first attempt is answered on the client\'s retry', async () => {
    dns.faults.dropDnsNext = 1;
    const response = await query({ address: dns.address, port: dns.port }, `www.${Z}`, 'A', { timeoutMs: 200, retries: 1 });
    expect(response.answers).toHaveLength(1);
  });
});
