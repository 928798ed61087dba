import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, parseShard, selectShard, shardOf } from './shard.js';

describe('parseShard', () => {
  it.each<[string, { index: number; total: number }]>([
    ['2/5', { index: 2, total: 5 }],
    ['1/1', { index: 1, total: 1 }],
    [' 3 / 3 ', { index: 3, total: 3 }],
    ['256/256', { index: 256, total: 256 }],
  ])('%s', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each<[string, string]>([
    ['2', '--shard "2": expected INDEX/TOTAL, e.g. 2/5 (the 2nd of 5 shards, counted from 1)'],
    ['a/5', '--shard "a/5": expected INDEX/TOTAL'],
    ['-1/5', '--shard "-1/5": expected INDEX/TOTAL'],
    ['1.5/5', '--shard "1.5/5": expected INDEX/TOTAL'],
    ['', '--shard "": expected INDEX/TOTAL'],
    ['0/5', '--shard "0/5": the index must be between 1 and 5, got 0'],
    ['6/5', '--shard "6/5": the index must be between 1 and 5, got 6'],
    ['0/0', '--shard "0/0": the total must be between 1 and 256, got 0'],
    ['1/257', `--shard "1/257": the total must be between 1 and ${MAX_SHARDS}, got 257`],
  ])('refuses %j', (text, message) => {
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('shardOf', () => {
  it.each<[string, number, number]>([
    // Pinned: a different hash would silently reshuffle every repository's jobs.
    ['example.com', 5, 4],
    ['example.net', 5, 3],
    ['example.org', 5, 4],
    ['a.example', 5, 5],
    ['bücher.de', 5, 1],
    ['example.com', 3, 1],
    ['example.net', 3, 2],
    ['example.org', 3, 3],
  ])('%s of %i shards → %i', (name, total, index) => {
    expect(shardOf(name, total)).toBe(index);
  });

  it.each([['Example.COM.'], ['example.com.'], ['EXAMPLE.com']])('%s is the same zone as example.com', (name) => {
    expect(shardOf(name, 5)).toBe(shardOf('example.com', 5));
  });

  it('one shard holds everything', () => {
    expect(shardOf('anything.example', 1)).toBe(1);
  });
});

describe('selectShard', () => {
  const zones = Array.from({ length: 200 }, (_, i) => `zone${i}.example`);

  it('puts every zone in exactly one of the shards', () => {
    const total = 7;
    const parts = Array.from({ length: total }, (_, i) => selectShard(zones, { index: i + 1, total }));
    expect(parts.flat().sort()).toEqual([...zones].sort());
    for (const part of parts) expect(part.length).toBeGreaterThan(10);
  });

  it('adding or removing a zone moves no other zone', () => {
    const total = 4;
    const before = zones.map((z) => shardOf(z, total));
    const grown = ['new.example', ...zones.slice(0, 100), 'another.example', ...zones.slice(100)];
    for (let index = 1; index <= total; index++) {
      const part = selectShard(grown, { index, total }).filter((z) => !z.endsWith('new.example') && z !== 'another.example');
      expect(part).toEqual(zones.filter((_, i) => before[i] === index));
    }
    const shrunk = zones.slice(1);
    expect(selectShard(shrunk, { index: 2, total })).toEqual(selectShard(zones, { index: 2, total }).filter((z) => z !== zones[0]));
  });

  it('keeps the given order and reads names through nameOf', () => {
    const configs = zones.map((name) => ({ name: `${name}.` }));
    const part = selectShard(configs, { index: 3, total: 5 }, (z) => z.name);
    expect(part.map((z) => z.name.slice(0, -1))).toEqual(selectShard(zones, { index: 3, total: 5 }));
  });
});
