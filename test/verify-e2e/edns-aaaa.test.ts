import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { ns1Block, zoneBlock } from '../support/config-blocks.js';

/**
 * The migration incident: a provider answered NXDOMAIN to AAAA queries that carried EDNS. `verify`
 * must report exactly those answers — AAAA, with EDNS, NXDOMAIN where NODATA or an answer was
 * expected — exit 3, and pass when asked without EDNS.
 */

const ZONE = 'edns.example.com';
let sim: Ns1Simulator;
let ws: Workspace;
let env: Record<string, string>;

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

interface Mismatch {
  name: string;
  type: string;
  edns: boolean;
  expected: string;
  got: string;
  problem: string;
}

beforeAll(async () => {
  sim = await startNs1Simulator();
  env = { NS1_API_KEY: sim.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...ns1Block('ns1', sim),
      'zones:',
      ...zoneBlock(ZONE, { targets: ['ns1'] }),
      '',
    ].join('\n'),
    [`zones/${ZONE}.yaml`]: [
      "'':",
      '  - type: A',
      '    value: 192.0.2.1',
      '  - type: AAAA',
      '    value: 2001:db8::1',
      'www:',
      '  type: A',
      '  value: 192.0.2.10',
      'v6:',
      '  type: AAAA',
      '  value: 2001:db8::6',
      '',
    ].join('\n'),
  });
  const applied = await cli('apply', '--yes', '--create-zones');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await ws?.cleanup();
});

describe('verify against a provider that answers NXDOMAIN to AAAA with EDNS', () => {
  it('passes while the nameserver is healthy', async () => {
    sim.faults.nxdomainForAaaaWithEdns = false;
    const result = await cli('verify');
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('reports exactly AAAA with EDNS answered NXDOMAIN, and exits 3', async () => {
    sim.faults.nxdomainForAaaaWithEdns = true;
    const result = await cli('verify', '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const nameservers = JSON.parse(result.stdout)[0].providers[0].nameservers;
    expect(nameservers).toHaveLength(1);
    const mismatches = nameservers[0].mismatches as Mismatch[];
    expect(mismatches.map((m) => `${m.type} ${m.name} edns=${m.edns} got ${m.got}, expected ${m.expected} (${m.problem})`).sort()).toEqual([
      `AAAA ${ZONE}. edns=true got NXDOMAIN, expected AAAA 2001:db8::1 (missing-data)`,
      `AAAA v6.${ZONE}. edns=true got NXDOMAIN, expected AAAA 2001:db8::6 (missing-data)`,
      `AAAA www.${ZONE}. edns=true got NXDOMAIN, expected NODATA (nxdomain-for-nodata)`,
    ]);

    const text = await cli('verify');
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(`BROKEN ${sim.dns.address}:${sim.dns.port}`);
    expect(text.stdout).toContain(`AAAA www.${ZONE}. with EDNS: NXDOMAIN, expected NODATA`);
    expect(text.stdout).not.toContain('without EDNS');
  });

  it('passes when asked without EDNS only', async () => {
    sim.faults.nxdomainForAaaaWithEdns = true;
    const result = await cli('verify', '--edns', 'off');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ZONE}. OK: 1 provider, 1 nameserver`);
  });
});
