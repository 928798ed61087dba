import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { buildQuery, decodeAnswer, mismatch, query, toResponse, type DnsResponse, type QueryOptions } from './client.js';
import { DnsError, type DnsContext } from './error.js';
import type { DecodedPacket } from './packet.js';
import type { Nameserver } from './nameserver.js';

/**
 * One UDP socket per nameserver carrying many queries at once, matched by id: thousands of
 * questions cost no socket each. Truncated answers go over TCP through the stub client.
 */

interface InFlight {
  name: string;
  type: string;
  context: DnsContext;
  settle: (packet: DecodedPacket | undefined, error?: unknown) => void;
}

export class NameserverSession {
  private readonly inFlight = new Map<number, InFlight>();

  private constructor(private readonly server: Nameserver, private readonly socket: Socket) {
    socket.on('message', (message: Buffer, from: RemoteInfo) => this.receive(message, from));
    // A send error or ICMP unreachable is per query; the queries it hits time out and are retried.
    socket.on('error', () => undefined);
  }

  static open(server: Nameserver): Promise<NameserverSession> {
    const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => {
        socket.removeListener('error', reject);
        resolve(new NameserverSession(server, socket));
      });
    });
  }

  /** Same answer as the stub client's `query`: UDP with retries, TCP when truncated. */
  async query(name: string, type: string, options: QueryOptions = {}): Promise<DnsResponse> {
    const edns = options.edns ?? true;
    const timeoutMs = options.timeoutMs ?? 2000;
    const attempts = 1 + (options.retries ?? 2);
    const context: DnsContext = { server: this.server, question: `${name} ${type}${edns ? '' : ' (no EDNS)'}` };
    if (options.tcp) return query(this.server, name, type, options);
    let id = randomInt(0, 65536);
    while (this.inFlight.has(id)) id = (id + 1) % 65536;
    const message = buildQuery(id, name, type, edns, options.dnssec === true && edns, edns ? options.ecs : undefined);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const packet = await this.exchange(id, message, name, type, timeoutMs, context);
      if (!packet) continue;
      if (packet.flag_tc) return query(this.server, name, type, { ...options, tcp: true });
      return toResponse(packet, 'udp', context);
    }
    throw new DnsError(`no answer over UDP after ${attempts} attempt${attempts === 1 ? '' : 's'} of ${timeoutMs} ms`, context, { transient: true });
  }

  close(): void {
    for (const pending of this.inFlight.values()) pending.settle(undefined, new DnsError('session closed', pending.context, { transient: true }));
    this.socket.close();
  }

  private exchange(id: number, message: Buffer, name: string, type: string, timeoutMs: number, context: DnsContext): Promise<DecodedPacket | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      const settle = (packet: DecodedPacket | undefined, error?: unknown): void => {
        clearTimeout(timer);
        this.inFlight.delete(id);
        if (error) reject(error);
        else resolve(packet);
      };
      this.inFlight.set(id, { name, type, context, settle });
      this.socket.send(message, this.server.port, this.server.address, (error) => {
        if (error) settle(undefined, new DnsError(`UDP send: ${error.message}`, context, { transient: true, cause: error }));
      });
    });
  }

  private receive(message: Buffer, from: RemoteInfo): void {
    if (from.port !== this.server.port || from.address !== this.server.address || message.length < 2) return;
    const pending = this.inFlight.get(message.readUInt16BE(0));
    if (!pending) return;
    let packet: DecodedPacket;
    try {
      packet = decodeAnswer(message, pending.context);
    } catch (error) {
      pending.settle(undefined, error);
      return;
    }
    // Not the answer to this question (a late answer to an earlier use of the id): keep waiting.
    if (mismatch(packet, packet.id, pending.name, pending.type)) return;
    pending.settle(packet);
  }
}
