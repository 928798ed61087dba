import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

const ZONE_FILE = ['www:', '  type: A', '  value: 192.0.2.1', 'lb:', '  type: ALIAS', '  value: lb.example.net.', ''].join('\n');

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

describe('zonesync.yaml errors through the CLI', () => {
  it('plan reports every mistake at once with file:line:column, exits 1, and writes nothing', async () => {
    const config = [
      'providers:',
      '  local:',
      '    type: file',
      '    directory: served',
      '    directroy: typo',
      '  other: { type: powerdsn, url: http://127.0.0.1:1 }',
      'zones:',
      '  example.com:',
      '    file: zones/example.com.yaml',
      '    targets: [local]',
      '    lint: { disable: [single-provder] }',
      'defaults:',
      '  chunkSize: abc',
      '',
    ].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.yaml': ZONE_FILE });
    const result = await runCli(['plan'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'Error: Invalid config zonesync.yaml',
        '  - zonesync.yaml:5:5: providers.local.directroy: unknown key "directroy"',
        '  - zonesync.yaml:6:18: providers.other.type: unknown provider type "powerdsn" (known: file, powerdns, bind, route53, cloudflare, ns1)',
        '  - zonesync.yaml:11:23: zones.example.com.lint.disable.0: unknown lint rule "single-provder" (valid: alias-below-apex, ttl-above-ns-ttl, single-provider, data-at-delegation, host-name-syntax, ds-without-signer, ns-ttl-above-ds-ttl, dangling-target)',
        "  - zonesync.yaml:13:14: defaults.chunkSize: expected a number, got 'abc'",
        '',
      ].join('\n'),
    );
    expect(existsSync(join(ws.dir, '.zonesync'))).toBe(false);
    expect(existsSync(join(ws.dir, 'served'))).toBe(false);
  });

  it('validate --json lists each zone\'s disabled rules, and the disabled warnings are gone from text and JSON', async () => {
    const config = [
      'providers:',
      '  local: { type: file, directory: served }',
      'zones:',
      '  example.com:',
      '    file: zones/example.com.yaml',
      '    targets: [local]',
      '    lint: { disable: [single-provider] }',
      '  example.org: { file: zones/example.org.yaml, targets: [local] }',
      '',
    ].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.yaml': ZONE_FILE, 'zones/example.org.yaml': ZONE_FILE });
    const json = await runCli(['validate', '--json'], { cwd: ws.dir });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { zones: Array<{ zone: string; disabledRules: string[]; problems: Array<{ rule: string }> }>; warnings: number };
    expect(report.zones.map((z) => [z.zone, z.disabledRules, z.problems.map((p) => p.rule)])).toEqual([
      ['example.com.', ['single-provider'], ['alias-below-apex']],
      ['example.org.', [], ['alias-below-apex', 'single-provider']],
    ]);
    expect(report.warnings).toBe(3);
    const text = await runCli(['validate'], { cwd: ws.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('example.com. is served by one provider only');
    expect(text.stdout).toContain('warning: example.org. is served by one provider only (local)');
  });

  it('validate names a bad record once per line', async () => {
    const config = ['providers:', '  local: { type: file, directory: served }', 'zones:', '  example.com: { file: zones/example.com.yaml, targets: [local] }', ''].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.yaml': ['www:', '  type: A', '  value: 192.0.2.300', ''].join('\n') });
    const result = await runCli(['validate'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('zones/example.com.yaml:3:10: error: Invalid record "www.example.com." A: "192.0.2.300" is not an IPv4 address [bad-value]');
  });

  it('validate warns of a dangling MX and CNAME at their lines in a BIND file, exit 0; lint.disable turns it off', async () => {
    const zone = ['$ORIGIN example.com.', '$TTL 300', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1.example.net.', '@ MX 10 mail', 'www CNAME web', 'ok CNAME @', ''].join('\n');
    const config = (extra: string) => ['providers:', '  a: { type: file, directory: served-a }', '  b: { type: file, directory: served-b }', 'zones:', `  example.com: { file: zones/example.com.zone, targets: [a, b]${extra} }`, ''].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config(''), 'zones/example.com.zone': zone });
    const result = await runCli(['validate', 'example.com'], { cwd: ws.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('zones/example.com.zone:5:1: warning: example.com. MX: the mail exchange mail.example.com. has no address record (A or AAAA) in this zone: mail for it cannot be delivered there [dangling-target]');
    expect(result.stdout).toContain('zones/example.com.zone:6:1: warning: www.example.com. CNAME: the target web.example.com. does not exist in this zone: resolvers following this CNAME get NXDOMAIN [dangling-target]');
    expect(result.stdout).not.toContain('ok.example.com. CNAME');
    await ws.cleanup();
    ws = await makeWorkspace({ 'zonesync.yaml': config(', lint: { disable: [dangling-target] }'), 'zones/example.com.zone': zone });
    const quiet = await runCli(['validate', 'example.com'], { cwd: ws.dir });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).not.toContain('dangling-target');
  });

  it('validate -q prints the errors and the result line, never a warning', async () => {
    const config = ['providers:', '  a: { type: file, directory: served-a }', '  b: { type: file, directory: served-b }', 'zones:', '  example.com: { file: zones/example.com.zone, targets: [a, b] }', ''].join('\n');
    const zone = (extra: string[]) => ['$ORIGIN example.com.', '$TTL 300', '@ SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ NS ns1.example.net.', '@ MX 10 mail', ...extra, ''].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.zone': zone(['www A 192.0.2.300']) });
    const bad = await runCli(['validate', '-q'], { cwd: ws.dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^zones\/example\.com\.zone:6:\d+: error: .*192\.0\.2\.300/),
      expect.stringMatching(/^1 zone checked: 1 error, \d+ warnings? — example\.com\./),
    ]);
    await ws.cleanup();
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.zone': zone([]) });
    const good = await runCli(['validate', '--quiet'], { cwd: ws.dir });
    expect(good.code).toBe(0);
    expect(good.stdout.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^1 zone checked: no errors, \d+ warnings? — example\.com\./)]);
  });
});
