import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { MULTI_ZONE, SIGNER_A_NS, SIGNER_B_NS, createPdnsZone, shortApexTtls } from './setup.js';

/**
 * `switch --dnssec multi-signer --from a --wait` through bin/run.js with nothing done by hand: two
 * PowerDNS signers (direct-dnskey), the parent `com.` a zone zonesync manages on a third PowerDNS
 * (`type: zone`). b signs, each signer publishes the other's key, the parent gets a DS for both
 * KSKs, the TTLs (a second each) are slept, the delegation moves to b; then a is retired: its DS
 * leaves the parent, its key leaves b's DNSKEY set. verify passes at each stop.
 */

const ZONE = MULTI_ZONE;
const NS_A = SIGNER_A_NS;
const NS_B = SIGNER_B_NS;
let a: PowerDnsServer;
let b: PowerDnsServer;
let parent: PowerDnsServer;
let ws: Workspace;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

async function delegation(): Promise<string[]> {
  const zone = (await pdnsApi(parent, 'GET', '/zones/com.')) as { rrsets: Array<{ name: string; type: string; records: Array<{ content: string }> }> };
  return zone.rrsets.filter((r) => r.name === `${ZONE}.`).map((r) => `${r.type} ${r.records.map((x) => x.content).sort().join(' | ')}`).sort();
}

beforeAll(async () => {
  [a, b, parent] = await Promise.all([startPowerDns({ dnssec: true, directDnskey: true }), startPowerDns({ dnssec: true, directDnskey: true }), startPowerDns()]);
  await Promise.all([createPdnsZone(a, ZONE, [NS_A, NS_B], true), createPdnsZone(b, ZONE, [NS_A, NS_B], false)]);
  await Promise.all([shortApexTtls(a, ZONE, [NS_A, NS_B]), shortApexTtls(b, ZONE, [NS_A, NS_B])]);
  const ds = (await dnskeysAt(a.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
  await pdnsApi(parent, 'POST', '/zones', {
    name: 'com.', kind: 'Native', nameservers: ['ns.com.'],
    rrsets: [
      { name: `${ZONE}.`, type: 'NS', ttl: 1, changetype: 'REPLACE', records: [{ content: NS_A, disabled: false }] },
      { name: `${ZONE}.`, type: 'DS', ttl: 1, changetype: 'REPLACE', records: ds.map((content) => ({ content, disabled: false })) },
    ],
  });
  env = { PDNS_API_KEY: a.apiKey, PDNS_B_KEY: b.apiKey, PARENT_KEY: parent.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:',
      ...powerdnsBlock('a', { url: a.url, nameservers: [a.dns], names: [NS_A] }),
      ...powerdnsBlock('b', { url: b.url, nameservers: [b.dns], names: [NS_B], apiKeyVar: 'PDNS_B_KEY' }),
      ...powerdnsBlock('parent-pdns', { url: parent.url, nameservers: [parent.dns], apiKeyVar: 'PARENT_KEY' }),
      'registrars:', '  parent: { type: zone, zone: com., provider: parent-pdns, ttl: 1 }',
      'zones:', ...zoneBlock(ZONE, { targets: ['a', 'b'], delegate: ['a', 'b'], registrar: 'parent', nsTtl: 1, parentNsTtl: 1 }), ''].join('\n'),
    [`zones/${ZONE}.yaml`]: ["'':", '  type: A', '  ttl: 1', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 1', '  value: 192.0.2.20', ''].join('\n'),
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([a?.stop(), b?.stop(), parent?.stop()]);
  await ws?.cleanup();
});

async function journal(): Promise<Array<{ type: string; step?: string; status?: string }>> {
  const runs = (await readdir(join(ws.dir, '.zonesync/runs'))).filter((n) => !n.startsWith('.')).sort().reverse();
  for (const id of runs) {
    const text = await readFile(join(ws.dir, '.zonesync/runs', id, 'journal.jsonl'), 'utf8');
    if (text.includes('"kind":"switch"')) return text.trim().split('\n').map((l) => JSON.parse(l));
  }
  throw new Error('no switch run');
}

const keyTags = async (server: PowerDnsServer): Promise<number[]> => (await dnskeysAt(server.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();
const ownKeys = async (server: PowerDnsServer) => ((await pdnsApi(server, 'GET', `/zones/${ZONE}./cryptokeys`)) as Array<{ dnskey: string }>).map((k) => dnskeyFromText(k.dnskey));

describe('switch --dnssec multi-signer --from a --wait with a type: zone parent (bin/run.js)', () => {
  const parentNs = (): string => `${parent.dns.address}:${parent.dns.port}`;
  const ARGS = ['switch', ZONE, '--to', 'b', '--from', 'a', '--dnssec', 'multi-signer'];

  it('a dry run lists the steps with their waits, the old signer\'s removal after the move', async () => {
    const result = await cli(...ARGS, '--parent-ns', parentNs(), '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const plan = (JSON.parse(result.stdout) as { steps: Array<{ name: string; status: string; lines: string[] }> }).steps.find((s) => s.name === 'dnssec');
    expect(plan?.status).toBe('dry-run');
    expect(plan?.lines.slice(6)).toEqual([
      '7. registrar: give the registrar the new delegation',
      '8. old-ns-wait: wait 1s (delegation TTL 1s: no resolver still asks the old signer)',
      '9. ds-retire: remove the old signer\'s DS at the parent',
      '10. ds-ttl-wait: wait 1s (DS TTL 1s: no resolver holds the old signer\'s DS)',
      '11. keys-retire: remove the old signer\'s keys from the other signers\' DNSKEY sets',
    ]);
    expect(await delegation()).toContain(`NS ${NS_A}`);
  }, 60_000);

  it('moves to b, retires a\'s DS, is killed before keys-retire, and --resume removes a\'s key at b; verify passes at each stop', async () => {
    // Killed (SIGKILL) right after the journal says ds-retire is done: run-start, then ten steps started and done.
    const crashed = await runCli([...ARGS, '--yes', '--wait', '--parent-ns', parentNs(), '--format', 'json'], { cwd: ws.dir, env: { ...env, ZONESYNC_CRASH_AFTER_ENTRY: '19' } });
    expect(crashed.code).not.toBe(0);
    expect((await journal()).slice(-3).map((e) => `${e.step}:${e.status}`)).toEqual(['old-ns-wait:done', 'ds-retire:started', 'ds-retire:done']);
    const [ownA, ownB] = await Promise.all([ownKeys(a), ownKeys(b)]);
    const dsOf = (keys: typeof ownA) => keys.filter((k) => k.flags === 257).map((k) => keySummary(`${ZONE}.`, k).ds[0]!.toLowerCase()).sort();
    // The parent holds b's DS only and the new delegation; b still serves a's key, and verify passes.
    expect(await delegation()).toEqual([`DS ${dsOf(ownB).join(' | ')}`, `NS ${NS_B}`]);
    expect(await keyTags(b)).toEqual([...ownA, ...ownB].map((k) => k.keyTag).sort());
    const between = await cli('verify', ZONE, '--parent-ns', parentNs());
    expect(between.code, between.stdout + between.stderr).toBe(0);

    const resumed = await cli(...ARGS, '--yes', '--wait', '--resume', '--parent-ns', parentNs(), '--format', 'json');
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { run: { status: string }; steps: Array<{ name: string; status: string; earlier?: boolean }> };
    expect(report.run.status).toBe('done');
    expect(report.steps.filter((s) => s.earlier).map((s) => s.name)).toEqual(['sign', 'keys-publish', 'ds-publish', 'ttl-wait', 'dnssec', 'apex-ns', 'registrar', 'old-ns-wait', 'ds-retire']);
    expect(report.steps.filter((s) => !s.earlier).map((s) => `${s.name}:${s.status}`)).toEqual(['health:ok', 'parity:ok', 'ds-ttl-wait:ok', 'keys-retire:ok', 'propagation:ok']);

    // The parent holds only b's DS, b serves only its own keys, and verify passes on every nameserver.
    expect(await delegation()).toEqual([`DS ${dsOf(ownB).join(' | ')}`, `NS ${NS_B}`]);
    expect(await keyTags(b)).toEqual(ownB.map((k) => k.keyTag).sort());
    const verified = await cli('verify', ZONE, '--parent-ns', parentNs());
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/DNSSEC: signed/);
  }, 120_000);
});
