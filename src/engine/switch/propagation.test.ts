import { describe, expect, it } from 'vitest';
import type { RRset } from '../../core/model.js';
import { apexNsChange } from '../../core/plan.js';
import { sampleQuestions } from './health.js';
import { estimatePropagation, propagationStep } from './propagation.js';
import { manualEntries } from './registrar.js';
import { withDeadline } from './report.js';

const now = new Date('2025-01-01T00:00:00.000Z');
const rr = (name: string, type: RRset['type'], ttl: number, values: string[]): RRset => ({ name, type, ttl, values });

describe('estimatePropagation', () => {
  it.each([
    ['parent and zone NS TTL configured: the longer wins', { parentNsTtl: 3600, zoneNsTtl: 7200 }, 7200, false, '2025-01-01T02:00:00.000Z'],
    ['parent TTL from config above the zone NS TTL', { parentNsTtl: 86400, zoneNsTtl: 300 }, 86400, false, '2025-01-02T00:00:00.000Z'],
    ['parent TTL unknown: 172800 assumed', { zoneNsTtl: 300 }, 172800, true, '2025-01-03T00:00:00.000Z'],
  ])('%s', (_name, ttls, seconds, assumed, by) => {
    const p = estimatePropagation({ zone: 'example.com.', now, rrsets: [], dryRun: false, ...ttls });
    expect(p.seconds).toBe(seconds);
    expect(p.parentAssumed).toBe(assumed);
    expect(p.by).toBe(by);
  });

  it('lists records cached longer than the delegation, longest first, never the apex NS', () => {
    const p = estimatePropagation({
      zone: 'example.com.', now, parentNsTtl: 3600, zoneNsTtl: 3600, dryRun: false,
      rrsets: [rr('a.example.com.', 'A', 3600, ['192.0.2.1']), rr('b.example.com.', 'A', 86400, ['192.0.2.2']), rr('c.example.com.', 'TXT', 604800, ['"x"']), rr('example.com.', 'NS', 999999, ['ns1.example.net.'])],
    });
    expect(p.longer).toEqual([
      { name: 'c.example.com.', type: 'TXT', ttl: 604800, until: '2025-01-08T00:00:00.000Z' },
      { name: 'b.example.com.', type: 'A', ttl: 86400, until: '2025-01-02T00:00:00.000Z' },
    ]);
  });

  it('says when resolvers follow, that the parent TTL is assumed, and warns per long record', () => {
    const { step, warnings } = propagationStep({ zone: 'example.com.', now, zoneNsTtl: 300, rrsets: [rr('old.example.com.', 'A', 604800, ['192.0.2.9'])], dryRun: false });
    expect(step.status).toBe('ok');
    expect(step.detail).toBe('resolvers follow the new delegation by 2025-01-03T00:00:00.000Z (within 2d, parent TTL assumed)');
    expect(step.lines[0]).toBe("parent NS TTL 172800 s (2d), assumed: set zones.example.com.parentNsTtl to the parent's real TTL");
    expect(warnings).toEqual(["old.example.com. A has TTL 604800 s (7d), longer than the delegation's 2d: resolvers may keep the old provider's answer until 2025-01-08T00:00:00.000Z"]);
    expect(propagationStep({ zone: 'example.com.', now, parentNsTtl: 60, rrsets: [], dryRun: true }).step).toMatchObject({ status: 'dry-run', detail: 'resolvers would follow the new delegation by 2025-01-01T01:00:00.000Z (within 1h)' });
  });
});

describe('DS and DNSKEY TTLs in the estimate', () => {
  const signed = { zone: 'example.com.', now, parentNsTtl: 3600, zoneNsTtl: 3600, dryRun: false, dsTtl: 86400, dnskeyTtl: 7200 };

  it('waits out the DS TTL when it is the longest, and lists records by the longer horizon', () => {
    const p = estimatePropagation({ ...signed, rrsets: [rr('a.example.com.', 'A', 43200, ['192.0.2.1']), rr('b.example.com.', 'A', 172800, ['192.0.2.2'])] });
    expect(p).toMatchObject({ dsTtl: 86400, dnskeyTtl: 7200, seconds: 86400, by: '2025-01-02T00:00:00.000Z' });
    expect(p.longer.map((r) => r.name)).toEqual(['b.example.com.']);
    expect(estimatePropagation({ ...signed, dsTtl: 60, dnskeyTtl: 14400, rrsets: [] }).seconds).toBe(14400);
  });

  it('names each strategy with its timing, and multi-signer as impossible with the old signer down', () => {
    const rrsets = [rr('www.example.com.', 'A', 3600, ['192.0.2.1']), rr('example.com.', 'NS', 999999, ['ns1.a.net.'])];
    const up = propagationStep({ ...signed, dsTtl: 3600, rrsets, oldSignerUp: true }).step.lines;
    expect(up).toContain('DS TTL 3600 s (1h), from the parent: validating resolvers keep the old DS that long');
    expect(up).toContain('DNSKEY TTL 7200 s (2h): validating resolvers keep the old key set that long');
    expect(up).toContain('unsigned-first: 3h (DS TTL 1h + longest TTL 1h + delegation 1h)');
    expect(up).toContain('multi-signer: 4h (DNSKEY TTL 2h + DS TTL 1h + delegation 1h), then 2h (delegation 1h + DS TTL 1h) to retire the old signer (with --from)');
    expect(up.at(-1)).toBe('either path keeps validating resolvers working');
    const down = propagationStep({ ...signed, dsTtl: 3600, rrsets, oldSignerUp: false }).step.lines;
    expect(down).toContain("multi-signer: not possible, old signer down (its ZSK can't be published at the new provider)");
    expect(down.at(-1)).toBe('unsigned-first is the path that keeps validating resolvers working');
  });

  it('says nothing about DNSSEC paths for an unsigned zone', () => {
    const lines = propagationStep({ zone: 'example.com.', now, parentNsTtl: 60, zoneNsTtl: 60, rrsets: [], dryRun: false }).step.lines;
    expect(lines.join('\n')).not.toMatch(/DS TTL|DNSKEY|unsigned-first|multi-signer/);
  });
});

describe('apexNsChange', () => {
  const zone = { name: 'example.com.', rrsets: [rr('example.com.', 'NS', 600, ['ns1.a.net.', 'ns1.b.net.'])] };

  it.each([
    ['replaces the apex NS, keeping its TTL', ['ns1.b.net.'], { kind: 'update', before: zone.rrsets[0], after: rr('example.com.', 'NS', 600, ['ns1.b.net.']) }],
    ['does nothing when it already lists exactly the names', ['ns1.b.net.', 'ns1.a.net.'], undefined],
  ])('%s', (_name, names, expected) => {
    expect(apexNsChange('example.com.', zone, names, 3600)).toEqual(expected);
  });

  it('creates it with the fallback TTL when the provider has none', () => {
    expect(apexNsChange('example.com.', { name: 'example.com.', rrsets: [] }, ['ns1.b.net.'], 3600)).toEqual({ kind: 'create', after: rr('example.com.', 'NS', 3600, ['ns1.b.net.']) });
  });
});

describe('small pieces of switch', () => {
  it('samples questions evenly and keeps a short list whole', () => {
    const questions = Array.from({ length: 100 }, (_, i) => ({ name: `n${i}.example.com.`, type: 'A' }));
    expect(sampleQuestions(questions, 4).map((q) => q.name)).toEqual(['n0.example.com.', 'n25.example.com.', 'n50.example.com.', 'n75.example.com.']);
    expect(sampleQuestions(questions.slice(0, 3), 4)).toHaveLength(3);
  });

  it('tells an operator exactly what to enter at the registrar', () => {
    expect(manualEntries('example.com.', ['ns1.b.net.', 'ns2.b.net.'])).toEqual(['At the registrar of example.com, replace the nameservers with exactly these 2, one per field:', 'ns1.b.net', 'ns2.b.net']);
  });

  it('bounds a call that never answers', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withDeadline('pdns: reading example.com.', 20, () => never)).rejects.toThrow('pdns: reading example.com.: no answer within 20 ms');
    await expect(withDeadline('fast', 1000, async () => 'done')).resolves.toBe('done');
  });
});
