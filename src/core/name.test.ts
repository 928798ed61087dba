import { describe, expect, it } from 'vitest';
import { canonicalName, compareNames, relativeName, zoneName } from './name.js';

describe('canonicalName', () => {
  it.each([
    ['www', 'www.example.com.'],
    ['WWW.Example.COM.', 'www.example.com.'],
    ['@', 'example.com.'],
    ['*.wild', '*.wild.example.com.'],
    ['_dmarc', '_dmarc.example.com.'],
    ['bücher', 'xn--bcher-kva.example.com.'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalName(input, 'example.com.')).toEqual({ ok: true, name: expected });
  });

  it.each([
    ['a..b', 'empty label'],
    ['a.*.b', '"*" is only allowed as the leftmost label'],
    [`${'a'.repeat(64)}`, 'longer than 63'],
    ['bad name', 'not allowed'],
  ])('%s is refused (%s)', (input, error) => {
    expect(canonicalName(input, 'example.com.')).toEqual({ ok: false, error: expect.stringContaining(error) });
  });

  it('orders parents before children and siblings by label', () => {
    const names = ['b.example.com.', 'example.com.', 'a.b.example.com.', 'a.example.com.'];
    expect(names.sort(compareNames)).toEqual(['example.com.', 'a.example.com.', 'b.example.com.', 'a.b.example.com.']);
  });

  it('gives relative names and zone names', () => {
    expect(relativeName('www.example.com.', 'example.com.')).toBe('www');
    expect(relativeName('example.com.', 'example.com.')).toBe('');
    expect(zoneName('Example.com')).toEqual({ ok: true, name: 'example.com.' });
  });
});
