// test-project: slow
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/engine/run/journal.js';
import { findRun } from '../../src/engine/run/runs.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

// A server reloads the files after each write (`reload`), so the run keeps its chunks; without one,
// the run is one write (the second describe below).
const CONFIG = `providers:
  local: { type: file, directory: served, delegation: [ns1.example.net.], reload: ['true'] }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local] }
defaults:
  safety: { maxUpdatePercent: 100, maxDeletePercent: 100, minExistingRecords: 10 }
`;
const zone = (value: string) => Array.from({ length: 6 }, (_, i) => `h${i}: { type: A, value: ${value} }`).join('\n') + '\n';

async function records(ws: Workspace): Promise<string[]> {
  const provider = createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, ws.dir);
  const live = await provider.read('example.com.');
  return (live?.rrsets ?? []).filter((r) => r.type === 'A').map((r) => `${r.name} ${r.values.join(',')}`).sort();
}

const expected = (value: string) => Array.from({ length: 6 }, (_, i) => `h${i}.example.com. ${value}`).sort();

describe('SIGKILL at every step boundary of a multi-chunk apply', () => {
  let entries = 0;
  let baseline: Workspace;

  beforeAll(async () => {
    // Count the journal entries of an undisturbed run of the same shape: 3 chunks of 2.
    baseline = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zone('192.0.2.1') });
    await runCli(['apply', '--yes', '--chunk-size', '2', '--verify', 'api'], { cwd: baseline.dir });
    await baseline.write('zones/example.com.yaml', zone('192.0.2.2'));
    await runCli(['apply', '--yes', '--chunk-size', '2', '--verify', 'api'], { cwd: baseline.dir });
    const run = await findRun(join(baseline.dir, '.zonesync'), undefined);
    entries = (await readJournal(run.journal)).length;
  });
  afterAll(async () => baseline.cleanup());

  it('the undisturbed run has the expected steps', () => {
    // 3 × (start, applied, verified), phase-done, drift-checked, zone-done, run-start, run-end.
    expect(entries).toBe(14);
  });

  for (let n = 1; n <= 13; n++) {
    const recovery = n % 2 === 0 ? 'rollback' : 'resume';
    it(`killed after journal entry ${n}, then ${recovery}: the zone is exactly right`, async () => {
      const ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zone('192.0.2.1') });
      try {
        expect((await runCli(['apply', '--yes', '--chunk-size', '2', '--verify', 'api'], { cwd: ws.dir })).code).toBe(0);
        await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
        const killed = await runCli(['apply', '--yes', '--chunk-size', '2', '--verify', 'api'], { cwd: ws.dir, env: { ZONESYNC_CRASH_AFTER_ENTRY: String(n) } });
        expect(killed.signal).toBe('SIGKILL');
        const run = await findRun(join(ws.dir, '.zonesync'), undefined);
        const journal = await readJournal(run.journal);
        expect(journal).toHaveLength(n);
        // What the journal says was applied is live.
        const applied = journal.filter((e) => e.type === 'chunk-applied').length;
        const live = await records(ws);
        expect(live.filter((r) => r.endsWith('192.0.2.2')).length).toBeGreaterThanOrEqual(applied * 2);
        const args = recovery === 'resume' ? ['apply', '--resume', '--yes', '--verify', 'api'] : ['rollback', '--yes', '--verify', 'api'];
        const result = await runCli(args, { cwd: ws.dir });
        expect(result.code, result.stderr).toBe(0);
        expect(await records(ws)).toEqual(expected(recovery === 'resume' ? '192.0.2.2' : '192.0.2.1'));
        if (recovery === 'resume') {
          const after = await readJournal(run.journal);
          const pushed = after.filter((e) => e.type === 'chunk-start').flatMap((e) => (e.type === 'chunk-start' ? e.changes : []));
          // Nothing applied twice: every change went out at most once after the crash point was settled.
          expect(readFileSync(run.journal, 'utf8')).toContain('"kind":"resume"');
          expect(new Set(pushed.slice(journal.filter((e) => e.type === 'chunk-start').length * 2)).size).toBe(pushed.length - journal.filter((e) => e.type === 'chunk-start').length * 2);
        }
      } finally {
        await ws.cleanup();
      }
    });
  }
});

describe('SIGKILL at every step boundary of a coalesced apply (no server reads the files: one write)', () => {
  const UNOBSERVED = CONFIG.replace(", reload: ['true']", '');
  const apply = ['apply', '--yes', '--chunk-size', '2', '--verify', 'api'];

  it('the undisturbed run is one chunk, one write, journaled as one', async () => {
    const ws = await makeWorkspace({ 'zonesync.yaml': UNOBSERVED, 'zones/example.com.yaml': zone('192.0.2.1') });
    try {
      const first = await runCli(apply, { cwd: ws.dir });
      expect(first.code, first.stderr).toBe(0);
      await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
      const second = await runCli(apply, { cwd: ws.dir });
      expect(second.code, second.stderr).toBe(0);
      const journal = await readJournal((await findRun(join(ws.dir, '.zonesync'), undefined)).journal);
      expect(journal.map((e) => e.type)).toEqual(['run-start', 'chunk-start', 'chunk-applied', 'chunk-verified', 'phase-done', 'drift-checked', 'zone-done', 'run-end']);
      expect(journal.find((e) => e.type === 'chunk-start')).toMatchObject({ chunk: 1, chunks: 1, changes: expect.arrayContaining(['update h0.example.com. A', 'update h5.example.com. A']) });
    } finally {
      await ws.cleanup();
    }
  });

  for (let n = 1; n <= 7; n++) {
    const recovery = n % 2 === 0 ? 'rollback' : 'resume';
    it(`killed after journal entry ${n}, then ${recovery}: all or nothing was written, and ${recovery} finishes`, async () => {
      const ws = await makeWorkspace({ 'zonesync.yaml': UNOBSERVED, 'zones/example.com.yaml': zone('192.0.2.1') });
      try {
        const first = await runCli(apply, { cwd: ws.dir });
        expect(first.code, first.stderr).toBe(0);
        await ws.write('zones/example.com.yaml', zone('192.0.2.2'));
        const killed = await runCli(apply, { cwd: ws.dir, env: { ZONESYNC_CRASH_AFTER_ENTRY: String(n) } });
        expect(killed.signal).toBe('SIGKILL');
        const run = await findRun(join(ws.dir, '.zonesync'), undefined);
        const journal = await readJournal(run.journal);
        expect(journal).toHaveLength(n);
        // One atomic write: the zone is all old or all new, and all new once the journal says applied.
        const live = await records(ws);
        expect([expected('192.0.2.1'), expected('192.0.2.2')]).toContainEqual(live);
        if (journal.some((e) => e.type === 'chunk-applied')) expect(live).toEqual(expected('192.0.2.2'));
        const args = recovery === 'resume' ? ['apply', '--resume', '--yes', '--verify', 'api'] : ['rollback', '--yes', '--verify', 'api'];
        const result = await runCli(args, { cwd: ws.dir });
        expect(result.code, result.stderr).toBe(0);
        expect(await records(ws)).toEqual(expected(recovery === 'resume' ? '192.0.2.2' : '192.0.2.1'));
        if (recovery === 'resume') expect((await readJournal(run.journal)).at(-1)).toMatchObject({ type: 'run-end', status: 'done' });
      } finally {
        await ws.cleanup();
      }
    });
  }
});
