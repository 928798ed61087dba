import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Running a command as its own process and measuring wall time and peak RSS. */

export interface ProcessRun {
  wallMs: number;
  /** Peak resident set size of the process, in bytes. */
  peakRss: number;
  exitCode: number;
  /** Killed after `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const TIME = '/usr/bin/time';
export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

/** How a command reads in RESULTS.md: relative to the repository root. */
export function shellCommand(command: string, args: string[], cwd = ROOT): string {
  const cd = cwd === ROOT ? '' : `cd ${relative(ROOT, cwd)} && `;
  return `${cd}${[command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
}

/** VmHWM of a running process, for machines without /usr/bin/time. */
async function pollPeak(pid: number, peak: { bytes: number }, done: () => boolean): Promise<void> {
  while (!done()) {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak.bytes = Math.max(peak.bytes, kb * 1024);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Run `command args` to the end; peak RSS from /usr/bin/time when present, else polled from /proc. */
export async function runProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcessRun> {
  const useTime = existsSync(TIME);
  const timeFile = join(tmpdir(), `zonesync-bench-${process.pid}-${Math.random().toString(36).slice(2)}.time`);
  const [cmd, argv] = useTime ? [TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let finished = false;
  let timedOut = false;
  // The child leads its own process group, so a timeout ends /usr/bin/time and the command it runs.
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  }, options.timeoutMs);
  const peak = { bytes: 0 };
  const polling = useTime || child.pid === undefined ? Promise.resolve() : pollPeak(child.pid, peak, () => finished);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  finished = true;
  await polling;
  if (useTime) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    // GNU time reports kilobytes; the last line is %M (earlier lines say "Command exited with…").
    peak.bytes = Number(text.trim().split('\n').pop() ?? 0) * 1024;
    await rm(timeFile, { force: true });
  }
  return { wallMs, peakRss: peak.bytes, exitCode, timedOut, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
