import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { needsIntegration } from '../support/project.js';
import { Differential, sample, unexplained, zoneText } from './differential.js';

// zonesync's zone-file reader against named-compilezone (BIND) and kzonecheck (Knot), on a fixed
// seed and a few runs so `npm test` stays quick; `npm run fuzz` sweeps longer with a random seed
// (test/fuzz/zonefile-differential.fuzz.test.ts). Disagreements the references are right to have
// are listed in differential.ts (KNOWN) with the reason.
describe('zone files: zonesync, BIND and Knot agree', () => {
  needsIntegration('named-compilezone and kzonecheck');
  const diff = new Differential();
  afterAll(() => diff.close());

  it('on accept or refuse, and on the canonical rdata BIND writes back', () => {
    fc.assert(
      fc.property(sample, (s) => {
        const text = zoneText(s);
        expect(unexplained(text, diff.run(text))).toEqual([]);
      }),
      { seed: 20, numRuns: 50 },
    );
  });
});
