import net from 'node:net';
import { HttpNetworkError, type HttpAnswer, type HttpExchange } from './http-types.js';

/**
 * One HTTP/1.1 exchange on its own TCP connection (`Connection: close`), for plain-http API
 * servers that close every connection anyway: PowerDNS's webserver answers `Connection: close` to
 * each request (4.7 to 5.1), so node:http's agent and stream machinery is pure overhead there.
 * Against a local PowerDNS, 200 filtered GETs 8 at once cost 25–54 ms of client CPU this way and
 * 59–105 ms through node:http (bench/RESULTS.md, session 12).
 *
 * The answer is framed as RFC 9112 §6.3 says: no body for 1xx/204/304, chunked when the last
 * transfer coding is chunked, else Content-Length, else until the server closes. Heads are limited
 * to 64 KiB and bodies to 1 GiB; a malformed answer is an error with an `HPE_*` code, and a
 * connection closed early is `ECONNRESET` (every call zonesync makes can be retried).
 */

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 1024 * 1024 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

export class HttpProtocolError extends HttpNetworkError {}

/** The request as bytes; a header name or value that could split the request is refused (its value is never echoed). */
export function requestBytes(target: URL, request: HttpExchange): Buffer {
  const lines = [`${request.method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, 'Connection: close'];
  // A URL's user and password (basic auth at a proxy in front of the API) go as node:http sends them.
  const hasAuthorization = Object.keys(request.headers).some((name) => name.toLowerCase() === 'authorization');
  if ((target.username !== '' || target.password !== '') && !hasAuthorization) {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    lines.push(`Authorization: Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`);
  }
  for (const [name, value] of Object.entries(request.headers)) {
    if (!TOKEN.test(name)) throw new HttpNetworkError('invalid header name', 'ERR_INVALID_HTTP_TOKEN');
    if (!FIELD_VALUE.test(value)) throw new HttpNetworkError(`invalid character in header content ["${name}"]`, 'ERR_INVALID_CHAR');
    lines.push(`${name}: ${value}`);
  }
  if (!TOKEN.test(request.method)) throw new HttpNetworkError('invalid method', 'ERR_INVALID_HTTP_TOKEN');
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}

interface Head {
  status: number;
  statusText: string;
  headers: Map<string, string>;
}

/** Status line and fields of one answer head (without its blank line). */
export function parseHead(text: string): Head {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?$/.exec(lines[0] ?? '');
  if (!status) throw new HttpProtocolError('the answer does not start with an HTTP/1.x status line', 'HPE_INVALID_CONSTANT');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new HttpProtocolError('a header line of the answer is malformed', 'HPE_INVALID_HEADER_TOKEN');
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), statusText: status[2] ?? '', headers };
}

type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

function framingOf(head: Head): Framing {
  if (head.status === 204 || head.status === 304) return { kind: 'none' };
  const coding = head.headers.get('transfer-encoding');
  if (coding !== undefined) return coding.split(',').at(-1)?.trim().toLowerCase() === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  const length = head.headers.get('content-length');
  if (length === undefined) return { kind: 'close' };
  const values = new Set(length.split(',').map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d{1,10}$/.test(only)) throw new HttpProtocolError('the answer has an invalid Content-Length', 'HPE_INVALID_CONTENT_LENGTH');
  const n = Number(only);
  if (n > MAX_BODY_BYTES) throw new HttpProtocolError('the answer is larger than 1 GiB', 'HPE_BODY_TOO_LARGE');
  return { kind: 'length', length: n };
}

/**
 * A chunked body decoder (RFC 9112 §7.1): feed it bytes, it keeps the data and says when the last
 * chunk and the trailer section have passed. Chunk extensions and trailer fields are read and dropped.
 */
export class ChunkedBody {
  readonly parts: Buffer[] = [];
  size = 0;
  done = false;
  private pending: Buffer = Buffer.alloc(0);
  private remaining = -1; // bytes of chunk data still to come; -1: a size line is next; -2: trailers

  feed(bytes: Buffer): void {
    let buffer = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    while (!this.done) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, buffer.length);
        if (take === 0) break;
        this.parts.push(buffer.subarray(0, take));
        this.remaining -= take;
        buffer = buffer.subarray(take);
        continue;
      }
      const end = buffer.indexOf(CRLF);
      if (end < 0) {
        if (buffer.length > 4096) throw new HttpProtocolError('a chunk line of the answer is too long', 'HPE_INVALID_CHUNK_SIZE');
        break;
      }
      const line = buffer.subarray(0, end).toString('latin1');
      buffer = buffer.subarray(end + 2);
      if (this.remaining === 0) {
        if (line !== '') throw new HttpProtocolError('a chunk of the answer is not followed by CRLF', 'HPE_INVALID_CHUNK_SIZE');
        this.remaining = -1;
      } else if (this.remaining === -2) {
        if (line === '') this.done = true;
      } else {
        const size = /^([0-9A-Fa-f]{1,8})[\t ]*(?:;.*)?$/.exec(line);
        if (!size) throw new HttpProtocolError('a chunk size of the answer is malformed', 'HPE_INVALID_CHUNK_SIZE');
        const n = Number.parseInt(size[1] as string, 16);
        this.size += n;
        if (this.size > MAX_BODY_BYTES) throw new HttpProtocolError('the answer is larger than 1 GiB', 'HPE_BODY_TOO_LARGE');
        this.remaining = n === 0 ? -2 : n;
      }
    }
    this.pending = buffer.length === 0 ? Buffer.alloc(0) : Buffer.from(buffer);
  }
}

/** Send `request` to `target` (http:) on a new connection and read the whole answer, within `request.timeoutMs`. */
export function exchangeClosing(target: URL, request: HttpExchange): Promise<HttpAnswer> {
  const bytes = requestBytes(target, request);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const port = target.port === '' ? 80 : Number(target.port);
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    const socket = net.connect({ host, port });
    let settled = false;
    let headBytes: Buffer[] = [];
    let headSize = 0;
    let head: Head | undefined;
    let framing: Framing | undefined;
    let chunked: ChunkedBody | undefined;
    const body: Buffer[] = [];
    let bodySize = 0;
    const finish = (error: HttpNetworkError | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        return reject(error);
      }
      // The answer is whole. The server closes next (we sent Connection: close): letting it close
      // first leaves TIME_WAIT on its side, not on one of our ports for every call. A server that
      // keeps the connection is cut off after a second; neither holds the process open.
      if (!socket.readableEnded) {
        socket.unref();
        const grace = setTimeout(() => socket.destroy(), 1000);
        grace.unref();
        socket.once('close', () => clearTimeout(grace));
        socket.resume();
      } else socket.destroy();
      const parts = chunked ? chunked.parts : body;
      const headers = head?.headers ?? new Map<string, string>();
      resolve({ status: head?.status ?? 0, statusText: head?.statusText ?? '', text: Buffer.concat(parts).toString('utf8'), header: (name) => headers.get(name.toLowerCase()) });
    };
    const timer = setTimeout(() => finish(new HttpNetworkError(`no answer within ${request.timeoutMs} ms`, 'TIMEOUT')), request.timeoutMs);
    const takeBody = (bytes: Buffer) => {
      if (!framing || framing.kind === 'none') return finish(undefined);
      if (framing.kind === 'chunked') {
        chunked ??= new ChunkedBody();
        chunked.feed(bytes);
        if (chunked.done) finish(undefined);
        return;
      }
      const room = framing.kind === 'length' ? framing.length - bodySize : MAX_BODY_BYTES - bodySize;
      if (framing.kind === 'close' && bytes.length > room) throw new HttpProtocolError('the answer is larger than 1 GiB', 'HPE_BODY_TOO_LARGE');
      const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
      if (kept.length > 0) body.push(kept);
      bodySize += kept.length;
      if (framing.kind === 'length' && bodySize === framing.length) finish(undefined);
    };
    const takeHead = (bytes: Buffer) => {
      headBytes.push(bytes);
      headSize += bytes.length;
      let all = headBytes.length === 1 ? bytes : Buffer.concat(headBytes);
      for (;;) {
        const end = all.indexOf(HEAD_END);
        if (end < 0) {
          if (headSize > MAX_HEAD_BYTES) throw new HttpProtocolError('the answer head is larger than 64 KiB', 'HPE_HEADER_OVERFLOW');
          headBytes = [all];
          return;
        }
        if (end > MAX_HEAD_BYTES) throw new HttpProtocolError('the answer head is larger than 64 KiB', 'HPE_HEADER_OVERFLOW');
        const parsed = parseHead(all.subarray(0, end).toString('latin1'));
        all = all.subarray(end + 4);
        // An interim answer (100 Continue, 103 Early Hints) is followed by the real one.
        if (parsed.status >= 100 && parsed.status < 200 && parsed.status !== 101) {
          headSize = all.length;
          continue;
        }
        head = parsed;
        framing = framingOf(parsed);
        headBytes = [];
        takeBody(all);
        return;
      }
    };
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (bytes: Buffer) => {
      if (settled) return;
      try {
        if (head) takeBody(bytes);
        else takeHead(bytes);
      } catch (error) {
        finish(error instanceof HttpNetworkError ? error : new HttpProtocolError(String(error), 'HPE_INTERNAL'));
      }
    });
    socket.on('end', () => {
      if (head && framing?.kind === 'close') return finish(undefined);
      const received = chunked ? chunked.parts.reduce((sum, part) => sum + part.length, 0) : bodySize;
      const got = head ? `after ${received} bytes of its body` : 'before the whole answer head';
      finish(new HttpNetworkError(`the server closed the connection ${got}`, 'ECONNRESET'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(new HttpNetworkError(error.message, error.code, { cause: error })));
  });
}
