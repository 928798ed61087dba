import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, startPowerDnsPair, type PowerDnsPair, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';

/**
 * Drill 2 — "one of two resolvers was broken by an unattended upgrade; half the traffic failed; monitoring
 * saw symptoms, not the cause". One PowerDNS provider, two nameservers on one database. The twin breaks
 * for real: it hangs (SIGSTOP, like a wedged upgrade), or comes back from the upgrade on an empty
 * backend and answers REFUSED. `verify` must name exactly the broken nameserver by address:port, report
 * the healthy one ok, and exit 3.
 */

const ZONE = 'twin.example.com';
const ZONE_FILE = [
  "'':",
  '  - type: A',
  '    values: [192.0.2.1, 192.0.2.2]',
  '  - type: MX',
  `    value: { preference: 10, exchange: mail.${ZONE}. }`,
  'www:',
  '  type: A',
  '  value: 192.0.2.10',
  'mail:',
  '  - type: A',
  '    value: 192.0.2.25',
  '  - type: AAAA',
  '    value: 2001:db8::25',
  '',
].join('\n');

interface Mismatch {
  name: string;
  type: string;
  edns: boolean;
  got: string;
  problem: string;
}
interface NameserverReport {
  nameserver: { address: string; port: number };
  ok: boolean;
  unreachable?: boolean;
  mismatches: Mismatch[];
}

let pair: PowerDnsPair;
let upgraded: PowerDnsServer | undefined;
let ws: Workspace;
let env: Record<string, string>;

const at = (s: PowerDnsServer) => `${s.dns.address}:${s.dns.port}`;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const configText = (twin: PowerDnsServer) =>
  [
    'providers:',
    ...powerdnsBlock('pdns', { url: pair.primary.url, nameservers: [pair.primary.dns, twin.dns], names: ['ns1.twin-dns.net.', 'ns2.twin-dns.net.'] }),
    'zones:',
    ...zoneBlock(ZONE, { targets: ['pdns'] }),
    '',
  ].join('\n');

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

async function verifyJson(): Promise<{ code: number | null; byAddress: Map<string, NameserverReport>; ok: boolean }> {
  const result = await cli('verify', '--format', 'json', '--timeout', '300');
  const zone = JSON.parse(result.stdout)[0];
  const nameservers = zone.providers[0].nameservers as NameserverReport[];
  return { code: result.code, ok: zone.ok, byAddress: new Map(nameservers.map((ns) => [`${ns.nameserver.address}:${ns.nameserver.port}`, ns])) };
}

beforeAll(async () => {
  pair = await startPowerDnsPair();
  env = { PDNS_API_KEY: pair.apiKey };
  ws = await makeWorkspace({ 'zonesync.yaml': configText(pair.secondary), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
}, 60_000);

afterAll(async () => {
  pair?.secondary.resume();
  await upgraded?.stop();
  await pair?.stop();
  await ws?.cleanup();
});

describe('drill: a broken nameserver hiding behind a healthy twin', () => {
  it('both twins healthy: verify passes on both', async () => {
    const result = await cli('verify');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ZONE}. OK: 1 provider, 2 nameservers`);
  });

  it('the twin hangs: verify names it (unreachable) by address:port, the healthy one is ok, exit 3', async () => {
    pair.secondary.pause();
    try {
      const started = Date.now();
      const text = await cli('verify', '--timeout', '300');
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(text.code, text.stdout + text.stderr).toBe(3);
      expect(text.stdout).toContain(`${ZONE}. FAILED: 1 provider, 2 nameservers`);
      expect(text.stdout).toMatch(new RegExp(`ok +${esc(at(pair.primary))} — \\d+ answers right`));
      expect(text.stdout).toContain(`SILENT ${at(pair.secondary)} — did not answer (unreachable)`);
      // Exactly one nameserver is named, as not answering rather than answering wrong.
      expect(text.stdout.match(/SILENT/g)).toHaveLength(1);
      expect(text.stdout).not.toContain('BROKEN');

      const json = await verifyJson();
      expect(json.code).toBe(3);
      expect(json.ok).toBe(false);
      expect(json.byAddress.get(at(pair.primary))).toMatchObject({ ok: true, mismatches: [] });
      expect(json.byAddress.get(at(pair.secondary))).toMatchObject({ ok: false, unreachable: true });
    } finally {
      pair.secondary.resume();
    }
  }, 40_000);

  it('the twin comes back from the upgrade on an empty backend: verify names its REFUSED answers, exit 3', async () => {
    // The same provider, its second nameserver replaced by a server that no longer has the zone.
    upgraded = await startPowerDns({ apiKey: pair.apiKey });
    await ws.write('zonesync.yaml', configText(upgraded));

    const json = await verifyJson();
    expect(json.code).toBe(3);
    expect(json.byAddress.get(at(pair.primary))).toMatchObject({ ok: true, mismatches: [] });
    const broken = json.byAddress.get(at(upgraded));
    expect(broken?.ok).toBe(false);
    expect(broken?.mismatches.length).toBeGreaterThan(0);
    expect(broken?.mismatches.every((m) => m.got.includes('REFUSED'))).toBe(true);

    const text = await cli('verify');
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(new RegExp(`ok +${esc(at(pair.primary))} — \\d+ answers right`));
    expect(text.stdout).toMatch(new RegExp(`BROKEN ${esc(at(upgraded))} — .*REFUSED`));
    expect(text.stdout.match(/BROKEN/g)).toHaveLength(1);
  }, 40_000);
});
