import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeyFromText, type Dnskey } from '../../src/dns/dnssec/wire.js';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { MULTI_ZONE, SIGNER_A_NS, createPdnsZone, shortApexTtls } from './setup.js';

/**
 * `switch --dnssec multi-signer` between PowerDNS (direct-dnskey) and Cloudflare through bin/run.js,
 * the parent `com.` a zone zonesync manages on another PowerDNS (`type: zone`). Cloudflare's
 * simulated edge signs as Cloudflare does (its keys, the other signer's keys as apex DNSKEY records
 * with multi-signer on, compact denial), and zonesync's `verify` checks it at every stop. Once
 * PowerDNS's DS has left the parent, PowerDNS (still a target) fails verify's DS check: it publishes
 * Cloudflare's ZSK, not its KSK, so verify is asked of the signer that remains.
 */

const ZONE = MULTI_ZONE;
const NS_PDNS = SIGNER_A_NS;
const CF_NAMES = ['ada.ns.cloudflare.com.', 'bob.ns.cloudflare.com.'];
let pdns: PowerDnsServer;
let parent: PowerDnsServer;
let cf: CloudflareSimulator;
let ws: Workspace;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });
const parentNs = (): string => `${parent.dns.address}:${parent.dns.port}`;

/** The child's rrsets in the parent: `TYPE values`. */
async function delegation(): Promise<string[]> {
  const zone = (await pdnsApi(parent, 'GET', '/zones/com.')) as { rrsets: Array<{ name: string; type: string; records: Array<{ content: string }> }> };
  return zone.rrsets.filter((r) => r.name === `${ZONE}.`).map((r) => `${r.type} ${r.records.map((x) => x.content.toUpperCase()).sort().join(' | ')}`).sort();
}

const keyTags = async (ns: { address: string; port: number }): Promise<number[]> => (await dnskeysAt(ns, `${ZONE}.`)).map((k) => k.keyTag).sort();
const pdnsOwn = async () => ((await pdnsApi(pdns, 'GET', `/zones/${ZONE}./cryptokeys`)) as Array<{ dnskey: string }>).map((k) => dnskeyFromText(k.dnskey));
/** The DS (SHA-256, upper case) of each KSK among `keys`, sorted. */
const dsOf = (keys: Dnskey[]): string[] => keys.filter((k) => k.flags === 257).map((k) => keySummary(`${ZONE}.`, k).ds[0]!).sort();

interface Report {
  run?: { status: string };
  steps: Array<{ name: string; status: string; until?: string }>;
}

/** Both signers' servers and the parent, the zone signed by `signer` alone and delegated to it, zonesync.yaml with both as targets, applied. */
async function setUp(signer: 'pdns' | 'cf'): Promise<void> {
  [pdns, parent, cf] = await Promise.all([startPowerDns({ dnssec: true, directDnskey: true }), startPowerDns(), startCloudflareSimulator({ dnskeyTtl: 1 })]);
  await createPdnsZone(pdns, ZONE, [NS_PDNS, ...CF_NAMES], signer === 'pdns');
  await shortApexTtls(pdns, ZONE, [NS_PDNS, ...CF_NAMES]);
  cf.addZone(ZONE);
  if (signer === 'cf') {
    await createCloudflareProvider('cf', { type: 'cloudflare', apiToken: cf.token, endpoint: cf.baseUrl, nameservers: [] }).signZone(`${ZONE}.`);
    cf.dsAtRegistrar(ZONE);
  }
  const ds = dsOf(await dnskeysAt(signer === 'pdns' ? pdns.dns : cf.dns, `${ZONE}.`));
  await pdnsApi(parent, 'POST', '/zones', {
    name: 'com.', kind: 'Native', nameservers: ['ns.com.'],
    rrsets: [
      { name: `${ZONE}.`, type: 'NS', ttl: 1, changetype: 'REPLACE', records: (signer === 'pdns' ? [NS_PDNS] : CF_NAMES).map((content) => ({ content, disabled: false })) },
      { name: `${ZONE}.`, type: 'DS', ttl: 1, changetype: 'REPLACE', records: ds.map((content) => ({ content, disabled: false })) },
    ],
  });
  env = { PDNS_API_KEY: pdns.apiKey, CF_TOKEN: cf.token, PARENT_KEY: parent.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:',
      ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [NS_PDNS] }),
      `  cf: { type: cloudflare, apiToken: '\${CF_TOKEN}', endpoint: '${cf.baseUrl}', nameservers: ['${cf.dns.address}:${cf.dns.port}'] }`,
      ...powerdnsBlock('parent-pdns', { url: parent.url, nameservers: [parent.dns], apiKeyVar: 'PARENT_KEY' }),
      'registrars:', '  parent: { type: zone, zone: com., provider: parent-pdns, ttl: 1 }',
      'zones:', ...zoneBlock(ZONE, { targets: ['pdns', 'cf'], delegate: ['pdns', 'cf'], registrar: 'parent', nsTtl: 1, parentNsTtl: 1 }), ''].join('\n'),
    [`zones/${ZONE}.yaml`]: ["'':", '  type: A', '  ttl: 60', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 60', '  value: 192.0.2.20', ''].join('\n'),
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
}

async function tearDown(): Promise<void> {
  await Promise.allSettled([pdns?.stop(), parent?.stop(), cf?.close()]);
  await ws?.cleanup();
}

/**
 * `switch --to --from --dnssec multi-signer` run by `--resume` from each wait (a second each) to the end,
 * `check(retired)` after every run (`retired`: the old signer's DS has left the parent). Returns the waits it stopped at.
 */
async function switchThrough(to: string, from: string, oldDs: string[], check: (retired: boolean) => Promise<void>): Promise<string[]> {
  const args = ['switch', ZONE, '--to', to, '--from', from, '--dnssec', 'multi-signer', '--yes', '--parent-ns', parentNs(), '--format', 'json'];
  const stops: string[] = [];
  for (let round = 0; round < 6; round++) {
    const result = await cli(...args, ...(round > 0 ? ['--resume'] : []));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    await check(!(await delegation()).some((line) => oldDs.some((ds) => line.includes(ds))));
    if (report.run?.status === 'done') return stops;
    const waiting = report.steps.find((s) => s.status === 'waiting');
    expect(waiting, JSON.stringify(report.steps, null, 2)).toBeDefined();
    stops.push(waiting!.name);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(waiting!.until!).getTime() - Date.now()) + 200));
  }
  throw new Error(`not done after ${stops.join(', ')}`);
}

async function verifies(...extra: string[]): Promise<void> {
  const verified = await cli('verify', ZONE, '--parent-ns', parentNs(), ...extra);
  expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  expect(verified.stdout).toMatch(/DNSSEC: signed/);
}

describe('switch --dnssec multi-signer from PowerDNS to Cloudflare (bin/run.js, a type: zone parent)', () => {
  beforeAll(() => setUp('pdns'), 120_000);
  afterAll(tearDown);

  it('Cloudflare signs, each signer publishes the other\'s ZSK, the delegation moves, PowerDNS is retired; verify passes at every stop', async () => {
    const own = await pdnsOwn();
    const stops = await switchThrough('cf', 'pdns', dsOf(own), async (retired) => {
      // Once its DS has left the parent, PowerDNS is out of the delegation: verify the signer that remains.
      await verifies(...(retired ? ['--target', 'cf'] : []));
      if (!retired) return;
      // Asked all the same, it serves a DNSKEY set the parent's DS no longer points to: Cloudflare's KSK is not its to publish (RFC 8901 model 2).
      const all = await cli('verify', ZONE, '--parent-ns', parentNs(), '--format', 'json');
      expect(all.code).toBe(3);
      const { providers } = (JSON.parse(all.stdout) as Array<{ providers: Array<{ id: string; nameservers: Array<{ ok: boolean; mismatches: Array<{ got: string }> }> }> }>)[0]!;
      expect(providers.map((p) => `${p.id}:${p.nameservers.every((ns) => ns.ok)}`)).toEqual(['pdns:false', 'cf:true']);
      expect(providers[0]!.nameservers[0]!.mismatches.map((m) => m.got)).toEqual([expect.stringMatching(/^DS \d+\/13 \(registrar parent \(zone\)\) matches no DNSKEY at 127\.0\.0\.1: validating resolvers get SERVFAIL$/)]);
    });
    expect(stops).toEqual(['ttl-wait', 'old-ns-wait', 'ds-ttl-wait']);

    // The parent delegates to Cloudflare alone with its DS; Cloudflare serves its own KSK and ZSK only.
    const cfKeys = await dnskeysAt(cf.dns, `${ZONE}.`);
    expect(cfKeys.map((k) => k.flags).sort()).toEqual([256, 257]);
    expect(cfKeys.some((k) => own.some((o) => o.keyTag === k.keyTag))).toBe(false);
    expect(cf.records(ZONE).filter((r) => r.type === 'DNSKEY')).toEqual([]);
    expect(await delegation()).toEqual([`DS ${dsOf(cfKeys).join(' | ')}`, `NS ${CF_NAMES.map((n) => n.toUpperCase()).join(' | ')}`]);
    // PowerDNS is left as it was: its own key and Cloudflare's ZSK.
    expect(await keyTags(pdns.dns)).toEqual([...own.map((k) => k.keyTag), ...cfKeys.filter((k) => k.flags === 256).map((k) => k.keyTag)].sort());
  }, 180_000);
});

describe('switch --dnssec multi-signer from Cloudflare to PowerDNS (bin/run.js, a type: zone parent)', () => {
  beforeAll(() => setUp('cf'), 120_000);
  afterAll(tearDown);

  it('PowerDNS signs, Cloudflare publishes its CSK and it Cloudflare\'s ZSK, the delegation moves, Cloudflare is retired; verify passes at every stop', async () => {
    const cfKeys = await dnskeysAt(cf.dns, `${ZONE}.`);
    // Cloudflare, the old signer, serves PowerDNS's CSK (published as a DNSKEY record), so the new DS matches a key there too.
    const stops = await switchThrough('pdns', 'cf', dsOf(cfKeys), () => verifies());
    expect(stops).toEqual(['ttl-wait', 'old-ns-wait', 'ds-ttl-wait']);

    const own = await pdnsOwn();
    expect(await delegation()).toEqual([`DS ${dsOf(own).join(' | ')}`, `NS ${NS_PDNS.toUpperCase()}`]);
    // PowerDNS serves its own key only; Cloudflare is left as it was, PowerDNS's key among its apex DNSKEY records.
    expect(await keyTags(pdns.dns)).toEqual(own.map((k) => k.keyTag).sort());
    expect(await keyTags(cf.dns)).toEqual([...cfKeys, ...own].map((k) => k.keyTag).sort());
  }, 180_000);
});
