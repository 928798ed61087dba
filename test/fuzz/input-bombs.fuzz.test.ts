import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMasterFile, type IncludeFile } from '../../src/core/zonefile/rfc1035.js';
import { readWithYamlPackage } from '../../src/core/zonefile/yaml-package.js';

/**
 * Issue 17: any include graph and any number of aliases end in bounded work. No timing is
 * asserted; each case must finish inside the test's timeout (a quadratic or exponential
 * reader would not), and the work done is counted.
 */

const HEAD = '$TTL 300\n@ SOA ns1.example.net. h.example.com. 1 7200 3600 1209600 300\n';

describe('include graphs', () => {
  it('read at most limits.includes files and nest at most limits.includeDepth deep, whatever the graph (300 graphs)', () => {
    const graph = fc.array(fc.array(fc.nat(11), { maxLength: 6 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(graph, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 }), (files, includes, includeDepth) => {
        const text = (i: number) => (files[i % files.length] ?? []).map((j) => `$INCLUDE f${j % files.length}.zone\n`).join('');
        let asked = 0;
        let deepest = 0;
        const include: IncludeFile = (path, from) => {
          asked++;
          const depth = from.split('/').length;
          deepest = Math.max(deepest, depth);
          const i = Number(/\d+/.exec(path)?.[0]);
          return { text: `h${asked} A 192.0.2.1\n${text(i)}`, file: `zones/${path}`, key: `${from}/${path}` };
        };
        const parsed = parseMasterFile(`${HEAD}${text(0)}`, 'zones/example.com.zone', 'example.com.', include, { includes, includeDepth, key: 'root' });
        expect(asked).toBeLessThanOrEqual(includes);
        // The key records the chain of files: the zone file is one part, each nesting adds one.
        expect(deepest).toBeLessThanOrEqual(includeDepth);
        expect(parsed.problems.every((p) => p.severity === 'warning' || ['include-limit', 'include-cycle'].includes(p.rule))).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('YAML aliases', () => {
  it('resolve in one pass up to the cap and are refused past it (20 documents of up to 30,000 aliases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 20_000 }), (count, cap) => {
        const lines = ['a: &x {type: A, value: 192.0.2.1}'];
        for (let i = 0; i < count; i++) lines.push(`n${i}: *x`);
        const tree = readWithYamlPackage(`${lines.join('\n')}\n`, 'f', cap);
        if (count > cap) expect(tree.problems.map((p) => [p.rule, p.location?.line])).toEqual([['yaml-limit', cap + 2]]);
        else expect(tree.root?.kind === 'map' && tree.root.entries.length).toBe(count + 1);
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
