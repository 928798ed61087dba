// test-project: unit
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { chunkChanges, effectiveChunkSize } from '../../src/core/chunk.js';
import { createRoute53Provider, route53ConfigSchema } from '../../src/providers/route53/provider.js';

const provider = createRoute53Provider('r53', route53ConfigSchema.parse({ type: 'route53', endpoint: 'http://127.0.0.1:9' }));
const rrset = (i: number, value = '192.0.2.1') => ({ name: `h${i}.example.com.`, type: 'A' as const, ttl: 300, values: [value] });
const chunksOf = (changes: Change[]) => chunkChanges(changes, effectiveChunkSize(100_000, provider.capabilities.maxChangesPerBatch), (c) => provider.batchShare?.(c) ?? 0).map((c) => c.length);

describe('Route 53 chunks fill one ChangeResourceRecordSets request each', () => {
  it.each<[string, Change[], number[]]>([
    ['10,000 one-value creates: 1,000 a request', Array.from({ length: 10_000 }, (_, i) => ({ kind: 'create', after: rrset(i) })), Array(10).fill(1000)],
    ['1,000 one-value updates: an UPSERT counts twice, 500 a request', Array.from({ length: 1000 }, (_, i) => ({ kind: 'update', before: rrset(i), after: rrset(i, '192.0.2.2') })), [500, 500]],
    ['long TXT values: the 32,000-character limit cuts first', Array.from({ length: 20 }, (_, i) => ({ kind: 'create', after: { name: `t${i}.example.com.`, type: 'TXT', ttl: 300, values: [`"${'x'.repeat(250)}"`.repeat(1), ...Array.from({ length: 9 }, (_, k) => `"${String(k).repeat(250)}"`)] } })), [12, 8]],
  ])('%s', (_title, changes, sizes) => {
    expect(chunksOf(changes)).toEqual(sizes);
  });
});
