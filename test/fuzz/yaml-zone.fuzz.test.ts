import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../../src/core/model.js';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { applyEdits, deepNest, editArbitrary, expectLocatedErrors, hugeNumber, RUNS } from './mutations.js';
import { FILE, ORIGIN, VALID, fragment } from './yaml-inputs.js';

function parses(text: string): void {
  const result = parseYamlZone(text, FILE, ORIGIN);
  expect(Array.isArray(result.problems)).toBe(true);
  expectLocatedErrors(result.problems, { [FILE]: text });
}

describe('octoDNS YAML zone parser on malformed input', () => {
  it('the valid base file parses without errors', () => {
    expect(parseYamlZone(VALID, FILE, ORIGIN).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each([
    ['a flow sequence 20,000 deep', `deep: ${deepNest(20_000, '[', ']')}`],
    ['a flow map 20,000 deep', `deep: ${deepNest(20_000, '{a: ', '}')}`],
    // Found by this fuzzer: a self-referencing alias overflowed the stack in yaml-tree's convert().
    ['a self-referencing alias (regression)', 'a: &a [*a]'],
    ['an alias inside its own anchor, in a record (regression)', 'www:\n  type: A\n  value: &v [*v]'],
    ['aliases that expand exponentially ("billion laughs")', ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n')],
  ])('%s is an error with a location, not a crash', (_, text) => {
    const { problems } = parseYamlZone(text, FILE, ORIGIN);
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
    expectLocatedErrors(problems, { [FILE]: text });
  });

  it(`never throws; every error is located inside the file (${RUNS.yaml} mutated files)`, () => {
    fc.assert(fc.property(editArbitrary(fragment), (edits) => parses(applyEdits(VALID, edits))), { numRuns: RUNS.yaml });
  });

  it(`never throws on records of the wrong shape (${RUNS.yamlShapes} generated records)`, () => {
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), hugeNumber);
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }), fc.anything({ maxDepth: 3 }));
    const record = fc.record(
      { type: fc.oneof(fc.constantFrom(...RECORD_TYPES, 'SOA', 'NOPE', 'a'), scalar), ttl: fc.oneof(scalar, fc.nat()), value, values: fc.array(value, { maxLength: 3 }), octodns: fc.anything({ maxDepth: 2 }) },
      { requiredKeys: ['type'] },
    );
    const zone = fc.dictionary(fc.oneof(fc.constantFrom('', 'www', '*', '_x._tcp', 'a.b'), fc.string({ maxLength: 12 })), fc.oneof(record, fc.array(record, { maxLength: 3 }), fc.anything({ maxDepth: 2 })), { maxKeys: 5 });
    fc.assert(
      fc.property(zone, (z) => {
        let text: string;
        try {
          text = stringify(z);
        } catch {
          return; // not every generated value has a YAML form
        }
        parses(text);
      }),
      { numRuns: RUNS.yamlShapes },
    );
  });
});
