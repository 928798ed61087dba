import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { bindBlock, powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { BIND_NS, CLI_ENV, PDNS_NS, ZONE, createPdnsZone, directProviders, setApexNs, shortApexTtls } from './setup.js';

/**
 * `switch --dnssec unsigned-first --wait` from start to end through bin/run.js, with nothing done by
 * hand: the parent zone `com.` is a zone zonesync manages on a second PowerDNS (`type: zone`
 * registrar), so the DS removal, the delegation move and the DS check are all writes and reads
 * there. From a PowerDNS that signs to a BIND that does not: the DS goes first, the waits are
 * slept (TTLs of a second or two), the delegation moves, the zone stays insecure, verify passes.
 */

let pdns: PowerDnsServer;
let bind: BindServer;
let parent: PowerDnsServer;
let ws: Workspace;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

/** The child's rrsets in the parent: `TYPE values`. */
async function delegation(): Promise<string[]> {
  const zone = (await pdnsApi(parent, 'GET', '/zones/com.')) as { rrsets: Array<{ name: string; type: string; records: Array<{ content: string }> }> };
  return zone.rrsets.filter((r) => r.name === `${ZONE}.`).map((r) => `${r.type} ${r.records.map((x) => x.content).sort().join(' ')}`).sort();
}

beforeAll(async () => {
  [pdns, bind, parent] = await Promise.all([startPowerDns({ dnssec: true }), startBind({ zones: [ZONE], apexNameserver: BIND_NS }), startPowerDns()]);
  await createPdnsZone(pdns, ZONE, [PDNS_NS], true);
  await shortApexTtls(pdns, ZONE, [PDNS_NS]);
  const ds = (await dnskeysAt(pdns.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
  await pdnsApi(parent, 'POST', '/zones', {
    name: 'com.', kind: 'Native', nameservers: ['ns.com.'],
    rrsets: [
      { name: 'ns.com.', type: 'A', ttl: 1, changetype: 'REPLACE', records: [{ content: '127.0.0.1', disabled: false }] },
      { name: `${ZONE}.`, type: 'NS', ttl: 1, changetype: 'REPLACE', records: [PDNS_NS, BIND_NS].map((content) => ({ content, disabled: false })) },
      { name: `${ZONE}.`, type: 'DS', ttl: 1, changetype: 'REPLACE', records: ds.map((content) => ({ content, disabled: false })) },
    ],
  });
  env = { ...CLI_ENV(pdns, bind), PARENT_PDNS_KEY: parent.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS] }),
      ...bindBlock('bind', bind),
      ...powerdnsBlock('parent-pdns', { url: parent.url, nameservers: [parent.dns], apiKeyVar: 'PARENT_PDNS_KEY' }),
      'registrars:',
      '  parent: { type: zone, zone: com., provider: parent-pdns, ttl: 1 }',
      'zones:',
      ...zoneBlock(ZONE, { targets: ['pdns', 'bind'], registrar: 'parent', nsTtl: 1, parentNsTtl: 1 }),
      '',
    ].join('\n'),
    [`zones/${ZONE}.yaml`]: ["'':", '  type: A', '  ttl: 2', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 2', '  value: 192.0.2.20', ''].join('\n'),
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  await setApexNs(directProviders(pdns, bind).bind, `${ZONE}.`, [PDNS_NS, BIND_NS]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([pdns?.stop(), bind?.stop(), parent?.stop()]);
  await ws?.cleanup();
});

describe('switch --dnssec unsigned-first --wait with a type: zone parent (bin/run.js)', () => {
  it('before the switch, verify names the unsigned twin under a DS read from the parent zone', async () => {
    const verified = await cli('verify', ZONE);
    expect(verified.code, verified.stdout).toBe(3);
    expect(verified.stdout).toMatch(/DS \d+\/13 \(registrar parent \(zone\)\) matches no DNSKEY at 127\.0\.0\.1/);
  }, 60_000);

  it('a dry run lists the steps with waits of seconds', async () => {
    const parentNs = `${parent.dns.address}:${parent.dns.port}`;
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--dnssec', 'unsigned-first', '--parent-ns', parentNs, '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const plan = (JSON.parse(result.stdout) as { steps: Array<{ name: string; lines: string[] }> }).steps.find((s) => s.name === 'dnssec');
    expect(plan?.lines.join('\n')).toMatch(/ds-wait: wait \ds/);
  }, 60_000);

  it('removes the DS, waits, moves the delegation in the parent, and the zone verifies insecure', async () => {
    const parentNs = `${parent.dns.address}:${parent.dns.port}`;
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--dnssec', 'unsigned-first', '--yes', '--wait', '--parent-ns', parentNs, '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { run: { status: string }; steps: Array<{ name: string; status: string }> };
    expect(report.run.status).toBe('done');

    // The parent: no DS, and the delegation lists BIND alone.
    expect(await delegation()).toEqual([`NS ${BIND_NS}`]);

    // The journal: the DS removal was done before the delegation was touched.
    const runs = (await readdir(join(ws.dir, '.zonesync/runs'))).filter((n) => !n.startsWith('.')).sort();
    let entries: Array<{ type: string; step?: string; status?: string }> = [];
    for (const id of runs) {
      const text = await readFile(join(ws.dir, '.zonesync/runs', id, 'journal.jsonl'), 'utf8');
      if (text.includes('"kind":"switch"')) entries = text.trim().split('\n').map((l) => JSON.parse(l));
    }
    const at = (step: string, status: string) => entries.findIndex((e) => e.type === 'switch-step' && e.step === step && e.status === status);
    expect(at('ds-remove', 'done')).toBeGreaterThan(-1);
    expect(at('ds-wait', 'done')).toBeGreaterThan(at('ds-remove', 'done'));
    expect(at('registrar', 'started')).toBeGreaterThan(at('ds-wait', 'done'));
    expect(entries.at(-1)?.type).toBe('run-end');

    // The parent's writes were runs of their own: the registrar went through the apply engine.
    const parentRuns = [];
    for (const id of runs) {
      const plan = await readFile(join(ws.dir, '.zonesync/runs', id, 'plan.json'), 'utf8').catch(() => '');
      if (plan.includes('"com."')) parentRuns.push(id);
    }
    expect(parentRuns.length).toBeGreaterThanOrEqual(2);

    const verified = await cli('verify', ZONE);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).not.toMatch(/matches no DNSKEY/);
  }, 120_000);
});
