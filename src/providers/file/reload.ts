import { execFile } from 'node:child_process';
import { ProviderError } from '../../core/errors.js';

/** The part of a command's stderr shown in an error: its last lines, short and on one line. */
const STDERR_EXCERPT = 300;

export interface ReloadCommand {
  /** argv with `{zone}` and `{file}` placeholders; run without a shell. */
  argv: string[];
  timeoutMs: number;
  /** The folder of zonesync.yaml: relative paths in argv (a key file) mean the same from any working directory. */
  cwd: string;
}

/** argv for one zone: `{zone}` becomes the name without its trailing dot (as rndc, nsd-control and knotc want), `{file}` the absolute path. */
export function reloadArgv(argv: readonly string[], zone: string, file: string): string[] {
  const bare = zone.endsWith('.') && zone !== '.' ? zone.slice(0, -1) : zone;
  // Substituted inside each element only: nothing is split or parsed, so a zone name cannot add arguments.
  return argv.map((arg) => arg.replaceAll('{zone}', bare).replaceAll('{file}', file));
}

function excerpt(stderr: string): string {
  const text = stderr.trim().replace(/\s*\n\s*/g, ' | ');
  return text.length > STDERR_EXCERPT ? `…${text.slice(-STDERR_EXCERPT)}` : text;
}

/** Run the reload command for a zone just written; a failure is a provider error naming the command and how it ended. */
export function runReload(provider: string, command: ReloadCommand, zone: string, file: string): Promise<void> {
  const [program, ...args] = reloadArgv(command.argv, zone, file) as [string, ...string[]];
  const shown = [program, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(program, args, { cwd: command.cwd, timeout: command.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const failure = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: NodeJS.Signals | null };
      const tail = excerpt(String(stderr ?? ''));
      let how: string;
      if (typeof failure.code === 'string') how = `could not be started (${failure.code})`;
      else if (failure.killed) how = `did not finish within ${command.timeoutMs} ms and was killed`;
      else if (failure.signal) how = `was killed by ${failure.signal}`;
      else how = `exited with status ${failure.code ?? 'unknown'}`;
      reject(new ProviderError(provider, `reload command "${shown}" for ${zone} ${how}${tail ? `: ${tail}` : ''}`));
    });
  });
}
