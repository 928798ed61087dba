import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpNetworkError, ApiHttp } from './http.js';

/** A loopback server: /echo answers the method, headers and body; /chunked in pieces; /slow never; /wait after 20 ms, counting the exchanges open at once. */
let server: http.Server;
let base: string;
const peers = new Set<number>();
let open = 0;
let mostOpen = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    peers.add(req.socket.remotePort ?? 0);
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => {
      if (req.url === '/slow') return;
      if (req.url === '/wait') {
        open++;
        mostOpen = Math.max(mostOpen, open);
        setTimeout(() => {
          open--;
          res.end(JSON.stringify({ connection: req.headers.connection }));
        }, 20);
        return;
      }
      if (req.url === '/chunked') {
        res.writeHead(201, { 'Retry-After': '3' });
        res.write('{"a":');
        setTimeout(() => res.end('"é"}'), 5);
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, 'Fine');
      res.end(JSON.stringify({ method: req.method, key: req.headers['x-api-key'], length: req.headers['content-length'], body: Buffer.concat(parts).toString('utf8') }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('ApiHttp', () => {
  it('sends method, headers and a body with its length, and answers status, text and headers', async () => {
    const client = new ApiHttp();
    const answer = await client.exchange(`${base}/echo`, { method: 'PATCH', headers: { 'X-API-Key': 'k' }, body: '{"x":"ü"}', timeoutMs: 2000 });
    expect(answer.status).toBe(200);
    expect(answer.statusText).toBe('Fine');
    expect(JSON.parse(answer.text)).toEqual({ method: 'PATCH', key: 'k', length: String(Buffer.byteLength('{"x":"ü"}')), body: '{"x":"ü"}' });
    const chunked = await client.exchange(`${base}/chunked`, { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect([chunked.status, chunked.text, chunked.header('retry-after'), chunked.header('Retry-After')]).toEqual([201, '{"a":"é"}', '3', '3']);
    expect((await client.exchange(`${base}/missing`, { method: 'GET', headers: {}, timeoutMs: 2000 })).status).toBe(404);
    client.close();
  });

  it('plain http: one connection per exchange, Connection: close, never more than maxSockets at once', async () => {
    const client = new ApiHttp(2);
    peers.clear();
    open = 0;
    mostOpen = 0;
    const answers = await Promise.all(Array.from({ length: 7 }, () => client.exchange(`${base}/wait`, { method: 'GET', headers: {}, timeoutMs: 2000 })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 7 }, () => 200));
    expect(answers.every((a) => JSON.parse(a.text).connection === 'close')).toBe(true);
    expect(peers.size).toBe(7);
    expect(mostOpen).toBe(2);
    await expect(client.exchange('ftp://127.0.0.1/', { method: 'GET', headers: {}, timeoutMs: 100 })).rejects.toMatchObject({ code: 'ERR_INVALID_PROTOCOL' });
    client.close();
  });

  it('a deadline passed is a TimeoutError; a refused connection names its code', async () => {
    const client = new ApiHttp();
    const slow = client.exchange(`${base}/slow`, { method: 'GET', headers: {}, timeoutMs: 100 });
    await expect(slow).rejects.toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await client.exchange(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {}, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpNetworkError);
    expect((refused as HttpNetworkError).code).toBe('ECONNREFUSED');
    client.close();
  });
});
