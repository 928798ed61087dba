import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistrar } from '../../src/registrars/index.js';
import type { Registrar } from '../../src/registrars/index.js';
import type { Provider } from '../../src/providers/provider.js';
import { query } from '../../src/dns/client.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { runCli, type Workspace } from '../support/workspace.js';
import { BIND_NS, CLI_ENV, PDNS_NS, ZONE, apexNs, directProviders, registerDomain, setApexNs, workspaceFor } from './setup.js';

/**
 * The "how we will know": PowerDNS and BIND both serve and are delegated one zone; PowerDNS
 * dies (API and DNS); `switch --to bind --from pdns --yes` moves the delegation at the registrar
 * and at BIND to BIND alone, and BIND then passes `verify`.
 */

let pdns: PowerDnsServer;
let bind: BindServer;
let moto: Moto;
let ws: Workspace;
let direct: { pdns: Provider; bind: Provider };
let registrar: Registrar;
let env: Record<string, string>;
let registeredWith: string[];

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

beforeAll(async () => {
  [pdns, bind, moto] = await Promise.all([startPowerDns(), startBind({ zones: [ZONE], apexNameserver: BIND_NS }), startMoto()]);
  ws = await workspaceFor(pdns, bind, moto);
  env = CLI_ENV(pdns, bind);
  direct = directProviders(pdns, bind);
  registrar = createRegistrar('domains', { type: 'route53domains', endpoint: moto.endpoint }, { credentials: MOTO_CREDENTIALS, pollMs: 10 });
  await registerDomain(moto, ZONE);
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
  // The steady state of a zone with two providers: each apex NS lists both. (The registrar keeps the
  // names moto gave at registration: moto refuses a second UpdateDomainNameservers for a domain ever.)
  await setApexNs(direct.pdns, `${ZONE}.`, [PDNS_NS, BIND_NS]);
  await setApexNs(direct.bind, `${ZONE}.`, [PDNS_NS, BIND_NS]);
  registeredWith = await registrar.getNameservers(ZONE);
}, 90_000);

afterAll(async () => {
  await registrar?.close?.();
  await Promise.allSettled([pdns?.stop(), bind?.stop(), moto?.stop()]);
  await ws?.cleanup();
});

describe('switch from a dead PowerDNS to BIND', () => {
  it('starts from both providers serving the zone and both in the delegation', async () => {
    expect(registeredWith.length).toBeGreaterThan(0);
    expect(registeredWith).not.toContain(BIND_NS);
    expect(await apexNs(direct.bind, `${ZONE}.`)).toEqual([BIND_NS, PDNS_NS]);
    const verify = await cli('verify');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('a dry run with PowerDNS gone reports every step and writes nothing', async () => {
    // Drift on BIND behind zonesync's back: parity must notice (and only the real switch repairs it).
    const live = await direct.bind.read(`${ZONE}.`);
    const www = live?.rrsets.find((r) => r.name === `www.${ZONE}.` && r.type === 'A');
    if (!www) throw new Error('www A missing on bind');
    await direct.bind.apply(`${ZONE}.`, [{ kind: 'update', before: www, after: { ...www, values: ['192.0.2.66'] } }]);
    await pdns.stop();

    const started = Date.now();
    const dry = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns');
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(dry.stdout).toContain(`switch ${ZONE}. from pdns to bind: dry run — nothing was written`);
    expect(dry.stdout).toMatch(/ok\s+health\s+0 of 2 provider\(s\) serve zonesync-switch\.com\.; bind is serving wrong data/);
    expect(dry.stdout).toMatch(/pdns \(powerdns\): down — API down \(/);
    expect(dry.stdout).toMatch(/dry run\s+parity\s+bind differs from the declared zone: would apply 1 change\(s\): 0 create, 1 update, 0 delete/);
    expect(dry.stdout).toContain(`~ www.${ZONE}. A`);
    expect(dry.stdout).toContain(`bind: would set apex NS from ${BIND_NS} ${PDNS_NS} to ${BIND_NS}`);
    expect(dry.stdout).toContain(`would change registrar domains from ${registeredWith.join(' ')} to ${BIND_NS}`);
    expect(dry.stdout).toMatch(/dry run\s+propagation\s+resolvers would follow the new delegation by \S+ \(within 2d, parent TTL assumed\)/);
    expect(dry.stdout).toContain(`warning: archive.${ZONE}. A has TTL 604800 s (7d)`);

    expect(await registrar.getNameservers(ZONE)).toEqual(registeredWith);
    expect(await apexNs(direct.bind, `${ZONE}.`)).toEqual([BIND_NS, PDNS_NS]);
    const served = await query(bind.dns, `www.${ZONE}.`, 'A');
    expect(served.answers.map((r) => r.value)).toEqual(['192.0.2.66']);
  }, 60_000);

  it('switch --yes completes: registrar and BIND\'s apex NS list only BIND, and BIND passes verify', async () => {
    const started = Date.now();
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--yes', '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(45_000);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ zone: `${ZONE}.`, to: 'bind', from: 'pdns', dryRun: false, ok: true, exitCode: 0, delegation: [BIND_NS] });
    expect(report.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:ok', 'propagation:ok']);
    expect(report.steps[1].detail).toMatch(/^bind now serves the declared zone \(1 change\(s\): 0 create, 1 update, 0 delete applied\); verified on 1 nameserver\(s\)/);
    expect(report.steps[4].detail).toMatch(new RegExp(`^registrar domains now lists ${BIND_NS.replace(/\./g, '\\.')} \\(operation \\S+\\)$`));

    expect(await registrar.getNameservers(ZONE)).toEqual([BIND_NS]);
    expect(await apexNs(direct.bind, `${ZONE}.`)).toEqual([BIND_NS]);
    const ns = await query(bind.dns, `${ZONE}.`, 'NS');
    expect(ns.answers.map((r) => r.value)).toEqual([BIND_NS]);
    const verify = await cli('verify', '--target', 'bind');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${ZONE}. OK: 1 provider, 1 nameserver`);

    const again = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--yes');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`bind: apex NS already lists ${BIND_NS}`);
    expect(again.stdout).toContain(`registrar domains already lists ${BIND_NS}`);
  }, 60_000);

  it('switching to a provider that is itself down fails with exit 3 and leaves the registrar alone', async () => {
    const result = await cli('switch', ZONE, '--to', 'pdns', '--from', 'bind', '--yes');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/FAILED\s+health\s+pdns cannot take the zone: its nameservers do not answer/);
    expect(result.stdout).toMatch(/skipped\s+registrar\s+not run: the health step failed/);
    expect(await registrar.getNameservers(ZONE)).toEqual([BIND_NS]);
    expect(await apexNs(direct.bind, `${ZONE}.`)).toEqual([BIND_NS]);
  }, 60_000);

  it('refuses a --to that is not a target of the zone', async () => {
    const result = await cli('switch', ZONE, '--to', 'r53');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Error: --to r53: not a target of ${ZONE}. (targets: pdns, bind)`);
  });
});
