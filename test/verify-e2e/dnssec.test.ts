import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RRset, Zone } from '../../src/core/model.js';
import { verifyTargets, type VerifyReport, type VerifyTarget } from '../../src/verify/index.js';
import { parentDsSet } from '../../src/engine/verify-dnssec.js';
import { startFileServingNamed, type FileServingNamed } from '../harness/named-files.js';
import { needsIntegration } from '../support/project.js';

/**
 * verify's DNSSEC checks against named serving zones signed by BIND's own signer (dnssec-keygen,
 * dnssec-signzone): a good pair passes; a corrupted RRSIG on one nameserver, expired signatures,
 * a DS at the parent that matches no key and an unsigned twin each fail, named.
 */

const ZONE = 'example.test.';
const run = promisify(execFile);
const rr = (name: string, type: RRset['type'], values: string[]): RRset => ({ name: name === '@' ? ZONE : `${name}.${ZONE}`, type, ttl: 300, values: [...values].sort() });
const desired: Zone = {
  name: ZONE,
  rrsets: [rr('@', 'MX', ['10 mail.example.test.']), rr('www', 'A', ['192.0.2.1', '192.0.2.2']), rr('mail', 'A', ['192.0.2.25']), rr('ns1', 'A', ['127.0.0.1'])],
};
const UNSIGNED = [
  `$ORIGIN ${ZONE}`, '$TTL 300',
  `@ SOA ns1.${ZONE} hostmaster.${ZONE} 1 3600 600 604800 300`, `@ NS ns1.${ZONE}`, `@ MX 10 mail.${ZONE}`,
  'www A 192.0.2.1', 'www A 192.0.2.2', 'mail A 192.0.2.25', 'ns1 A 127.0.0.1', '',
].join('\n');

const stamp = (date: Date): string => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const days = (n: number): Date => new Date(Date.now() + n * 86400_000);

let dir: string;
const servers: Record<string, FileServingNamed> = {};
let ds: string;

async function sign(keys: string, out: string, from: Date, to: Date): Promise<void> {
  const names = (await readdir(keys)).filter((f) => f.endsWith('.key')).map((f) => join(keys, f.replace(/\.key$/, '')));
  await writeFile(join(keys, 'zone.db'), `${UNSIGNED}${(await Promise.all(names.map((n) => readFile(`${n}.key`, 'utf8')))).join('')}`);
  await run('dnssec-signzone', ['-q', '-P', '-d', keys, '-O', 'full', '-o', ZONE, '-s', stamp(from), '-e', stamp(to), '-f', out, join(keys, 'zone.db'), ...names]);
}

async function serve(name: string, file: string, zone = ZONE): Promise<FileServingNamed> {
  const served = join(dir, name, 'served');
  await mkdir(served, { recursive: true });
  await writeFile(join(served, `${zone.replace(/\.$/, '')}.zone`), file);
  const named = await startFileServingNamed(join(dir, name), served, [zone]);
  servers[name] = named;
  return { ...named, dns: { ...named.dns, name: `${name}.` } };
}

const target = (id: string, ...names: FileServingNamed[]): VerifyTarget => ({ id, nameservers: names.map((n) => n.dns) });
const failures = (report: VerifyReport) => report.providers.flatMap((p) => p.nameservers.flatMap((ns) => ns.mismatches.filter((m) => m.problem === 'dnssec').map((m) => `${ns.nameserver.name} ${m.type} ${m.name} ${m.got}`)));
const now = () => Date.now() / 1000;

let good: FileServingNamed;
let good2: FileServingNamed;
let corrupted: FileServingNamed;
let expired: FileServingNamed;
let unsigned: FileServingNamed;

beforeAll(async () => {
  needsIntegration('BIND (named, dnssec-signzone)');
  dir = await mkdtemp(join(tmpdir(), 'zonesync-dnssec-'));
  const keys = join(dir, 'keys');
  await mkdir(keys);
  execFileSync('dnssec-keygen', ['-q', '-K', keys, '-a', 'ECDSAP256SHA256', '-f', 'KSK', ZONE], { stdio: 'ignore' });
  execFileSync('dnssec-keygen', ['-q', '-K', keys, '-a', 'ECDSAP256SHA256', ZONE], { stdio: 'ignore' });
  const files = (await readdir(keys)).filter((f) => f.endsWith('.key'));
  const texts = await Promise.all(files.map((f) => readFile(join(keys, f), 'utf8')));
  const ksk = files[texts.findIndex((t) => t.includes('key-signing'))] as string;
  ds = execFileSync('dnssec-dsfromkey', ['-2', join(keys, ksk)]).toString().trim().split(/\s+/).slice(3).join(' ');
  await sign(keys, join(dir, 'good.db'), days(-1), days(30));
  await sign(keys, join(dir, 'expired.db'), days(-40), days(-2));
  const goodFile = await readFile(join(dir, 'good.db'), 'utf8');
  // Flip the first character of the signature's last base64 group over www A: still well-formed
  // base64 (a group's first character carries six full bits; the last one before `==` does not,
  // and changing that one could make named refuse the whole zone), no longer a valid signature.
  const lines = goodFile.split('\n');
  const at = lines.findIndex((l) => /^www\.example\.test\.\s+\d+\s+IN\s+RRSIG\s+A\s/.test(l));
  lines[at] = (lines[at] as string).replace(/(\s)([A-Za-z0-9+/])(\S*)$/, (_, space: string, c: string, rest: string) => `${space}${c === 'A' ? 'B' : 'A'}${rest}`);
  if (lines[at] === goodFile.split('\n')[at]) throw new Error('the RRSIG over www A was not corrupted');
  [good, good2, corrupted, expired, unsigned] = await Promise.all([
    serve('good', goodFile), serve('good2', goodFile), serve('corrupted', lines.join('\n')),
    serve('expired', await readFile(join(dir, 'expired.db'), 'utf8')), serve('unsigned', UNSIGNED),
  ]);
}, 120_000);

afterAll(async () => {
  for (const named of Object.values(servers)) await named.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function parent(name: string, dsLine: string): Promise<FileServingNamed> {
  return serve(name, [
    '$ORIGIN test.', '$TTL 300', '@ SOA ns.test. hostmaster.test. 1 3600 600 604800 300', '@ NS ns.test.', 'ns A 127.0.0.1',
    `example NS ns1.${ZONE}`, 'ns1.example A 127.0.0.1', `example DS ${dsLine}`, '',
  ].join('\n'), 'test.');
}

describe('verify checks DNSSEC on every nameserver', () => {
  it('passes on the correctly signed pair, with the DS at the parent matching their KSK', async () => {
    const p = await parent('parent-good', ds);
    const parentDs = await parentDsSet(ZONE, [p.dns]);
    expect(parentDs?.records).toHaveLength(1);
    const report = await verifyTargets(desired, [target('signed', good, good2)], { checkDnssec: { now: now(), sigWarnDays: 7, ...(parentDs ? { parentDs } : {}) } });
    expect(failures(report)).toEqual([]);
    expect(report.ok, JSON.stringify(report, null, 1)).toBe(true);
    expect(report.dnssec?.signed).toBe(true);
    expect(report.providers[0]?.nameservers[0]?.dnssec?.keys).toHaveLength(2);
  }, 60_000);

  it('fails on a corrupted RRSIG on one nameserver, naming it, www A and the reason', async () => {
    const report = await verifyTargets(desired, [target('signed', good, corrupted)], { timeoutMs: 3000, checkDnssec: { now: now(), sigWarnDays: 7 } });
    expect(report.ok).toBe(false);
    expect(failures(report)).toEqual([expect.stringMatching(/^corrupted\. A www\.example\.test\. RRSIG \d+\/13 does not verify$/)]);
  }, 60_000);

  it('fails on expired signatures, naming the date', async () => {
    const report = await verifyTargets(desired, [target('signed', expired)], { timeoutMs: 3000, checkDnssec: { now: now(), sigWarnDays: 7 } });
    const day = days(-2).toISOString().slice(0, 10);
    expect(failures(report)).toContain(`expired. A www.example.test. RRSIG expired ${day}`);
    expect(failures(report)).toContain(`expired. DNSKEY example.test. RRSIG expired ${day}`);
  }, 60_000);

  it('warns when signatures expire within --sig-warn days and are in their last quarter', async () => {
    // Signed for 31 days, 30 left: inside a 40-day window but not in the last quarter (7.75 days).
    const fresh = await verifyTargets(desired, [target('signed', good)], { checkDnssec: { now: now(), sigWarnDays: 40 } });
    expect(fresh.ok).toBe(true);
    expect(fresh.providers[0]?.nameservers[0]?.dnssec?.warnings).toEqual([]);
    const report = await verifyTargets(desired, [target('signed', good)], { checkDnssec: { now: now() + 25 * 86400, sigWarnDays: 7 } });
    expect(report.ok).toBe(true);
    expect(report.providers[0]?.nameservers[0]?.dnssec?.warnings[0]?.reason).toMatch(/^RRSIG expires \d{4}-\d\d-\d\d \(in (4|5) days\)$/);
  }, 60_000);

  it('fails when the DS at the parent matches no key', async () => {
    const p = await parent('parent-bad', '4711 13 2 0000000000000000000000000000000000000000000000000000000000000000');
    const parentDs = await parentDsSet(ZONE, [p.dns]);
    const report = await verifyTargets(desired, [target('signed', good)], { checkDnssec: { now: now(), sigWarnDays: 7, ...(parentDs ? { parentDs } : {}) } });
    expect(failures(report)).toEqual([`good. DS example.test. DS 4711/13 (parent parent-bad. ${p.dns.address}:${p.dns.port}) matches no DNSKEY at good.: validating resolvers get SERVFAIL`]);
  }, 60_000);

  it('fails an unsigned twin: no DNSKEY, no RRSIG, NXDOMAIN without proof', async () => {
    const report = await verifyTargets(desired, [target('signed', good), target('twin', unsigned)], { timeoutMs: 3000, checkDnssec: { now: now(), sigWarnDays: 7 } });
    const found = failures(report);
    expect(found.every((f) => f.startsWith('unsigned. '))).toBe(true);
    expect(found).toContain('unsigned. DNSKEY example.test. no DNSKEY');
    expect(found).toContain('unsigned. A www.example.test. no RRSIG');
    expect(found).toContain('unsigned. A _zonesync-nxdomain-probe.example.test. NXDOMAIN without an NSEC or NSEC3 proof');
  }, 60_000);

  it('leaves an unsigned zone alone: no DNSSEC failures, signed false', async () => {
    const report = await verifyTargets(desired, [target('twin', unsigned)], { timeoutMs: 3000, checkDnssec: { now: now(), sigWarnDays: 7 } });
    expect(report.ok).toBe(true);
    expect(report.dnssec).toBeUndefined();
    expect(report.providers[0]?.nameservers[0]?.dnssec).toBeUndefined();
  }, 60_000);
});
