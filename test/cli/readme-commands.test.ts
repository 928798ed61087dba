import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock } from '../support/config-blocks.js';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

// README commands that test/docs/commands.test.ts lists as run elsewhere, or that README names
// without the `zonesync` prefix, each run through bin/run.js with the argv a shell gives it.

const ORG = "'':\n  type: A\n  value: 192.0.2.1\nwww:\n  type: A\n  value: 192.0.2.2\n";

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8' });

/** The files a shell glob such as `shard-*.json` expands to, in the shell's order. */
const glob = (dir: string, prefix: string, suffix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith(suffix)).sort();

describe('README: validate, plan, apply and verify take zone names as arguments (fmt takes files), and --help shows them', () => {
  it.each([
    ['validate', '[ZONES...]'],
    ['plan', '[ZONES...]'],
    ['apply', '[ZONES...]'],
    ['verify', '[ZONES...]'],
    ['fmt', '[FILES...]'],
  ])('%s --help: USAGE and ARGUMENTS name %s', async (command, args) => {
    const help = await runCli([command, '--help'], { cwd: REPO });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain(`$ zonesync ${command} ${args} [--json]`);
    expect(help.stdout).toMatch(new RegExp(`ARGUMENTS\\n  ${args.replace(/[[\].]/g, '\\$&')}  `));
  });
});

describe('zonesync init, then the README\'s first commands on what it wrote', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace({});
  });
  afterAll(() => ws.cleanup());

  it('zonesync init; zonesync fmt --check (exit 0: init writes the canonical form); validate; plan', async () => {
    const init = await runCli(['init'], { cwd: ws.dir });
    expect(init.code, init.stderr).toBe(0);
    const check = await runCli(['fmt', '--check'], { cwd: ws.dir });
    expect(check.stdout + check.stderr).toContain('1 file: 0 would be reformatted, 1 already canonical');
    expect(check.code).toBe(0);
    expect((await runCli(['validate'], { cwd: ws.dir })).code).toBe(0);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir })).code).toBe(2);
  });
});

describe('zonesync init --from-octodns config/production.yaml --force', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zonesync-readme-octodns-'));
    cpSync(join(REPO, 'test/fixtures/octodns-repo'), dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts at the repository root, and again over its own zonesync.yaml (--force), then validates', async () => {
    for (let i = 0; i < 2; i++) {
      const init = await runCli(['init', '--from-octodns', 'config/production.yaml', '--force'], { cwd: dir });
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toContain('wrote zonesync.yaml');
    }
    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('5 zones checked: no errors');
  });
});

describe('zonesync plan --changed-since origin/main, in a clone', () => {
  let origin: Workspace;
  let clone: string;
  beforeAll(async () => {
    const config = 'providers:\n  local: { type: file, directory: .zonesync/served }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [local] }\n  example.org: { file: zones/example.org.yaml, targets: [local] }\n';
    origin = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.yaml': ORG, 'zones/example.org.yaml': ORG });
    git(origin.dir, 'init', '--quiet', '--initial-branch=main');
    git(origin.dir, 'add', '.');
    git(origin.dir, 'commit', '--quiet', '-m', 'zones');
    clone = mkdtempSync(join(tmpdir(), 'zonesync-readme-clone-'));
    git(clone, 'clone', '--quiet', origin.dir, '.');
  });
  afterAll(async () => {
    await origin.cleanup();
    rmSync(clone, { recursive: true, force: true });
  });

  it('plans only the zone changed since origin/main, and says why on stderr', async () => {
    execFileSync('sh', ['-c', 'printf "mail:\\n  type: A\\n  value: 192.0.2.9\\n" >> zones/example.org.yaml'], { cwd: clone });
    // zonesync plan --changed-since origin/main   # only zones a change since then touches
    const plan = await runCli(['plan', '--changed-since', 'origin/main'], { cwd: clone });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('1 of 2 zones');
    expect(plan.stderr).toContain('example.org.: zone file zones/example.org.yaml changed');
    expect(plan.stdout).toContain('example.org. on local (file)');
    expect(plan.stdout).not.toContain('example.com.');
  });
});

describe('README commands against a real PowerDNS: two zones, one in each of two shards', () => {
  let pdns: PowerDnsServer;
  let ws: Workspace;
  let env: Record<string, string>;
  const net = "'':\n  type: TXT\n  value: hello\nwww:\n  type: AAAA\n  value: 2001:db8::1\n";

  beforeAll(async () => {
    pdns = await startPowerDns();
    const config = [
      'providers:',
      ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: ['ns.pdns.test.'] }),
      'zones:',
      '  example.com: { file: zones/example.com.yaml, targets: [pdns] }',
      '  example.net: { file: zones/example.net.yaml, targets: [pdns] }',
      '',
    ].join('\n');
    ws = await makeWorkspace({ 'zonesync.yaml': config, 'zones/example.com.yaml': ORG, 'zones/example.net.yaml': net });
    env = { PDNS_API_KEY: pdns.apiKey };
  }, 60_000);
  afterAll(async () => {
    await pdns?.stop();
    await ws?.cleanup();
  });

  it('apply --parallel 2 --yes (the octoDNS max_workers note) applies both zones; plan --detailed-exitcode is then 0', async () => {
    const apply = await runCli(['apply', '--parallel', '2', '--yes'], { cwd: ws.dir, env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('example.com. on pdns: done');
    expect(apply.stdout).toContain('example.net. on pdns: done');
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir, env })).code).toBe(0);
  });

  it('verify with the flags the README names: --edns on, --timeout, --concurrency, --no-dnssec, --sig-warn', async () => {
    const verify = await runCli(['verify', 'example.net', '--edns', 'on', '--timeout', '2000', '--concurrency', '4', '--no-dnssec', '--sig-warn', '14'], { cwd: ws.dir, env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^example\.net\. OK: 1 provider, 1 nameserver/);
  });

  it('verify --report in each shard, then zonesync report merge shard-*.json --html status.html --format markdown', async () => {
    for (const shard of [1, 2]) {
      const verify = await runCli(['verify', '--report', `shard-${shard}.json`, '--shard', `${shard}/2`], { cwd: ws.dir, env });
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    }
    // zonesync report merge shard-*.json --html status.html --format markdown
    const merged = await runCli(['report', 'merge', ...glob(ws.dir, 'shard-', '.json'), '--html', 'status.html', '--format', 'markdown'], { cwd: ws.dir, env });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('## zonesync verify');
    expect(merged.stdout).toContain('`example.com.`');
    expect(merged.stdout).toContain('`example.net.`');
    expect(readFileSync(join(ws.dir, 'status.html'), 'utf8')).toContain('<code>example.net.</code>');
  });

  it('one zone in a matrix of two (zonesync init\'s schedule): the empty shard verifies nothing and is no failure, and the merge is green', async () => {
    const one = readFileSync(join(ws.dir, 'zonesync.yaml'), 'utf8').replace(/^ {2}example\.net:.*\n/m, '');
    await ws.write('one.yaml', one);
    const codes: Array<number | null> = [];
    for (const shard of [1, 2]) {
      const verify = await runCli(['verify', '-c', 'one.yaml', '--report', `one-${shard}.json`, '--shard', `${shard}/2`], { cwd: ws.dir, env });
      codes.push(verify.code);
      if (verify.stdout.startsWith('shard ')) expect(verify.stdout).toBe(`shard ${shard}/2 holds none of the config's zones: nothing to verify in it (the other shards verify them)\n`);
      else expect(verify.stdout).toMatch(/^example\.com\. OK: 1 provider, 1 nameserver/);
    }
    expect(codes).toEqual([0, 0]);
    const merged = await runCli(['report', 'merge', 'one-1.json', 'one-2.json', '-c', 'one.yaml', '--format', 'markdown'], { cwd: ws.dir, env });
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.stdout).toContain('### ✅ `example.com.` — every nameserver answers as declared');
  });
});

describe('import --ignore-foreign', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': 'providers:\n  local: { type: file, directory: .zonesync/served }\nzones:\n  example.org: { file: zones/example.org.yaml, targets: [local] }\n', 'zones/example.org.yaml': ORG });
    expect((await runCli(['apply', '--yes', '-q'], { cwd: ws.dir })).code).toBe(0);
    const served = join(ws.dir, '.zonesync/served/example.org.zone');
    expect(existsSync(served)).toBe(true);
    // An ACME client's challenge, written behind zonesync's back.
    execFileSync('sh', ['-c', `printf '_acme-challenge 300 IN TXT "token-123"\\n' >> '${served}'`]);
  });
  afterAll(() => ws.cleanup());

  it('leaves out what other writers own and prints the ignore: rules the zone needs; without it, import keeps the record and says so', async () => {
    const foreign = await runCli(['import', 'example.org', '--from', 'local', '--ignore-foreign'], { cwd: ws.dir });
    expect(foreign.code, foreign.stderr).toBe(0);
    expect(foreign.stdout).toBe(`---\n${ORG}`);
    expect(foreign.stderr).toContain('  ignore:\n    - { name: _acme-challenge.**, type: TXT }');
    const all = await runCli(['import', 'example.org', '--from', 'local'], { cwd: ws.dir });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('token-123');
    expect(all.stderr).toContain('import --ignore-foreign leaves them out');
  });
});
