import { describe, expect, it } from 'vitest';
import { ZonesyncError } from '../core/errors.js';
import { showValue } from './issues.js';
import { parseConfig } from './parse.js';

const FILE = 'zonesync.yaml';

function reasons(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, FILE, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ZonesyncError);
    expect((error as ZonesyncError).message).toBe(`Invalid config ${FILE}`);
    return (error as ZonesyncError).details;
  }
  throw new Error('the config was accepted');
}

const BASE = ['providers:', '  local: { type: file, directory: served }', 'zones:', '  example.com: { file: zones/example.com.yaml, targets: [local] }'];

describe('zonesync.yaml mistakes', () => {
  it('are all reported at once, in file order, each at its own line and column', () => {
    const text = [
      'providers:',
      '  local: { type: file, directory: d, direcotry: x }',
      '  weird: { type: nosuchtype }',
      '  ns:',
      '    type: ns1',
      '    apiKey: k',
      '    endpiont: http://x',
      'registrars:',
      '  r: { type: godaddy }',
      'zones:',
      '  example.com:',
      '    file: zones/example.com.yaml',
      '    targets: [local, nope]',
      '    lint: { disable: [single-provider, bogus, cname-at-apex, toString] }',
      '  example.org: { file: x, targets: [local], nsTtl: forever }',
      'defaults:',
      '  chunkSize: abc',
      '  verify: sometimes',
      '  safty: {}',
      '  pause: -1',
      '',
    ].join('\n');
    const warnings = 'alias-below-apex, ttl-above-ns-ttl, single-provider, data-at-delegation, host-name-syntax, ds-without-signer, ns-ttl-above-ds-ttl, dangling-target';
    expect(reasons(text)).toEqual([
      'zonesync.yaml:2:38: providers.local.direcotry: unknown key "direcotry"',
      'zonesync.yaml:3:18: providers.weird.type: unknown provider type "nosuchtype" (known: file, powerdns, bind, route53, cloudflare, ns1)',
      'zonesync.yaml:7:5: providers.ns.endpiont: unknown key "endpiont"',
      'zonesync.yaml:9:14: registrars.r.type: unknown registrar type "godaddy" (known: route53domains, manual, zone)',
      'zonesync.yaml:13:22: zones.example.com.targets: unknown provider "nope" (known: local, weird, ns)',
      `zonesync.yaml:14:40: zones.example.com.lint.disable.1: unknown lint rule "bogus" (valid: ${warnings})`,
      `zonesync.yaml:14:47: zones.example.com.lint.disable.2: "cname-at-apex" is an error, not a warning, and cannot be disabled (valid: ${warnings})`,
      `zonesync.yaml:14:62: zones.example.com.lint.disable.3: unknown lint rule "toString" (valid: ${warnings})`,
      "zonesync.yaml:15:52: zones.example.org.nsTtl: expected a number, got 'forever'",
      "zonesync.yaml:17:14: defaults.chunkSize: expected a number, got 'abc'",
      "zonesync.yaml:18:11: defaults.verify: expected one of dns, api, none, got 'sometimes'",
      'zonesync.yaml:19:3: defaults.safty: unknown key "safty"',
      'zonesync.yaml:20:10: defaults.pause: expected at least 0, got -1',
    ]);
  });

  it.each([
    ['a misspelt key inside a block mapping is located at the key, not its parent', ['  local:', '    type: file', '    directory: served', '    nameserver: [127.0.0.1:53]'], 'zonesync.yaml:5:5: providers.local.nameserver: unknown key "nameserver"'],
    ['a wrong type in a provider block', ['  local: { type: file, directory: served, nameservers: 53 }'], 'zonesync.yaml:2:56: providers.local.nameservers: expected a list, got 53'],
    ['a missing required field', ['  local: { type: file }'], 'zonesync.yaml:2:10: providers.local.directory: is required'],
    ['a whole number expected', ['  local: { type: file, directory: served, reloadTimeoutMs: 1.5 }'], 'zonesync.yaml:2:60: providers.local.reloadTimeoutMs: expected a whole number, got 1.5'],
    ['an empty reload command', ['  local: { type: file, directory: served, reload: [] }'], 'zonesync.yaml:2:51: providers.local.reload: expected at least 1 item, got 0'],
  ])('%s', (_t, providerLines, reason) => {
    expect(reasons(['providers:', ...providerLines, 'zones:', '  example.com: { file: z.yaml, targets: [local] }', ''].join('\n'))).toEqual([reason]);
  });

  it('a missing environment variable in a zone is located at its field (zone names hold dots)', () => {
    const text = [...BASE.slice(0, 3), '  example.com:', "    file: '${ZONE_DIR}/example.com.yaml'", '    targets: [local]', ''].join('\n');
    expect(reasons(text)).toEqual(['zonesync.yaml:5:11: zones.example.com.file: environment variable ZONE_DIR is not set']);
  });

  it('a registrar block is checked against its type when loaded', () => {
    const text = [...BASE, 'registrars:', '  domains:', '    type: route53domains', '    regoin: us-east-1', ''].join('\n');
    expect(reasons(text)).toEqual(['zonesync.yaml:8:5: registrars.domains.regoin: unknown key "regoin"']);
  });

  it('never shows the value of a secret field, only its kind', () => {
    const text = ['providers:', '  b:', '    type: bind', '    server: 127.0.0.1:53', '    tsig: { name: k, algorithm: hmac-sha256, secret: "not-base64-s3cr3t!" }', 'zones:', '  example.com: { file: z.yaml, targets: [b] }', ''].join('\n');
    const found = reasons(text);
    expect(found).toEqual(['zonesync.yaml:5:54: providers.b.tsig.secret: expected a base64 string, got a string']);
    expect(found.join('\n')).not.toContain('s3cr3t');
  });

  it('leaves a provider field holding ${VAR} for when the provider is built (a missing credential stops only commands that need it)', () => {
    const text = ['providers:', '  local: { type: file, directory: served }', "  pd: { type: powerdns, url: http://127.0.0.1:8081, apiKey: '${UNSET_KEY}', timeoutMs: '${UNSET_T}' }", 'zones:', '  example.com: { file: z.yaml, targets: [local] }', ''].join('\n');
    expect(parseConfig(text, FILE, {}).providers.pd?.type).toBe('powerdns');
  });

  it('a ${VAR} field is checked when its provider is built, in the same words', async () => {
    const { buildProvider } = await import('../providers/registry.js');
    const text = ['providers:', "  pd: { type: powerdns, url: '${PD_URL}', apiKey: k }", 'zones:', '  example.com: { file: z.yaml, targets: [pd] }', ''].join('\n');
    const config = parseConfig(text, FILE, {});
    await expect(buildProvider(config, 'pd', { PD_URL: 'not a url' })).rejects.toMatchObject({ details: ["providers.pd.url: expected a URL, got 'not a url'"] });
  });

  it('lint.disable of warning rules is accepted and kept per zone', () => {
    const text = [...BASE.slice(0, 3), '  example.com:', '    file: zones/example.com.yaml', '    targets: [local]', '    lint: { disable: [single-provider, ttl-above-ns-ttl] }', '  example.org: { file: x.yaml, targets: [local] }', ''].join('\n');
    const zones = parseConfig(text, FILE, {}).zones;
    expect(zones.map((z) => [z.name, z.lintDisabled])).toEqual([
      ['example.com.', ['single-provider', 'ttl-above-ns-ttl']],
      ['example.org.', []],
    ]);
  });
});

describe('showValue', () => {
  it.each([
    ['abc', false, "'abc'"],
    ['tab\there', false, "'tab\\there'"],
    ["it's", false, "'it\\'s'"],
    ['x'.repeat(60), false, `'${'x'.repeat(40)}…'`],
    [42, false, '42'],
    [null, false, 'null'],
    [[1, 2], false, 'a list'],
    ['hunter2hunter2', true, 'a string'],
  ])('%j (secret: %s) is shown as %s', (value, secret, shown) => {
    expect(showValue(value, secret)).toBe(shown);
  });
});
