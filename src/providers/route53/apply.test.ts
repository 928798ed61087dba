import { describe, expect, it } from 'vitest';
import type { Change as Route53Change } from '@aws-sdk/client-route-53';
import { changeWeight, planBatches, ROUTE53_LIMITS } from './apply.js';

function change(action: 'CREATE' | 'UPSERT' | 'DELETE', name: string, values: string[]): Route53Change {
  return { Action: action, ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 300, ResourceRecords: values.map((Value) => ({ Value })) } };
}

/** n values of exactly `length` characters each. */
function values(n: number, length = 10): string[] {
  return Array.from({ length: n }, (_, i) => `"${String(i).padStart(length - 2, '0')}"`);
}

const sizes = (result: ReturnType<typeof planBatches>) => (result.ok ? result.batches.map((b) => b.map((c) => c.ResourceRecordSet?.Name)) : result.error);

describe('changeWeight', () => {
  it.each([
    ['CREATE', 1],
    ['DELETE', 1],
    ['UPSERT', 2],
  ] as const)('%s counts values and characters ×%i', (action, factor) => {
    expect(changeWeight(change(action, 'a', values(3, 10)))).toEqual({ values: 3 * factor, characters: 30 * factor });
  });

  it('an alias record weighs nothing', () => {
    expect(changeWeight({ Action: 'UPSERT', ResourceRecordSet: { Name: 'a', Type: 'A', AliasTarget: { DNSName: 'b.', HostedZoneId: 'Z', EvaluateTargetHealth: false } } })).toEqual({ values: 0, characters: 0 });
  });
});

describe('planBatches', () => {
  it('keeps a chunk in one request when it fits exactly 1,000 values', () => {
    const changes = [change('CREATE', 'a', values(600)), change('UPSERT', 'b', values(200))];
    expect(sizes(planBatches(changes))).toEqual([['a', 'b']]);
  });

  it('starts a new request at 1,001 values, an UPSERT counting twice', () => {
    const changes = [change('CREATE', 'a', values(601)), change('UPSERT', 'b', values(200)), change('DELETE', 'c', values(1))];
    expect(sizes(planBatches(changes))).toEqual([['a'], ['b', 'c']]);
  });

  it('1,000 UPSERTs of one value need two requests', () => {
    const changes = Array.from({ length: 1000 }, (_, i) => change('UPSERT', `n${i}`, values(1)));
    const result = planBatches(changes);
    expect(result.ok && result.batches.map((b) => b.length)).toEqual([500, 500]);
  });

  it('keeps exactly 32,000 characters in one request and splits at 32,001', () => {
    const exact = [change('CREATE', 'a', values(16, 1000)), change('CREATE', 'b', values(16, 1000))];
    expect(sizes(planBatches(exact))).toEqual([['a', 'b']]);
    const over = [change('CREATE', 'a', values(16, 1000)), change('CREATE', 'b', [...values(15, 1000), '"x"', ...values(1, 998)])];
    expect(changeWeight(over[1] as Route53Change).characters).toBe(16_001);
    expect(sizes(planBatches(over))).toEqual([['a'], ['b']]);
  });

  it('counts UPSERT characters twice', () => {
    const changes = [change('UPSERT', 'a', values(8, 1000)), change('CREATE', 'b', values(16, 1000)), change('CREATE', 'c', values(1, 10))];
    expect(sizes(planBatches(changes))).toEqual([['a', 'b'], ['c']]);
  });

  it('never splits one rrset, and keeps the order of changes', () => {
    const changes = [change('CREATE', 'a', values(10)), change('CREATE', 'b', values(995)), change('CREATE', 'c', values(5)), change('DELETE', 'd', values(1))];
    expect(sizes(planBatches(changes))).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('refuses one change that alone exceeds a limit, naming why', () => {
    const tooMany = planBatches([change('UPSERT', 'big', values(501))]);
    expect(tooMany.ok).toBe(false);
    expect(!tooMany.ok && tooMany.error).toBe('UPSERT carries 1002 record values (UPSERT counts twice), more than the 1000 one request allows');
    const tooLong = planBatches([change('CREATE', 'long', values(33, 1000))]);
    expect(!tooLong.ok && tooLong.change.ResourceRecordSet?.Name).toBe('long');
  });

  it('returns no request for no changes, and honours custom limits', () => {
    expect(sizes(planBatches([]))).toEqual([]);
    expect(ROUTE53_LIMITS).toEqual({ maxValues: 1000, maxCharacters: 32_000 });
    expect(sizes(planBatches([change('CREATE', 'a', values(2)), change('CREATE', 'b', values(2))], { maxValues: 3, maxCharacters: 100 }))).toEqual([['a'], ['b']]);
  });
});
