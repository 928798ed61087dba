import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A fault-injecting proxy on 127.0.0.1 for tests: HTTP (reverse proxy in front of an API) and DNS
 * (UDP + TCP in front of a nameserver). A test sets faults at run time; counted faults ("the next
 * N") apply to requests in arrival order, optionally only to those `match` selects.
 *
 *   const proxy = await startFaultProxy({ target: 'http://127.0.0.1:8081' });
 *   proxy.faults.status5xxNext = { count: 1, status: 503 };
 *   ... point the client at proxy.url ...
 *   await proxy.close();
 *
 * Bounded: loopback targets only, at most MAX_CONNECTIONS open client connections, bodies up to
 * MAX_BODY_BYTES, and a connection held by `timeoutNext` is dropped after HOLD_MS or at close().
 */

export interface HttpFaults {
  /** Delay before every request is forwarded (or a fault is answered). */
  latencyMs?: number;
  /** Destroy the next N connections (on their next request), without forwarding anything. */
  resetNext?: number;
  /** Forward the next N requests to the target, then destroy the connection instead of answering: the write happened, the client does not know. */
  resetAfterForwardNext?: number;
  /** Accept the next N requests and never answer them. */
  timeoutNext?: number;
  status429Next?: { count: number; retryAfterSeconds: number };
  status5xxNext?: { count: number; status: 500 | 502 | 503 };
  /** Forward the next N requests, send the answer's headers and half its body, then close. */
  truncateBodyNext?: number;
  /** Only requests this selects are counted against the faults above (latency applies to all). */
  match?: { method?: string | string[]; path?: RegExp };
}

export type HttpFaultKind = 'reset' | 'resetAfterForward' | 'timeout' | 'status429' | 'status5xx' | 'truncate';

export interface HttpCounters {
  /** Requests received from clients. */
  received: number;
  /** Requests sent on to the target (including those reset or truncated after forwarding). */
  forwarded: number;
  /** Forwarded requests by method (`PATCH`: 3 …). */
  forwardedByMethod: Record<string, number>;
  /** `METHOD path` of each forwarded request, oldest first (the last MAX_LOG). */
  forwardedRequests: string[];
  /** Faults injected, by kind. */
  injected: Record<HttpFaultKind, number>;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT` — the target's paths are forwarded as they are. */
  url: string;
  port: number;
  /** Set or clear at any time; counts go down as faults are injected. */
  faults: HttpFaults;
  readonly counters: HttpCounters;
  /** Clear every fault (counters stay). */
  clearFaults(): void;
  resetCounters(): void;
  close(): Promise<void>;
}

const MAX_CONNECTIONS = 64;
const MAX_LOG = 10_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const HOLD_MS = 60_000;
const UPSTREAM_TIMEOUT_MS = 30_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

function loopbackOnly(host: string): void {
  if (!LOOPBACK.has(host) && !/^127\.\d+\.\d+\.\d+$/.test(host)) throw new Error(`fault proxy: target ${host} is not a loopback address`);
}

function zeroCounts<K extends string>(kinds: readonly K[]): Record<K, number> {
  return Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>;
}

const HTTP_KINDS: readonly HttpFaultKind[] = ['reset', 'resetAfterForward', 'timeout', 'status429', 'status5xx', 'truncate'];

function matches(faults: HttpFaults, req: IncomingMessage): boolean {
  const m = faults.match;
  if (!m) return true;
  if (m.method !== undefined) {
    const methods = Array.isArray(m.method) ? m.method : [m.method];
    if (!methods.map((x) => x.toUpperCase()).includes(req.method ?? '')) return false;
  }
  return !m.path || m.path.test(req.url ?? '');
}

/** Take one from a counted fault; Infinity stays Infinity (a persistent fault). */
function take(faults: HttpFaults, kind: 'resetNext' | 'resetAfterForwardNext' | 'timeoutNext' | 'truncateBodyNext'): boolean {
  const n = faults[kind] ?? 0;
  if (n <= 0) return false;
  faults[kind] = n - 1;
  return true;
}

function takeStatus<T extends { count: number }>(fault: T | undefined): T | undefined {
  if (!fault || fault.count <= 0) return undefined;
  fault.count -= 1;
  return fault;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An HTTP reverse proxy in front of `target` (a loopback http:// URL). */
export async function startFaultProxy(options: { target: string }): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new Error(`fault proxy: only http:// targets (${options.target})`);
  loopbackOnly(target.hostname);
  const counters: HttpCounters = { received: 0, forwarded: 0, forwardedByMethod: {}, forwardedRequests: [], injected: zeroCounts(HTTP_KINDS) };
  const sockets = new Set<Socket>();
  const held = new Set<ReturnType<typeof setTimeout>>();
  let closing = false;

  const proxy: FaultProxy = {
    url: '',
    port: 0,
    faults: {},
    counters,
    clearFaults: () => {
      proxy.faults = {};
    },
    resetCounters: () => {
      counters.received = 0;
      counters.forwarded = 0;
      counters.forwardedByMethod = {};
      counters.forwardedRequests = [];
      counters.injected = zeroCounts(HTTP_KINDS);
    },
    close: async () => undefined,
  };

  function forward(req: IncomingMessage, body: Buffer, onAnswer: (upstream: IncomingMessage, payload: Buffer) => void, onError: () => void): void {
    counters.forwarded += 1;
    const method = req.method ?? 'GET';
    counters.forwardedByMethod[method] = (counters.forwardedByMethod[method] ?? 0) + 1;
    counters.forwardedRequests.push(`${method} ${req.url ?? ''}`);
    if (counters.forwardedRequests.length > MAX_LOG) counters.forwardedRequests.shift();
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const upstream = request({ host: target.hostname, port: target.port, method, path: req.url, headers, timeout: UPSTREAM_TIMEOUT_MS }, (res) => {
      readBody(res).then((payload) => (payload ? onAnswer(res, payload) : onError()), onError);
    });
    upstream.on('timeout', () => upstream.destroy());
    upstream.on('error', onError);
    upstream.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.received += 1;
    const body = await readBody(req);
    if (body === undefined) {
      req.socket.destroy();
      return;
    }
    const faults = proxy.faults;
    if (faults.latencyMs) await sleep(Math.min(faults.latencyMs, HOLD_MS));
    if (closing) return void req.socket.destroy();
    const counted = matches(faults, req);
    if (counted && take(faults, 'resetNext')) {
      counters.injected.reset += 1;
      req.socket.destroy();
      return;
    }
    if (counted && take(faults, 'timeoutNext')) {
      counters.injected.timeout += 1;
      const timer = setTimeout(() => {
        held.delete(timer);
        req.socket.destroy();
      }, HOLD_MS);
      held.add(timer);
      return;
    }
    const tooMany = counted ? takeStatus(faults.status429Next) : undefined;
    if (tooMany) {
      counters.injected.status429 += 1;
      const text = JSON.stringify({ success: false, errors: [{ code: 10000, message: 'Rate limited (fault proxy)' }], message: 'rate limit exceeded' });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(tooMany.retryAfterSeconds), 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const failing = counted ? takeStatus(faults.status5xxNext) : undefined;
    if (failing) {
      counters.injected.status5xx += 1;
      const text = JSON.stringify({ error: `injected HTTP ${failing.status}`, message: `injected HTTP ${failing.status}`, success: false, errors: [{ code: 10001, message: 'service unavailable (fault proxy)' }] });
      res.writeHead(failing.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const resetAfter = counted && take(faults, 'resetAfterForwardNext');
    const truncate = !resetAfter && counted && take(faults, 'truncateBodyNext');
    forward(
      req,
      body,
      (upstream, payload) => {
        if (resetAfter) {
          counters.injected.resetAfterForward += 1;
          req.socket.destroy();
          return;
        }
        const headers = { ...upstream.headers, 'content-length': String(payload.length) };
        delete headers['transfer-encoding'];
        res.writeHead(upstream.statusCode ?? 502, headers);
        if (truncate) {
          counters.injected.truncate += 1;
          // Half the body, then the connection goes: the client sees a short read.
          res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => req.socket.destroy());
          return;
        }
        res.end(payload);
      },
      () => {
        if (res.headersSent) return void req.socket.destroy();
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('fault proxy: target did not answer');
      },
    );
  }

  const server = createHttpServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      closing = true;
      for (const timer of held) clearTimeout(timer);
      held.clear();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}

export interface DnsFaults {
  /** Delay before every query is forwarded. */
  latencyMs?: number;
  /** Drop the next N queries: UDP gets no answer, a TCP connection is closed without one. */
  dropDnsNext?: number;
}

export interface DnsCounters {
  udpQueries: number;
  tcpConnections: number;
  forwarded: number;
  dropped: number;
}

export interface DnsFaultProxy {
  address: string;
  /** One port for UDP and TCP. */
  port: number;
  faults: DnsFaults;
  readonly counters: DnsCounters;
  close(): Promise<void>;
}

const DNS_UPSTREAM_TIMEOUT_MS = 5000;
const MAX_PENDING_UDP = 256;

function takeDrop(faults: DnsFaults): boolean {
  const n = faults.dropDnsNext ?? 0;
  if (n <= 0) return false;
  faults.dropDnsNext = n - 1;
  return true;
}

/** Listen TCP on a free port, then UDP on the same one; retry when UDP has it taken. */
async function bindUdpAndTcp(makeUdp: () => UdpSocket, tcp: ReturnType<typeof createTcpServer>): Promise<{ udp: UdpSocket; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => {
        tcp.removeListener('error', reject);
        resolve((tcp.address() as AddressInfo).port);
      });
    });
    const udp = makeUdp();
    const ok = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { udp, port };
    udp.close();
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
  throw new Error('fault proxy: no port free for both UDP and TCP');
}

/** A DNS proxy (UDP and TCP on one port) in front of a loopback nameserver. */
export async function startDnsFaultProxy(target: { address: string; port: number }): Promise<DnsFaultProxy> {
  loopbackOnly(target.address);
  const counters: DnsCounters = { udpQueries: 0, tcpConnections: 0, forwarded: 0, dropped: 0 };
  const pending = new Set<UdpSocket>();
  const sockets = new Set<Socket>();
  const proxy: DnsFaultProxy = { address: '127.0.0.1', port: 0, faults: {}, counters, close: async () => undefined };
  const family = target.address.includes(':') ? 'udp6' : 'udp4';

  const onQuery = (udp: UdpSocket, msg: Buffer, rinfo: { address: string; port: number }) => {
    counters.udpQueries += 1;
    void (async () => {
      if (proxy.faults.latencyMs) await sleep(Math.min(proxy.faults.latencyMs, HOLD_MS));
      if (takeDrop(proxy.faults)) return void (counters.dropped += 1);
      if (pending.size >= MAX_PENDING_UDP) return;
      counters.forwarded += 1;
      const out = createSocket(family);
      pending.add(out);
      const done = () => {
        clearTimeout(timer);
        if (pending.delete(out)) out.close();
      };
      const timer = setTimeout(done, DNS_UPSTREAM_TIMEOUT_MS);
      out.on('error', done);
      out.on('message', (answer) => {
        udp.send(answer, rinfo.port, rinfo.address, () => undefined);
        done();
      });
      out.send(msg, target.port, target.address);
    })();
  };

  const tcp = createTcpServer((client) => {
    counters.tcpConnections += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    void (async () => {
      if (proxy.faults.latencyMs) await sleep(Math.min(proxy.faults.latencyMs, HOLD_MS));
      if (takeDrop(proxy.faults)) {
        counters.dropped += 1;
        return void client.destroy();
      }
      counters.forwarded += 1;
      const upstream = connect({ host: target.address, port: target.port });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      upstream.setTimeout(DNS_UPSTREAM_TIMEOUT_MS, () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    })();
  });
  tcp.maxConnections = MAX_CONNECTIONS;
  const makeUdp = (): UdpSocket => {
    const socket = createSocket('udp4');
    return socket.on('message', (msg, rinfo) => onQuery(socket, msg, rinfo));
  };
  const { udp, port } = await bindUdpAndTcp(makeUdp, tcp);
  proxy.port = port;
  proxy.close = async () => {
    for (const s of pending) s.close();
    pending.clear();
    for (const s of sockets) s.destroy();
    await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
  };
  return proxy;
}
