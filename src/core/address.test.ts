import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalIPv4, canonicalIPv6 } from './address.js';

describe('canonicalIPv4', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIPv4(input)).toBe(expected);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '256.0.0.1', '1.2.3.1000', '1.2.3.a', '1.2.3.4 ', '+1.2.3.4', '１.2.3.4', '010.000.0.01', '00.0.0.0', '01.2.3.4'])('%j is refused', (input) => {
    expect(canonicalIPv4(input)).toBeUndefined();
  });
});

describe('canonicalIPv6', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIPv6(input)).toBe(expected);
  });
});

describe('canonicalIPv6 against the WHATWG URL parser', () => {
  // An independent RFC 5952 serialiser: new URL() compresses the first longest run of two or more
  // zero words, lowercases and drops leading zeros, and turns an IPv4 tail into two hex words.
  const whatwg = (text: string): string | undefined => {
    if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
    try {
      return new URL(`http://[${text}]/`).hostname.slice(1, -1);
    } catch {
      return undefined;
    }
  };
  const hex = fc.integer({ min: 0, max: 0xffff }).chain((w) => fc.constantFrom(w.toString(16), w.toString(16).toUpperCase(), w.toString(16).padStart(4, '0')));
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
  const address = fc
    .tuple(fc.array(hex, { minLength: 0, maxLength: 9 }), fc.option(fc.nat(9)), fc.boolean(), v4)
    .map(([groups, gap, tail, quad]) => {
      const parts = [...groups];
      if (tail) parts.push(quad);
      if (gap === null) return parts.join(':');
      const at = Math.min(gap, parts.length);
      return `${parts.slice(0, at).join(':')}::${parts.slice(at).join(':')}`;
    });
  const noise = fc.stringMatching(/^[0-9a-fA-F:.g ]{0,20}$/);

  it('agrees on generated addresses, valid and not', () => {
    fc.assert(
      fc.property(fc.oneof(address, noise), (text) => {
        expect(canonicalIPv6(text)).toBe(whatwg(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([':', '::', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '12345::', '::1:', ':1::', '1.2.3.4', '::1.2.3', '::ffff:1.2.3.4.5', '1:2:3:4:5:6:7:1.2.3.4'])('%j', (text) => {
    expect(canonicalIPv6(text)).toBe(whatwg(text));
  });
});
