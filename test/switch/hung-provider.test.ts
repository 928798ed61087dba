import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/parse.js';
import { switchZone } from '../../src/engine/switch/index.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { BIND_NS, CLI_ENV, PDNS_NS, ZONE, ZONE_FILE, apexNs, directProviders, setApexNs } from './setup.js';
import { bindBlock, powerdnsBlock, zoneBlock } from '../support/config-blocks.js';

/**
 * A failed provider that hangs instead of refusing (SIGSTOP: its API and nameservers accept and
 * never answer) must cost the switch a few bounded timeouts, not minutes. Here the registrar is
 * `manual`, so the switch says exactly what to enter, and `--from` is not given: the health check
 * alone leaves the hung provider out.
 */

let pdns: PowerDnsServer;
let bind: BindServer;
let ws: Workspace;
let config: Config;
let env: Record<string, string>;

function configText(): string {
  return [
    'providers:',
    ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS] }),
    ...bindBlock('bind', bind),
    'registrars:',
    '  by-hand: { type: manual }',
    'zones:',
    ...zoneBlock(ZONE, { targets: ['pdns', 'bind'], registrar: 'by-hand', parentNsTtl: 3600 }),
    '',
  ].join('\n');
}

beforeAll(async () => {
  [pdns, bind] = await Promise.all([startPowerDns(), startBind({ zones: [ZONE], apexNameserver: BIND_NS })]);
  env = CLI_ENV(pdns, bind);
  ws = await makeWorkspace({ 'zonesync.yaml': configText(), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  const applied = await runCli(['apply', '--yes'], { cwd: ws.dir, env });
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  const direct = directProviders(pdns, bind);
  await setApexNs(direct.bind, `${ZONE}.`, [PDNS_NS, BIND_NS]);
  config = parseConfig(configText(), `${ws.dir}/zonesync.yaml`, env);
}, 60_000);

afterAll(async () => {
  pdns?.resume();
  await Promise.allSettled([pdns?.stop(), bind?.stop()]);
  await ws?.cleanup();
});

describe('switch away from a provider that hangs', () => {
  it('finishes within a few timeouts, leaves it out, and prints what to enter at a manual registrar', async () => {
    pdns.pause();
    const providers = new ProviderSet(config, env);
    const started = Date.now();
    try {
      const report = await switchZone(config, providers, ZONE, { to: 'bind', yes: true, now: new Date('2025-01-01T00:00:00Z'), env, timeouts: { apiMs: 1500, dnsMs: 300, verifyMs: 10_000 } });
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(report.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:skipped', 'propagation:ok']);
      expect(report.exitCode).toBe(0);
      expect(report.delegation).toEqual([BIND_NS]);
      expect(report.steps[0]?.lines[0]).toBe('pdns (powerdns): down — API down (pdns: reading zonesync-switch.com.: no answer within 1500 ms); DNS: 0 of 1 nameserver(s) answer right, 0 answer');
      const apex = report.steps[3];
      expect(apex?.lines).toContain('left out: pdns (down)');
      expect(apex?.lines).toContain('pdns: skipped: API down (pdns: reading zonesync-switch.com.: no answer within 1500 ms)');
      expect(report.steps[4]).toMatchObject({
        detail: 'registrar by-hand is driven by hand: enter the new delegation yourself',
        lines: ['At the registrar of zonesync-switch.com, replace the nameservers with exactly these 1, one per field:', 'ns1.bind-dns.net'],
      });
      expect(report.steps[5]?.detail).toBe('resolvers follow the new delegation by 2025-01-01T01:00:00.000Z (within 1h)');
      expect(await apexNs(directProviders(pdns, bind).bind, `${ZONE}.`)).toEqual([BIND_NS]);
    } finally {
      await providers.close();
    }
  }, 40_000);
});
