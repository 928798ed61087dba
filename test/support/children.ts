import type { ChildProcess } from 'node:child_process';

/** Server processes a test started: killed when the test process exits, even if a test failed before its afterAll. */
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
