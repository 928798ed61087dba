import { describe, expect, it } from 'vitest';
import { parseMasterFile } from './rfc1035.js';
import { parseYamlZone } from './yaml.js';

// TXT sizes: a zone file holds character-strings of at most 255 bytes after unescaping (BIND and
// Knot refuse longer ones), an rdata at most 65,535 bytes; an octoDNS YAML value longer than 255
// is cut every 255 bytes, as octoDNS cuts it (octodns/record/chunked.py, `to_rdata_text`).
const zone = (text: string) => parseMasterFile(`$TTL 300\n${text}`, 'z.zone', 'example.com.', () => undefined);
const errors = (text: string) => zone(text).problems.filter((p) => p.severity === 'error').map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`);
const yaml = (value: string, type = 'TXT') => parseYamlZone(`t:\n  type: ${type}\n  value: ${JSON.stringify(value)}\n`, 'z.yaml', 'example.com.');

describe('TXT sizes in a zone file', () => {
  it.each([254, 255])('a %i-byte string is one string', (n) => {
    expect(zone(`t TXT "${'x'.repeat(n)}"\n`).zone.rrsets[0]?.values).toEqual([`"${'x'.repeat(n)}"`]);
  });

  it('counts bytes after unescaping: 255 escapes are 255 bytes', () => {
    expect(errors(`t TXT "${'\\"'.repeat(255)}"\n`)).toEqual([]);
    expect(errors(`t TXT "${'\\195\\169'.repeat(127)}\\195"\n`)).toEqual([]);
  });

  it.each([
    ['a 256-byte string', `t TXT "a" "${'x'.repeat(256)}"\n`, '2:11 Invalid record "t.example.com." TXT: a character-string of 256 bytes is longer than 255 (RFC 1035 §3.3); write it as several quoted strings'],
    ['256 bytes written as 128 two-byte characters', `t SPF ${'é'.repeat(128)}\n`, '2:7 Invalid record "t.example.com." SPF: a character-string of 256 bytes is longer than 255 (RFC 1035 §3.3); write it as several quoted strings'],
    ['an rdata past 65,535 bytes', `t TXT ${`"${'x'.repeat(255)}" `.repeat(256)}\n`, '2:7 Invalid record "t.example.com." TXT: the strings are 65536 bytes on the wire, more than the 65535 one record holds (RFC 1035 §3.2.1)'],
  ])('refuses %s with its place', (_what, text, problem) => {
    expect(errors(text)).toEqual([problem]);
  });
});

describe('octoDNS TXT values longer than 255 bytes', () => {
  it.each([
    ['plain text', 'a'.repeat(300), [`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`]],
    ['exactly 510 bytes', 'b'.repeat(510), [`"${'b'.repeat(255)}" "${'b'.repeat(255)}"`]],
    ['511 bytes', 'b'.repeat(511), [`"${'b'.repeat(255)}" "${'b'.repeat(255)}" "b"`]],
    // octoDNS cuts the text with `\;` made `;` again: the cut falls 255 bytes into the unescaped value.
    ['a DKIM key with \\;', `v=DKIM1\\; k=rsa\\; p=${'A'.repeat(300)}`, [`"v=DKIM1; k=rsa; p=${'A'.repeat(237)}" "${'A'.repeat(63)}"`]],
    ['one quoted long string', `"${'c'.repeat(256)}"`, [`"${'c'.repeat(255)}" "c"`]],
  ])('%s', (_what, value, values) => {
    const result = yaml(value);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.zone.rrsets[0]?.values).toEqual(values);
  });

  it('SPF is cut the same way', () => {
    expect(yaml('d'.repeat(256), 'SPF').zone.rrsets[0]?.values).toEqual([`"${'d'.repeat(255)}" "d"`]);
  });
});
