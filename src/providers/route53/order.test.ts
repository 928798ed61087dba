import { describe, expect, it } from 'vitest';
import { compareListPosition, walkPositions, type ListPosition } from './order.js';

const at = (name: string, type = 'A'): ListPosition => ({ name, type });

describe('Route 53 listing order', () => {
  it('sorts by reversed labels, then type', () => {
    const names = [at('b.example.com.'), at('example.com.', 'NS'), at('a.b.example.com.'), at('example.com.', 'MX'), at('z.example.com.'), at('a.example.com.', 'TXT'), at('a.example.com.')];
    expect([...names].sort(compareListPosition)).toEqual([
      at('example.com.', 'MX'), at('example.com.', 'NS'), at('a.example.com.'), at('a.example.com.', 'TXT'), at('b.example.com.'), at('a.b.example.com.'), at('z.example.com.'),
    ]);
  });
});

describe('walkPositions', () => {
  // A listed zone of h0…h999 (one A each), served in pages as ListResourceRecordSets does.
  const zone = Array.from({ length: 1000 }, (_, i) => at(`h${String(i).padStart(4, '0')}.example.com.`)).sort(compareListPosition);
  const lister = (size: number) => {
    const starts: ListPosition[] = [];
    const page = async (start: ListPosition) => {
      starts.push(start);
      const from = zone.findIndex((p) => compareListPosition(p, start) >= 0);
      const items = from < 0 ? [] : zone.slice(from, from + size);
      const next = from >= 0 ? zone[from + size] : undefined;
      return next ? { items, next } : { items };
    };
    return { page, starts };
  };

  it('walks a contiguous range in ⌈range ÷ page size⌉ calls', async () => {
    const { page, starts } = lister(300);
    const wanted = zone.slice(100, 1100);
    const items = await walkPositions(wanted, page);
    expect(starts).toHaveLength(3);
    expect(items.filter((p) => wanted.includes(p))).toHaveLength(900);
  });

  it('skips the stretches between wanted rrsets: one call per isolated rrset at most', async () => {
    const { page, starts } = lister(300);
    const wanted = [zone[5], zone[500], zone[990]] as ListPosition[];
    await walkPositions([...wanted].reverse(), page);
    expect(starts).toEqual(wanted);
  });

  it('asks once for rrsets that do not exist yet (creates) past the end of the zone', async () => {
    const { page, starts } = lister(300);
    await walkPositions([at('x1.example.com.'), at('x2.example.com.')], page);
    expect(starts).toHaveLength(1);
  });
});
