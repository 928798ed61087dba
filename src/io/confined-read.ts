import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';

const SEP = sep.charCodeAt(0);

/**
 * Reading input a pull request controls: only regular files whose real path (symlinks
 * resolved) is inside the repository root, sized with fstat first and read with a bound, so
 * /dev/zero, a FIFO, /proc/self/environ or a file that grows while read cannot get in.
 */
export type ConfinedRead =
  | { ok: true; text: string; real: string; bytes: number }
  | { ok: false; reason: string; rule: string; at?: { line: number; column: number } };

/** True when `path` (absolute, normalised) is strictly inside `root`. */
export function isInside(path: string, root: string): boolean {
  if (root === sep) return path.length > 1 && path.startsWith(sep);
  return path.length > root.length + 1 && path.charCodeAt(root.length) === SEP && path.startsWith(root);
}

function kind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const refuse = (reason: string, rule = 'input-refused'): ConfinedRead => ({ ok: false, reason, rule });

/** The repository root as configured and with its symlinks resolved. */
export interface RepositoryRoot {
  lexical: string;
  real: string;
}

/**
 * Read `path` (absolute) as UTF-8 if it may be read; `maxBytes` is the most this file may hold,
 * and `limitName` the setting that says so (for the message).
 */
export function readConfined(path: string, root: RepositoryRoot, maxBytes: number, limitName: string): ConfinedRead {
  // Refused before any system call on it, so a refusal tells nothing about what exists outside.
  const absolute = resolve(path);
  if (!isInside(absolute, root.lexical) && !isInside(absolute, root.real)) return refuse(`is outside the repository root ${root.lexical}`);
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? refuse('does not exist', 'input-missing') : refuse(`cannot be read (${code ?? 'error'})`, 'input-missing');
  }
  if (!isInside(real, root.real)) return refuse(`is outside the repository root ${root.lexical}`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO does not wait for a writer; fstat then refuses it, unread.
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'input-missing');
  }
  let buffer: Buffer;
  let length = 0;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return refuse(`is ${kind(opened)}, not a regular file`);
    if (opened.size > maxBytes) return refuse(`is ${opened.size} bytes, more than ${limitName} (${maxBytes})`, 'input-limit');
    // Never more than fstat said: a file that grows meanwhile (or lies about its size) is cut there.
    buffer = Buffer.allocUnsafe(opened.size);
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
  } finally {
    closeSync(fd);
  }
  const bytes = buffer.subarray(0, length);
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    return { ok: false, rule: 'not-utf8', reason: `is not UTF-8: byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}`, at: position(bytes, bad) };
  }
  return { ok: true, text: bytes.toString('utf8'), real, bytes: length };
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629): the lead of a broken one, or a stray byte. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** Line and column (in characters) of byte `offset`, all bytes before it being valid UTF-8. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (before.charCodeAt(i) === 10) line++;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}
