// test-project: unit
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZonesyncError } from '../../src/core/errors.js';
import { query } from '../../src/dns/client.js';
import { DnsError } from '../../src/dns/error.js';
import { decodePacket, encodePacket, headerFlags } from '../../src/dns/packet.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';

const Z = 'client.test.';

/** A UDP socket on loopback that hands every datagram to `reply` (which may answer or stay silent). */
async function rawUdp(reply: (message: Buffer, send: (bytes: Buffer) => void) => void): Promise<{ port: number; received: Buffer[]; close(): Promise<void> }> {
  const socket: UdpSocket = createSocket('udp4');
  const received: Buffer[] = [];
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  socket.on('message', (message, from) => {
    received.push(message);
    reply(message, (bytes) => socket.send(bytes, from.port, from.address));
  });
  return { port: socket.address().port, received, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

async function rawTcp(onMessage: (socket: Socket, message: Buffer) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (chunk: Buffer) => onMessage(socket, chunk.subarray(2)));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A well-formed answer to `message` with one A record, with the id or name changed when asked. */
function answerTo(message: Buffer, change: { id?: number; name?: string } = {}): Buffer {
  const q = decodePacket(message);
  const question = { ...q.questions[0]!, name: change.name ?? q.questions[0]!.name };
  return encodePacket({
    id: change.id ?? q.id, type: 'response', flags: headerFlags({ aa: true }), questions: [question],
    answers: [{ name: question.name, type: 'A', class: 'IN', ttl: 5, data: '192.0.2.7' }], authorities: [], additionals: [],
  });
}

function framed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

describe('query against the test server', () => {
  let server: TestDnsServer;
  const ns = (): { address: string; port: number } => ({ address: server.address, port: server.port });
  beforeAll(async () => {
    server = await startDnsServer();
    server.setZone({ name: Z, rrsets: [{ name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.1'] }] });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server.faults.truncateUdp = false;
  });

  it('asks over UDP with EDNS by default, and without when told', async () => {
    expect(await query(ns(), `www.${Z}`, 'A')).toMatchObject({ transport: 'udp', edns: true, rcode: 'NOERROR', answers: [{ value: '192.0.2.1' }] });
    expect(await query(ns(), `www.${Z}`, 'A', { edns: false })).toMatchObject({ transport: 'udp', edns: false, answers: [{ value: '192.0.2.1' }] });
  });

  it('retries over TCP when the UDP answer is truncated, and asks TCP directly when told', async () => {
    server.faults.truncateUdp = true;
    expect(await query(ns(), `www.${Z}`, 'A')).toMatchObject({ transport: 'tcp', truncated: false, answers: [{ value: '192.0.2.1' }] });
    server.faults.truncateUdp = false;
    const before = server.queries;
    expect(await query(ns(), `www.${Z}`, 'A', { tcp: true })).toMatchObject({ transport: 'tcp' });
    expect(server.queries).toBe(before + 1);
  });

  it('accepts names written with or without the trailing dot, in any case', async () => {
    expect((await query(ns(), 'WWW.Client.Test', 'A')).answers).toEqual([{ name: `www.${Z}`, type: 'A', ttl: 60, value: '192.0.2.1' }]);
  });
});

describe('query against misbehaving servers', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('times out on a silent server after every retry, as a DnsError naming server and question', async () => {
    const silent = await rawUdp(() => undefined);
    closers.push(silent.close);
    const started = Date.now();
    const error = await query({ address: '127.0.0.1', port: silent.port }, `www.${Z}`, 'A', { timeoutMs: 150, retries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toBeInstanceOf(ZonesyncError);
    expect((error as DnsError).message).toBe(`127.0.0.1:${silent.port} www.${Z} A: no answer over UDP after 3 attempts of 150 ms`);
    expect((error as DnsError).transient).toBe(true);
    expect(silent.received).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(440);
  });

  it('uses a random id and one question per query', async () => {
    const echo = await rawUdp((message, send) => send(answerTo(message)));
    closers.push(echo.close);
    for (let i = 0; i < 4; i++) await query({ address: '127.0.0.1', port: echo.port }, `www.${Z}`, 'A');
    const ids = new Set(echo.received.map((m) => m.readUInt16BE(0)));
    expect(ids.size).toBeGreaterThan(1);
    expect(echo.received.map((m) => decodePacket(m).questions)).toEqual(Array(4).fill([{ name: `www.${Z.slice(0, -1)}`, type: 'A', class: 'IN' }]));
  });

  it.each([
    ['garbage', () => Buffer.from('this is not a DNS message')],
    ['a header promising an answer that is not there', (m: Buffer) => Buffer.concat([Buffer.from([m[0]!, m[1]!, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0])])],
    ['a record cut short', (m: Buffer) => answerTo(m).subarray(0, -2)],
  ])('turns %s into a DnsError, not a crash', async (_what, reply) => {
    const broken = await rawUdp((message, send) => send(reply(message)));
    closers.push(broken.close);
    await expect(query({ address: '127.0.0.1', port: broken.port }, `www.${Z}`, 'A', { timeoutMs: 300 })).rejects.toThrow(
      new RegExp(`^127\\.0\\.0\\.1:${broken.port} www\\.${Z.replace(/\./g, '\\.')} A: malformed answer`),
    );
  });

  it('ignores answers with another id or question, and says so when nothing else comes', async () => {
    const wrongId = await rawUdp((message, send) => send(answerTo(message, { id: (message.readUInt16BE(0) + 1) % 65536 })));
    const wrongName = await rawUdp((message, send) => send(answerTo(message, { name: 'evil.example' })));
    closers.push(wrongId.close, wrongName.close);
    await expect(query({ address: '127.0.0.1', port: wrongId.port }, `www.${Z}`, 'A', { timeoutMs: 100, retries: 0 })).rejects.toThrow(/do not match the query \(id \d+, expected \d+\)/);
    await expect(query({ address: '127.0.0.1', port: wrongName.port }, `www.${Z}`, 'A', { timeoutMs: 100, retries: 0 })).rejects.toThrow(/do not match the query \(question "evil.example IN A"\)/);
  });

  it('takes a late right answer after a wrong one', async () => {
    const mixed = await rawUdp((message, send) => {
      send(answerTo(message, { id: (message.readUInt16BE(0) + 1) % 65536 }));
      setTimeout(() => send(answerTo(message)), 20);
    });
    closers.push(mixed.close);
    expect((await query({ address: '127.0.0.1', port: mixed.port }, `www.${Z}`, 'A', { timeoutMs: 500 })).answers).toHaveLength(1);
  });

  it('reads a TCP answer that arrives in pieces', async () => {
    const slow = await rawTcp((socket, message) => {
      const bytes = framed(answerTo(message));
      let at = 0;
      const timer = setInterval(() => {
        socket.write(bytes.subarray(at, at + 7));
        at += 7;
        if (at >= bytes.length) clearInterval(timer);
      }, 2);
    });
    closers.push(slow.close);
    expect(await query({ address: '127.0.0.1', port: slow.port }, `www.${Z}`, 'A', { tcp: true })).toMatchObject({ transport: 'tcp', answers: [{ value: '192.0.2.7' }] });
  });

  it('reports a TCP connection closed half-way through the answer', async () => {
    const cut = await rawTcp((socket, message) => socket.end(framed(answerTo(message)).subarray(0, 20)));
    closers.push(cut.close);
    await expect(query({ address: '127.0.0.1', port: cut.port }, `www.${Z}`, 'A', { tcp: true, timeoutMs: 500 })).rejects.toThrow(/TCP connection closed before the answer was complete \(18 of \d+ bytes\)/);
  });

  it('reports a refused TCP connection', async () => {
    const gone = await rawTcp(() => undefined);
    await gone.close();
    await expect(query({ address: '127.0.0.1', port: gone.port }, `www.${Z}`, 'A', { tcp: true })).rejects.toThrow(/TCP connect: .*ECONNREFUSED/);
  });
});
