import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { ns1Block, powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import type { Problem } from '../../src/core/problem.js';

/**
 * Drill 4 — "a migration Route 53 → NS1 returned NXDOMAIN for some EDNS/AAAA queries; the rollback left
 * 86400 s records cached that the old provider did not have". A zone on PowerDNS whose records carry
 * 86400 s TTLs (above its 3600 s NS TTL) is migrated to NS1 (the simulator), whose nameserver answers
 * NXDOMAIN to AAAA queries with EDNS. `validate` and `plan` warn about the TTLs and show the rollback
 * horizon (86400 s); the apply to NS1 fails chunk verification naming AAAA with EDNS → NXDOMAIN (exit 3)
 * and sends nothing after the failed chunk.
 */

const ZONE = 'migrate.example.com';
const DAY = 86400;
const ZONE_FILE = [
  "'':",
  '  - type: A',
  '    ttl: 3600',
  '    value: 192.0.2.1',
  '  - type: AAAA',
  '    ttl: 3600',
  '    value: 2001:db8::1',
  'www:',
  '  - type: A',
  `    ttl: ${DAY}`,
  '    value: 192.0.2.10',
  '  - type: AAAA',
  `    ttl: ${DAY}`,
  '    value: 2001:db8::10',
  'api:',
  '  type: A',
  `  ttl: ${DAY}`,
  '  value: 192.0.2.20',
  'mail:',
  '  type: A',
  '  ttl: 300',
  '  value: 192.0.2.25',
  '',
].join('\n');

/** Where validate locates the three 86400 s rrsets (www A, www AAAA, api A): the line of their name. */
const lineOf = (key: string) => ZONE_FILE.split('\n').indexOf(key) + 1;
const LONG_TTL_LINES = [lineOf('www:'), lineOf('www:'), lineOf('api:')];

let pdns: PowerDnsServer;
let ns1: Ns1Simulator;
let ws: Workspace;
let env: Record<string, string>;

const configText = (targets: string[]) =>
  [
    'providers:',
    ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: ['ns1.old-dns.net.'] }),
    ...ns1Block('ns1', ns1),
    'zones:',
    ...zoneBlock(ZONE, { targets, nsTtl: 3600 }),
    '',
  ].join('\n');

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

beforeAll(async () => {
  [pdns, ns1] = await Promise.all([startPowerDns(), startNs1Simulator()]);
  env = { PDNS_API_KEY: pdns.apiKey, NS1_API_KEY: ns1.apiKey };
  ws = await makeWorkspace({ 'zonesync.yaml': configText(['pdns']), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
  // The migration: NS1 becomes a target; its nameserver has the EDNS/AAAA bug.
  await ws.write('zonesync.yaml', configText(['pdns', 'ns1']));
  ns1.faults.nxdomainForAaaaWithEdns = true;
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([pdns?.stop(), ns1?.close()]);
  await ws?.cleanup();
});

describe('drill: migrating a zone with 86400 s TTLs to a provider that answers NXDOMAIN to AAAA with EDNS', () => {
  it('validate warns, with file:line, on every TTL above the NS TTL — and exits 0', async () => {
    const result = await cli('validate', '--json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const problems = JSON.parse(result.stdout).zones[0].problems as Problem[];
    const ttl = problems.filter((p) => p.rule === 'ttl-above-ns-ttl');
    expect(ttl.every((p) => p.severity === 'warning')).toBe(true);
    expect(ttl.map((p) => p.location?.line).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(LONG_TTL_LINES);
    expect(ttl.every((p) => p.message.includes(`TTL ${DAY} is above the zone's NS TTL 3600`))).toBe(true);

    const text = await cli('validate');
    expect(text.code).toBe(0);
    const file = `zones/${ZONE}.yaml`;
    expect(text.stdout).toContain(`${file}:${lineOf('www:')}:1: warning: www.${ZONE}. A: TTL ${DAY} is above the zone's NS TTL 3600`);
    expect(text.stdout).toContain(`${file}:${lineOf('www:')}:1: warning: www.${ZONE}. AAAA: TTL ${DAY} is above the zone's NS TTL 3600`);
    expect(text.stdout).toContain(`${file}:${lineOf('api:')}:1: warning: api.${ZONE}. A: TTL ${DAY} is above the zone's NS TTL 3600`);
    expect(text.stdout).not.toMatch(/(mail\.|: )migrate\.example\.com\. A: TTL/);
  });

  it('plan (text and JSON) shows the rollback horizon, dominated by the 86400 s records, and the TTL warnings', async () => {
    const text = await cli('plan', '--target', 'ns1');
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain(`${ZONE}. on ns1 (ns1) (zone will be created): 6 changes: 6 create, 0 update, 0 delete`);
    expect(text.stdout).toMatch(new RegExp(`rollback: a rollback applied at time T shows everywhere by T \\+ 1d \\(longest: (www|api)\\.${ZONE.replace(/\./g, '\\.')}\\. (A|AAAA) \\(${DAY}\\)\\)`));
    expect(`${text.stdout}\n${text.stderr}`).toContain(`TTL ${DAY} is above the zone's NS TTL 3600`);

    const json = await cli('plan', '--target', 'ns1', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan.zones).toHaveLength(1);
    const zp = plan.zones[0];
    expect(zp).toMatchObject({ zone: `${ZONE}.`, target: 'ns1', zoneExists: false });
    expect(zp.rollback.horizon.rollbackSeconds).toBe(DAY);
    expect(zp.rollback.horizon.rollbackDominatedBy).toMatch(new RegExp(`\\(${DAY}\\)$`));
    expect(zp.rollback).not.toHaveProperty('changes');
    const ttlWarnings = (zp.warnings as string[]).filter((w) => w.includes('above the zone\'s NS TTL 3600'));
    expect(ttlWarnings.map((w) => w.split(':')[0]).sort()).toEqual([`api.${ZONE}. A`, `www.${ZONE}. A`, `www.${ZONE}. AAAA`]);
  });

  it('the apply to NS1 fails chunk verification naming AAAA with EDNS → NXDOMAIN, exit 3, nothing sent after it', async () => {
    const result = await cli('apply', '--target', 'ns1', '--yes', '--create-zones', '--chunk-size', '3', '--verify', 'dns', '--verify-timeout', '2');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toContain(`${ZONE}. on ns1: failed, 0 of 2 chunk(s) live and verified`);
    expect(result.stdout).toContain('chunk 1 (change) failed at verify');
    expect(result.stdout).toMatch(/AAAA \S+ with EDNS: NXDOMAIN, expected (AAAA 2001:db8::\S+|NODATA)/);
    expect(result.stdout).not.toMatch(/without EDNS: NXDOMAIN/);
    expect(result.stdout).toContain('chunks after it were not sent');
    // Chunk 2 never reached NS1: its records are not there.
    const sent = ['www A', 'www AAAA', 'api A', 'mail A', '@ A', '@ AAAA'].filter((r) => {
      const [name, type] = r.split(' ') as [string, string];
      return ns1.record(ZONE, name === '@' ? ZONE : `${name}.${ZONE}`, type) !== undefined;
    });
    expect(sent).toHaveLength(3);
  }, 40_000);

  it('rollback removes what reached NS1 and says caches may keep it for a day', async () => {
    // NS1's DNS is known broken, so the rollback is checked against its API.
    const result = await cli('rollback', '--yes', '--verify', 'api');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Every cache will have seen the rollback by \S+ \(within 1d:/);
    for (const [name, type] of [['www', 'A'], ['www', 'AAAA'], ['api', 'A'], ['mail', 'A'], ['', 'A'], ['', 'AAAA']] as const) {
      expect(ns1.record(ZONE, name ? `${name}.${ZONE}` : ZONE, type), `${name} ${type}`).toBeUndefined();
    }
    // The old provider was never touched by the migration.
    const verify = await cli('verify', '--target', 'pdns');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 40_000);
});
