import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ZonesyncError } from '../core/errors.js';

interface LockHolder {
  pid: number;
  host: string;
  runId: string;
  since: string;
}

/** Whether a process of this host still runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One apply per zone and provider at a time: an O_EXCL lock file that names its holder. */
export class ZoneLock {
  private constructor(private readonly path: string) {}

  static async acquire(stateDir: string, zone: string, target: string, runId: string): Promise<ZoneLock> {
    const dir = join(stateDir, 'locks');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${zone.slice(0, -1) || 'root'}@${target}.lock`);
    const holder: LockHolder = { pid: process.pid, host: hostname(), runId, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await createWithContent(path, JSON.stringify(holder));
        return new ZoneLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = await readHolder(path);
        // A holder on this host whose process is gone (killed) left a stale lock: take it over.
        if (current && current.host === hostname() && !processAlive(current.pid)) {
          await unlink(path).catch(() => undefined);
          continue;
        }
        const who = current ? `run ${current.runId} (pid ${current.pid} on ${current.host}, since ${current.since})` : 'another run';
        throw new ZonesyncError(`${zone} on ${target} is locked by ${who}`, { details: [`lock file: ${path}`, 'wait for it to finish; if that process is gone from another host, remove the lock file'] });
      }
    }
    throw new ZonesyncError(`${zone} on ${target}: could not take the lock at ${path}`);
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

/**
 * Create `path` holding `content`, or fail with EEXIST: the content is written to a private file
 * first and hard-linked into place, so a crash never leaves a lock that names nobody.
 */
async function createWithContent(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, content);
  try {
    await link(temp, path);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
