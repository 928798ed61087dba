import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { startZoneNamed, type FileServingNamed } from '../harness/named-files.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { bindBlock, powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { BIND_NS, CLI_ENV, PDNS_NS, ZONE, createPdnsZone, ZONE_FILE, directProviders, setApexNs } from './setup.js';

/**
 * `switch` from a PowerDNS that signs the zone to a BIND that does not: with the parent's DS
 * pointing at PowerDNS's KSK, moving the delegation would make every validating resolver fail the
 * zone. The switch refuses and names the strategies; with no DS at the parent it goes ahead.
 */

let pdns: PowerDnsServer;
let bind: BindServer;
let ws: Workspace;
let dir: string;
let env: Record<string, string>;
const parents: FileServingNamed[] = [];
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

async function parentWith(ds: string[]): Promise<string> {
  const named = await startZoneNamed(join(dir, `parent${parents.length}`), 'com.', [
    '$ORIGIN com.', '$TTL 300', '@ SOA ns.com. hostmaster.com. 1 3600 600 604800 300', '@ NS ns.com.', 'ns A 127.0.0.1',
    `zonesync-switch NS ${PDNS_NS}`, `zonesync-switch NS ${BIND_NS}`, ...ds.map((line) => `zonesync-switch DS ${line}`),
  ]);
  parents.push(named);
  return `${named.dns.address}:${named.dns.port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-switch-dnssec-'));
  [pdns, bind] = await Promise.all([startPowerDns({ dnssec: true }), startBind({ zones: [ZONE], apexNameserver: BIND_NS })]);
  await createPdnsZone(pdns, ZONE, [PDNS_NS], true);
  env = CLI_ENV(pdns, bind);
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:', ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS] }), ...bindBlock('bind', bind),
      'registrars:', '  by-hand: { type: manual }', 'zones:', ...zoneBlock(ZONE, { targets: ['pdns', 'bind'], registrar: 'by-hand' }), ''].join('\n'),
    [`zones/${ZONE}.yaml`]: ZONE_FILE,
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  await setApexNs(directProviders(pdns, bind).bind, `${ZONE}.`, [PDNS_NS, BIND_NS]);
}, 90_000);

afterAll(async () => {
  for (const p of parents) await p.stop();
  await Promise.allSettled([pdns?.stop(), bind?.stop()]);
  await ws?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('switch is DNSSEC-safe', () => {
  it('refuses to move a signed zone to an unsigned provider while the parent holds a DS, naming the strategies', async () => {
    const ds = (await dnskeysAt(pdns.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
    expect(ds.length).toBeGreaterThan(0);
    const parent = await parentWith(ds);
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--yes', '--parent-ns', parent, '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const report = JSON.parse(result.stdout);
    expect(report.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'dnssec:failed', 'apex-ns:skipped', 'registrar:skipped', 'propagation:skipped']);
    const guard = report.steps[2];
    expect(guard.detail).toMatch(/^refused: validating resolvers would get SERVFAIL for zonesync-switch\.com\. after the switch: DS \d+\/13 at the parent matches no DNSKEY at bind \(it serves none\)$/);
    expect(guard.lines.join('\n')).toMatch(/--dnssec unsigned-first/);
    expect(guard.lines.join('\n')).toMatch(/--dnssec multi-signer/);
    // Nothing moved: both providers still list both names.
    expect((await directProviders(pdns, bind).bind.delegationNameservers(`${ZONE}.`)).sort()).toEqual([BIND_NS, PDNS_NS].sort());
  }, 60_000);

  it('refuses without --parent-ns too, when the new delegation has a provider with no key and another signs', async () => {
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/bind serves no DNSKEY while pdns signs the zone \(the parent's DS was not read: pass --parent-ns\)/);
  }, 60_000);

  it('goes ahead (dry run) once the parent holds no DS: the unsigned-first path', async () => {
    const parent = await parentWith([]);
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--parent-ns', parent, '--format', 'json');
    const report = JSON.parse(result.stdout);
    expect(report.steps[2]).toMatchObject({ name: 'dnssec', status: 'ok', detail: 'the parent holds no DS for the zone: the delegation is insecure, resolvers do not validate it' });
    expect(report.steps.map((s: { name: string }) => s.name)).toContain('apex-ns');
  }, 60_000);

  it('counts the DS and DNSKEY TTLs in the propagation estimate and times both strategies', async () => {
    const ds = (await dnskeysAt(pdns.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
    const parent = await parentWith(ds);
    const result = await cli('switch', ZONE, '--to', 'pdns', '--from', 'bind', '--parent-ns', parent, '--format', 'json');
    const report = JSON.parse(result.stdout);
    expect(report.steps[2], result.stdout + result.stderr).toMatchObject({ name: 'dnssec', status: 'ok', data: { dsTtl: 300 } });
    const dnskeyTtl = report.steps[2].data.dnskeyTtl as number;
    expect(dnskeyTtl).toBeGreaterThan(0);
    const propagation = report.steps.find((s: { name: string }) => s.name === 'propagation');
    expect(propagation.data).toMatchObject({ dsTtl: 300, dnskeyTtl });
    expect(propagation.lines).toContain('DS TTL 300 s (5m), from the parent: validating resolvers keep the old DS that long');
    expect(propagation.lines.join('\n')).toMatch(/^unsigned-first: .+ \(DS TTL 5m \+ longest TTL .+ \+ delegation .+\)$/m);
    expect(propagation.lines.join('\n')).toMatch(/^multi-signer: .+ \(DNSKEY TTL .+ \+ DS TTL 5m \+ delegation .+\)$/m);
  }, 60_000);
});
