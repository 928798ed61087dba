import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/client.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { createRegistrar, type Registrar } from '../../src/registrars/index.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { SIM_DNS_SERVERS } from '../simulators/ns1/store.js';
import { registerDomain, setApexNs, apexNs } from '../switch/setup.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { ns1Block, powerdnsBlock, route53domainsBlock, zoneBlock } from '../support/config-blocks.js';

/**
 * Drill 1 — "a single DNS provider went down for hours; everything behind it was unreachable". A zone
 * kept in sync on NS1 (the simulator) and PowerDNS, delegated to both, registered at Route 53 Domains
 * (moto). NS1 dies completely — API and nameservers gone. `verify` names it; `switch --to pdns --from
 * ns1 --yes` finishes within bounded time; the registrar and PowerDNS's apex NS list only PowerDNS, and
 * PowerDNS passes `verify`.
 */

const ZONE = 'outage-drill.com';
const PDNS_NS = 'ns1.pdns-drill.net.';
const NS1_NS = SIM_DNS_SERVERS.map((n) => `${n}.`);

const ZONE_FILE = [
  "'':",
  '  - type: A',
  '    ttl: 300',
  '    values: [192.0.2.10, 192.0.2.11]',
  '  - type: MX',
  `    value: { preference: 10, exchange: mail.${ZONE}. }`,
  'www:',
  '  type: A',
  '  ttl: 300',
  '  value: 192.0.2.20',
  'mail:',
  '  type: A',
  '  value: 192.0.2.25',
  'shop:',
  '  type: CNAME',
  `  value: www.${ZONE}.`,
  '',
].join('\n');

let pdns: PowerDnsServer;
let ns1: Ns1Simulator;
let ns1Closed = false;
let moto: Moto;
let ws: Workspace;
let env: Record<string, string>;
let pdnsDirect: Provider;
let registrar: Registrar;
let registeredWith: string[];

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

function configText(): string {
  return [
    'providers:',
    ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS], timeoutMs: 3000 }),
    ...ns1Block('ns1', ns1),
    'registrars:',
    ...route53domainsBlock('domains', moto.endpoint),
    'zones:',
    ...zoneBlock(ZONE, { targets: ['ns1', 'pdns'], delegate: ['ns1', 'pdns'], registrar: 'domains' }),
    '',
  ].join('\n');
}

async function closeNs1(): Promise<void> {
  if (ns1Closed) return;
  ns1Closed = true;
  await ns1.close();
}

beforeAll(async () => {
  [pdns, ns1, moto] = await Promise.all([startPowerDns(), startNs1Simulator(), startMoto()]);
  env = {
    PDNS_API_KEY: pdns.apiKey,
    NS1_API_KEY: ns1.apiKey,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
  };
  ws = await makeWorkspace({ 'zonesync.yaml': configText(), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  pdnsDirect = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`${pdns.dns.address}:${pdns.dns.port}`] });
  registrar = createRegistrar('domains', { type: 'route53domains', endpoint: moto.endpoint }, { credentials: MOTO_CREDENTIALS, pollMs: 10 });
  await registerDomain(moto, ZONE);
  const applied = await cli('apply', '--yes', '--create-zones');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
  // Steady state of a two-provider zone: PowerDNS's apex NS lists both providers' names.
  await setApexNs(pdnsDirect, `${ZONE}.`, [PDNS_NS, ...NS1_NS]);
  registeredWith = await registrar.getNameservers(ZONE);
}, 90_000);

afterAll(async () => {
  await registrar?.close?.();
  await Promise.allSettled([pdns?.stop(), ns1 ? closeNs1() : undefined, moto?.stop()]);
  await ws?.cleanup();
});

describe('drill: the primary DNS provider goes down completely', () => {
  it('before the outage both providers serve the zone and pass verify', async () => {
    expect(registeredWith.length).toBeGreaterThan(0);
    expect(registeredWith).not.toContain(PDNS_NS);
    expect(await apexNs(pdnsDirect, `${ZONE}.`)).toEqual([...NS1_NS, PDNS_NS].sort());
    const verify = await cli('verify');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${ZONE}. OK: 2 providers, 2 nameservers`);
  });

  it('NS1 dies (API and DNS): verify names its nameserver unreachable and exits 3', async () => {
    await closeNs1();
    const verify = await cli('verify', '--timeout', '300');
    expect(verify.code, verify.stdout + verify.stderr).toBe(3);
    expect(verify.stdout).toContain(`SILENT ${ns1.dns.address}:${ns1.dns.port} — did not answer (unreachable)`);
    expect(verify.stdout).toMatch(new RegExp(`ok +${pdns.dns.address.replace(/\./g, '\\.')}:${pdns.dns.port} — \\d+ answers right`));
  }, 30_000);

  it('switch --to pdns --from ns1 --yes completes in bounded time; the delegation lists only PowerDNS; verify passes', async () => {
    const started = Date.now();
    const result = await cli('switch', ZONE, '--to', 'pdns', '--from', 'ns1', '--yes', '--format', 'json');
    const took = Date.now() - started;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(took).toBeLessThan(45_000);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ zone: `${ZONE}.`, to: 'pdns', from: 'ns1', dryRun: false, ok: true, exitCode: 0, delegation: [PDNS_NS] });
    expect(report.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:ok', 'propagation:ok']);
    expect(report.steps[0].lines.join('\n')).toMatch(/ns1 \(ns1\): down — API down/);

    // The registrar, PowerDNS's API and PowerDNS's nameserver all say: PowerDNS alone.
    expect(await registrar.getNameservers(ZONE)).toEqual([PDNS_NS]);
    expect(await apexNs(pdnsDirect, `${ZONE}.`)).toEqual([PDNS_NS]);
    const served = await query(pdns.dns, `${ZONE}.`, 'NS');
    expect(served.answers.map((r) => r.value)).toEqual([PDNS_NS]);

    const verify = await cli('verify', '--target', 'pdns');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${ZONE}. OK: 1 provider, 1 nameserver`);
  }, 60_000);
});
