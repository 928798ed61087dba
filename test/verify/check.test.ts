// test-project: unit
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedAnswer, questionsFor } from '../../src/core/expect.js';
import type { Nameserver } from '../../src/dns/nameserver.js';
import { checkNameserver, verifyTargets } from '../../src/verify/check.js';
import { verifyUntil } from '../../src/verify/retry.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { exampleZone, n, Z } from './zone.js';

const zone = exampleZone();
// The declared names plus names that do not exist, a wildcard match and empty non-terminals.
const names = new Set([...zone.rrsets.map((r) => r.name), n('nothere'), n('x.wild'), n('b.c'), n('c'), n('x.b.c')]);
const questions = questionsFor(zone, names);
const fast = { timeoutMs: 500, retries: 1, concurrency: 16 };

describe('verify against loopback nameservers', () => {
  const servers: TestDnsServer[] = [];
  const ns = (i: number): Nameserver => ({ name: `ns${i + 1}.provider.net.`, address: '127.0.0.1', port: (servers[i] as TestDnsServer).port });

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) servers.push(await startDnsServer());
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  beforeEach(() => {
    for (const server of servers) {
      for (const key of Object.keys(server.faults) as Array<keyof typeof server.faults>) server.faults[key] = false;
      server.setZone(zone);
    }
  });

  it('passes a healthy nameserver on every question, with and without EDNS, wildcards and CNAME chains included', async () => {
    const report = await checkNameserver(ns(0), zone, questions, fast);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.serial).toBe(1);
    expect(report.queries).toBe(questions.length * 2 + 1);
    expect(report.notAsked).toBe(0);
  });

  it('fails a nameserver that serves other data, naming the record', async () => {
    (servers[0] as TestDnsServer).setZone(exampleZone(1, '192.0.2.99'));
    const report = await checkNameserver(ns(0), zone, questions, { ...fast, edns: 'on' });
    expect(report.ok).toBe(false);
    // www A directly, and through the chain and web CNAMEs.
    expect(report.mismatches.map((m) => `${m.name} ${m.type} ${m.problem}`).sort()).toEqual([`${n('chain')} A wrong-data`, `${n('web')} A wrong-data`, `${n('www')} A wrong-data`]);
    expect(report.mismatches.find((m) => m.name === n('www'))).toMatchObject({ edns: true, expected: 'A 192.0.2.1, 192.0.2.2', got: 'A 192.0.2.2, 192.0.2.99' });
  });

  it('names a stale secondary: frozen before a change, its serial and changed records differ from its twin', async () => {
    (servers[1] as TestDnsServer).faults.freeze = true;
    const changed = exampleZone(2, '192.0.2.7');
    for (const server of servers) server.setZone(changed);
    const report = await verifyTargets(changed, [{ id: 'pdns', nameservers: [ns(0), ns(1)] }], fast);
    const [healthy, stale] = report.providers[0]?.nameservers ?? [];
    expect(report.ok).toBe(false);
    expect(healthy).toMatchObject({ ok: true, serial: 2, mismatches: [] });
    expect(stale).toMatchObject({ ok: false, serial: 1, nameserver: ns(1) });
    expect(stale?.mismatches[0]).toEqual({ name: Z, type: 'SOA', edns: true, expected: 'serial 2 (as ns1.provider.net.)', got: 'serial 1', problem: 'serial-mismatch' });
    expect(new Set(stale?.mismatches.slice(1).map((m) => m.name))).toEqual(new Set([n('www'), n('web'), n('chain')]));
  });

  it('reports NXDOMAIN for AAAA with EDNS exactly there, and nothing without EDNS', async () => {
    (servers[0] as TestDnsServer).faults.nxdomainForAaaaWithEdns = true;
    const report = await checkNameserver(ns(0), zone, questions, fast);
    const aaaa = questions.filter((q) => q.type === 'AAAA' && expectedAnswer(zone, q.name, q.type).kind !== 'nxdomain');
    expect(report.ok).toBe(false);
    expect(report.mismatches.every((m) => m.type === 'AAAA' && m.edns && m.got === 'NXDOMAIN')).toBe(true);
    expect(report.mismatches.map((m) => m.name).sort()).toEqual(aaaa.map((q) => q.name).sort());
    expect(report.mismatches.find((m) => m.name === n('mail'))).toMatchObject({ problem: 'nxdomain-for-nodata', expected: 'NODATA' });
    expect(report.mismatches.find((m) => m.name === n('www'))).toMatchObject({ problem: 'missing-data', expected: 'AAAA 2001:db8::1' });
    expect(report.mismatches.find((m) => m.name === n('b.c'))).toMatchObject({ problem: 'nxdomain-for-nodata' });
  });

  it('reports a dropping nameserver as timeouts and gives up on it within the timeout budget', async () => {
    (servers[2] as TestDnsServer).faults.drop = true;
    const options = { timeoutMs: 200, retries: 1, concurrency: 16, unreachableAfter: 8 };
    const started = Date.now();
    const report = await verifyTargets(zone, [{ id: 'pdns', nameservers: [ns(0), ns(2)] }], { ...options, questions });
    const elapsed = Date.now() - started;
    const [healthy, dead] = report.providers[0]?.nameservers ?? [];
    expect(healthy?.ok).toBe(true);
    expect(dead).toMatchObject({ ok: false, unreachable: true });
    expect(dead?.serial).toBeUndefined();
    expect(dead?.status).toBe('did-not-answer');
    // No answer is not a wrong answer: nothing in mismatches, every timeout in unanswered.
    expect(dead?.mismatches).toEqual([]);
    expect(dead?.unanswered.length).toBeGreaterThanOrEqual(8);
    expect(dead?.unanswered[0]?.error).toBe('no answer over UDP after 2 attempts of 200 ms');
    expect(healthy?.status).toBe('ok');
    expect(dead?.notAsked).toBeGreaterThan(0);
    // One wave of queries: (1 + retries) × timeout, not one timeout per question.
    expect(elapsed).toBeLessThan(2 * options.timeoutMs * (1 + options.retries) + 1000);
  });

  it.each([
    ['refuse', 'refused'],
    ['servfail', 'servfail'],
  ] as const)('reports %s on every question', async (fault, problem) => {
    (servers[0] as TestDnsServer).faults[fault] = true;
    const report = await checkNameserver(ns(0), zone, questions.slice(0, 5), { ...fast, edns: 'off' });
    expect(report.mismatches.map((m) => m.problem)).toEqual(Array(6).fill(problem));
  });

  it('falls back to TCP when every UDP answer is truncated', async () => {
    (servers[0] as TestDnsServer).faults.truncateUdp = true;
    const report = await checkNameserver(ns(0), zone, questionsFor(zone, new Set([n('big'), n('www')])), fast);
    expect(report.mismatches).toEqual([]);
  });

  it('compares providers on their first healthy nameserver and finds a delegation one of them lacks', async () => {
    const { rrsets, ...rest } = zone;
    (servers[2] as TestDnsServer).setZone({ ...rest, rrsets: rrsets.filter((r) => !(r.name === n('sub') && r.type === 'NS')) });
    const report = await verifyTargets(zone, [{ id: 'a', nameservers: [ns(0), ns(1)] }, { id: 'b', nameservers: [ns(2)] }], { ...fast, edns: 'on', questions });
    expect(report.providers.flatMap((p) => p.nameservers).every((s) => s.ok)).toBe(true);
    expect(report.ok).toBe(false);
    const glue = report.crossProvider.find((d) => d.name === n('ns.sub') && d.type === 'A');
    expect(glue).toMatchObject({ informational: false, answers: [{ provider: 'a', answer: 'NODATA' }, { provider: 'b', answer: 'A 192.0.2.53' }] });
  });

  it('passes all providers of one zone as one report', async () => {
    const report = await verifyTargets(zone, [{ id: 'a', nameservers: [ns(0), ns(1)] }, { id: 'b', nameservers: [ns(2)] }], fast);
    expect(report).toMatchObject({ zone: Z, ok: true, crossProvider: [], notCompared: [] });
    expect(report.providers.map((p) => p.nameservers.map((s) => s.serial))).toEqual([[1, 1], [1]]);
  });

  it('verifyUntil re-asks only what failed until the stale nameserver catches up', async () => {
    const stale = servers[1] as TestDnsServer;
    stale.faults.freeze = true;
    const changed = exampleZone(2, '192.0.2.7');
    for (const server of servers) server.setZone(changed);
    setTimeout(() => (stale.faults.freeze = false), 400);
    const before = stale.queries;
    const report = await verifyUntil(changed, [{ id: 'pdns', nameservers: [ns(0), ns(1)] }], { ...fast, questions, deadlineMs: 5000, firstDelayMs: 100 });
    expect(report.ok).toBe(true);
    expect(report.rounds).toBeGreaterThan(1);
    expect(report.providers[0]?.nameservers.map((s) => s.serial)).toEqual([2, 2]);
    // The first round asks everything (big TXT twice more, over TCP); later rounds only www/web/chain A × 2 and the SOA.
    const full = questions.length * 2 + 1 + 2;
    expect(stale.queries - before).toBeGreaterThanOrEqual(full + (report.rounds - 1) * 7);
    expect(stale.queries - before).toBeLessThanOrEqual(full + (report.rounds - 1) * 7 + 2);
  });

  it('verifyUntil gives up at the deadline with the last report', async () => {
    (servers[1] as TestDnsServer).faults.freeze = true;
    const changed = exampleZone(2, '192.0.2.7');
    for (const server of servers) server.setZone(changed);
    const started = Date.now();
    const report = await verifyUntil(changed, [{ id: 'pdns', nameservers: [ns(0), ns(1)] }], { ...fast, deadlineMs: 800, firstDelayMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.ok).toBe(false);
    expect(report.providers[0]?.nameservers[1]?.mismatches[0]?.problem).toBe('serial-mismatch');
  });
  it('awaits the pace before every query it sends, per nameserver, so a caller can bound the rate', async () => {
    const paced = new Map<number, number>();
    const before = servers.map((s) => s.queries);
    const pace = async (nameserver: Nameserver): Promise<void> => {
      paced.set(nameserver.port ?? 53, (paced.get(nameserver.port ?? 53) ?? 0) + 1);
    };
    const report = await verifyTargets(zone, [{ id: 'pdns', nameservers: [ns(0), ns(1)] }], { ...fast, pace });
    expect(report.ok).toBe(true);
    for (const i of [0, 1]) {
      const received = (servers[i] as TestDnsServer).queries - (before[i] ?? 0);
      expect(received).toBeGreaterThan(questions.length);
      // Every question waited its turn first; the server also counts the TCP re-asks of truncated answers.
      const turns = paced.get(ns(i).port ?? 53) ?? 0;
      expect(turns).toBeLessThanOrEqual(received);
      expect(received - turns).toBeLessThanOrEqual(4);
    }
  });
});
