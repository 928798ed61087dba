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

/**
 * Two real signers of one zone, through bin/run.js and a real zonesync.yaml: PowerDNS signing
 * because its zone was created with `dnssec: true`, and BIND 9.18 with `dnssec-policy` and
 * inline signing. The parent (a named serving `test.`) holds a DS for each KSK.
 */

const ZONE = 'signed.test';
let pdns: PowerDnsServer;
let bind: BindServer;
const parents: FileServingNamed[] = [];
let ws: Workspace;
let dir: string;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

async function parentWith(ds: string[]): Promise<FileServingNamed> {
  const named = await startZoneNamed(join(dir, `parent${parents.length}`), 'test.', [
    '$ORIGIN test.', '$TTL 300', '@ SOA ns.test. hostmaster.test. 1 3600 600 604800 300', '@ NS ns.test.', 'ns A 127.0.0.1',
    'signed NS ns1.signed.test.', 'ns1.signed A 127.0.0.1', ...ds.map((line) => `signed DS ${line}`),
  ]);
  parents.push(named);
  return named;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-signers-'));
  pdns = await startPowerDns({ dnssec: true });
  bind = await startBind({
    zones: [ZONE],
    extraConfig: ['dnssec-policy "zonesync" { keys { csk lifetime unlimited algorithm ecdsa256; }; };'],
    // A dynamic zone: named signs each UPDATE as it applies it. (An inline-signed zone, whose signed copy lags the update, is test/cli/bind-readback.test.ts.)
    zoneOptions: 'dnssec-policy "zonesync"; ',
  });
  // PowerDNS signs a zone created with dnssec: true (keys made by the server).
  const created = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
    method: 'POST', headers: { 'X-API-Key': pdns.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `${ZONE}.`, kind: 'Native', nameservers: [`ns1.${ZONE}.`], dnssec: true }),
  });
  if (!created.ok) throw new Error(`creating the signed zone: ${created.status} ${await created.text()}`);
  env = { PDNS_API_KEY: pdns.apiKey, TSIG_SECRET: bind.tsig.secret };
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:', ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns] }), ...bindBlock('bind', { dns: bind.dns, tsig: bind.tsig }), 'zones:', ...zoneBlock(ZONE, { targets: ['pdns', 'bind'] }), ''].join('\n'),
    [`zones/${ZONE}.yaml`]: ["ns1:", '  type: A', '  value: 127.0.0.1', 'www:', '  - type: A', '    value: 192.0.2.1', '  - type: AAAA', '    value: 2001:db8::1', "'':", '  type: MX', '  value: 10 mail.signed.test.', 'mail:', '  type: A', '  value: 192.0.2.25', ''].join('\n'),
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  // BIND signs in the background after load and after each update: wait for its key set.
  const deadline = Date.now() + 20_000;
  while ((await dnskeysAt(bind.dns, `${ZONE}.`)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}, 120_000);

afterAll(async () => {
  for (const p of parents) await p.stop();
  await bind?.stop();
  await pdns?.stop();
  await ws?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const dsOf = async (ns: { address: string; port: number }): Promise<string[]> => (await dnskeysAt(ns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);

describe('verify with two real signers', () => {
  it('plan shows the DNSSEC state of each target', async () => {
    const plan = await cli('plan');
    expect(plan.stdout).toMatch(/dnssec: signed: \d+\/13 KSK \(DS \d+ 13 2 [0-9A-F]{64}\).* \(cryptokeys API\)/);
    expect(plan.stdout).toMatch(/dnssec: signed: \d+\/13 KSK \(DS \d+ 13 2 [0-9A-F]{64}\) \(DNSKEY at 127\.0\.0\.1:\d+\)/);
  }, 60_000);

  it('passes when the parent holds a DS for each provider\'s KSK', async () => {
    const parent = await parentWith([...(await dsOf(pdns.dns)), ...(await dsOf(bind.dns))]);
    const result = await cli('verify', '--format', 'json', '--parent-ns', `${parent.dns.address}:${parent.dns.port}`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout)[0];
    expect(report.dnssec.signed).toBe(true);
    expect(report.dnssec.parentDs).toHaveLength(2);
    // Each provider's DS is the other's stale one: warned, not failed (one DS that matches is enough).
    const warnings = report.providers.flatMap((p: { nameservers: Array<{ dnssec: { warnings: Array<{ reason: string }> } }> }) => p.nameservers.flatMap((ns) => ns.dnssec.warnings.map((w) => w.reason)));
    expect(warnings.filter((w: string) => /^DS \d+\/13 .* matches no DNSKEY at 127\.0\.0\.1$/.test(w))).toHaveLength(2);
  }, 60_000);

  it('fails with exit 3 when the parent DS matches only PowerDNS, naming BIND\'s nameserver', async () => {
    const parent = await parentWith(await dsOf(pdns.dns));
    const result = await cli('verify', '--parent-ns', `${parent.dns.address}:${parent.dns.port}`);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(new RegExp(`BROKEN 127\\.0\\.0\\.1:${bind.dns.port} — 1 of \\d+ answers wrong: DS signed\\.test\\. with EDNS: DS \\d+/13 \\(parent 127\\.0\\.0\\.1:${parent.dns.port}\\) matches no DNSKEY at 127\\.0\\.0\\.1: validating resolvers get SERVFAIL, expected valid DNSSEC`));
    expect(result.stdout).toMatch(new RegExp(`ok\\s+127\\.0\\.0\\.1:${pdns.dns.port} — `));
  }, 60_000);
});
