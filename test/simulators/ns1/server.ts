import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenBucket } from './rate-limit.js';
import type { Ns1Monitoring } from './monitoring.js';
import { type Ns1Store, SimError, zoneBody } from './store.js';
import { isObject } from './validate.js';

/** HTTP side of the NS1 simulator: routing, auth, rate limiting, faults. */

export interface Ns1Limits {
  read: number;
  write: number;
  periodSeconds: number;
}

export interface Ns1HttpFaults {
  /** The next N requests answer 503 without touching any state. */
  status5xx: number;
  /** Every request answers 429 until cleared. */
  rateLimited: boolean;
}

export interface Ns1Counters {
  requests: number;
  reads: number;
  writes: number;
  /** 429 answers given (bucket empty or the rateLimited fault). */
  tooManyRequests: number;
  serverErrors: number;
}

export interface Ns1HttpOptions {
  store: Ns1Store;
  monitoring: Ns1Monitoring;
  apiKey: string;
  /** A key that may read but not write (403 on writes). */
  readOnlyApiKey: string;
  limits: Ns1Limits;
  /** Records per page of a zone GET before a `Link: rel="next"` (NS1 pages at about 2,500). */
  recordsPerPage: number;
  faults: Ns1HttpFaults;
  counters: Ns1Counters;
  baseUrl: () => string;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

function send(res: ServerResponse, reply: Reply, extra: Record<string, string>): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...extra, ...(reply.headers ?? {}) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SimError(400, 'Input validation failed (request body is not valid JSON)');
  }
  if (!isObject(parsed)) throw new SimError(400, 'Input validation failed (request body must be a JSON object)');
  return parsed;
}

export function createHandler(options: Ns1HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { store, counters, faults } = options;
  const buckets = new Map<string, TokenBucket>();
  const bucket = (key: string, cls: 'read' | 'write') => {
    const name = `${key} ${cls}`;
    let found = buckets.get(name);
    if (!found) {
      found = new TokenBucket(cls === 'read' ? options.limits.read : options.limits.write, options.limits.periodSeconds);
      buckets.set(name, found);
    }
    return found;
  };

  async function route(method: string, url: URL, req: IncomingMessage): Promise<Reply> {
    const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const monitoring = parts[0] === 'v1' ? options.monitoring.route(method, parts.slice(1), () => readBody(req)) : undefined;
    if (monitoring) return { status: 200, body: await monitoring };
    if (parts[0] !== 'v1' || parts[1] !== 'zones') return { status: 404, body: { message: 'Not found' } };
    const [, , zone, domain, type] = parts;
    if (parts.length > 5) return { status: 404, body: { message: 'Not found' } };
    if (zone === undefined) {
      if (method !== 'GET') return { status: 405, body: { message: 'Method not allowed' } };
      return { status: 200, body: [...store.zones.values()].map((z) => zoneBody(z, undefined)) };
    }
    if (domain === undefined) {
      switch (method) {
        case 'GET': {
          const found = store.zone(zone);
          // `?records=false` leaves the records array empty (ns1-go Zones.Get).
          if (url.searchParams.get('records') === 'false') return { status: 200, body: zoneBody(found, undefined) };
          const all = [...found.records.values()];
          const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
          const slice = all.slice((page - 1) * options.recordsPerPage, page * options.recordsPerPage);
          const more = page * options.recordsPerPage < all.length;
          // Large zones come in pages linked by `Link: <…>; rel="next"` (ns1-go follows them).
          const headers = more ? { Link: `<${options.baseUrl()}/zones/${encodeURIComponent(found.zone)}?page=${page + 1}>; rel="next"` } : undefined;
          return { status: 200, body: zoneBody(found, slice), ...(headers ? { headers } : {}) };
        }
        case 'PUT':
          return { status: 200, body: zoneBody(store.createZone(zone, await readBody(req)), []) };
        case 'POST':
          return { status: 200, body: zoneBody(store.updateZone(zone, await readBody(req)), []) };
        case 'DELETE':
          store.deleteZone(zone);
          return { status: 200, body: {} };
        default:
          return { status: 405, body: { message: 'Method not allowed' } };
      }
    }
    if (type === undefined && domain === 'dnssec' && method === 'GET') return { status: 200, body: store.dnssecOf(zone) };
    if (type === undefined) return { status: 404, body: { message: 'Not found' } };
    switch (method) {
      case 'GET':
        return { status: 200, body: store.record(zone, domain, type) };
      case 'PUT':
        return { status: 200, body: store.createRecord(zone, domain, type, await readBody(req)) };
      case 'POST':
        return { status: 200, body: store.updateRecord(zone, domain, type, await readBody(req)) };
      case 'DELETE':
        store.deleteRecord(zone, domain, type);
        return { status: 200, body: {} };
      default:
        return { status: 405, body: { message: 'Method not allowed' } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Auth is the X-NSONE-Key header; no key → 401, unknown key → 401, key without the permission → 403.
    const key = req.headers['x-nsone-key'];
    if (typeof key !== 'string' || key === '') return send(res, { status: 401, body: { message: 'Authentication required' } }, {});
    if (key !== options.apiKey && key !== options.readOnlyApiKey) return send(res, { status: 401, body: { message: 'Unauthorized' } }, {});
    const cls = method === 'GET' ? 'read' : 'write';
    if (cls === 'read') counters.reads++;
    else counters.writes++;
    const limiter = bucket(key, cls);
    // Faults first: a forced 429 does not spend a token.
    if (faults.rateLimited) {
      counters.tooManyRequests++;
      return send(res, { status: 429, body: { message: 'Rate limit exceeded' } }, { ...limiter.headers(), 'X-RateLimit-Remaining': '0' });
    }
    // Every request spends one token of its class; an empty bucket answers 429.
    if (!limiter.take()) {
      counters.tooManyRequests++;
      return send(res, { status: 429, body: { message: 'Rate limit exceeded' } }, limiter.headers());
    }
    const headers = limiter.headers();
    if (faults.status5xx > 0) {
      faults.status5xx--;
      counters.serverErrors++;
      return send(res, { status: 503, body: { message: 'Service Unavailable' } }, headers);
    }
    if (cls === 'write' && key === options.readOnlyApiKey) return send(res, { status: 403, body: { message: 'insufficient permissions' } }, headers);
    try {
      const reply = await route(method, url, req);
      return send(res, reply, limiter.headers());
    } catch (error) {
      if (error instanceof SimError) return send(res, { status: error.status, body: { message: error.message } }, limiter.headers());
      counters.serverErrors++;
      return send(res, { status: 500, body: { message: 'internal error' } }, limiter.headers());
    }
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
