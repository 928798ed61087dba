// test-project: unit
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZonesyncError } from '../../src/core/errors.js';
import { processAlive, takeOverStaleLock, ZoneLock } from '../../src/engine/run/lock.js';
import { REPO } from '../support/workspace.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function stateDir(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-lock-'));
  return join(dir, '.zonesync');
}

const LOCK = (state: string) => join(state, 'locks', 'example.com@pdns.lock');

async function writeLock(state: string, pid: number): Promise<string> {
  await mkdir(join(state, 'locks'), { recursive: true });
  const text = JSON.stringify({ pid, host: hostname(), runId: 'old-run', since: '2026-01-01T00:00:00.000Z' });
  await writeFile(LOCK(state), text);
  return text;
}

/** A pid that was used and is now free: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$']);
  return Number(child.stdout.toString().trim());
}

async function failure(promise: Promise<unknown>): Promise<ZonesyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ZonesyncError);
    return error as ZonesyncError;
  }
  throw new Error('expected a failure');
}

describe('ZoneLock', () => {
  it('a zombie holder counts as dead: its lock is taken over', async () => {
    // The child exits at once and its parent sleeps without reaping it: a zombie.
    const script = 'import os, sys, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(5)';
    const parent = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      for (let i = 0; i < 100 && !(await readFile(`/proc/${zombie}/stat`, 'utf8')).includes(') Z'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(await processAlive(zombie)).toBe(false);
      const state = await stateDir();
      await writeLock(state, zombie);
      const lock = await ZoneLock.acquire(state, 'example.com.', 'pdns', 'new-run');
      expect(JSON.parse(await readFile(LOCK(state), 'utf8'))).toMatchObject({ pid: process.pid, runId: 'new-run' });
      await lock.release();
    } finally {
      parent.kill();
    }
  });

  it('a live holder keeps its lock', async () => {
    const state = await stateDir();
    await writeLock(state, process.pid);
    const error = await failure(ZoneLock.acquire(state, 'example.com.', 'pdns', 'new-run'));
    expect(error.message).toBe(`example.com. on pdns is locked by run old-run (pid ${process.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z)`);
  });

  it('racing takeovers of one stale lock: exactly one wins, and no takeover file is left', async () => {
    const state = await stateDir();
    await writeLock(state, deadPid());
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => ZoneLock.acquire(state, 'example.com.', 'pdns', `racer-${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ZonesyncError);
    const holder = JSON.parse(await readFile(LOCK(state), 'utf8')) as { runId: string };
    expect(holder.runId).toMatch(/^racer-\d+$/);
    expect(await readdir(join(state, 'locks'))).toEqual(['example.com@pdns.lock']);
  });

  it('racing takeovers from separate processes: exactly one wins, every loser a clean ZonesyncError', async () => {
    const state = await stateDir();
    await writeLock(state, deadPid());
    const startAt = Date.now() + 3000;
    const children = Array.from({ length: 6 }, (_, i) =>
      spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/support/lock-racer.ts'), state, `racer-${i}`, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    // Each racer reports one line; the winner then holds the lock until it is killed. A loser that
    // looks while the winner swaps the lock in sees no holder yet: 'locked by another run'.
    const racers = children.map(
      (child) =>
        new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('\n')) resolve(out.trim());
          });
          child.on('error', reject);
          child.on('close', () => resolve(out.trim()));
        }),
    );
    const closed = children.map((child) => new Promise((resolve) => child.on('close', resolve)));
    const outcomes = await Promise.all(racers);
    for (const child of children) child.kill();
    await Promise.all(closed);
    expect(outcomes.filter((o) => o === 'won'), outcomes.join('\n')).toHaveLength(1);
    for (const o of outcomes.filter((x) => x !== 'won')) expect(o, outcomes.join('\n')).toMatch(/^lost: ZonesyncError: example\.com\. on pdns( is locked by run racer-\d+| is locked by another run|: the lock of run old-run .* is being taken over by another run)/);
  }, 30_000);

  it('a racer that read the stale lock before another took it over does not remove the new lock', async () => {
    const state = await stateDir();
    const stale = await writeLock(state, deadPid());
    // The slow racer read `stale`; meanwhile a fast racer takes the lock over.
    const fast = await ZoneLock.acquire(state, 'example.com.', 'pdns', 'fast');
    const slow = JSON.stringify({ pid: process.pid, host: hostname(), runId: 'slow', since: '2026-01-01T00:00:01.000Z' });
    expect(await takeOverStaleLock(LOCK(state), stale, slow)).toBe(false);
    expect(JSON.parse(await readFile(LOCK(state), 'utf8'))).toMatchObject({ runId: 'fast' });
    // While a takeover is in progress (its file exists), no other takeover starts.
    await fast.release();
    await writeLock(state, deadPid());
    await writeFile(`${LOCK(state)}.takeover`, 'x');
    expect(await takeOverStaleLock(LOCK(state), await readFile(LOCK(state), 'utf8'), slow)).toBe(false);
    expect(JSON.parse(await readFile(LOCK(state), 'utf8'))).toMatchObject({ runId: 'old-run' });
  });

  it('a lock file with garbage is a clean error naming the file', async () => {
    const state = await stateDir();
    await mkdir(join(state, 'locks'), { recursive: true });
    await writeFile(LOCK(state), 'not json {');
    const error = await failure(ZoneLock.acquire(state, 'example.com.', 'pdns', 'new-run'));
    expect(error.message).toBe(`example.com. on pdns: the lock file ${LOCK(state)} is not a zonesync lock (unreadable content); nothing was changed`);
  });

  it('a dangling symlink in place of the locks folder is a clean error naming it and its target', async () => {
    const state = await stateDir();
    await mkdir(state);
    await symlink('/nonexistent/zonesync-locks', join(state, 'locks'));
    const error = await failure(ZoneLock.acquire(state, 'example.com.', 'pdns', 'new-run'));
    expect(error.message).toMatch(new RegExp(`^Cannot take the lock for example\\.com\\. on pdns at ${LOCK(state).replace(/\./g, '\\.')}: ${join(state, 'locks').replace(/\./g, '\\.')} is a symlink to /nonexistent/zonesync-locks, which does not exist \\(E[A-Z]+\\); nothing was changed$`));
  });

  it('a file where the locks folder should be is a clean error', async () => {
    const state = await stateDir();
    await mkdir(state);
    await writeFile(join(state, 'locks'), '');
    const error = await failure(ZoneLock.acquire(state, 'example.com.', 'pdns', 'new-run'));
    expect(error.message).toMatch(/^Cannot take the lock for example\.com\. on pdns at .*: a file, not a folder, is on the way \((EEXIST|ENOTDIR)\); nothing was changed$/);
  });
});
