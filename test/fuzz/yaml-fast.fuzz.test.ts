import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFastYaml } from '../../src/core/zonefile/yaml-fast.js';
import { readWithYamlPackage } from '../../src/core/zonefile/yaml-package.js';
import type { YNode } from '../../src/core/zonefile/yaml-tree.js';

/**
 * The fast YAML reader (zone files and zonesync.yaml) against the `yaml` package: whatever the
 * fast reader accepts, it must read to the same tree (values, scalar texts, lines and columns)
 * as the package does without a problem; everything else it must decline, never misread.
 */

const TRICKY = [
  'a', 'host-1', '10.0.0.1', '1.5', '0x1F', '0o17', '+12', '-3', '007', '~', 'null', 'Null', 'NULL', 'true', 'False', 'toString', 'constructor',
  'yes', 'a b', 'a #b', 'a#b', "it's", 'a:b', 'a: b', 'a:', '-', '- a', '-a', '?', '? a', ':', '@x', '`x', '%x', '!x', '&x', '*x', '|', '>',
  '.inf', '-.inf', '.NaN', '.5', '1e3', '1.2.3', 'ns1.example.com.', '*.a', '[x]', '{x}', 'x,y', 'x]', 'x}', 'é', 'a\\b', '"', "'", ' a', 'a ',
  '', '#', 'v=spf1 include:_spf.example.net -all',
];

const scalarText = fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[a-z0-9 .:#,'"\\[\]{}-]{0,8}$/));

/** A scalar as it could be written: plain (even where that is not valid YAML), single or double quoted. */
const scalar = fc.tuple(scalarText, fc.constantFrom('plain', 'single', 'double')).map(([text, style]) => {
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (style === 'double') return JSON.stringify(text);
  return text;
});

const key = fc.oneof(fc.constantFrom('a', 'b', 'type', 'value', 'z00001.bench.test', "''", '""', '~', '1', 'x y', 'true'), scalar);

/** A flow collection on one line. */
const flow: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }).chain((items) => fc.constantFrom(`[${items.join(', ')}]`, `[ ${items.join(',')} ]`, `[${items.join(' ,')},]`)),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).chain((pairs) => {
      const body = pairs.map(([k, v]) => `${k}: ${v}`);
      return fc.constantFrom(`{${body.join(', ')}}`, `{ ${body.join(', ')} }`, `{${body.join(',')}}`);
    }),
  ),
})).node;

/** Block structure, at `indent` spaces; a value is a scalar, a flow collection, or a nested block. */
function block(depth: number): fc.Arbitrary<string[]> {
  const inline = fc.oneof(scalar, flow, fc.tuple(scalar, fc.constantFrom(' # note', '  #x')).map(([s, c]) => `${s}${c}`));
  const nested = depth <= 0 ? inline.map((v) => [v]) : fc.oneof(inline.map((v) => [v]), block(depth - 1).map((lines) => ['', ...lines]));
  const indentLines = (lines: string[]) => lines.map((l) => `  ${l}`);
  const map = fc.array(fc.tuple(key, nested), { minLength: 1, maxLength: 4 }).map((pairs) =>
    pairs.flatMap(([k, v]) => (v[0] === '' ? [`${k}:`, ...indentLines(v.slice(1))] : [`${k}: ${v[0]}`])),
  );
  const seq = fc.array(nested, { minLength: 1, maxLength: 4 }).map((items) => items.flatMap((v) => (v[0] === '' ? ['-', ...indentLines(v.slice(1))] : [`- ${v[0]}`])));
  return fc.oneof(map, seq);
}

const document = fc.tuple(fc.constantFrom('', '---\n', '# head\n'), block(2)).map(([head, lines]) => `${head}${lines.join('\n')}\n`);

function same(text: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast.ok) return false;
  const full = readWithYamlPackage(text, 'f');
  expect({ text, problems: full.problems }).toEqual({ text, problems: [] });
  expect(fast.root as YNode | undefined).toEqual(full.root);
  return true;
}

describe('fast YAML reader against the yaml package', () => {
  it('reads what it accepts exactly as the package does (generated block and flow documents)', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(document, (text) => {
        total++;
        if (same(text)) accepted++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
    // The comparison means something only if the fast reader takes a good share of the inputs.
    if (process.env.FUZZ_RUNS) console.log(`accepted ${accepted} of ${total}`);
    expect(accepted / total).toBeGreaterThan(0.2);
  });

  it.each([
    ['zonesync.yaml zones', 'zones:\n  z1.test: { file: zones/z1.test.yaml, targets: [local, "b"] }\n  z2.test: {file: z.yaml, targets: [a,]}\n'],
    ['nested flow', "a: { safety: { maxUpdatePercent: 30, x: [1, [2, 'q'], {}] }, e: [] }\n"],
    ['a list of flow maps', "values:\n  - { preference: 10, exchange: mx1.example.com. }\n  - {flags: 0, tag: issue, value: \"letsencrypt.org\"}\n"],
    ['addresses and numbers', 'a: [10.0.0.1, 300, -3, +4, 1.2.3, toString, constructor]\n'],
  ])('takes %s', (_, text) => {
    expect(same(text)).toBe(true);
  });

  it.each([
    ['a multi-line flow map', 'a: { b: 1,\n  c: 2 }\n'],
    ['an empty flow value', 'a: { b: }\n'],
    ['a key with no value', 'a: { b }\n'],
    ['a pair inside a list', 'a: [b: c]\n'],
    ['a comment inside', 'a: [b #c\n]\n'],
    ['deep nesting', `a: ${'['.repeat(100)}${']'.repeat(100)}\n`],
    ['a float', 'a: [1.5]\n'],
  ])('declines %s', (_, text) => {
    expect(parseFastYaml(text).ok).toBe(false);
  });
});
