import { createSocket, type RemoteInfo } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import { DnsError, type DnsContext } from './error.js';
import type { Nameserver } from './nameserver.js';

/** Moving DNS messages: one UDP datagram each way, or 2-byte length-framed messages over TCP (RFC 1035 4.2.2). */

/** What to do with a datagram that arrived: take it, ignore it (a late or stray answer), or fail. */
export type Acceptance = 'accept' | 'ignore';

/**
 * Send `message` over UDP and wait `timeoutMs` for a datagram from the server that `accept` takes.
 * Resolves undefined on timeout; `accept` may throw to fail at once (a malformed answer).
 */
export function udpExchange(server: Nameserver, message: Buffer, timeoutMs: number, accept: (answer: Buffer) => Acceptance): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (error: unknown, answer?: Buffer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined, undefined), timeoutMs);
    socket.on('error', (error) => finish(new DnsError(`UDP: ${error.message}`, { server }, { transient: true, cause: error })));
    socket.on('message', (answer: Buffer, from: RemoteInfo) => {
      if (from.port !== server.port || from.address !== server.address) return;
      try {
        if (accept(answer) === 'accept') finish(undefined, answer);
      } catch (error) {
        finish(error);
      }
    });
    socket.send(message, server.port, server.address, (error) => {
      if (error) finish(new DnsError(`UDP send: ${error.message}`, { server }, { transient: true, cause: error }));
    });
  });
}

/** One TCP connection carrying length-framed DNS messages, read one at a time (an AXFR sends many). */
export class TcpConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly messages: Buffer[] = [];
  private failure: Error | undefined;
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket, private readonly context: DnsContext) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 2) {
        const length = this.buffered.readUInt16BE(0);
        if (this.buffered.length < 2 + length) break;
        this.messages.push(this.buffered.subarray(2, 2 + length));
        this.buffered = this.buffered.subarray(2 + length);
      }
      this.notify();
    });
    socket.on('error', (error) => {
      this.failure = new DnsError(`TCP: ${error.message}`, context, { transient: true, cause: error });
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  static connect(server: Nameserver, timeoutMs: number, context: DnsContext = { server }): Promise<TcpConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: server.address, port: server.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new DnsError(`TCP connect timed out after ${timeoutMs} ms`, context, { transient: true }));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new DnsError(`TCP connect: ${error.message}`, context, { transient: true, cause: error }));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new TcpConnection(socket, context));
      });
    });
  }

  send(message: Buffer): void {
    if (message.length > 65535) throw new DnsError(`message of ${message.length} bytes does not fit TCP framing (65535)`, this.context);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(message.length, 0);
    this.socket.write(Buffer.concat([length, message]));
  }

  /** The next whole message, waiting at most `timeoutMs` for it. */
  async next(timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.messages.shift();
      if (message) return message;
      if (this.failure) throw this.failure;
      if (this.ended) {
        const partial = this.buffered.length >= 2 ? ` (${this.buffered.length - 2} of ${this.buffered.readUInt16BE(0)} bytes)` : this.buffered.length > 0 ? ' (1 byte of a length)' : '';
        throw new DnsError(`TCP connection closed before the answer was complete${partial}`, this.context, { transient: true });
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new DnsError(`no answer over TCP within ${timeoutMs} ms`, this.context, { transient: true });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    this.wake?.();
  }
}
