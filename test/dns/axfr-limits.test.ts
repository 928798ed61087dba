import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { axfr, ixfr, TransferLimitError } from '../../src/dns/axfr.js';
import { DnsError } from '../../src/dns/error.js';
import { decodePacket, encodePacket, type DecodedPacket, type PacketRecord } from '../../src/dns/packet.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

const Z = 'limits.test';
const SOA: PacketRecord = { name: Z, type: 'SOA', ttl: 3600, data: { mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial: 7, refresh: 3600, retry: 600, expire: 86400, minimum: 60 } };
const a = (host: string, i: number): PacketRecord => ({ name: host, type: 'A', ttl: 60, data: `192.0.2.${i % 250}` });

type Send = (answers: PacketRecord[]) => boolean;

/** A TCP AXFR server on 127.0.0.1 whose behaviour after the query is the test's: drip, flood, or stray owners. */
async function fakeAxfr(behave: (send: Send, socket: Socket, query: DecodedPacket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      const query = decodePacket(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      const send: Send = (answers) => {
        if (socket.destroyed) return false;
        const body = encodePacket({ id: query.id, type: 'response', flags: 1 << 10, questions: query.questions, answers, authorities: [], additionals: [] });
        const length = Buffer.alloc(2);
        length.writeUInt16BE(body.length, 0);
        return socket.write(Buffer.concat([length, body]));
      };
      behave(send, socket, query);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let stop: (() => Promise<void>) | undefined;
let ws: Workspace | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
  await ws?.cleanup();
  ws = undefined;
});

async function start(behave: (send: Send, socket: Socket, query: DecodedPacket) => void) {
  const server = await fakeAxfr(behave);
  stop = server.close;
  return { address: '127.0.0.1', port: server.port };
}

/** Sends the SOA, then a message every `everyMs`, forever (until the client hangs up). */
const drip = (everyMs: number) => (send: Send, socket: Socket) => {
  send([SOA]);
  let i = 0;
  const timer = setInterval(() => send([a(`h${i}.${Z}`, i++)]), everyMs);
  socket.on('close', () => clearInterval(timer));
};

/** Sends the SOA, then 100-record messages as fast as the socket takes them. */
const flood = (send: Send, socket: Socket) => {
  send([SOA]);
  let i = 0;
  const pump = () => {
    while (!socket.destroyed && send(Array.from({ length: 100 }, () => a(`h${i}.${Z}`, i++))));
  };
  socket.on('drain', pump);
  pump();
};

async function rejection(promise: Promise<unknown>): Promise<TransferLimitError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(TransferLimitError);
  return error as TransferLimitError;
}

describe('axfr bounds: deadline, record and byte caps, owners outside the zone', () => {
  it('a transfer that never ends fails at the total deadline though each message comes well within the per-read timeout', async () => {
    const server = await start(drip(20));
    const began = Date.now();
    const error = await rejection(axfr(server, Z, { timeoutMs: 2000, deadlineMs: 400 }));
    expect(Date.now() - began).toBeLessThan(1500);
    expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port} limits\\.test\\. AXFR: zone transfer did not finish within 400 ms \\(\\d+ records in \\d+ messages so far\\); stopped$`));
  });

  it('a silent server mid-transfer still fails at the deadline when that comes before the per-read timeout', async () => {
    const server = await start((send) => send([SOA]));
    const error = await rejection(axfr(server, Z, { timeoutMs: 5000, deadlineMs: 300 }));
    expect(error.message).toBe(`127.0.0.1:${server.port} limits.test. AXFR: zone transfer did not finish within 300 ms (1 records in 1 messages so far); stopped`);
  });

  it('more records than maxRecords stop the transfer', async () => {
    const server = await start(flood);
    const error = await rejection(axfr(server, Z, { maxRecords: 1000 }));
    expect(error.message).toBe(`127.0.0.1:${server.port} limits.test. AXFR: zone transfer holds more than 1000 records (1000 records in 11 messages so far); stopped`);
  });

  it('more bytes than maxBytes stop the transfer', async () => {
    const server = await start(flood);
    const error = await rejection(axfr(server, Z, { maxBytes: 20_000 }));
    expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port} limits\\.test\\. AXFR: zone transfer is larger than 20000 bytes \\(\\d+ records in \\d+ messages so far\\); stopped$`));
  });

  it('an owner outside the zone is an error naming it, never a record of the zone', async () => {
    const server = await start((send) => send([SOA, a(`www.${Z}`, 1), a('victim.example.com', 2), SOA]));
    const error = await rejection(axfr(server, Z));
    expect(error.message).toBe(`127.0.0.1:${server.port} limits.test. AXFR: transfer holds victim.example.com. A, which is outside zone limits.test.; nothing was read from it`);
  });

  it('through the CLI: plan against a BIND provider whose AXFR holds a stray owner exits 1 naming it and the provider, planning no delete', async () => {
    const server = await start((send) => send([SOA, a(`www.${Z}`, 1), a('victim.example.com', 2), SOA]));
    ws = await makeWorkspace({
      'zonesync.yaml': `providers:\n  ns: { type: bind, server: "127.0.0.1:${server.port}" }\nzones:\n  ${Z}: { file: zones/z.yaml, targets: [ns] }\n`,
      'zones/z.yaml': 'www: { type: A, value: 192.0.2.1 }\n',
    });
    const result = await runCli(['plan'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ns: reading zone ${Z}. by AXFR: 127.0.0.1:${server.port} ${Z}. AXFR: transfer holds victim.example.com. A, which is outside zone ${Z}.; nothing was read from it`);
    expect(result.stdout).not.toContain('victim');
    expect(result.stderr).not.toContain('Internal error');
  }, 30_000);
});

describe('an API listing with an owner outside the zone', () => {
  it('through the CLI: plan against a PowerDNS API that lists a stray owner exits 1 naming it and the provider, planning no delete', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const zone = { name: `${Z}.`, kind: 'Native', rrsets: [
      { name: `${Z}.`, type: 'SOA', ttl: 3600, records: [{ content: `ns1.${Z}. hostmaster.${Z}. 1 10800 3600 604800 3600`, disabled: false }] },
      { name: `www.${Z}.`, type: 'A', ttl: 60, records: [{ content: '192.0.2.1', disabled: false }] },
      { name: 'victim.example.com.', type: 'A', ttl: 60, records: [{ content: '192.0.2.2', disabled: false }] },
    ] };
    const http = createHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(zone));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    stop = () => new Promise<void>((resolve) => http.close(() => resolve()));
    ws = await makeWorkspace({
      'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "http://127.0.0.1:${(http.address() as { port: number }).port}", apiKey: k }\nzones:\n  ${Z}: { file: zones/z.yaml, targets: [pdns] }\n`,
      'zones/z.yaml': 'www: { type: A, value: 192.0.2.1 }\n',
    });
    const result = await runCli(['plan'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pdns: zone ${Z}.: the provider returned an owner outside the zone (victim.example.com.); nothing was planned or changed from this read`);
    expect(result.stderr).toContain('victim.example.com. A is not in limits.test.');
    expect(result.stdout).not.toContain('victim');
  }, 30_000);
});

describe('ixfr: the differences since a serial, as a server sends them', () => {
  const soa = (serial: number): PacketRecord => ({ ...SOA, data: { ...(SOA.data as object), serial } });

  it('asks from the serial given (in the authority section) and reads two differences spread over messages', async () => {
    let asked: unknown;
    const server = await start((send, _socket, query) => {
      asked = query.authorities[0]?.data;
      send([soa(7), soa(5), a(`old.${Z}`, 1)]);
      send([soa(6), a(`new.${Z}`, 2), soa(6)]);
      send([soa(7), a(`newer.${Z}`, 3), soa(7)]);
    });
    const result = await ixfr(server, Z, 5);
    expect(asked).toMatchObject({ serial: 5 });
    expect(result.kind).toBe('incremental');
    expect(result.kind === 'incremental' && result.diffs.map((d) => [d.from, d.to, d.deleted.map((r) => r.name), d.added.map((r) => r.name)])).toEqual([
      [5, 6, [`old.${Z}.`], [`new.${Z}.`]],
      [6, 7, [], [`newer.${Z}.`]],
    ]);
  });

  it('one SOA in the first message: the zone is current; records without difference sequences: the whole zone', async () => {
    expect(await ixfr(await start((send) => send([soa(7)])), Z, 7)).toMatchObject({ kind: 'current', soa: { serial: 7 } });
    await stop?.();
    const whole = await ixfr(await start((send) => send([soa(7), a(`h1.${Z}`, 1), a(`h2.${Z}`, 2), soa(7)])), Z, 3);
    expect(whole.kind === 'full' && whole.records.map((r) => r.name)).toEqual([`h1.${Z}.`, `h2.${Z}.`]);
  });

  it.each([
    ['a difference that does not start where the last one ended', [soa(7), soa(5), soa(6), soa(4), soa(7), soa(7)], /difference sequence from serial 4 does not follow the one ending at 6/],
    ['records after the closing SOA', [soa(7), soa(5), soa(7), soa(7), a(`late.${Z}`, 1)], /records follow the closing SOA/],
    ['a first record that is not the SOA', [a(`h.${Z}`, 1)], /does not start with the SOA/],
  ])('refuses %s', async (_why, answers, message) => {
    const error = await ixfr(await start((send) => send(answers)), Z, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsError);
    expect((error as Error).message).toMatch(message);
  });

  it('stops at an owner outside the zone, as AXFR does', async () => {
    const error = await ixfr(await start((send) => send([soa(7), soa(5), a('evil.example.', 1)])), Z, 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferLimitError);
    expect((error as Error).message).toMatch(/transfer holds evil\.example\. A, which is outside zone limits\.test\./);
  });
});
