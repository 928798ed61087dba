import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpNetworkError } from '../../src/providers/shared/http-types.js';
import { exchangeClosing } from '../../src/providers/shared/http1.js';

/**
 * src/providers/shared/http1.ts, the PowerDNS client's own HTTP/1.1 reader, against Node's
 * (llhttp, through http.get): for answers framed every way RFC 9112 allows and cut into random
 * packets, both read the same status and body; for mangled answers, http1.ts answers or fails
 * with an HttpNetworkError within its deadline, never anything else. Fixed seeds: `npm test`
 * does not depend on a random one.
 */

let next: Buffer[] = [];
let server: net.Server;
let port: number;

beforeAll(async () => {
  server = net.createServer((socket) => {
    const pieces = next;
    socket.once('data', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      socket.end();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) pieces.push(bytes.subarray(from, p));
    from = p;
  }
  return pieces;
}

const body = fc.string({ unit: fc.constantFrom('a', 'é', '{', '"', '\r', '\n', '0', ' ', '€'), maxLength: 300 });
const answer = fc.record({
  status: fc.constantFrom(200, 201, 204, 400, 404, 422, 500),
  framing: fc.constantFrom('length', 'chunked', 'close'),
  body,
  chunkSizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
  extras: fc.array(fc.constantFrom('Server: PowerDNS/4.7.3', 'X-Frame-Options: deny', 'Content-Type: application/json', 'Connection: close', 'X-Empty:'), { maxLength: 4 }),
  interim: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

interface Answer {
  status: number;
  framing: string;
  body: string;
  chunkSizes: number[];
  extras: string[];
  interim: boolean;
}

/** The answer as a server would write it; a 204 has no body and no framing (RFC 9112 §6.3). */
function encode(a: Answer): Buffer {
  const data = Buffer.from(a.status === 204 ? '' : a.body, 'utf8');
  const lines = [`HTTP/1.1 ${a.status} Reason Phrase`, ...a.extras];
  let payload: Buffer = data;
  const framing = a.status === 204 ? 'none' : a.framing;
  if (framing === 'length') lines.push(`Content-Length: ${data.length}`);
  if (framing === 'chunked') {
    lines.push('Transfer-Encoding: chunked');
    const parts: Buffer[] = [];
    let at = 0;
    let i = 0;
    while (at < data.length) {
      const size = Math.min(a.chunkSizes[i++ % a.chunkSizes.length] as number, data.length - at);
      parts.push(Buffer.from(`${size.toString(16)}${i % 3 === 0 ? ';ext=1' : ''}\r\n`), data.subarray(at, at + size), Buffer.from('\r\n'));
      at += size;
    }
    parts.push(Buffer.from('0\r\n\r\n'));
    payload = Buffer.concat(parts);
  }
  const head = Buffer.from(`${a.interim ? 'HTTP/1.1 100 Continue\r\n\r\n' : ''}${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, payload]);
}

function viaNode(): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

const viaHttp1 = () => exchangeClosing(new URL(`http://127.0.0.1:${port}/`), { method: 'GET', headers: { Accept: 'application/json' }, timeoutMs: 2000 });

describe('http1.ts against node:http', () => {
  it('reads the same status and body for every framing, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const bytes = encode(a);
        next = cut(bytes, a.cuts);
        const ours = await viaHttp1();
        next = cut(bytes, a.cuts);
        const theirs = await viaNode();
        expect({ status: ours.status, text: ours.text }).toEqual(theirs);
      }),
      { numRuns: 300, seed: 9112 },
    );
  });

  it('a mangled answer is an answer or an HttpNetworkError, never a hang or another error', async () => {
    const mangled = fc.tuple(answer, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat()).map(([a, flips, drop]) => {
      const bytes = Buffer.from(encode(a));
      for (const [at, byte] of flips) bytes[at % bytes.length] = byte;
      return { pieces: cut(drop % 2 === 0 ? bytes : bytes.subarray(0, drop % bytes.length), a.cuts) };
    });
    await fc.assert(
      fc.asyncProperty(mangled, async ({ pieces }) => {
        next = pieces;
        const outcome = await viaHttp1().then(
          (got) => typeof got.status,
          (error: unknown) => (error instanceof HttpNetworkError && error.code !== 'TIMEOUT' ? 'refused' : error),
        );
        expect(['number', 'refused']).toContain(outcome);
      }),
      { numRuns: 300, seed: 7230 },
    );
  });
});
