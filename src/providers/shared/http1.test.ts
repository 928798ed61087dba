import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkedBody, exchangeClosing, parseHead, requestBytes } from './http1.js';

/**
 * A raw TCP server that answers each connection with the bytes the test registered for its path,
 * written in the pieces given (so heads and chunk lines split across reads), then closes or not.
 */
type Script = { pieces: string[]; close?: boolean; gapMs?: number };
const scripts = new Map<string, Script>();
const received: string[] = [];
let server: net.Server;
let port: number;

beforeAll(async () => {
  server = net.createServer((socket) => {
    let request = '';
    socket.on('data', async (bytes: Buffer) => {
      request += bytes.toString('latin1');
      const end = request.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(request)?.[1] ?? 0);
      if (request.length < end + 4 + length) return;
      received.push(request);
      const path = request.split(' ')[1] ?? '';
      const script = scripts.get(path);
      if (!script) return; // never answers
      for (const piece of script.pieces) {
        socket.write(Buffer.from(piece, 'utf8'));
        await new Promise((resolve) => setTimeout(resolve, script.gapMs ?? 2));
      }
      if (script.close !== false) socket.end();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (path: string, timeoutMs = 2000) => exchangeClosing(new URL(`http://127.0.0.1:${port}${path}`), { method: 'GET', headers: { 'X-API-Key': 'k' }, timeoutMs });

describe('requestBytes', () => {
  it('writes the request line, Host, Connection: close, the headers and a body with its byte length', () => {
    const bytes = requestBytes(new URL('http://[::1]:8081/api/v1/zones/a%2Fb?rrset_name=www.example.'), { method: 'PATCH', headers: { 'X-API-Key': 'k' }, body: '{"x":"ü"}', timeoutMs: 1 });
    expect(bytes.toString('utf8')).toBe('PATCH /api/v1/zones/a%2Fb?rrset_name=www.example. HTTP/1.1\r\nHost: [::1]:8081\r\nConnection: close\r\nX-API-Key: k\r\nContent-Length: 10\r\n\r\n{"x":"ü"}');
  });

  it('sends a URL\'s user and password as basic auth, as node:http does, unless an Authorization header is given', () => {
    const url = new URL('http://ad%40min:p%C3%A4ss@127.0.0.1:8081/api');
    expect(requestBytes(url, { method: 'GET', headers: {}, timeoutMs: 1 }).toString()).toContain(`\r\nAuthorization: Basic ${Buffer.from('ad@min:päss').toString('base64')}\r\n`);
    const given = requestBytes(url, { method: 'GET', headers: { authorization: 'Bearer t' }, timeoutMs: 1 }).toString();
    expect(given.match(/authorization/gi)).toHaveLength(1);
    expect(given).not.toContain('@');
  });

  it('refuses a header value or name that would split the request, without echoing the value', () => {
    const url = new URL('http://127.0.0.1/');
    expect(() => requestBytes(url, { method: 'GET', headers: { 'X-API-Key': 'secret\r\nX-Evil: 1' }, timeoutMs: 1 })).toThrow(/invalid character in header content \["X-API-Key"\]$/);
    expect(() => requestBytes(url, { method: 'GET', headers: { 'X Bad': 'v' }, timeoutMs: 1 })).toThrow(/invalid header name/);
    expect(() => requestBytes(url, { method: 'GET /x', headers: {}, timeoutMs: 1 })).toThrow(/invalid method/);
    try {
      requestBytes(url, { method: 'GET', headers: { 'X-API-Key': 'secret\n' }, timeoutMs: 1 });
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});

describe('parseHead', () => {
  it('reads status, reason and fields; joins repeated fields; lowercases names', () => {
    const head = parseHead('HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: application/json\r\nX-A: 1\r\nx-a: 2');
    expect([head.status, head.statusText, head.headers.get('content-type'), head.headers.get('x-a')]).toEqual([422, 'Unprocessable Entity', 'application/json', '1, 2']);
    expect(parseHead('HTTP/1.0 200').statusText).toBe('');
  });

  it('refuses what is not an HTTP/1.x answer head', () => {
    expect(() => parseHead('SSH-2.0-OpenSSH')).toThrow(expect.objectContaining({ code: 'HPE_INVALID_CONSTANT' }));
    expect(() => parseHead('HTTP/1.1 200 OK\r\nno colon here')).toThrow(expect.objectContaining({ code: 'HPE_INVALID_HEADER_TOKEN' }));
    expect(() => parseHead('HTTP/1.1 200 OK\r\nBad Name: x')).toThrow(expect.objectContaining({ code: 'HPE_INVALID_HEADER_TOKEN' }));
  });
});

describe('ChunkedBody', () => {
  it('decodes chunks fed a byte at a time, with extensions and trailers', () => {
    const body = new ChunkedBody();
    for (const byte of Buffer.from('4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n')) body.feed(Buffer.from([byte]));
    expect([body.done, Buffer.concat(body.parts).toString()]).toEqual([true, 'Wikipedia in\r\n\r\nchunks.']);
  });

  it('refuses a malformed size line and data not followed by CRLF', () => {
    expect(() => new ChunkedBody().feed(Buffer.from('zz\r\n'))).toThrow(expect.objectContaining({ code: 'HPE_INVALID_CHUNK_SIZE' }));
    expect(() => new ChunkedBody().feed(Buffer.from('2\r\nabX\r\n'))).toThrow(expect.objectContaining({ code: 'HPE_INVALID_CHUNK_SIZE' }));
    expect(() => new ChunkedBody().feed(Buffer.from('1'.repeat(5000)))).toThrow(expect.objectContaining({ code: 'HPE_INVALID_CHUNK_SIZE' }));
    expect(() => new ChunkedBody().feed(Buffer.from('FFFFFFFF\r\n'))).toThrow(expect.objectContaining({ code: 'HPE_BODY_TOO_LARGE' }));
  });
});

describe('exchangeClosing against a raw server', () => {
  it('reads a Content-Length body split across packets, the head split in its CRLFs', async () => {
    scripts.set('/length', { pieces: ['HTTP/1.1 200 OK\r', '\nContent-Length: 10\r\nConnection: close\r\n', '\r\n{"a":', '"é"}'] });
    const answer = await get('/length');
    expect([answer.status, answer.statusText, answer.text, answer.header('Connection')]).toEqual([200, 'OK', '{"a":"é"}', 'close']);
    expect(received.at(-1)).toMatch(/^GET \/length HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nConnection: close\r\nX-API-Key: k\r\n\r\n$/);
  });

  it('ends at Content-Length even when the server keeps the connection open', async () => {
    scripts.set('/open', { pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'], close: false });
    expect((await get('/open')).text).toBe('ok');
  });

  it('reads a chunked body, a body to the close, and no body for 204 after an interim 100', async () => {
    scripts.set('/chunked', { pieces: ['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n5\r\nhel', 'lo\r\n0\r\n\r\n'], close: false });
    scripts.set('/toclose', { pieces: ['HTTP/1.0 200 OK\r\n\r\nall', ' of it'] });
    scripts.set('/nocontent', { pieces: ['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n'], close: false });
    const chunked = await get('/chunked');
    expect([chunked.status, chunked.text, chunked.header('retry-after')]).toEqual([201, 'hello', '3']);
    expect((await get('/toclose')).text).toBe('all of it');
    expect(await get('/nocontent').then((a) => [a.status, a.text])).toEqual([204, '']);
  });

  it('a connection closed before the whole body, or before a head, is ECONNRESET', async () => {
    scripts.set('/short', { pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'] });
    scripts.set('/nohead', { pieces: ['HTTP/1.1 200 OK\r\nContent-'] });
    scripts.set('/chunkcut', { pieces: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab'] });
    await expect(get('/short')).rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringContaining('after 3 bytes') });
    await expect(get('/nohead')).rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringContaining('head') });
    await expect(get('/chunkcut')).rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringContaining('after 2 bytes') });
  });

  it('refuses a garbled answer, a bad Content-Length and a head over 64 KiB', async () => {
    scripts.set('/garbled', { pieces: ['220 smtp ready\r\n\r\n'] });
    scripts.set('/badlength', { pieces: ['HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n'] });
    scripts.set('/negative', { pieces: ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'] });
    scripts.set('/huge', { pieces: ['HTTP/1.1 200 OK\r\n', ...Array.from({ length: 70 }, () => `X-Pad: ${'p'.repeat(1020)}\r\n`)], gapMs: 0 });
    await expect(get('/garbled')).rejects.toMatchObject({ code: 'HPE_INVALID_CONSTANT' });
    await expect(get('/badlength')).rejects.toMatchObject({ code: 'HPE_INVALID_CONTENT_LENGTH' });
    await expect(get('/negative')).rejects.toMatchObject({ code: 'HPE_INVALID_CONTENT_LENGTH' });
    await expect(get('/huge')).rejects.toMatchObject({ code: 'HPE_HEADER_OVERFLOW' });
  });

  it('a deadline passed is a TimeoutError; a refused connection names its code', async () => {
    await expect(get('/never', 100)).rejects.toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT' });
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(exchangeClosing(new URL(`http://127.0.0.1:${free}/`), { method: 'GET', headers: {}, timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
