/**
 * Writes to stdout and stderr that outlive their reader (`zonesync apply --yes | head -1`): on
 * EPIPE that stream is dropped and the command carries on, so a closed pipe never stops an apply
 * between a write and its journal entry.
 */

const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/** What the note on stderr says when stdout goes away. */
export const STDOUT_CLOSED_NOTE = 'zonesync: stdout was closed (EPIPE): nothing more is printed there; the command carries on to its end\n';

/** A reader that went away: EPIPE from the pipe, or a write after Node destroyed the stream for it. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function nameOf(stream: NodeJS.WritableStream): string {
  return stream === process.stdout ? 'stdout' : stream === process.stderr ? 'stderr' : 'output';
}

function markClosed(stream: NodeJS.WritableStream): void {
  if (closedStreams.has(stream)) return;
  closedStreams.add(stream);
  if (nameOf(stream) === 'stdout') writeTolerant(process.stderr, STDOUT_CLOSED_NOTE);
}

/** Listen for the EPIPE Node emits after a write to a closed pipe (unheard, it would be an uncaught exception). */
export function guardStream(stream: NodeJS.WritableStream): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
    markClosed(stream);
  });
}

export function guardStandardStreams(): void {
  guardStream(process.stdout);
  guardStream(process.stderr);
}

/** Write unless the stream's reader is gone; false when nothing was written. */
export function writeTolerant(stream: NodeJS.WritableStream, text: string): boolean {
  guardStream(stream);
  if (closedStreams.has(stream) || (stream as { destroyed?: boolean }).destroyed === true) return false;
  try {
    stream.write(text);
    return true;
  } catch (error) {
    if (!isClosedPipe(error)) throw error;
    markClosed(stream);
    return false;
  }
}

/** True once a write found the stream's reader gone. */
export function streamClosed(stream: NodeJS.WritableStream): boolean {
  return closedStreams.has(stream);
}
