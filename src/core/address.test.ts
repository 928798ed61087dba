import { describe, expect, it } from 'vitest';
import { canonicalIPv4, canonicalIPv6 } from './address.js';

describe('canonicalIPv4', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['010.000.0.01', '10.0.0.1'],
    ['00.0.0.0', '0.0.0.0'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIPv4(input)).toBe(expected);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '256.0.0.1', '1.2.3.1000', '1.2.3.a', '1.2.3.4 ', '+1.2.3.4', '１.2.3.4'])('%j is refused', (input) => {
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
