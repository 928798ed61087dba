import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load.js';
import { parseConfig } from '../../src/config/parse.js';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { switchZone } from '../../src/engine/switch/index.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import { dsSet } from '../../src/engine/switch/signers.js';
import { parentDsSet } from '../../src/engine/verify-dnssec.js';
import { formatDs } from '../../src/dns/dnssec/index.js';
import type { DsChange, Registrar, RegistrarChange } from '../../src/registrars/registrar.js';
import { startZoneNamed, type FileServingNamed } from '../harness/named-files.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { MULTI_ZONE, SIGNER_A_NS, SIGNER_B_NS, createPdnsZone } from './setup.js';

/**
 * `switch --dnssec multi-signer` (RFC 8901 model 2) with two PowerDNS signers (direct-dnskey): the
 * new signer signs, each publishes the other's key, the parent holds a DS for both, the TTLs are
 * waited out (on an injected clock), then the delegation moves; verify passes on every nameserver.
 */

const ZONE = MULTI_ZONE;
const NS_A = SIGNER_A_NS;
const NS_B = SIGNER_B_NS;
let a: PowerDnsServer;
let b: PowerDnsServer;
let parent: FileServingNamed;
let ws: Workspace;
let dir: string;
let config: Config;
let env: Record<string, string>;
let parentNs: string;
const ZONE_FILE = ["'':", '  type: A', '  ttl: 60', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 60', '  value: 192.0.2.20', ''].join('\n');

/** A registrar that writes the parent zone's file and reloads its named: DS as given, NS kept. */
class ParentFileRegistrar implements Registrar {
  readonly id = 'parent-file';
  readonly type = 'test';
  ds: string[] = [];
  calls: string[][] = [];
  async getNameservers(): Promise<string[]> { return [NS_A]; }
  async setNameservers(domain: string, nameservers: string[]): Promise<RegistrarChange> {
    return { kind: 'unchanged', registrar: this.id, domain, nameservers };
  }
  async getDs(): Promise<string[]> { return dsSet(this.ds); }
  async setDs(domain: string, ds: string[]): Promise<DsChange> {
    this.calls.push(ds);
    this.ds = ds;
    await writeParent(ds);
    return { kind: 'submitted', registrar: this.id, domain, ds, operationId: `op${this.calls.length}`, status: 'SUCCESSFUL' };
  }
}

async function writeParent(ds: string[]): Promise<void> {
  const lines = ['$ORIGIN com.', '$TTL 30', '@ SOA ns.com. hostmaster.com. 1 3600 600 604800 30', '@ NS ns.com.', 'ns A 127.0.0.1', `zonesync-multi NS ${NS_A}`, ...ds.map((d) => `zonesync-multi DS ${d}`)];
  await writeFile(join(dir, 'parent', 'served', 'com.zone'), `${lines.join('\n')}\n`);
  execFileSync(parent.reload[0]!, parent.reload.slice(1).map((x) => x.replace('{zone}', 'com')), { stdio: 'ignore' });
}

const directProvidersB = () => createPowerDnsProvider('b', { type: 'powerdns', url: b.url, apiKey: b.apiKey, nameservers: [`127.0.0.1:${b.dns.port}`] });

const configText = (): string => ['providers:',
  ...powerdnsBlock('a', { url: a.url, nameservers: [a.dns], names: [NS_A] }),
  ...powerdnsBlock('b', { url: b.url, nameservers: [b.dns], names: [NS_B], apiKeyVar: 'PDNS_B_KEY' }),
  'zones:', ...zoneBlock(ZONE, { targets: ['a', 'b'], delegate: ['a', 'b'], nsTtl: 60, parentNsTtl: 60 }), ''].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-multi-signer-'));
  [a, b] = await Promise.all([startPowerDns({ dnssec: true, directDnskey: true }), startPowerDns({ dnssec: true, directDnskey: true })]);
  await Promise.all([createPdnsZone(a, ZONE, [NS_A, NS_B], true), createPdnsZone(b, ZONE, [NS_A, NS_B], false)]);
  env = { PDNS_API_KEY: a.apiKey, PDNS_B_KEY: b.apiKey };
  ws = await makeWorkspace({ 'zonesync.yaml': configText(), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  const applied = await runCli(['apply', '--yes'], { cwd: ws.dir, env });
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  config = parseConfig(await readFile(join(ws.dir, 'zonesync.yaml'), 'utf8'), join(ws.dir, 'zonesync.yaml'), env);
  const ds = (await dnskeysAt(a.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
  parent = await startZoneNamed(join(dir, 'parent'), 'com.', ['$ORIGIN com.', '$TTL 30', '@ SOA ns.com. hostmaster.com. 1 3600 600 604800 30', '@ NS ns.com.', 'ns A 127.0.0.1']);
  parentNs = `${parent.dns.address}:${parent.dns.port}`;
  await writeParent(ds);
}, 120_000);

afterAll(async () => {
  await parent?.stop();
  await Promise.allSettled([a?.stop(), b?.stop()]);
  await ws?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('switch --dnssec multi-signer with two PowerDNS signers', () => {
  it('publishes both keys at both signers and both DS at the parent before the move, waiting the TTLs out', async () => {
    const registrar = new ParentFileRegistrar();
    registrar.ds = (await dnskeysAt(a.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
    let now = Date.now();
    const slept: number[] = [];
    const providers = new ProviderSet(config, env);
    const [parentAddress, parentPort] = parentNs.split(':');
    const options = {
      to: 'b', yes: true, now: new Date(now), env, dnssec: 'multi-signer' as const, wait: true, registrar,
      clock: () => new Date(now), sleep: async (ms: number) => { slept.push(ms); now += ms; },
      parentNameservers: [{ address: parentAddress!, port: Number(parentPort) }],
    };
    const report = await switchZone(config, providers, ZONE, options);
    expect(report.exitCode, JSON.stringify(report.steps, null, 2)).toBe(0);
    expect(report.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'sign:ok', 'keys-publish:ok', 'ds-publish:ok', 'ttl-wait:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:ok',
      'old-ns-wait:skipped', 'ds-retire:skipped', 'ds-ttl-wait:skipped', 'keys-retire:skipped', 'propagation:ok']);
    expect(report.steps.find((s) => s.name === 'keys-retire')?.detail).toBe('no --from: no signer leaves the zone');
    expect(report.run?.status).toBe('done');

    const keysA = (await dnskeysAt(a.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();
    const keysB = (await dnskeysAt(b.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();
    expect(keysA).toHaveLength(2);
    expect(keysB).toEqual(keysA);
    expect(registrar.calls).toHaveLength(1);
    expect(registrar.calls[0]).toHaveLength(2);
    // One wait, of max(DS TTL 30 s, DNSKEY TTL): nothing moved before it.
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(30_000);

    const verified = await runCli(['verify', '--parent-ns', parentNs], { cwd: ws.dir, env });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/DNSSEC: signed/);
  }, 120_000);

  it('with --from a: moves to b alone, then retires a (its DS at the parent, its key at b); verify passes at every stop', async () => {
    const ownA = (await createPowerDnsProvider('a', { type: 'powerdns', url: a.url, apiKey: a.apiKey, nameservers: [`127.0.0.1:${a.dns.port}`] }).dnssec!(`${ZONE}.`)).keys;
    const ownB = (await directProvidersB().dnssec!(`${ZONE}.`)).keys;
    const registrar = new ParentFileRegistrar();
    registrar.ds = dsSet([...ownA, ...ownB].flatMap((k) => k.ds));
    let now = Date.now();
    const [address, port] = parentNs.split(':');
    const options = { to: 'b', from: 'a', yes: true, env, dnssec: 'multi-signer' as const, registrar, clock: () => new Date(now), parentNameservers: [{ address: address!, port: Number(port) }] };
    const stops: string[] = [];
    for (let round = 0; round < 6; round++) {
      const report = await switchZone(config, new ProviderSet(config, env), ZONE, { ...options, now: new Date(now), resume: round > 0 });
      expect(report.exitCode, JSON.stringify(report.steps, null, 2)).toBe(0);
      const verified = await runCli(['verify', '--parent-ns', parentNs], { cwd: ws.dir, env });
      expect(verified.code, `after ${stops.join(', ')}: ${verified.stdout}${verified.stderr}`).toBe(0);
      if (report.run?.status === 'done') break;
      const waiting = report.steps.find((s) => s.status === 'waiting');
      stops.push(`${waiting?.name}:${registrar.calls.length}`);
      now = new Date(waiting!.until!).getTime() + 1000;
    }
    // Each wait stops the run: before the move, after it (a still answers), after a's DS went.
    expect(stops).toEqual(['ttl-wait:0', 'old-ns-wait:0', 'ds-ttl-wait:1']);
    expect(registrar.calls).toEqual([dsSet(ownB.flatMap((k) => k.ds))]);
    const atParent = await parentDsSet(`${ZONE}.`, options.parentNameservers, 2000);
    expect(dsSet((atParent?.records ?? []).map(formatDs))).toEqual(dsSet(ownB.flatMap((k) => k.ds)));
    // b serves its own key and no longer a's; a is left as it was (it serves b's key next to its own).
    expect((await dnskeysAt(b.dns, `${ZONE}.`)).map((k) => k.keyTag).sort()).toEqual(ownB.map((k) => k.keyTag).sort());
    expect((await dnskeysAt(a.dns, `${ZONE}.`)).map((k) => k.keyTag).sort()).toEqual([...ownA, ...ownB].map((k) => k.keyTag).sort());
  }, 180_000);

  it('then unsigned-first from a to b: DS removed, waited out, moved, b signs, only b\'s DS published', async () => {
    const registrar = new ParentFileRegistrar();
    registrar.ds = (await dnskeysAt(a.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
    let now = Date.now();
    const slept: number[] = [];
    const [address, port] = parentNs.split(':');
    const report = await switchZone(config, new ProviderSet(config, env), ZONE, {
      to: 'b', from: 'a', yes: true, now: new Date(now), env, dnssec: 'unsigned-first', wait: true, registrar,
      clock: () => new Date(now), sleep: async (ms: number) => { slept.push(ms); now += ms; }, parentNameservers: [{ address: address!, port: Number(port) }],
    });
    expect(report.steps.map((s) => `${s.name}:${s.status}`), JSON.stringify(report.steps, null, 2)).toEqual(['health:ok', 'parity:ok', 'ds-remove:ok', 'ds-wait:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:ok', 'sign:ok', 'delegation-wait:ok', 'ds-publish:ok', 'propagation:ok']);
    const ownB = (await directProvidersB().dnssec!(`${ZONE}.`)).keys.flatMap((k) => k.ds);
    expect(registrar.calls).toEqual([[], dsSet(ownB)]);
    // Two waits: DS TTL + longest TTL before the move, the delegation TTL (60 s) before the new DS.
    expect(slept).toHaveLength(2);
    expect(slept[1]).toBe(60_000);
  }, 120_000);

  it('refuses ds-retire, writing nothing, when the old signer\'s keys cannot be identified (none recorded, a no longer signs)', async () => {
    // A state folder of its own: the refused run stays unfinished there.
    const own = { ...config, stateDir: join(dir, 'state-unidentified') };
    const registrar = new ParentFileRegistrar();
    registrar.ds = dsSet((await directProvidersB().dnssec!(`${ZONE}.`)).keys.flatMap((k) => k.ds));
    let now = Date.now();
    const [address, port] = parentNs.split(':');
    const options = { to: 'b', from: 'a', yes: true, env, dnssec: 'multi-signer' as const, registrar, clock: () => new Date(now), parentNameservers: [{ address: address!, port: Number(port) }] };
    let report = await switchZone(own, new ProviderSet(own, env), ZONE, { ...options, now: new Date(now) });
    for (let round = 0; round < 3 && report.steps.find((s) => s.status === 'waiting')?.name !== 'old-ns-wait'; round++) {
      now = new Date(report.steps.find((s) => s.status === 'waiting')!.until!).getTime() + 1000;
      report = await switchZone(own, new ProviderSet(own, env), ZONE, { ...options, now: new Date(now), resume: true });
    }
    const wait = report.steps.find((s) => s.status === 'waiting');
    expect(wait?.name, JSON.stringify(report.steps, null, 2)).toBe('old-ns-wait');
    // As a run begun before the old signer's keys were recorded; and a has since stopped signing.
    const runDir = join(own.stateDir, 'runs', report.run!.id);
    const spec = JSON.parse(await readFile(join(runDir, 'switch.json'), 'utf8')) as { oldKeys?: string[] };
    expect(spec.oldKeys?.length).toBeGreaterThan(0);
    delete spec.oldKeys;
    await writeFile(join(runDir, 'switch.json'), JSON.stringify(spec));
    await createPowerDnsProvider('a', { type: 'powerdns', url: a.url, apiKey: a.apiKey, nameservers: [`127.0.0.1:${a.dns.port}`] }).unsignZone!(`${ZONE}.`);
    const calls = registrar.calls.length;
    const before = await parentDsSet(`${ZONE}.`, options.parentNameservers, 2000);
    const keysAtB = (await dnskeysAt(b.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();

    now = new Date(wait!.until!).getTime() + 1000;
    const refused = await switchZone(own, new ProviderSet(own, env), ZONE, { ...options, now: new Date(now), resume: true });
    expect(refused.exitCode).toBe(3);
    const retire = refused.steps.find((s) => s.name === 'ds-retire');
    expect(retire?.status).toBe('failed');
    expect(retire?.detail).toBe(`refused: the keys of a, the old signer, cannot be identified (none were recorded when the run began; a does not sign ${ZONE}.); nothing was changed`);
    expect(refused.steps.find((s) => s.name === 'keys-retire')?.status).toBe('skipped');
    expect(registrar.calls).toHaveLength(calls);
    expect(dsSet((await parentDsSet(`${ZONE}.`, options.parentNameservers, 2000))?.records.map(formatDs) ?? [])).toEqual(dsSet(before?.records.map(formatDs) ?? []));
    expect((await dnskeysAt(b.dns, `${ZONE}.`)).map((k) => k.keyTag).sort()).toEqual(keysAtB);
  }, 120_000);

  it('refuses multi-signer when the old signer is down, naming unsigned-first', async () => {
    const providers = new ProviderSet(config, env);
    await a.stop();
    const report = await switchZone(config, providers, ZONE, { to: 'b', from: 'a', yes: true, now: new Date(), env, dnssec: 'multi-signer', parentNameservers: [{ address: '127.0.0.1', port: Number(parentNs.split(':')[1]) }], timeouts: { apiMs: 1500, dnsMs: 300 } });
    expect(report.exitCode).toBe(3);
    const refusal = report.steps.find((s) => s.name === 'dnssec');
    expect(refusal?.detail).toMatch(/^refused: --dnssec multi-signer needs every signer up and able to publish the others' keys: a is down: .+; use --dnssec unsigned-first$/);
  }, 60_000);
});
