import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';

/**
 * The incident "a broken server hid behind a healthy twin": two PowerDNS nameservers of one provider
 * on one database; the second keeps answering from its cache (cache-ttl 300), so after a change it
 * serves the old data. `verify` must name it by address and port, pass the healthy one, and exit 3.
 */

const ZONE = 'stale.example.com';
let primary: PowerDnsServer;
let stale: PowerDnsServer;
let ws: Workspace;
let env: Record<string, string>;

const zoneFile = (www: string) => [
  "'':",
  '  type: A',
  '  value: 192.0.2.1',
  'www:',
  '  type: A',
  `  value: ${www}`,
  'docs:',
  '  type: CNAME',
  `  value: www.${ZONE}.`,
  '',
].join('\n');

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

beforeAll(async () => {
  primary = await startPowerDns();
  stale = await startPowerDns({ database: primary.database, apiKey: primary.apiKey, cacheSeconds: 300 });
  env = { PDNS_API_KEY: primary.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('pdns', { url: primary.url, nameservers: [primary.dns, stale.dns], names: ['ns1.pdns.example.net.'] }),
      'zones:',
      ...zoneBlock(ZONE, { targets: ['pdns'] }),
      '',
    ].join('\n'),
    [`zones/${ZONE}.yaml`]: zoneFile('192.0.2.10'),
  });
  // Read back only: asking the caching server before the zone exists would cache its REFUSED.
  const applied = await cli('apply', '--yes', '--verify', 'api');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
}, 60_000);

afterAll(async () => {
  await stale?.stop();
  await primary?.stop();
  await ws?.cleanup();
});

describe('verify with one of two nameservers serving stale data', () => {
  it('passes while both serve the zone (and the second one caches what it answered)', async () => {
    const result = await cli('verify');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ZONE}. OK: 1 provider, 2 nameservers`);
  });

  it('after a change, names the stale nameserver by address:port, reports the healthy one ok, exits 3', async () => {
    await ws.write(`zones/${ZONE}.yaml`, zoneFile('192.0.2.99'));
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    const result = await cli('verify', '--html', 'status.html');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const healthy = `127.0.0.1:${primary.dns.port}`;
    const broken = `127.0.0.1:${stale.dns.port}`;
    expect(result.stdout).toContain(`${ZONE}. FAILED: 1 provider, 2 nameservers`);
    expect(result.stdout).toMatch(new RegExp(`ok +${healthy.replace(/\./g, '\\.')} — \\d+ answers right`));
    const esc = (text: string) => text.replace(/\./g, '\\.');
    expect(result.stdout).toMatch(new RegExp(`BROKEN ${esc(broken)} — 5 of \\d+ answers wrong: SOA ${esc(ZONE)}\\. with EDNS: serial \\d+, expected serial \\d+ \\(as ${esc(healthy)}\\)`));
    expect(result.stdout).toContain(`A www.${ZONE}. with EDNS: A 192.0.2.10, expected A 192.0.2.99`);
    expect(result.stdout).toContain(`A www.${ZONE}. without EDNS: A 192.0.2.10, expected A 192.0.2.99`);

    const json = JSON.parse((await cli('verify', '--format', 'json')).stdout);
    const nameservers = json[0].providers[0].nameservers;
    const byPort = new Map(nameservers.map((ns: { nameserver: { port: number } }) => [ns.nameserver.port, ns]));
    expect(byPort.get(primary.dns.port)).toMatchObject({ ok: true, mismatches: [] });
    const staleReport = byPort.get(stale.dns.port) as { ok: boolean; mismatches: Array<{ name: string; type: string; got: string; problem: string }> };
    expect(staleReport.ok).toBe(false);
    expect(staleReport.mismatches.map((m) => `${m.name} ${m.type} ${m.problem}`).sort()).toEqual([
      `docs.${ZONE}. A wrong-data`,
      `docs.${ZONE}. A wrong-data`,
      `${ZONE}. SOA serial-mismatch`,
      `www.${ZONE}. A wrong-data`,
      `www.${ZONE}. A wrong-data`,
    ]);
    expect(staleReport.mismatches.filter((m) => m.type === 'A').every((m) => m.got.endsWith('A 192.0.2.10'))).toBe(true);

    // --html: one self-contained page (nothing loaded from elsewhere) naming the broken nameserver.
    const html = await readFile(join(ws.dir, 'status.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(broken);
    expect(html).toContain(healthy);
    expect(html).toContain(`www.${ZONE}.`);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*\shref=|<img[^>]*\ssrc=|url\(\s*['"]?https?:/i);
  }, 60_000);
});
