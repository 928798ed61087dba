import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from './journal.js';
import { readJournalEnds } from './journal.js';
import { lastRunToUndo, unfinishedRuns } from './run-status.js';

const options = { chunkSize: 100, verify: 'api' as const, pauseSeconds: 0, rollbackOnFailure: false };
// A pid that is not running: the journal's writer is gone (crashed), not still at work.
const DEAD = 2 ** 22 + 12345;
const start = (runId: string, kind: 'apply' | 'rollback' = 'apply', of?: string, pid = DEAD): JournalEntry => ({ type: 'run-start', runId, kind, ...(of ? { of } : {}), planChecksum: 'x', options, pid, host: hostname() });
const chunk: JournalEntry = { type: 'chunk-start', zone: 'example.com.', target: 'local', phase: 'change', chunk: 1, chunks: 1, changes: ['www.example.com. A'] };
const end = (status: 'done' | 'aborted' = 'done'): JournalEntry => ({ type: 'run-end', status });

let stateDir: string | undefined;
afterEach(async () => {
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

async function runs(...list: Array<[string, JournalEntry[], string?]>): Promise<string> {
  stateDir = await mkdtemp(join(tmpdir(), 'zonesync-runs-'));
  for (const [id, entries, tail = ''] of list) {
    await mkdir(join(stateDir, 'runs', id), { recursive: true });
    const lines = entries.map((e, i) => JSON.stringify({ seq: i + 1, at: `2026-12-01T10:00:0${i}.000Z`, ...e }));
    await writeFile(join(stateDir, 'runs', id, 'journal.jsonl'), lines.map((l) => `${l}\n`).join('') + tail);
  }
  return stateDir;
}

describe('which run is unfinished, and which rollback undoes', () => {
  it('a journal cut short is not closed, whole or torn', async () => {
    const dir = await runs(['r1', [start('r1'), chunk, end()]], ['r2', [start('r2'), chunk]], ['r3', [start('r3'), chunk], '{"seq":3,"type":"run-e']);
    expect(await readJournalEnds(join(dir, 'runs/r1/journal.jsonl'))).toMatchObject({ first: { type: 'run-start', runId: 'r1' }, closed: 'done' });
    expect((await readJournalEnds(join(dir, 'runs/r2/journal.jsonl'))).closed).toBeUndefined();
    expect((await readJournalEnds(join(dir, 'runs/r3/journal.jsonl'))).closed).toBeUndefined();
    // A journal longer than the window is read from its two ends: a run-end line always fits in one.
    expect(await readJournalEnds(join(dir, 'runs/r1/journal.jsonl'), 100)).toMatchObject({ closed: 'done' });
    expect((await readJournalEnds(join(dir, 'runs/r1/journal.jsonl'), 100)).first).toMatchObject({ type: 'run-start', runId: 'r1' });
  });

  it('names crashed runs, not finished ones, not one a later rollback finished undoing', async () => {
    const dir = await runs(
      ['r1', [start('r1'), chunk]],
      ['r2', [start('r2'), chunk, end()]],
      ['r3', [start('r3'), chunk]],
      ['r4', [start('r4', 'rollback', 'r1'), chunk, end()]],
      ['r5', [start('r5', 'rollback', 'r3'), chunk]],
    );
    expect((await unfinishedRuns(dir)).map((r) => [r.id, r.kind, r.of])).toEqual([
      ['r3', 'apply', undefined],
      ['r5', 'rollback', 'r3'],
    ]);
  });

  it('a run still at work on this host is not unfinished', async () => {
    const dir = await runs(['r1', [start('r1', 'apply', undefined, process.ppid), chunk]]);
    expect(await unfinishedRuns(dir)).toEqual([]);
  });

  it('the last run is the last apply that wrote something or did not finish; rollbacks and empty runs are skipped', async () => {
    const wrote = await runs(['r1', [start('r1'), chunk, end()]], ['r2', [start('r2'), end('aborted')]], ['r3', [start('r3', 'rollback', 'r1'), chunk, end()]]);
    expect((await lastRunToUndo(wrote)).id).toBe('r1');
    await rm(wrote, { recursive: true });
    const crashed = await runs(['r1', [start('r1'), chunk, end()]], ['r2', [start('r2')]]);
    expect((await lastRunToUndo(crashed)).id).toBe('r2');
  });

  it('with no run that wrote anything, says so', async () => {
    const dir = await runs(['r1', [start('r1'), end('aborted')]]);
    await expect(lastRunToUndo(dir)).rejects.toThrow(`No run in ${join(dir, 'runs')} wrote anything: nothing to undo`);
  });
});
