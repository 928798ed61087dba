import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isClosedPipe, streamClosed, writeTolerant } from './output.js';

/** A pipe whose reader left after `accepted` writes: later writes fail with EPIPE, as Node reports them (an 'error' event). */
function pipeClosingAfter(accepted: number): { stream: Writable; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (written.length >= accepted) return callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      written.push(chunk.toString());
      callback();
    },
  });
  return { stream, written };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('writeTolerant', () => {
  it('writes while the reader is there, and after an EPIPE drops every later write without an uncaught error', async () => {
    const { stream, written } = pipeClosingAfter(1);
    expect(writeTolerant(stream, 'one\n')).toBe(true);
    expect(streamClosed(stream)).toBe(false);
    writeTolerant(stream, 'two\n');
    await tick();
    expect(streamClosed(stream)).toBe(true);
    expect(writeTolerant(stream, 'three\n')).toBe(false);
    expect(written).toEqual(['one\n']);
  });

  it('counts EPIPE and a write to a destroyed stream as a reader gone, nothing else', () => {
    expect(isClosedPipe(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe(true);
    expect(isClosedPipe(Object.assign(new Error('x'), { code: 'ERR_STREAM_DESTROYED' }))).toBe(true);
    expect(isClosedPipe(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(false);
    expect(isClosedPipe(undefined)).toBe(false);
  });
});
