import { describe, expect, it } from 'vitest';
import { canonicalRdata, rdataFields } from './rdata.js';
import { rdataWireLength } from './rdata-length.js';
import { expectedAnswer, questionsFor } from './expect.js';
import type { Zone } from './model.js';
import { parseMasterFile } from './zonefile/rfc1035.js';
import { parseYamlZone } from './zonefile/yaml.js';
import { renderYamlZone } from './zonefile/write-yaml.js';
import { formatYamlZone } from './zonefile/format-yaml.js';

const FILE = 'zones/example.com.yaml';
const problems = (text: string) => parseYamlZone(text, FILE, 'example.com.').problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.severity} ${p.message}`);

describe('URLFWD canonical form', () => {
  it.each([
    ['octoDNS rdata text', '"/" "http://www.unit.tests" 302 2 0', '"/" "http://www.unit.tests" 302 2 0'],
    ['bare words, zero-padded settings', '/target http://target.unit.tests 0301 02 01', '"/target" "http://target.unit.tests" 301 2 1'],
    ['quotes and backslashes kept escaped', '"/a\\"b" "http://x/\\\\y" 301 0 0', '"/a\\"b" "http://x/\\\\y" 301 0 0'],
  ])('%s', (_what, text, value) => {
    expect(canonicalRdata('URLFWD', text, 'example.com.')).toEqual({ ok: true, value });
  });

  it.each([
    ['four fields', '"/" "http://x" 301 0', 'expected "path" "target" code masking query, got 4 fields', undefined],
    ['an empty path', '"" "http://x" 301 0 0', 'missing path', 0],
    ['a blank in the target', '"/" "http://x/a b" 301 0 0', 'target "http://x/a b" holds a space or control character; percent-encode it (%20)', 1],
    ['code 303', '"/" "http://x" 303 0 0', 'unrecognized return code "303" (expected 301, 302)', 2],
    ['a word for masking', '"/" "http://x" 301 frame 0', 'invalid masking setting "frame" (expected 0, 1, 2)', 3],
    ['query 2', '"/" "http://x" 301 0 2', 'unrecognized query setting "2" (expected 0, 1)', 4],
  ])('refuses %s, naming the field', (_what, text, error, at) => {
    expect(canonicalRdata('URLFWD', text, 'example.com.')).toEqual({ ok: false, error, ...(at === undefined ? {} : { at }) });
  });

  it('splits into the five parts NS1 answers carry', () => {
    expect(rdataFields('"/" "http://www.unit.tests" 302 2 0')).toEqual(['/', 'http://www.unit.tests', '302', '2', '0']);
  });

  it('counts its fields as character-strings for the rdata length limit', () => {
    expect(rdataWireLength('URLFWD', '"/" "http://x" 301 0 0')).toBe(2 + 9 + 4 + 2 + 2);
  });
});

describe('URLFWD in octoDNS YAML', () => {
  const record = (value: string) => `go:\n  type: URLFWD\n  ttl: 300\n  value:\n${value}`;

  it('reads the five fields, numbers quoted or not', () => {
    const zone = parseYamlZone(record("    path: /\n    target: 'https://example.net/'\n    code: '301'\n    masking: 0\n    query: 1\n"), FILE, 'example.com.');
    expect(zone.problems).toEqual([]);
    expect(zone.zone.rrsets).toMatchObject([{ name: 'go.example.com.', type: 'URLFWD', ttl: 300, values: ['"/" "https://example.net/" 301 0 1'] }]);
  });

  it("reports every bad field at its own node, in octoDNS's words", () => {
    expect(problems(record('    path: /\n    code: 303\n    masking: 3\n    query: x\n'))).toEqual([
      '5:5 error Invalid record "go.example.com." URLFWD: missing target',
      '6:11 error Invalid record "go.example.com." URLFWD: unrecognized return code "303" (expected 301, 302)',
      '7:14 error Invalid record "go.example.com." URLFWD: unrecognized masking setting "3" (expected 0, 1, 2)',
      '8:12 error Invalid record "go.example.com." URLFWD: invalid query setting "x" (expected 0, 1)',
    ]);
  });

  it('reports a missing path, code, masking and query', () => {
    expect(problems(record("    target: 'https://example.net/'\n    path: ''\n"))).toEqual([
      '5:5 error Invalid record "go.example.com." URLFWD: missing code',
      '5:5 error Invalid record "go.example.com." URLFWD: missing masking',
      '5:5 error Invalid record "go.example.com." URLFWD: missing query',
      '6:11 error Invalid record "go.example.com." URLFWD: missing path',
    ]);
  });

  it('writes and formats back to the same values, numbers as numbers', () => {
    const zone: Zone = { name: 'example.com.', rrsets: [{ name: 'go.example.com.', type: 'URLFWD', ttl: 300, values: ['"/" "https://example.net/" 301 0 1', '"/old" "https://example.net/new" 302 2 0'] }] };
    const text = renderYamlZone(zone);
    expect(text).toBe(
      "---\ngo:\n  type: URLFWD\n  ttl: 300\n  values:\n    - path: '/'\n      target: https://example.net/\n      code: 301\n      masking: 0\n      query: 1\n" +
        "    - path: '/old'\n      target: https://example.net/new\n      code: 302\n      masking: 2\n      query: 0\n",
    );
    expect(parseYamlZone(text, FILE, 'example.com.').zone.rrsets.map((r) => r.values)).toEqual([zone.rrsets[0]?.values]);
    // fmt sorts the fields by name, as octoDNS writes them, and is then stable.
    const formatted = formatYamlZone(text, 'example.com.');
    if (!formatted.ok) throw new Error(formatted.reason);
    expect(formatted.text).toContain("    - code: 301\n      masking: 0\n      path: '/'\n      query: 1\n      target: https://example.net/\n");
    expect(formatYamlZone(formatted.text, 'example.com.')).toMatchObject({ ok: true, changed: false });
    expect(parseYamlZone(formatted.text, FILE, 'example.com.').zone.rrsets.map((r) => r.values)).toEqual([zone.rrsets[0]?.values]);
  });
});

describe('URLFWD elsewhere', () => {
  it('has no master-file form: the RFC 1035 reader refuses it at its type', () => {
    const read = parseMasterFile('$ORIGIN example.com.\n$TTL 300\ngo IN URLFWD "/" "http://x" 301 0 0\n', 'z.zone', 'example.com.', () => undefined);
    expect(read.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`)).toEqual([
      '3:7 Invalid record "go.example.com.": URLFWD is an HTTP redirect a provider serves (octoDNS, NS1), not a DNS record type, and has no master-file form; declare it in an octoDNS YAML zone file',
    ]);
  });

  it('is not asked over DNS: A and AAAA at its name are the forwarders the provider picks', () => {
    const zone: Zone = { name: 'example.com.', rrsets: [
      { name: 'go.example.com.', type: 'URLFWD', ttl: 300, values: ['"/" "http://x" 301 0 0'] },
      { name: 'both.example.com.', type: 'URLFWD', ttl: 300, values: ['"/" "http://x" 301 0 0'] },
      { name: 'both.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
    ] };
    expect(questionsFor(zone)).toEqual([
      { name: 'both.example.com.', type: 'A' }, { name: 'both.example.com.', type: 'AAAA' },
      { name: 'go.example.com.', type: 'A' }, { name: 'go.example.com.', type: 'AAAA' },
    ]);
    expect(questionsFor(zone, new Set(['go.example.com.']), new Set(['URLFWD']))).toEqual([{ name: 'go.example.com.', type: 'A' }, { name: 'go.example.com.', type: 'AAAA' }]);
    expect(expectedAnswer(zone, 'go.example.com.', 'A')).toEqual({ kind: 'provider-owned' });
    expect(expectedAnswer(zone, 'go.example.com.', 'TXT')).toEqual({ kind: 'nodata' });
    expect(expectedAnswer(zone, 'both.example.com.', 'A')).toMatchObject({ kind: 'answer', rrsets: [{ values: ['192.0.2.1'] }] });
  });
});
