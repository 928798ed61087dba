import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalName, checkedName, compareNames, isInZone, relativeName, zoneName } from './name.js';

describe('canonicalName', () => {
  it.each([
    ['www', 'www.example.com.'],
    ['WWW.Example.COM.', 'www.example.com.'],
    ['@', 'example.com.'],
    ['*.wild', '*.wild.example.com.'],
    ['_dmarc', '_dmarc.example.com.'],
    ['bücher', 'xn--bcher-kva.example.com.'],
    ['caf\\195\\169', 'xn--caf-dma.example.com.'],
    ['Café', 'xn--caf-dma.example.com.'],
    ['sub.*', 'sub.*.example.com.'],
    ['35.32/27', '35.32/27.example.com.'],
    ['_sip+d2t._tcp', '_sip+d2t._tcp.example.com.'],
    ['!@#3.', '!\\@#3.'],
    ['a\\.b', 'a\\.b.example.com.'],
    ['A\\065\\(\\)\\"', 'aa\\(\\)\\".example.com.'],
    ['x\\000y\\255', 'x\\000y\\255.example.com.'],
    ['\\200\\201', '\\200\\201.example.com.'],
    ['-a-', '-a-.example.com.'],
    ['.', '.'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalName(input, 'example.com.')).toEqual({ ok: true, name: expected });
  });

  it.each([
    ['a..b', 'empty label'],
    [`${'a'.repeat(64)}`, 'longer than 63'],
    [`${'\\200'.repeat(64)}`, 'longer than 63 octets'],
    [`${'a.'.repeat(126)}ab.`, 'longer than 255 octets'],
    [`${'a.'.repeat(125)}a`, 'longer than 255 octets'],
    ['a\\256', 'larger than 255'],
    ['a\\12', 'three digits'],
    ['a\\', 'backslash ends'],
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

  it('takes its one-pass shortcut only where the full check agrees', () => {
    const label = fc.stringMatching(/^[a-zA-Z0-9_*.-]{0,70}$/);
    const edge = fc.constantFrom('*', '-a', 'a-', 'a.-b', `${'a'.repeat(63)}`, `${'a'.repeat(64)}`, `${'a.'.repeat(126)}a`, `${'a.'.repeat(127)}`, 'A', '*.a', 'a.*', '**', 'x*');
    fc.assert(
      fc.property(fc.oneof(label, edge), fc.constantFrom('example.com.', '.', 'Sub.Example.', '*.wild.example.', 'a-.bad.', `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.`), (input, origin) => {
        expect(canonicalName(input, origin)).toEqual(checkedName(input, origin));
      }),
      { numRuns: 3000 },
    );
  });

  it('knows which names are inside a zone', () => {
    expect(isInZone('www.example.com.', 'example.com.')).toBe(true);
    expect(isInZone('example.com.', 'example.com.')).toBe(true);
    expect(isInZone('wwwexample.com.', 'example.com.')).toBe(false);
    expect(isInZone('com.', 'example.com.')).toBe(false);
    expect(isInZone('a\\.example.com.', 'example.com.')).toBe(false);
    expect(isInZone('a\\\\.example.com.', 'example.com.')).toBe(true);
    expect(isInZone('example.com.', '.')).toBe(true);
  });
});
