import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal, type JournalRecord } from '../../src/engine/run/journal.js';
import { findRun } from '../../src/engine/run/runs.js';
import { CLI, makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { zoneAuditEnv } from '../support/zone-audit/env.js';

// A server reloads the files after each write, so an apply keeps its chunks (and its progress lines between them).
const configFor = (zones: string[]) => `providers:
  local: { type: file, directory: served, delegation: [ns1.example.net.], reload: ['true'] }
zones:
${zones.map((z) => `  ${z}: { file: zones/${z}.yaml, targets: [local] }`).join('\n')}
`;
const hostsYaml = (n: number) => `${Array.from({ length: n }, (_, i) => `h${i}: { type: A, value: 192.0.2.${(i % 250) + 1} }`).join('\n')}\n`;

/** `zonesync ARGS | head -1`: the CLI's stdout (and with `stderrToo` its stderr) closed by the reader after its first chunk of output. */
function runIntoClosedPipe(args: string[], cwd: string, stderrToo: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...zoneAuditEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
      if (stderrToo) child.stderr.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, first, stderr }));
  });
}

/** A journal that was ended and closed: run-start first, run-end last, no step missing between. */
function expectFinishedJournal(journal: JournalRecord[], chunks: number): void {
  expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
  expect(journal[0]?.type).toBe('run-start');
  expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'done' });
  for (const type of ['chunk-start', 'chunk-applied', 'chunk-verified'] as const) expect(journal.filter((e) => e.type === type)).toHaveLength(chunks);
}

describe('apply into a pipe its reader closes (zonesync apply --yes | head -1)', () => {
  const apply = ['apply', '--yes', '--chunk-size', '10', '--verify', 'api'];

  async function workspace(): Promise<Workspace> {
    return makeWorkspace({ 'zonesync.yaml': configFor(['example.com']), 'zones/example.com.yaml': hostsYaml(500) });
  }

  it('a closed stdout: the apply goes on to the end, says so on stderr, and leaves a finished journal and nothing to plan', async () => {
    const ws = await workspace();
    try {
      const result = await runIntoClosedPipe(apply, ws.dir, false);
      expect(result.signal).toBeNull();
      expect(result.code, result.stderr).toBe(0);
      expect(result.first.split('\n')[0]).toBe('example.com. on local (file) (zone will be created): 500 changes: 500 create, 0 update, 0 delete');
      expect(result.stderr).toContain('\nzonesync: stdout was closed (EPIPE): nothing more is printed there; the command carries on to its end\n');
      const run = await findRun(join(ws.dir, '.zonesync'), undefined);
      expectFinishedJournal(await readJournal(run.journal), 50);
      const again = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
      expect(again.code, again.stdout + again.stderr).toBe(0);
    } finally {
      await ws.cleanup();
    }
  });

  it('closed stdout and stderr (the progress lines between chunks hit EPIPE): the apply still finishes every chunk', async () => {
    const ws = await workspace();
    try {
      const result = await runIntoClosedPipe(apply, ws.dir, true);
      expect(result.signal).toBeNull();
      expect(result.code).toBe(0);
      const run = await findRun(join(ws.dir, '.zonesync'), undefined);
      expectFinishedJournal(await readJournal(run.journal), 50);
      const again = await runCli(['plan', '--detailed-exitcode'], { cwd: ws.dir });
      expect(again.code, again.stdout + again.stderr).toBe(0);
    } finally {
      await ws.cleanup();
    }
  });
});

describe('a big plan through the CLI', () => {
  // 60 zones of 150 new rrsets: each zone under the 200-change summary, 9,000 diff lines in all.
  const zones = Array.from({ length: 60 }, (_, i) => `z${i}.example`);
  const files = Object.fromEntries([['zonesync.yaml', configFor(zones)], ...zones.map((z) => [`zones/${z}.yaml`, hostsYaml(150)])]);

  it('apply prints at most 5,000 lines of plan before it would ask, and says what it left out', async () => {
    const ws = await makeWorkspace(files);
    try {
      const result = await runCli(['apply', '--verify', 'api'], { cwd: ws.dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Error: Refusing to prompt without a terminal: nothing was written. Review the plan, then pass --yes');
      const out = result.stdout.split('\n').slice(0, -1);
      expect(out.length).toBeLessThanOrEqual(5000);
      const shown = out.filter((l) => / on local \(file\) \(zone will be created\): 150 changes/.test(l)).length;
      expect(shown).toBeGreaterThan(20);
      expect(out).toContain(`… ${60 - shown} more zone/target pair(s) with ${(60 - shown) * 150} changes (--full or --format json)`);
      expect(out.at(-1)).toMatch(/^9000 changes across 60 zone\/target pair\(s\)\. Creates 60 zones \([^)]+ and 55 more\)\. Plan [0-9a-f]{12} made /);
    } finally {
      await ws.cleanup();
    }
  });

  it('plan --full prints every change; apply --full recaps the plan right before it would ask', async () => {
    const ws = await makeWorkspace(files);
    try {
      const plan = await runCli(['plan', '--full'], { cwd: ws.dir });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout.split('\n').filter((l) => l.startsWith('  + h'))).toHaveLength(9000);
      expect(plan.stdout).not.toContain('more zone/target pair(s)');
      const apply = await runCli(['apply', '--full', '--verify', 'api'], { cwd: ws.dir });
      expect(apply.code).toBe(1);
      const out = apply.stdout.split('\n').slice(0, -1);
      expect(out.at(-1)).toMatch(/^Plan [0-9a-f]{12}: 9000 changes: 9000 create, 0 update, 0 delete across 60 zone\/target pair\(s\)\. Creates 60 zones \([^)]+ and 55 more\)\.$/);
    } finally {
      await ws.cleanup();
    }
  });
});
