import { lstat, readlink, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { ZonesyncError } from '../../core/errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'a folder on the way is missing',
  ENOTDIR: 'a file, not a folder, is on the way',
  EEXIST: 'a file, not a folder, is on the way',
  EISDIR: 'a folder is where a file should be',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ELOOP: 'too many symlinks on the way',
};

/** The first path from the state folder down to `path` that is a symlink to nothing, with its target. */
async function danglingLink(stateDir: string, path: string): Promise<{ at: string; to: string } | undefined> {
  const root = resolve(stateDir);
  const steps = relative(dirname(root), resolve(path)).split(sep);
  let at = dirname(root);
  for (const step of steps) {
    at = resolve(at, step);
    const info = await lstat(at).catch(() => undefined);
    if (!info) return undefined;
    if (info.isSymbolicLink() && !(await stat(at).then(() => true, () => false))) return { at, to: await readlink(at) };
  }
  return undefined;
}

/** A failure inside the state folder (.zonesync: locks, runs) as an error the user can act on, naming the path. */
export async function stateDirError(error: unknown, path: string, what: string, stateDir: string): Promise<ZonesyncError> {
  if (error instanceof ZonesyncError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const dangling = await danglingLink(stateDir, path);
  const reason = dangling ? `${dangling.at} is a symlink to ${dangling.to}, which does not exist` : (REASONS[code] ?? (error as Error).message);
  return new ZonesyncError(`Cannot ${what} at ${path}: ${reason}${code ? ` (${code})` : ''}; nothing was changed`, {
    details: [`state folder: ${stateDir}`],
    cause: error,
  });
}
