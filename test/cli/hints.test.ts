import { cp, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNs1Simulator } from '../simulators/ns1/index.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { CLI, makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

// Every command zonesync prints for a person to run next (src/core/hints.ts) is made to appear
// here, then run as printed through bin/run.js. Where the printed command asks before writing
// (rollback), `--yes` is added: the test has no terminal to answer on.

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

const cli = (args: string[]) => runCli(args, { cwd: ws!.dir });

/** Every `zonesync …` command in a text, up to a `;`, a backtick, a `)` or the end of the line, as argv. */
function printedCommands(text: string): string[][] {
  return [...text.matchAll(/zonesync ([a-z][^;`)\n]*)/g)].map((m) => m[1]!.trim().split(/\s+/));
}

const zoneYaml = (ttl: number, apex: string, extra = 0) =>
  [`'':`, `  type: A`, `  ttl: ${ttl}`, `  value: ${apex}`, ...Array.from({ length: extra }, (_, i) => [`h${i}:`, `  type: A`, `  ttl: ${ttl}`, `  value: 192.0.2.${i + 100}`]).flat(), ''].join('\n');

const config = (nameservers?: string) => `providers:
  local: { type: file, directory: .zonesync/served, delegation: [ns1.example.net.]${nameservers ? `, nameservers: ['${nameservers}']` : ''} }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local] }
defaults:
  safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }
`;

/** A workspace with example.com applied, then changed so the next apply has work to do. */
async function appliedThenChanged(ttl = 300): Promise<void> {
  ws = await makeWorkspace({ 'zonesync.yaml': config(), 'zones/example.com.yaml': zoneYaml(ttl, '192.0.2.1') });
  expect((await cli(['apply', '--yes', '-q'])).code).toBe(0);
  await ws.write('zones/example.com.yaml', zoneYaml(ttl, '192.0.2.2'));
}

/** Make an apply fail at verification: the nameserver it asks is a closed port. */
async function failedApply(): Promise<{ stdout: string; runId: string }> {
  await appliedThenChanged();
  await ws!.write('zonesync.yaml', config('127.0.0.1:9'));
  const failed = await cli(['apply', '--yes', '--verify', 'dns', '--verify-timeout', '1']);
  expect(failed.code).toBe(3);
  const runId = /^run (\S+): journal/m.exec(failed.stdout)?.[1];
  expect(runId).toBeDefined();
  // The nameserver is fixed; the printed commands must now work as printed.
  await ws!.write('zonesync.yaml', config());
  return { stdout: failed.stdout, runId: runId! };
}

describe('next-step hints, run as printed (built CLI, file provider)', () => {
  it('after a failed apply: "to finish" resumes that run by --resume --run ID', async () => {
    const { stdout, runId } = await failedApply();
    expect(stdout).toContain(`to undo: zonesync rollback ${runId}; to finish: zonesync apply --resume --run ${runId}`);
    const finish = printedCommands(stdout.slice(stdout.indexOf('to finish:')))[0]!;
    expect(finish).toEqual(['apply', '--resume', '--run', runId]);
    const result = await cli(finish);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('example.com. on local: done');
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('after a failed apply: "to undo" rolls that run back', async () => {
    const { stdout, runId } = await failedApply();
    const undo = printedCommands(stdout.slice(stdout.indexOf('to undo:')))[0]!;
    expect(undo).toEqual(['rollback', runId]);
    const result = await cli([...undo, '--yes']);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Every cache will have seen the rollback by');
    expect(readFileSync(join(ws!.dir, '.zonesync/served/example.com.zone'), 'utf8')).toContain('192.0.2.1');
  });

  it('a staged change past --max-wait says when to resume, and the printed resume finishes it', async () => {
    await appliedThenChanged(2);
    const staged = await cli(['apply', '--yes', '--lower-ttl', '1', '--max-wait', '0']);
    expect(staged.code).toBe(0);
    const line = staged.stdout.split('\n').find((l) => l.includes('old TTLs expire from caches at'));
    expect(line).toMatch(/^ {2}old TTLs expire from caches at \S+Z: then run `zonesync apply --resume --run \S+`$/);
    const resume = printedCommands(line!)[0]!;
    await new Promise((r) => setTimeout(r, 2100));
    const result = await cli(resume);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('example.com. on local: done');
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('a safety refusal names `zonesync apply --force`; run as printed it applies and no longer says so', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': config(), 'zones/example.com.yaml': zoneYaml(300, '192.0.2.1', 12) });
    expect((await cli(['apply', '--yes', '-q'])).code).toBe(0);
    await ws.write('zones/example.com.yaml', zoneYaml(300, '192.0.2.1', 2));
    const planned = await cli(['plan']);
    expect(planned.code).toBe(0);
    const line = planned.stdout.split('\n').find((l) => l.includes('refused by safety rule: '));
    expect(line).toMatch(/^ {2}\S+ on \S+: refused by safety rule: .+ \(`zonesync apply --force` overrides it\)$/);
    const refused = await cli(['apply', '--yes']);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toContain(line);
    expect(refused.stderr.split('\n')[0]).toBe('Error: Refused by safety rules (review the plan, then use --force)');
    // What plan printed, run as printed (plus --yes: no terminal to confirm on).
    const forced = await cli([...printedCommands(line!)[0]!, '--yes']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('use --force');
    expect(forced.stdout).toContain('safety rule overridden by --force: ');
    expect(forced.stdout).toContain('example.com. on local: done');
  });

  it('a rollback refused over a conflict says `--force` overwrites, and rollback --force does', async () => {
    await appliedThenChanged();
    expect((await cli(['apply', '--yes', '-q'])).code).toBe(0);
    const served = join(ws!.dir, '.zonesync/served/example.com.zone');
    writeFileSync(served, readFileSync(served, 'utf8').replace('192.0.2.2', '192.0.2.99'));
    const runId = readdirSync(join(ws!.dir, '.zonesync/runs')).sort().at(-1)!;
    const refused = await cli(['rollback', '--yes']);
    expect(refused.code).toBe(1);
    const hint = refused.stderr.split('\n').find((l) => l.includes('overwrites them'));
    expect(hint).toBe(`  - review them; \`zonesync rollback ${runId} --force\` overwrites them with the run's state`);
    // The refused rollback is itself the newest run now: the hint names the run to roll back.
    const forced = await cli([...printedCommands(hint!)[0]!, '--yes']);
    expect(forced.stderr).not.toContain('Error');
    expect(forced.code).toBe(0);
    expect(readFileSync(served, 'utf8')).toContain('192.0.2.1');
  });

  it('verify over zone files with errors points at `zonesync validate`, which names them', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': config(), 'zones/example.com.yaml': "'':\n  type: A\n  value: not-an-address\n" });
    const refused = await cli(['verify']);
    expect(refused.code).toBe(1);
    const [validate] = printedCommands(refused.stderr);
    expect(validate).toEqual(['validate']);
    const result = await cli(validate!);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('zones/example.com.yaml:3:');
  });
});

describe('next-step hints of a provider that is not atomic (NS1 simulator)', () => {
  it.each([['apply', '--resume'], ['rollback']])('a chunk failed part-way points at `zonesync %s`, which reads live state and finishes', async (...expected) => {
    const sim = await startNs1Simulator();
    const origin = new URL(sim.baseUrl);
    const proxy = await startFaultProxy({ target: origin.origin });
    try {
      const ns1Config = `providers:\n  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${proxy.url}${origin.pathname}', nameservers: ['${sim.dns.address}:${sim.dns.port}'] }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [ns1] }\n`;
      ws = await makeWorkspace({ 'zonesync.yaml': ns1Config, 'zones/example.com.yaml': zoneYaml(300, '192.0.2.1', 3) });
      const env = { NS1_API_KEY: sim.apiKey };
      sim.addZone('example.com');
      // Record writes after the first fail: the chunk is part-applied.
      proxy.faults.match = { method: ['PUT', 'POST', 'DELETE'], path: /\/zones\/[^/]+\/[^/]+\/[^/]+$/ };
      proxy.faults.resetAfterForwardNext = 1;
      proxy.faults.status5xxNext = { count: 1000, status: 503 };
      const failed = await runCli(['apply', '--yes', '--verify', 'api'], { cwd: ws.dir, env });
      expect(failed.code).toBe(1);
      const line = failed.stdout.split('\n').find((l) => l.includes('possibly part-applied'));
      expect(line).toBe('  chunk 1 is possibly part-applied (the provider is not atomic): `zonesync rollback` or `zonesync apply --resume` reads live state and finishes the job; chunks after it were not sent');
      proxy.faults.status5xxNext = undefined;
      const hint = printedCommands(line!).find((c) => c[0] === expected[0])!;
      expect(hint).toEqual(expected);
      const result = await runCli(expected[0] === 'rollback' ? [...hint, '--yes'] : hint, { cwd: ws.dir, env });
      expect(result.stderr).not.toContain('Error');
      expect(result.code).toBe(0);
      // Resume leaves the declared zone; rollback the empty zone it started from.
      const again = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir, env });
      expect(again.code).toBe(expected[0] === 'apply' ? 0 : 2);
    } finally {
      await proxy.close();
      await sim.close();
    }
  }, 60_000);
});

describe('the CLI itself', () => {
  it.each([
    ['frobnicate', 'Error: "frobnicate" is not a zonesync command; did you mean one of: apply, autocomplete, ds, fmt, help, import, init, plan, rollback, switch, validate, verify? (zonesync --help lists them)'],
    ['plna', 'Error: "plna" is not a zonesync command; did you mean "zonesync plan"? (zonesync --help lists them)'],
    ['verfy', 'Error: "verfy" is not a zonesync command; did you mean "zonesync verify"? (zonesync --help lists them)'],
  ])('an unknown command (%s) is exit 1 with "did you mean", never 2', async (word, message) => {
    const result = await runCli([word, 'example.com'], { cwd: REPO });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${message}\n`);
  });

  it('not built: one line saying so, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zonesync-unbuilt-'));
    try {
      await cp(CLI, join(dir, 'bin/run.js'));
      const { spawnSync } = await import('node:child_process');
      const run = spawnSync(process.execPath, [join(dir, 'bin/run.js'), 'plan'], { cwd: dir, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('Error: zonesync is not built (dist/cli/bundle-loader.js is missing): run npm run build\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--pause takes fractional seconds and refuses what is not a length of time', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': config(), 'zones/example.com.yaml': zoneYaml(300, '192.0.2.1', 3) });
    const paused = await cli(['apply', '--yes', '--chunk-size', '2', '--pause', '0.3', '--json']);
    expect(paused.code).toBe(0);
    expect(JSON.parse(paused.stdout)).toMatchObject({ status: 'done' });
    const runs = JSON.parse(readFileSync(join(ws.dir, '.zonesync/runs', JSON.parse(paused.stdout).runId, 'journal.jsonl'), 'utf8').split('\n')[0]!);
    expect(runs.options.pauseSeconds).toBe(0.3);
    for (const bad of ['abc', '-1', '2592001']) {
      const result = await cli(['apply', '--yes', '--pause', bad]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`--pause: expected seconds from 0 to 2592000 (30 days), e.g. 0.5; got "${bad}"`);
    }
    const tooLong = await cli(['apply', '--yes', '--max-wait', '2592001']);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('--max-wait');
  });
});
