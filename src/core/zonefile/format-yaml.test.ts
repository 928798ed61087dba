import { describe, expect, it } from 'vitest';
import { formatYamlZone, naturalCompare } from './format-yaml.js';
import { parseYamlZone } from './yaml.js';

const format = (text: string) => {
  const result = formatYamlZone(text, 'example.com.');
  if (!result.ok) throw new Error(result.reason);
  return result.text;
};

const meaning = (text: string) => parseYamlZone(text, 'z.yaml', 'example.com.').zone.rrsets.map(({ source: _source, ...rest }) => rest).sort((a, b) => (`${a.name}${a.type}` < `${b.name}${b.type}` ? -1 : 1));

describe('naturalCompare (octoDNS natsort)', () => {
  it.each([
    ['', 'a', -1],
    ['host2', 'host12', -1],
    ['host12', 'host2', 1],
    ['*', '_dmarc', -1],
    ['_dmarc', 'api', -1],
    ['a', 'a', 0],
    ['10', '9', 1],
  ])('%j vs %j', (a, b, sign) => expect(Math.sign(naturalCompare(a, b))).toBe(sign));
});

describe('formatYamlZone', () => {
  const messy = [
    '# the header stays on top',
    'WWW:',
    '  - type: cname',
    '    ttl: 3600',
    '    values: [Example.COM.]  # the apex',
    'host12: { type: A, value: 192.0.2.12 }',
    'host2: { type: A, value: 192.0.2.2 }',
    "'':",
    '  # addresses',
    "  - { type: A, values: [192.0.2.2, 192.0.2.1], ttl: '300' }",
    "  - values: ['2001:DB8::0010']",
    '    type: AAAA',
    'mail:',
    '  type: MX',
    '  values:',
    '    - { priority: 20, value: b.example.com. }',
    '    - { preference: 10, exchange: a.example.com. }',
    '',
  ].join('\n');

  it('sorts names, records and keys as octoDNS does, normalises values and keeps comments', () => {
    expect(format(messy)).toBe(
      [
        '# the header stays on top',
        "'':",
        '  # addresses',
        '  - ttl: 300',
        '    type: A',
        '    values:',
        '      - 192.0.2.1',
        '      - 192.0.2.2',
        '  - type: AAAA',
        "    value: '2001:db8::10'",
        'host2:',
        '  type: A',
        '  value: 192.0.2.2',
        'host12:',
        '  type: A',
        '  value: 192.0.2.12',
        'mail:',
        '  type: MX',
        '  values:',
        '    - exchange: a.example.com.',
        '      preference: 10',
        '    - exchange: b.example.com.',
        '      preference: 20',
        'www:',
        '  type: CNAME',
        '  value: example.com. # the apex',
        '',
      ].join('\n'),
    );
  });

  it('is idempotent and never changes what the file declares', () => {
    const once = format(messy);
    expect(format(once)).toBe(once);
    expect(meaning(once)).toEqual(meaning(messy));
  });

  it('leaves a canonical file byte for byte alone', () => {
    const canonical = "'':\n  type: A\n  value: 192.0.2.1\n";
    expect(formatYamlZone(canonical, 'example.com.')).toEqual({ ok: true, text: canonical, changed: false });
  });

  it('refuses what is not YAML, or not a map', () => {
    expect(formatYamlZone('a: [1, 2\n', 'example.com.').ok).toBe(false);
    expect(formatYamlZone('- a\n', 'example.com.')).toEqual({ ok: false, reason: 'a zone file must be a map from names to records' });
  });
});
