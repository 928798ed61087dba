// test-project: unit
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHealthcheck } from '../../src/core/dynamic/canonical.js';
import type { RRset, Zone } from '../../src/core/model.js';
import type { Nameserver } from '../../src/dns/nameserver.js';
import { verifyTargets } from '../../src/verify/check.js';
import { verifyExitCode } from '../../src/engine/verify.js';
import { renderVerifyHtml } from '../../src/render/verify-html.js';
import { renderVerifyMarkdown, renderVerifyText } from '../../src/render/verify.js';
import { startDnsServer, type DnsClient, type SteeredAnswer, type TestDnsServer } from '../support/dns-server.js';

/**
 * verify's steering checks against loopback servers (test/support/dns-server.ts `steer` hook):
 * one that steers by ECS as the zone says, one that steers to the wrong pool, and one that ignores
 * ECS (answers everyone the same, scope /0): "cannot check steering from here", never OK.
 */

const Z = 'steer.example.';
const WWW = `www.${Z}`;
const www: RRset = {
  name: WWW, type: 'A', ttl: 60, values: ['192.0.2.1'],
  dynamic: {
    pools: {
      eu: { values: [{ value: '192.0.2.10', weight: 3, status: 'obey' }, { value: '192.0.2.11', weight: 1, status: 'obey' }], fallback: 'us' },
      lab: { values: [{ value: '203.0.113.10', weight: 1, status: 'obey' }] },
      us: { values: [{ value: '198.51.100.10', weight: 1, status: 'obey' }] },
    },
    rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE'] }, { pool: 'us' }],
    healthcheck: defaultHealthcheck(WWW),
  },
};
const zone: Zone = { name: Z, rrsets: [{ name: Z, type: 'TXT', ttl: 300, values: ['"v=1"'] }, www] };
const samples = { geos: { 'EU-DE': '192.0.2.0/24' }, default: '198.51.100.0/24' };

/** A nameserver steering by the client subnet; `swap` sends EU clients to the lab pool (the planted fault). */
function steerer(swap: { eu: boolean }) {
  let turn = 0;
  return (name: string, type: string, client: DnsClient): SteeredAnswer | undefined => {
    if (name !== WWW || type !== 'A' || !client.ecs) return undefined;
    const at = client.ecs.address;
    const eu = ['192.0.2.10', '192.0.2.11'][turn++ % 2] as string;
    const value = at.startsWith('10.1.') || (at.startsWith('192.0.2.') && swap.eu) ? '203.0.113.10' : at.startsWith('192.0.2.') ? eu : '198.51.100.10';
    return { rrset: { name: WWW, type: 'A', ttl: 60, values: [value] }, scopePrefix: client.ecs.sourcePrefix };
  };
}

const swap = { eu: false };
let good: TestDnsServer;
let ignoring: TestDnsServer;
const ns = (server: TestDnsServer, name: string): Nameserver => ({ name, address: '127.0.0.1', port: server.port });
const fast = { timeoutMs: 500, retries: 1, steering: samples };

beforeAll(async () => {
  good = await startDnsServer({ steer: steerer(swap) });
  ignoring = await startDnsServer();
  good.setZone(zone);
  ignoring.setZone(zone);
});
afterAll(async () => {
  await good?.close();
  await ignoring?.close();
});

describe('verify checks traffic steering by EDNS Client Subnet', () => {
  it('passes a server that steers each rule\'s subnet to its pool, and asks every rule', async () => {
    swap.eu = false;
    const report = await verifyTargets(zone, [{ id: 'sim', nameservers: [ns(good, 'ns1.sim.')] }], fast);
    const server = report.providers[0]?.nameservers[0];
    expect(server?.mismatches).toEqual([]);
    expect(server?.steering?.map((c) => `${c.rule} ${c.subnet} ${c.result}`)).toEqual([
      'rule 1 (pool lab, subnets 10.1.0.0/16) 10.1.0.0/24 ok',
      'rule 2 (pool eu, geos EU-DE) from EU-DE 192.0.2.0/24 ok',
      'rule 3 (pool us, catch-all) 198.51.100.0/24 ok',
    ]);
    expect(report.ok).toBe(true);
    expect(verifyExitCode([report])).toBe(0);
    expect(renderVerifyText(report)).toContain('steering by client subnet (3 checks of 3 right)');
  });

  it('names rule, subnet, nameserver, got and expected pool when a region gets the wrong pool, and fails (exit 3)', async () => {
    swap.eu = true;
    const report = await verifyTargets(zone, [{ id: 'sim', nameservers: [ns(good, 'ns1.sim.')] }], fast);
    swap.eu = false;
    const server = report.providers[0]?.nameservers[0];
    expect(server?.status).toBe('wrong-answers');
    expect(server?.mismatches).toEqual([{ name: WWW, type: 'A', edns: true, problem: 'wrong-steering', expected: 'pool eu: 192.0.2.10, 192.0.2.11 (rule 2 (pool eu, geos EU-DE) from EU-DE, ECS 192.0.2.0/24)', got: 'A 203.0.113.10 (pool lab)' }]);
    expect(report.ok).toBe(false);
    expect(verifyExitCode([report])).toBe(3);
    const text = renderVerifyText(report);
    expect(text).toContain(`ns1.sim.`);
    expect(text).toContain(`A ${WWW} rule 2 (pool eu, geos EU-DE) from EU-DE, ECS 192.0.2.0/24: WRONG POOL: got A 203.0.113.10 (pool lab), expected pool eu: 192.0.2.10, 192.0.2.11`);
    expect(renderVerifyMarkdown(report)).toContain('| ❌ wrong pool | `A www.steer.example.` | rule 2 (pool eu, geos EU-DE) from EU-DE | `192.0.2.0/24` | sim `ns1.sim.');
    expect(renderVerifyHtml(report, new Date(0))).toContain('WRONG POOL');
  });

  it('reports a server that ignores ECS as "cannot check steering from here": not OK, not a wrong answer, exit 3', async () => {
    const report = await verifyTargets(zone, [{ id: 'plain', nameservers: [ns(ignoring, 'ns1.plain.')] }], fast);
    const server = report.providers[0]?.nameservers[0];
    // Its plain answers are right (the record values are one of the steered answers)…
    expect(server?.mismatches).toEqual([]);
    expect(server?.ok).toBe(true);
    // …but no rule could be checked there.
    expect(server?.steering?.map((c) => c.result)).toEqual(['cannot-check', 'cannot-check', 'cannot-check']);
    expect(server?.steering?.[1]?.detail).toMatch(/ECS scope \/0.*cannot check steering from here/);
    expect(report.ok).toBe(false);
    expect(report.steeringUnchecked).toBe(3);
    expect(verifyExitCode([report])).toBe(3);
    expect(renderVerifyText(report)).toMatch(/NOT VERIFIED[\s\S]*steering not verified: 3 checks could not be made \(cannot check steering from here\)/);
    expect(renderVerifyMarkdown(report)).toContain('⚠️ cannot check');
    expect(renderVerifyHtml(report, new Date(0))).toContain('CANNOT CHECK');
  });

  it('reports a geo rule without a sample as not checked', async () => {
    const report = await verifyTargets(zone, [{ id: 'sim', nameservers: [ns(good, 'ns1.sim.')] }], { ...fast, steering: { geos: {} } });
    const rule2 = report.providers[0]?.nameservers[0]?.steering?.[1];
    expect(rule2).toMatchObject({ result: 'cannot-check', subnet: 'none', detail: 'no ECS sample for EU-DE: cannot check steering from here (set verify.ecs.EU-DE to a client subnet there)' });
    expect(report.ok).toBe(false);
  });

  it('without steering checks (chunk verification), a steered name passes with any pool\'s value and fails with a value from none', async () => {
    const report = await verifyTargets(zone, [{ id: 'plain', nameservers: [ns(ignoring, 'ns1.plain.')] }], { timeoutMs: 500, retries: 1 });
    expect(report.ok).toBe(true);
    expect(report.providers[0]?.nameservers[0]?.steering).toBeUndefined();
    ignoring.setZone({ ...zone, rrsets: [zone.rrsets[0] as RRset, { ...www, values: ['192.0.2.99'] }] });
    const wrong = await verifyTargets(zone, [{ id: 'plain', nameservers: [ns(ignoring, 'ns1.plain.')] }], { timeoutMs: 500, retries: 1 });
    ignoring.setZone(zone);
    expect(wrong.providers[0]?.nameservers[0]?.mismatches.map((m) => `${m.type} ${m.problem} ${m.got} / ${m.expected}`)).toEqual([
      'A wrong-data A 192.0.2.99 / A steered: any of 192.0.2.1, 192.0.2.10, 192.0.2.11, 198.51.100.10, 203.0.113.10',
      'A wrong-data A 192.0.2.99 / A steered: any of 192.0.2.1, 192.0.2.10, 192.0.2.11, 198.51.100.10, 203.0.113.10',
    ]);
  });
});
