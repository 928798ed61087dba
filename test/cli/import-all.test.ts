import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

const checkzone = ['/usr/bin/named-checkzone', '/usr/sbin/named-checkzone'].find(existsSync);
let pdns: PowerDnsServer;
let ws: Workspace;

const zone = (n: number) => `'':\n  - { type: MX, value: { preference: 10, exchange: mx.example.net. } }\n  - { type: TXT, value: "v=spf1 -all" }\n${Array.from({ length: n }, (_, i) => `h${i}: { type: A, value: 192.0.2.${i + 1} }`).join('\n')}\n`;

beforeAll(async () => {
  pdns = await startPowerDns();
  ws = await makeWorkspace({
    'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "${pdns.url}", apiKey: "\${PDNS_KEY}", nameserverNames: [ns1.example.net., ns2.example.net.], nameservers: ["${pdns.dns.address}:${pdns.dns.port}"] }\nzones:\n  a.example: { file: zones/a.yaml, targets: [pdns] }\n  b.example: { file: zones/b.yaml, targets: [pdns] }\n`,
    'zones/a.yaml': zone(3),
    'zones/b.yaml': zone(5),
  });
  const applied = await runCli(['apply', '--yes'], { cwd: ws.dir, env: { PDNS_KEY: pdns.apiKey } });
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(async () => {
  await pdns?.stop();
  await ws?.cleanup();
});

describe('import --all: a disaster copy of every zone a provider serves', () => {
  it('writes one servable master file per zone', async () => {
    const result = await runCli(['import', '--all', '--from', 'pdns', '--out', 'backup', '--format', 'zone'], { cwd: ws.dir, env: { PDNS_KEY: pdns.apiKey } });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(ws.dir, 'backup')).sort()).toEqual(['a.example.zone', 'b.example.zone']);
    if (checkzone) {
      for (const name of ['a.example', 'b.example']) {
        const file = join(ws.dir, 'backup', `${name}.zone`);
        let out: string;
        try {
          out = execFileSync(checkzone, ['-i', 'local', name, file]).toString();
        } catch (error) {
          out = `${String((error as { stdout?: Buffer }).stdout)}\n${readFileSync(file, 'utf8')}`;
        }
        expect(out).toContain('OK');
      }
    }
  });

  it('a copy served by the file provider plans no changes against the zone files', async () => {
    await runCli(['import', '--all', '--from', 'pdns', '--out', 'served', '--format', 'zone'], { cwd: ws.dir, env: { PDNS_KEY: pdns.apiKey } });
    await ws.write('zonesync.yaml', `providers:\n  local: { type: file, directory: served }\nzones:\n  a.example: { file: zones/a.yaml, targets: [local] }\n  b.example: { file: zones/b.yaml, targets: [local] }\n`);
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
});

describe('renderImported', () => {
  it('warns when the copy names an in-zone nameserver without an address', async () => {
    const { renderImported } = await import('../../src/engine/import.js');
    const out = renderImported({ name: 'a.example.', rrsets: [{ name: 'a.example.', type: 'NS', ttl: 3600, values: ['ns1.a.example.'] }] }, 'zone', new Date('2026-01-01T00:00:00Z'));
    expect(out.warnings).toEqual(['apex NS ns1.a.example. is inside the zone and has no A/AAAA: BIND and PowerDNS will not load this copy until it gets one']);
  });
});
