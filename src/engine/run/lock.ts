import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ZonesyncError } from '../../core/errors.js';
import { stateDirError } from './state-dir.js';

const TAKEOVER_SUFFIX = '.takeover';

interface LockHolder {
  pid: number;
  host: string;
  runId: string;
  since: string;
}

/** Alive unless kill(pid, 0) says it is gone or /proc says zombie (a zombie still answers kill). */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return true;
  // The state letter follows the last ')' (the command name may itself hold parentheses).
  const state = stat.slice(stat.lastIndexOf(')') + 1).trim()[0];
  return state !== 'Z' && state !== 'X';
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0 && typeof value.host === 'string' && typeof value.runId === 'string' && typeof value.since === 'string') {
      return value as LockHolder;
    }
  } catch {
    // not JSON: reported as garbage below
  }
  return undefined;
}

/** One apply per zone and provider at a time: an O_EXCL lock file that names its holder. */
export class ZoneLock {
  private constructor(private readonly path: string) {}

  static async acquire(stateDir: string, zone: string, target: string, runId: string): Promise<ZoneLock> {
    const dir = join(stateDir, 'locks');
    const path = join(dir, `${zone.slice(0, -1) || 'root'}@${target}.lock`);
    try {
      return await ZoneLock.take(dir, path, zone, target, runId);
    } catch (error) {
      throw await stateDirError(error, path, `take the lock for ${zone} on ${target}`, stateDir);
    }
  }

  private static async take(dir: string, path: string, zone: string, target: string, runId: string): Promise<ZoneLock> {
    await mkdir(dir, { recursive: true });
    const content = JSON.stringify({ pid: process.pid, host: hostname(), runId, since: new Date().toISOString() } satisfies LockHolder);
    if (await createWithContent(path, content)) return new ZoneLock(path);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    // Released between our try and our read: one more try, then report whoever holds it.
    if (text === undefined && (await createWithContent(path, content))) return new ZoneLock(path);
    const current = text === undefined ? undefined : parseHolder(text);
    if (text !== undefined && !current) {
      throw new ZonesyncError(`${zone} on ${target}: the lock file ${path} is not a zonesync lock (unreadable content); nothing was changed`, {
        details: ['if no zonesync apply or rollback is running for this zone, remove the file and run again'],
      });
    }
    // A holder on this host whose process is gone (killed, or a zombie) left a stale lock: take it over.
    if (current && text !== undefined && current.host === hostname() && !(await processAlive(current.pid))) {
      if (await takeOverStaleLock(path, text, content)) return new ZoneLock(path);
      throw new ZonesyncError(`${zone} on ${target}: the lock of run ${current.runId} (pid ${current.pid}, gone) is being taken over by another run`, {
        details: [`lock file: ${path}`, `if no other zonesync is running, remove ${path}${TAKEOVER_SUFFIX} (left by a crash during a takeover) and run again`],
      });
    }
    const who = current ? `run ${current.runId} (pid ${current.pid} on ${current.host}, since ${current.since})` : 'another run';
    throw new ZonesyncError(`${zone} on ${target} is locked by ${who}`, { details: [`lock file: ${path}`, 'wait for it to finish; if that process is gone from another host, remove the lock file'] });
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

/**
 * Replace the stale lock `path` (whose content was `stale`) with ours; false when another process
 * won. Racers serialise on a takeover file (O_EXCL), and the winner checks, under it, that the
 * lock still holds the stale content, so a fresh lock taken meanwhile is never removed.
 */
export async function takeOverStaleLock(path: string, stale: string, content: string): Promise<boolean> {
  const guard = `${path}${TAKEOVER_SUFFIX}`;
  if (!(await createWithContent(guard, content))) return false;
  try {
    const now = await readFile(path, 'utf8').catch(() => undefined);
    if (now !== stale) return now === undefined ? createWithContent(path, content) : false;
    await unlink(path);
    return await createWithContent(path, content);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

/**
 * Create `path` holding `content`; false when it already exists. The content is written to a
 * private file first and hard-linked into place, so a crash never leaves a lock that names nobody.
 */
async function createWithContent(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
