import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/client.js';
import { dnsAnswers, startPowerDns, startPowerDnsPair, type PowerDnsPair, type PowerDnsServer } from './pdns.js';

async function api(server: PowerDnsServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}/api/v1/servers/localhost${path}`, {
    method,
    headers: { 'X-API-Key': server.apiKey, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('startPowerDns', () => {
  let server: PowerDnsServer;
  afterAll(async () => server?.stop());

  it('starts a pdns_server whose API and DNS answer on loopback', async () => {
    server = await startPowerDns();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.dns.address).toBe('127.0.0.1');
    expect(await dnsAnswers(server.dns)).toBe(true);
    const info = await api(server, 'GET', '');
    expect(info.status).toBe(200);
    expect((info.json as { daemon_type: string }).daemon_type).toBe('authoritative');
  });

  it('starts again on new ports when its webserver port was taken before it bound it', async () => {
    // Holds the port; a connection to it (the first try's readiness probe) is dropped at once.
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as AddressInfo).port;
    const started = performance.now();
    const other = await startPowerDns({ firstWebPort: taken });
    try {
      expect(other.url).not.toBe(`http://127.0.0.1:${taken}`);
      expect((await api(other, 'GET', '')).status).toBe(200);
      // Seen in its output at once, not after the 15 s readiness deadline.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await other.stop();
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('refuses a wrong API key', async () => {
    const response = await fetch(`${server.url}/api/v1/servers/localhost/zones`, { headers: { 'X-API-Key': 'wrong' } });
    expect(response.status).toBe(401);
  });

  it('stops the process, frees the ports and removes its directory', async () => {
    const other = await startPowerDns();
    await other.stop();
    expect(existsSync(dirname(other.database))).toBe(false);
    expect(await dnsAnswers(other.dns, 200)).toBe(false);
    await expect(fetch(other.url, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
  });
});

describe('startPowerDnsPair', () => {
  let pair: PowerDnsPair;
  afterAll(async () => pair?.stop());

  it('serves one database from two processes: a zone created through one is served by both', async () => {
    pair = await startPowerDnsPair();
    expect(pair.primary.dns.port).not.toBe(pair.secondary.dns.port);
    const created = await api(pair.primary, 'POST', '/zones', { name: 'pair.test.', kind: 'Native', nameservers: ['ns1.pair.test.'] });
    expect(created.status).toBe(201);
    const patched = await api(pair.primary, 'PATCH', '/zones/pair.test.', {
      rrsets: [{ name: 'www.pair.test.', type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: '192.0.2.7', disabled: false }] }],
    });
    expect(patched.status).toBe(204);
    const seen = await api(pair.secondary, 'GET', '/zones/pair.test.');
    expect(seen.status).toBe(200);
    const rrsets = (seen.json as { rrsets: Array<{ name: string; type: string; records: Array<{ content: string }> }> }).rrsets;
    expect(rrsets.find((r) => r.name === 'www.pair.test.' && r.type === 'A')?.records).toEqual([{ content: '192.0.2.7', disabled: false }]);
  });
});

describe('startPowerDns({ expandAlias: true })', () => {
  let server: PowerDnsServer;
  afterAll(async () => server?.stop());

  it('answers A at an ALIAS whose target is in a zone it serves', async () => {
    server = await startPowerDns({ expandAlias: true });
    expect((await api(server, 'POST', '/zones', { name: 'alias.test.', kind: 'Native', nameservers: ['ns1.alias.test.'] })).status).toBe(201);
    const patched = await api(server, 'PATCH', '/zones/alias.test.', {
      rrsets: [
        { name: 'alias.test.', type: 'ALIAS', ttl: 60, changetype: 'REPLACE', records: [{ content: 'www.alias.test.', disabled: false }] },
        { name: 'www.alias.test.', type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: '192.0.2.5', disabled: false }] },
      ],
    });
    expect(patched.status).toBe(204);
    const answer = await query(server.dns, 'alias.test.', 'A');
    expect(answer.answers.map((r) => `${r.name} ${r.type} ${r.value}`)).toEqual(['alias.test. A 192.0.2.5']);
  });
});
