import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameTypeIndex } from './rrset-index.js';

interface Item {
  name: string;
  type: string;
  id: number;
}

const item = (name: string, type: string, id = 0): Item => ({ name, type, id });

describe('NameTypeIndex', () => {
  it('finds an item by name and type, and keeps the first of a name and type', () => {
    const index = new NameTypeIndex<Item>();
    expect(index.add(item('www.', 'A', 1))).toBeUndefined();
    expect(index.add(item('www.', 'AAAA', 2))).toBeUndefined();
    expect(index.add(item('mail.', 'A', 3))).toBeUndefined();
    expect(index.add(item('www.', 'A', 4))).toEqual(item('www.', 'A', 1));
    expect(index.size).toBe(3);
    expect(index.get('www.', 'AAAA')?.id).toBe(2);
    expect(index.get('www.', 'MX')).toBeUndefined();
    expect(index.get('mail.', 'AAAA')).toBeUndefined();
    expect(index.get('ftp.', 'A')).toBeUndefined();
    expect(index.values().map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it('takes items out, whether a name has one or several', () => {
    const index = new NameTypeIndex<Item>();
    index.add(item('www.', 'A', 1));
    index.add(item('www.', 'TXT', 2));
    index.add(item('mail.', 'MX', 3));
    expect(index.take('mail.', 'A')).toBeUndefined();
    expect(index.take('mail.', 'MX')?.id).toBe(3);
    expect(index.take('mail.', 'MX')).toBeUndefined();
    expect(index.take('www.', 'A')?.id).toBe(1);
    expect(index.take('www.', 'A')).toBeUndefined();
    expect(index.values().map((i) => i.id)).toEqual([2]);
    expect(index.take('www.', 'TXT')?.id).toBe(2);
    expect(index.size).toBe(0);
    expect(index.values()).toEqual([]);
    // A name emptied by take() can be filled again.
    expect(index.add(item('www.', 'A', 5))).toBeUndefined();
    expect(index.get('www.', 'A')?.id).toBe(5);
  });

  it('visits the names that hold more than one item, and only those', () => {
    const index = new NameTypeIndex<Item>();
    index.add(item('a.', 'A'));
    index.add(item('b.', 'A'));
    index.add(item('b.', 'TXT'));
    index.add(item('c.', 'CNAME'));
    index.add(item('c.', 'A'));
    index.add(item('c.', 'MX'));
    index.take('c.', 'A');
    index.take('c.', 'MX');
    const seen: string[][] = [];
    index.forEachSharedName((items) => seen.push(items.map((i) => `${i.name} ${i.type}`)));
    expect(seen).toEqual([['b. A', 'b. TXT']]);
  });

  it('agrees with a Map keyed by "name type" over any sequence of adds and takes', () => {
    const op = fc.tuple(fc.constantFrom('add', 'take'), fc.constantFrom('a.', 'b.', 'c.'), fc.constantFrom('A', 'AAAA', 'TXT'));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const index = new NameTypeIndex<Item>();
        const model = new Map<string, Item>();
        ops.forEach(([kind, name, type], id) => {
          const key = `${name} ${type}`;
          if (kind === 'add') {
            expect(index.add(item(name, type, id))).toEqual(model.get(key));
            if (!model.has(key)) model.set(key, item(name, type, id));
          } else {
            expect(index.take(name, type)).toEqual(model.get(key));
            model.delete(key);
          }
          expect(index.size).toBe(model.size);
        });
        for (const [key, value] of model) expect(index.get(...(key.split(' ') as [string, string]))).toEqual(value);
        expect(new Set(index.values())).toEqual(new Set(model.values()));
        const shared: string[] = [];
        index.forEachSharedName((items) => shared.push(items[0]?.name ?? ''));
        const counts = new Map<string, number>();
        for (const value of model.values()) counts.set(value.name, (counts.get(value.name) ?? 0) + 1);
        expect(shared.sort()).toEqual([...counts].filter(([, n]) => n > 1).map(([name]) => name).sort());
      }),
    );
  });
});
