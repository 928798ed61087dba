import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonSha256, sha256Lines } from './canonical-json.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members, and writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 'x', { d: undefined, c: null }], é: true, Z: 2 })).toBe('{"Z":2,"a":[null,"x",{"c":null}],"b":1,"é":true}');
  });

  it('is JSON.parse-able and equal to the input for any JSON value, and its hash is the hash of its text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJsonSha256(value)).toBe(sha(text));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes text larger than one piece the same as in one go', () => {
    const big = { zones: Array.from({ length: 5000 }, (_, i) => ({ name: `z${i}.test.`, values: ['192.0.2.1', 'x'.repeat(40)] })) };
    expect(canonicalJsonSha256(big)).toBe(sha(canonicalJson(big)));
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i}\n`);
    expect(sha256Lines(lines)).toBe(sha(lines.join('')));
  });
});
