import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '../../src/core/model.js';
import { parseMasterFile, type IncludeFile } from '../../src/core/zonefile/rfc1035.js';
import { applyEdits, editArbitrary, expectLocatedErrors, hugeNumber, RUNS } from './mutations.js';
import { FILE, INCLUDES, ORIGIN, VALID, fragment } from './master-inputs.js';

const include: IncludeFile = (path) => {
  const name = path.replace(/^.*\//, '');
  if (path === FILE || name === 'example.com.zone') return { text: current, file: FILE };
  const text = INCLUDES[name];
  return text === undefined ? undefined : { text, file: `zones/${name}` };
};
let current = VALID;
const texts = () => ({ [FILE]: current, ...Object.fromEntries(Object.entries(INCLUDES).map(([k, v]) => [`zones/${k}`, v])) });



function parses(text: string): void {
  current = text;
  const result = parseMasterFile(text, FILE, ORIGIN, include);
  expect(Array.isArray(result.problems)).toBe(true);
  expectLocatedErrors(result.problems, texts());
}

describe('RFC 1035 master file parser on malformed input', () => {
  it('the valid base file parses without errors', () => {
    current = VALID;
    expect(parseMasterFile(VALID, FILE, ORIGIN, include).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each(['$INCLUDE self.zone', '$INCLUDE a.zone', '$INCLUDE main-loop.zone'])('an $INCLUDE loop (%s) is an error with a location, not a hang', (line) => {
    const text = `${VALID}${line}\n`;
    current = text;
    const { problems } = parseMasterFile(text, FILE, ORIGIN, include);
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
    expectLocatedErrors(problems, texts());
  });

  it(`never throws; every error is located inside the file that has it (${RUNS.master} mutated files)`, () => {
    fc.assert(fc.property(editArbitrary(fragment), (edits) => parses(applyEdits(VALID, edits))), { numRuns: RUNS.master });
  });

  it(`never throws on lines of random tokens (${RUNS.masterInclude} generated files)`, () => {
    const token = fc.oneof(fc.constantFrom('@', 'IN', '(', ')', ';', '"', '\\', '$INCLUDE', '$ORIGIN', '$TTL', 'a.zone', 'self.zone', '3600', ...RECORD_TYPES), fc.string({ maxLength: 6 }), hugeNumber);
    const line = fc.array(token, { maxLength: 8 }).map((t) => t.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 20 }), (lines) => parses(lines.join('\n'))), { numRuns: RUNS.masterInclude });
  });
});
