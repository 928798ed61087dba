import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { MULTI_ZONE, SIGNER_A_NS, SIGNER_B_NS, createPdnsZone, shortApexTtls } from './setup.js';

/**
 * `switch --dnssec multi-signer --wait` through bin/run.js with nothing done by hand: two PowerDNS
 * signers (direct-dnskey), the parent `com.` a zone zonesync manages on a third PowerDNS
 * (`type: zone`). b signs, each signer publishes the other's key, the parent gets a DS for both
 * KSKs, the TTLs (a second each) are slept, then the delegation moves; verify passes everywhere.
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

describe('switch --dnssec multi-signer --wait with a type: zone parent (bin/run.js)', () => {
  it('both signers serve both keys, the parent holds both DS and the new delegation, verify passes', async () => {
    const parentNs = `${parent.dns.address}:${parent.dns.port}`;
    const result = await cli('switch', ZONE, '--to', 'b', '--dnssec', 'multi-signer', '--yes', '--wait', '--parent-ns', parentNs, '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { run: { status: string }; steps: Array<{ name: string; status: string }> };
    expect(report.run.status).toBe('done');
    expect(report.steps.map((s) => `${s.name}:${s.status}`)).toEqual(expect.arrayContaining(['sign:ok', 'keys-publish:ok', 'ds-publish:ok', 'ttl-wait:ok', 'registrar:ok']));

    const keysA = (await dnskeysAt(a.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();
    const keysB = (await dnskeysAt(b.dns, `${ZONE}.`)).map((k) => k.keyTag).sort();
    expect(keysA).toHaveLength(2);
    expect(keysB).toEqual(keysA);

    const held = await delegation();
    const dsLine = held.find((l) => l.startsWith('DS '));
    expect(dsLine?.split(' | ')).toHaveLength(2);
    expect(held).toContain(`NS ${[NS_A, NS_B].sort().join(' | ')}`);

    const verified = await cli('verify', ZONE, '--parent-ns', parentNs);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/DNSSEC: signed/);
  }, 120_000);
});
