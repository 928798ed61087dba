import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

const shipped = () => ({
  'zonesync.yaml': readFileSync(join(REPO, 'zonesync.yaml'), 'utf8'),
  'zones/example.com.yaml': readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8'),
});

describe('a fresh clone, on the file provider', () => {
  it('plans, applies, and then plans no changes', async () => {
    ws = await makeWorkspace(shipped());
    const first = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('example.com. on local (file) (zone will be created): 13 changes: 13 create, 0 update, 0 delete');
    expect(first.stdout).toContain('+ www.example.com. 300 IN CNAME example.com.');
    const apply = await runCli(['apply', '--yes'], { cwd: ws.dir });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('example.com. on local: done');
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('writes zone files that BIND\'s named-checkzone accepts', async () => {
    ws = await makeWorkspace(shipped());
    expect((await runCli(['apply', '--yes'], { cwd: ws.dir })).code).toBe(0);
    const out = execFileSync('named-checkzone', ['-i', 'local', 'example.com', join(ws.dir, '.zonesync/served/example.com.zone')]).toString();
    expect(out).toContain('OK');
  });

  it('never prompts without a terminal: refuses, writes nothing', async () => {
    ws = await makeWorkspace(shipped());
    const result = await runCli(['apply'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to prompt without a terminal');
    expect(existsSync(join(ws.dir, '.zonesync/served'))).toBe(false);
  });

  it('saves a plan with a checksum and applies exactly that plan', async () => {
    ws = await makeWorkspace(shipped());
    expect((await runCli(['plan', '--out', 'plan.json', '--format', 'markdown'], { cwd: ws.dir })).stdout).toContain('## zonesync plan');
    const saved = JSON.parse(readFileSync(join(ws.dir, 'plan.json'), 'utf8'));
    expect(saved.checksum).toMatch(/^[0-9a-f]{64}$/);
    const result = await runCli(['apply', '--plan', 'plan.json', '--yes', '--json'], { cwd: ws.dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'done' });
    const edited = { ...saved, zones: [] };
    await ws.write('edited.json', JSON.stringify(edited));
    const refused = await runCli(['apply', '--plan', 'edited.json', '--yes'], { cwd: ws.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('checksum does not match its content');
  });

  it('imports what it applied back to the same zone', async () => {
    ws = await makeWorkspace(shipped());
    await runCli(['apply', '--yes'], { cwd: ws.dir });
    const imported = await runCli(['import', 'example.com', '--from', 'local'], { cwd: ws.dir });
    expect(imported.code).toBe(0);
    await ws.write('zones/example.com.yaml', imported.stdout);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir })).code).toBe(0);
  });
});

describe('bad input: a clear error, exit 1, nothing written', () => {
  const TEN_MISTAKES = [
    "'':",
    '  - type: A',
    '    value: 192.0.2.300',          // 1 bad IPv4
    '  - type: MX',
    '    value: { exchange: mx1.example.com. }', // 2 missing preference
    'www:',
    '  type: CNAME',
    '  value: a..b',                     // 3 bad name
    'txt:',
    '  type: TXT',
    '  ttl: -5',                         // 4 bad TTL
    '  value: hello',
    'srv:',
    '  type: SRV',
    '  value: { priority: 1, weight: 2, port: 99999, target: x }', // 5 port too large
    'caa:',
    '  type: CAA',
    '  value: { flags: 0, tag: "bad tag", value: x }',            // 6 bad tag
    'nope:',
    '  type: BOGUS',                     // 7 unknown type
    '  value: x',
    'novalue:',
    '  type: A',                         // 8 missing value
    'six:',
    '  type: AAAA',
    '  value: 2001:db8::1::2',           // 9 bad IPv6
    'ds:',
    '  type: DS',
    '  value: { key_tag: 1, algorithm: 8, digest_type: 2, digest: XYZ }', // 10 bad digest
    '',
  ].join('\n');

  it('reports all ten mistakes with line and column, and plan writes nothing', async () => {
    ws = await makeWorkspace({ ...shipped(), 'zones/example.com.yaml': TEN_MISTAKES });
    const result = await runCli(['validate'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toHaveLength(10);
    for (const line of errors) expect(line).toMatch(/^zones\/example\.com\.yaml:\d+:\d+: error: /);
    const plan = await runCli(['apply', '--yes'], { cwd: ws.dir });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('Zone files have 10 errors; nothing was planned');
    expect(existsSync(join(ws.dir, '.zonesync'))).toBe(false);
  });

  it.each([
    ['a missing environment variable', 'providers:\n  pdns: { type: powerdns, url: "http://127.0.0.1:1", apiKey: "${PDNS_KEY_UNSET}" }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [pdns] }\n', 'providers.pdns.apiKey: environment variable PDNS_KEY_UNSET is not set'],
    ['an unknown provider in targets', 'providers:\n  local: { type: file, directory: d }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [locl] }\n', 'zonesync.yaml:4:58: zones.example.com.targets: unknown provider "locl" (known: local)'],
    ['a misspelt field', 'providers:\n  local: { type: file, directory: d }\nzones:\n  example.com: { file: zones/example.com.yaml, target: [local] }\n', 'zones.example.com'],
  ])('config with %s', async (_t, config, message) => {
    ws = await makeWorkspace({ ...shipped(), 'zonesync.yaml': config });
    const result = await runCli(['plan'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
