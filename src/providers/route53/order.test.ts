import { describe, expect, it } from 'vitest';
import { compareListName, compareListPosition, inListRange, walkPositions, walkRange, type ListPosition } from './order.js';

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

describe('range walk: from one name of the listing up to another', () => {
  // 1,000 names in list order (reversed labels): n000.example.com. … n999.example.com.
  const names = Array.from({ length: 1000 }, (_, i) => `n${String(i).padStart(3, '0')}.example.com.`);
  const lister = (size: number) => {
    const starts: Array<string | undefined> = [];
    const page = async (start: string | undefined) => {
      starts.push(start);
      const from = start === undefined ? 0 : names.findIndex((n) => compareListName(n, start) >= 0);
      const items = names.slice(from, from + size);
      const next = names[from + size];
      return next ? { items, next } : { items };
    };
    return { page, starts };
  };

  it('orders names by reversed labels: a parent before its children, sub.b before c', () => {
    expect(['c.example.com.', 'x.b.example.com.', 'example.com.', 'b.example.com.'].sort(compareListName)).toEqual(['example.com.', 'b.example.com.', 'x.b.example.com.', 'c.example.com.']);
    expect(inListRange('x.b.example.com.', 'b.example.com.', 'c.example.com.')).toBe(true);
    expect(inListRange('c.example.com.', 'b.example.com.', 'c.example.com.')).toBe(false);
    expect(inListRange('a.example.com.', undefined, 'b.example.com.')).toBe(true);
  });

  it('reads [from, to) in ⌈range ÷ page⌉ pages and drops what the last page holds past `to`', async () => {
    const { page, starts } = lister(300);
    const items = await walkRange('n100.example.com.', 'n500.example.com.', (n: string) => n, page);
    expect(items).toEqual(names.slice(100, 500));
    expect(starts).toEqual(['n100.example.com.', 'n400.example.com.']);
  });

  it('from the zone start and to its end: every page once', async () => {
    const { page, starts } = lister(300);
    expect(await walkRange(undefined, undefined, (n: string) => n, page)).toEqual(names);
    expect(starts).toHaveLength(4);
  });

  it('stops when a server hands back a page that goes backwards, instead of looping', async () => {
    let calls = 0;
    const items = await walkRange('n500.example.com.', undefined, (n: string) => n, async () => (calls++, { items: [names[500] as string], next: names[0] as string }));
    expect(calls).toBe(1);
    expect(items).toEqual([names[500]]);
  });
});
