import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy that counts the requests a provider sends, by kind, on the wire —
 * so API-call counts do not rest on the adapter's own bookkeeping.
 */

export type Classify = (method: string, path: string) => string;

export interface CountingProxy {
  /** http://127.0.0.1:PORT, plus the upstream URL's path. */
  url: string;
  counts: Map<string, number>;
  count(kind: string): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: string, classify: Classify): Promise<CountingProxy> {
  const target = new URL(upstream);
  const counts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const kind = classify(req.method ?? 'GET', req.url ?? '/');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const path = target.pathname.replace(/\/$/, '');
  return {
    url: `http://127.0.0.1:${port}${path}`,
    counts,
    count: (kind) => counts.get(kind) ?? 0,
    reset: () => counts.clear(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
