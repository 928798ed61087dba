import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { query } from '../../src/dns/client.js';
import { openRegistrar } from '../../src/engine/registrar.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * `type: zone`: the parent zone `parent.test.` on a real PowerDNS holds the delegation of
 * `child.parent.test.`, a zone signed on a second PowerDNS. The registrar writes the child's NS
 * and DS rrsets there through the apply engine (a run folder each), `zonesync ds` publishes the
 * child's KSK DS through bin/run.js, and `zonesync verify` checks the chain with the DS read from
 * the parent zone. Nothing else in the parent is touched.
 */

const PARENT = 'parent.test.';
const CHILD = 'child.parent.test';
let parentPdns: PowerDnsServer;
let childPdns: PowerDnsServer;
let ws: Workspace;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

/** The parent's rrsets as PowerDNS holds them: `name type ttl values`. */
async function parentRRsets(): Promise<string[]> {
  const zone = (await pdnsApi(parentPdns, 'GET', `/zones/${PARENT}`)) as { rrsets: Array<{ name: string; type: string; ttl: number; records: Array<{ content: string }> }> };
  return zone.rrsets.filter((r) => r.type !== 'SOA').map((r) => `${r.name} ${r.type} ${r.ttl} ${r.records.map((x) => x.content).sort().join(' | ')}`).sort();
}

const runFolders = async (): Promise<string[]> => readdir(join(ws.dir, '.zonesync', 'runs')).catch(() => []);

beforeAll(async () => {
  parentPdns = await startPowerDns();
  childPdns = await startPowerDns({ dnssec: true });
  // The parent: its own records and a sibling delegation, which the registrar must leave alone.
  await pdnsApi(parentPdns, 'POST', '/zones', {
    name: PARENT, kind: 'Native', nameservers: ['ns.parent.test.'],
    rrsets: [
      { name: 'ns.parent.test.', type: 'A', ttl: 300, changetype: 'REPLACE', records: [{ content: '127.0.0.1', disabled: false }] },
      { name: 'www.parent.test.', type: 'A', ttl: 300, changetype: 'REPLACE', records: [{ content: '192.0.2.80', disabled: false }] },
      { name: 'other.parent.test.', type: 'NS', ttl: 300, changetype: 'REPLACE', records: [{ content: 'ns.elsewhere.example.', disabled: false }] },
    ],
  });
  // The child, signed by its PowerDNS (keys made by the server).
  await pdnsApi(childPdns, 'POST', '/zones', { name: `${CHILD}.`, kind: 'Native', nameservers: [`ns1.${CHILD}.`], dnssec: true });
  env = { PDNS_API_KEY: parentPdns.apiKey, CHILD_PDNS_KEY: childPdns.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('parent-pdns', { url: parentPdns.url, nameservers: [parentPdns.dns] }),
      ...powerdnsBlock('child-pdns', { url: childPdns.url, nameservers: [childPdns.dns], apiKeyVar: 'CHILD_PDNS_KEY' }),
      'registrars:',
      '  parent:',
      '    type: zone',
      `    zone: ${PARENT}`,
      '    provider: parent-pdns',
      '    ttl: 600',
      'zones:',
      ...zoneBlock(CHILD, { targets: ['child-pdns'], registrar: 'parent' }),
      '',
    ].join('\n'),
    [`zones/${CHILD}.yaml`]: ['ns1:', '  type: A', '  value: 127.0.0.1', 'www:', '  type: A', '  value: 192.0.2.1', ''].join('\n'),
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
}, 120_000);

afterAll(async () => {
  await childPdns?.stop();
  await parentPdns?.stop();
  await ws?.cleanup();
});

describe('registrar type zone against real PowerDNS', () => {
  it('sets the delegation NS in the parent through an apply run, reads it back, and leaves the rest of the parent alone', async () => {
    const before = await parentRRsets();
    const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), env);
    const providers = new ProviderSet(config, env);
    try {
      const registrar = openRegistrar(config, providers, 'parent', { env });
      expect(registrar.type).toBe('zone');
      expect(await registrar.getNameservers(CHILD)).toEqual([]);
      const runsBefore = await runFolders();
      const change = await registrar.setNameservers(CHILD, [`NS1.${CHILD}`]);
      expect(change).toMatchObject({ kind: 'submitted', registrar: 'parent', domain: `${CHILD}.`, nameservers: [`ns1.${CHILD}.`], status: 'SUCCESSFUL' });
      const runs = (await runFolders()).filter((r) => !runsBefore.includes(r));
      expect(runs).toHaveLength(1);
      // The run is journaled like any apply: the parent zone on its provider, chunk by chunk.
      const journal = await readFile(join(ws.dir, '.zonesync', 'runs', runs[0]!, 'journal.jsonl'), 'utf8');
      expect(journal).toMatch(/"run-start"/);
      expect(journal).toMatch(/"run-end"/);
      expect(journal).toContain(PARENT);
      expect(await registrar.getNameservers(`${CHILD}.`)).toEqual([`ns1.${CHILD}.`]);
      expect(await registrar.setNameservers(CHILD, [`ns1.${CHILD}.`])).toMatchObject({ kind: 'unchanged' });
      // Glue-less delegation to an in-bailiwick name is the operator's business; only the NS rrset was added.
      expect(await parentRRsets()).toEqual([...before, `${CHILD}. NS 600 ns1.${CHILD}.`].sort());
      // The parent's nameserver refers to the child.
      const referral = await query(parentPdns.dns, `www.${CHILD}.`, 'A');
      expect(referral.authorities.some((r) => r.type === 'NS' && r.name === `${CHILD}.`)).toBe(true);

      await expect(registrar.setNameservers('parent.test', ['ns.x.example.'])).rejects.toThrow(`parent: parent.test. is not below parent.test.: this registrar holds only delegations in parent.test.`);
      await expect(registrar.setNameservers('example.org', ['ns.x.example.'])).rejects.toThrow(/example\.org\. is not below parent\.test\./);
      await expect(registrar.setDs!('other2.parent.test', ['1 13 2 ' + 'ab'.repeat(32)])).rejects.toThrow(/has no NS rrset at other2\.parent\.test\., so a DS there would not be a delegation/);
      await expect(registrar.setDs!(CHILD, ['1 13 2 abcd'])).rejects.toThrow(/^parent: DS 1 13 2 abcd: digest is 2 bytes/);
      expect(await parentRRsets()).toEqual([...before, `${CHILD}. NS 600 ns1.${CHILD}.`].sort());
    } finally {
      await providers.close();
    }
  }, 60_000);

  it('publishes the child\'s KSK DS in the parent (zonesync ds --publish), and verify passes with the DS read from the parent zone', async () => {
    const keys = await dnskeysAt(childPdns.dns, `${CHILD}.`);
    const ds = keys.flatMap((k) => keySummary(`${CHILD}.`, k).ds);
    expect(ds).toHaveLength(1);

    const shown = await cli('ds', CHILD);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`DS of ${CHILD}. at registrar parent (zone)`);
    expect(shown.stdout).toContain('registrar holds: none');
    expect(shown.stdout).toContain(`child-pdns: KSK DS ${ds[0]}`);

    const dry = await cli('ds', CHILD, '--publish');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would set the DS to: ${ds[0]} (dry run: run again with --yes)`);
    expect(await parentRRsets()).not.toContainEqual(expect.stringMatching(/ DS /));

    const published = await cli('ds', CHILD, '--publish', '--yes', '--format', 'json');
    expect(published.code, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ zone: `${CHILD}.`, registrar: 'parent', wanted: ds, change: { kind: 'submitted', ds, status: 'SUCCESSFUL' } });
    const rrsets = await parentRRsets();
    expect(rrsets).toContain(`${CHILD}. DS 600 ${ds[0]!.toLowerCase()}`);
    // The parent's nameserver serves it as the DS set.
    const answer = await query(parentPdns.dns, `${CHILD}.`, 'DS');
    expect(answer.answers.filter((r) => r.type === 'DS').length).toBe(1);

    const verified = await cli('verify', CHILD);
    expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
    expect(verified.stdout).toContain(`parent DS ${ds[0]} (registrar parent (zone))`);

    const again = await cli('ds', CHILD, '--publish', '--yes');
    expect(again.stdout).toContain(`already holds ${ds[0]}`);
  }, 90_000);

  it('fails verify naming a DS that matches no key, and removing the DS leaves an insecure delegation that verifies', async () => {
    const wrong = `4711 13 2 ${'CD'.repeat(32)}`;
    const set = await cli('ds', CHILD, '--ds', wrong, '--yes');
    expect(set.code, set.stderr).toBe(0);
    const verified = await cli('verify', CHILD);
    expect(verified.code).toBe(3);
    expect(verified.stdout).toContain('DS 4711/13 (registrar parent (zone)) matches no DNSKEY at');

    const removed = await cli('ds', CHILD, '--remove', '--yes');
    expect(removed.code, removed.stderr).toBe(0);
    expect(await parentRRsets()).not.toContainEqual(expect.stringMatching(/ DS /));
    // NS stays: only the DS rrset went.
    expect(await parentRRsets()).toContain(`${CHILD}. NS 600 ns1.${CHILD}.`);
    const insecure = await cli('verify', CHILD);
    expect(insecure.code, insecure.stdout).toBe(0);
    // No DS at the parent: an insecure delegation, checked as an unsigned zone (no DNSSEC failure).
    expect(insecure.stdout).not.toMatch(/matches no DNSKEY|DNSSEC/);
  }, 90_000);

  it('refuses a registrar naming an unknown provider with its place in zonesync.yaml, and a zone not below the parent', async () => {
    const bad = await makeWorkspace({
      'zonesync.yaml': ['providers:', ...powerdnsBlock('p', { url: parentPdns.url, nameservers: [parentPdns.dns] }), 'registrars:', '  parent:', '    type: zone', '    zone: parent.test.', '    provider: nope', '    color: blue', 'zones:', ...zoneBlock('example.org', { targets: ['p'], registrar: 'parent' }), ''].join('\n'),
      'zones/example.org.yaml': 'www:\n  type: A\n  value: 192.0.2.1\n',
    });
    try {
      const result = await runCli(['ds', 'example.org'], { cwd: bad.dir, env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/zonesync\.yaml:\d+:\d+: registrars\.parent\.provider: unknown provider "nope" \(known: p\)/);
      expect(result.stderr).toMatch(/zonesync\.yaml:\d+:\d+: .*color/);
      expect(result.stderr).toMatch(/zonesync\.yaml:\d+:\d+: .*registrar "parent" holds delegations in parent\.test\., and example\.org\. is not below it/);
      expect(result.stderr).not.toContain(parentPdns.apiKey);
    } finally {
      await bad.cleanup();
    }
  });
});
