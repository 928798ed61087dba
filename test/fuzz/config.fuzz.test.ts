import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { ZonesyncError } from '../../src/core/errors.js';
import { applyEdits, deepNest, editArbitrary, hugeNumber, lineCount, RUNS } from './mutations.js';

const FILE = '/repo/zonesync.yaml';

const VALID = `providers:
  local: { type: file, directory: .zonesync/served }
  pdns:
    type: powerdns
    url: http://127.0.0.1:8081
    apiKey: \${PDNS_API_KEY}
    nameservers: [127.0.0.1:5300]
  # \${VAR} inside a flow map must be quoted: its braces are YAML flow syntax.
  cf: { type: cloudflare, apiToken: '\${CLOUDFLARE_API_TOKEN}' }
registrars:
  domains: { type: manual }
zones:
  example.com:
    file: zones/example.com.yaml
    targets: [local, pdns]
    delegate: [pdns]
    registrar: domains
  example.org: { file: zones/example.org.zone, targets: [cf] }
defaults:
  chunkSize: 50
  pause: 0
  verify: dns
  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }
`;
const ENV = { PDNS_API_KEY: 'k', CLOUDFLARE_API_TOKEN: 't', CHUNK: '50' };

const fragment = fc.oneof(
  fc.constantFrom(
    'zones: []',
    'zones: ~',
    'providers: 5',
    '  bad zone name!!: { file: x, targets: [local] }',
    '  example.net: { file: 5, targets: local }',
    '  example.net: { targets: [nope] }',
    '  example.net: { file: x, targets: [local], delegate: [cf] }',
    '    targets: []',
    '    registrar: nope',
    '  chunkSize: -1',
    '  chunkSize: abc',
    '  chunkSize: ${MISSING_VAR}',
    '  chunkSize: ${}',
    '  chunkSize: ${UNTERMINATED',
    '  verify: sometimes',
    '  safety: { maxUpdatePercent: 1000 }',
    '  weird: { type: nosuchtype }',
    '  notype: { directory: x }',
    'unknownTop: 1',
    '    apiKey: "unterminated',
    "    apiKey: 'unterminated",
    '\tproviders:',
    'a: &a [*a]',
    'b: *nope',
    '---',
    '%TAG ! tag:example.com,2000:',
    '? [complex]',
    'defaults: !!binary AAAA',
  ),
  hugeNumber.map((n) => `  chunkSize: ${n}`),
  hugeNumber.map((n) => `  pause: ${n}`),
  fc.integer({ min: 20, max: 300 }).map((d) => `zones: ${deepNest(d, '[', ']')}`),
  fc.integer({ min: 20, max: 300 }).map((d) => `defaults: ${deepNest(d, '{a: ', '}')}`),
);

/** Either a config, or a ZonesyncError whose `file:line:col` reasons point inside the file. */
function parsesOrExplains(text: string, env: Record<string, string | undefined> = ENV): void {
  try {
    parseConfig(text, FILE, env);
  } catch (error) {
    expect(error, `not a ZonesyncError: ${String(error)}`).toBeInstanceOf(ZonesyncError);
    const e = error as ZonesyncError;
    expect(e.message).toContain(FILE);
    for (const detail of e.details) {
      const at = detail.startsWith(`${FILE}:`) ? /^(\d+):(\d+):/.exec(detail.slice(FILE.length + 1)) : null;
      if (!at) continue;
      const [line, column] = [Number(at[1]), Number(at[2])];
      expect(line >= 1 && line <= lineCount(text) && column >= 1, `${detail} is outside the file (${lineCount(text)} lines)`).toBe(true);
    }
  }
}

describe('zonesync.yaml on malformed input', () => {
  it('the valid base config parses', () => {
    expect(parseConfig(VALID, FILE, ENV).zones.map((z) => z.name)).toEqual(['example.com.', 'example.org.']);
  });

  // Found by this fuzzer: yaml's toJS() threw a ReferenceError for an alias without an anchor.
  // Config and zone files now share one YAML reader (src/core/zonefile/yaml-tree.ts), which bounds alias expansion itself.
  it.each([
    ['an alias to a missing anchor (regression)', 'b: *nope', '/repo/zonesync.yaml:1:4: Unresolved alias'],
    ['aliases that expand exponentially', ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n'), 'aliases expand to more than 100000 nodes'],
  ])('%s is a ZonesyncError with a location', (_, text, reason) => {
    expect(() => parseConfig(text, FILE, ENV)).toThrow(ZonesyncError);
    try {
      parseConfig(text, FILE, ENV);
    } catch (error) {
      expect((error as ZonesyncError).details[0]).toContain(reason);
    }
    parsesOrExplains(text);
  });

  it(`throws only ZonesyncError, with reasons located inside the file (${RUNS.config} mutated configs)`, () => {
    fc.assert(fc.property(editArbitrary(fragment), (edits) => parsesOrExplains(applyEdits(VALID, edits))), { numRuns: RUNS.config });
  });

  it(`throws only ZonesyncError for any environment (${RUNS.configEnv} generated environments)`, () => {
    const env = fc.dictionary(fc.constantFrom('PDNS_API_KEY', 'CLOUDFLARE_API_TOKEN', 'CHUNK', 'OTHER'), fc.oneof(fc.string({ maxLength: 10 }), hugeNumber, fc.constant('${CHUNK}')));
    fc.assert(fc.property(env, (e) => parsesOrExplains(VALID, e)), { numRuns: RUNS.configEnv });
  });
});
