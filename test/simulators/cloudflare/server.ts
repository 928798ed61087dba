import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Nameserver } from '../../../src/dns/nameserver.js';
import { startDnsServer } from '../../support/dns-server.js';
import { ApiFailure, failed, failures, ok, type Envelope } from './envelope.js';
import { checkName, type ApiRecord } from './record-rules.js';
import { newId, RecordStore, toApi, type SimZone } from './store.js';
import { servedZone } from './dns-view.js';
import { dnssecJson, NO_DNSSEC, patchDnssec, SIGNING, zskJson } from './dnssec.js';
import { signAnswer } from './signer.js';
import { serveZone, type Answer, type ServedZone } from '../../support/dns-answer.js';
import { dnskeyFromText } from '../../../src/dns/dnssec/wire.js';
import { needsIntegration } from '../../support/project.js';

export interface CloudflareSimulatorOptions {
  token?: string;
  /** Operations per batch: 200 on Free, 3,500 on paid plans — developers.cloudflare.com/dns/manage-dns-records/how-to/batch-record-changes/. */
  batchLimit?: number;
  /** 1,200 requests per 5 minutes by default — developers.cloudflare.com/fundamentals/api/reference/limits/. */
  rateLimit?: { requests: number; windowMs: number };
  /** Nameservers assigned to every zone (its `name_servers`). */
  nameServers?: string[];
  /** Zone names POST /zones refuses as banned (1097). */
  bannedZones?: string[];
  /** The account the token belongs to: zones held by another account are not listed to it. */
  tokenAccount?: string;
  /** TTL of the DNSKEY set a signed zone serves: 3600, Cloudflare's; a test that sleeps the TTLs out sets less. */
  dnskeyTtl?: number;
}

export interface CloudflareFaults {
  /** Answer the next N requests with 500. */
  status5xx?: number;
  /** Answer every request with 429 while set. */
  rateLimited?: boolean;
  /** The DNS side answers wrong data. */
  wrongAnswers?: boolean;
  /** The DNS side answers NXDOMAIN to AAAA queries with EDNS. */
  nxdomainForAaaaWithEdns?: boolean;
}

export interface CloudflareSimulator {
  /** `http://127.0.0.1:PORT/client/v4` */
  baseUrl: string;
  dns: Nameserver;
  token: string;
  faults: CloudflareFaults;
  batchLimit: number;
  /** Requests received (every one, rejected ones too). */
  readonly requests: number;
  /** Requests by kind: `records.list`, `records.batch`, `zones.list`… */
  readonly requestsByKind: Readonly<Record<string, number>>;
  resetRequestCounts(): void;
  /** A zone made outside the API (in `account`, another account than the one a test creates in, when given). */
  addZone(name: string, account?: string): string;
  /** The account that holds the zone, as POST /zones was given it. */
  zoneAccount(name: string): string | undefined;
  records(zone: string): ApiRecord[];
  /** The registrar now holds the zone's DS: a `pending` DNSSEC status becomes `active` (Cloudflare checks the parent). */
  dsAtRegistrar(zone: string): void;
  close(): Promise<void>;
}

const BASE = '/client/v4';

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(failures.badRequest('Malformed JSON in request body'));
      }
    });
  });
}

function page<T>(items: T[], query: URLSearchParams, defaults: { perPage: number; maxPerPage: number }): Envelope {
  const perPage = Math.min(Math.max(Number(query.get('per_page') ?? defaults.perPage) || defaults.perPage, 1), defaults.maxPerPage);
  const pageNo = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  // Lists page with `page`/`per_page` and report `result_info` — SDK V4PagePaginationArray.
  return ok(slice, { page: pageNo, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.ceil(items.length / perPage) });
}

export async function startCloudflareSimulator(options: CloudflareSimulatorOptions = {}): Promise<CloudflareSimulator> {
  needsIntegration('the Cloudflare simulator');
  const token = options.token ?? randomBytes(20).toString('hex');
  const limit = options.rateLimit ?? { requests: 1200, windowMs: 300_000 };
  const nameServers = options.nameServers ?? ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'];
  const zones = new Map<string, SimZone>();
  const views = new Map<string, ServedZone>();
  const dnsServer = await startDnsServer({ sign: (answer, question) => signed(answer, question) });
  const counts: Record<string, number> = {};
  let total = 0;
  let wrongAnswers = false;
  const publish = (zone: SimZone) => {
    const view = servedZone(zone, { wrongAnswers });
    dnsServer.setZone(view);
    views.set(view.name, serveZone(view));
  };
  /** The zone holding the name, when Cloudflare signs it (status active, pending or pending-disabled), signs the answer. */
  function signed(answer: Answer, question: { name: string; type: string; dnssecOk: boolean }): Answer {
    const zone = [...zones.values()].filter((z) => `.${question.name}`.endsWith(`.${z.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
    const served = zone && views.get(`${zone.name}.`);
    const dnssec = zone?.dnssec;
    if (!served || !dnssec?.key || !dnssec.zsk || !SIGNING.has(dnssec.status)) return answer;
    // With multi-signer DNSSEC the apex DNSKEY records join Cloudflare's own keys — developers.cloudflare.com/dns/dnssec/multi-signer-dnssec/.
    const foreign = dnssec.multiSigner ? [...zone.records.values()].filter((r) => r.type === 'DNSKEY' && r.name === zone.name).map((r) => dnskeyFromText(r.rdata).rdata) : [];
    return signAnswer({ served, ksk: dnssec.key, zsk: dnssec.zsk, foreign, dnskeyTtl: options.dnskeyTtl ?? 3600, now: Math.floor(Date.now() / 1000) }, answer, question);
  }
  const store = new RecordStore(publish);
  const faults: CloudflareFaults = { status5xx: 0, rateLimited: false };
  Object.defineProperty(faults, 'wrongAnswers', { enumerable: true, get: () => wrongAnswers, set: (v: boolean | undefined) => { wrongAnswers = Boolean(v); zones.forEach(publish); } });
  Object.defineProperty(faults, 'nxdomainForAaaaWithEdns', { enumerable: true, get: () => dnsServer.faults.nxdomainForAaaaWithEdns, set: (v: boolean | undefined) => { dnsServer.faults.nxdomainForAaaaWithEdns = v; } });

  // The limit is per user; past it, every call is refused for the next window — developers.cloudflare.com/api/limits ("all API calls for the next five minutes will be blocked").
  let windowStart = Date.now();
  let used = 0;
  let blockedUntil = 0;
  function rateLimit(res: ServerResponse): ApiFailure | undefined {
    const now = Date.now();
    const seconds = Math.ceil(limit.windowMs / 1000);
    if (now - windowStart >= limit.windowMs) {
      windowStart = now;
      used = 0;
    }
    if (now >= blockedUntil) used += 1;
    if (now < blockedUntil || used > limit.requests || faults.rateLimited) {
      if (used > limit.requests) {
        blockedUntil = now + limit.windowMs;
        windowStart = blockedUntil;
        used = 0;
      }
      // retry-after: seconds, rounded up, until capacity is back — developers.cloudflare.com/fundamentals/api/reference/limits/ ("Rate limiting headers").
      res.setHeader('retry-after', String(Math.max(1, Math.ceil((Math.max(blockedUntil, now + 1) - now) / 1000))));
      return failures.rateLimited(limit.requests, seconds);
    }
    // Ratelimit / Ratelimit-Policy headers on REST answers — same page.
    res.setHeader('ratelimit', `"default";r=${Math.max(0, limit.requests - used)};t=${Math.ceil((windowStart + limit.windowMs - now) / 1000)}`);
    res.setHeader('ratelimit-policy', `"default";q=${limit.requests};w=${seconds}`);
    return undefined;
  }

  function zoneById(id: string, path: string): SimZone {
    const zone = [...zones.values()].find((z) => z.id === id);
    if (!zone) throw failures.noRoute(path);
    return zone;
  }

  function addZone(input: string, account?: string): string {
    const name = input.toLowerCase().replace(/\.$/, '');
    // Held by this or another account: the same 1061 "<name> already exists" either way — midl-dev/tezos-on-gke#3 (an answer does not say whose).
    if (zones.has(name)) throw failures.zoneExists(name);
    const zone: SimZone = { id: newId(), name, nameServers, records: new Map(), serial: 1, ...(account === undefined ? {} : { account }) };
    zones.set(name, zone);
    publish(zone);
    return zone.id;
  }

  function zoneJson(zone: SimZone) {
    return { id: zone.id, name: zone.name, status: 'active', paused: false, type: 'full', name_servers: zone.nameServers, original_name_servers: null, account: { id: zone.account ?? 'simulated-account', name: 'simulated' } };
  }

  async function route(req: IncomingMessage, url: URL): Promise<{ kind: string; status: number; body: Envelope }> {
    const path = url.pathname.slice(BASE.length);
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean);
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? await readBody(req) : undefined;
    if (parts[0] !== 'zones') throw failures.noRoute(url.pathname);
    if (parts.length === 1 && method === 'GET') {
      const name = url.searchParams.get('name');
      const visible = (z: SimZone) => !options.tokenAccount || z.account === undefined || z.account === options.tokenAccount;
      const list = [...zones.values()].filter((z) => visible(z) && (!name || z.name === name.toLowerCase())).map(zoneJson);
      // Zones page 20 by default, at most 50 (SDK ZoneListParams; numbers not confirmed).
      return { kind: 'zones.list', status: 200, body: page(list, url.searchParams, { perPage: 20, maxPerPage: 50 }) };
    }
    if (parts.length === 1 && method === 'POST') {
      const input = (body ?? {}) as { name?: unknown; account?: { id?: unknown } };
      // Zone creation needs `account.id` and `name` — SDK ZoneCreateParams.
      if (typeof input.account?.id !== 'string') throw failures.badRequest('account.id is required');
      const name = checkName(input.name, String(input.name ?? '').toLowerCase().replace(/\.$/, ''));
      // A zone is a registrable domain: at least two labels.
      if (!name.includes('.')) throw failures.zoneInvalid(name);
      if (options.bannedZones?.includes(name)) throw failures.zoneBanned();
      const id = addZone(name, input.account.id);
      return { kind: 'zones.create', status: 200, body: ok(zoneJson(zoneById(id, url.pathname))) };
    }
    const zone = zoneById(parts[1] ?? '', url.pathname);
    if (parts.length === 2 && method === 'GET') return { kind: 'zones.get', status: 200, body: ok(zoneJson(zone)) };
    if (parts[2] === 'dnssec' && parts[3] === 'zsk' && parts.length === 4) {
      if (method === 'GET') return { kind: 'dnssec.zsk', status: 200, body: ok(zskJson(zone.name, zone.dnssec ?? NO_DNSSEC)) };
      throw failures.noRoute(url.pathname);
    }
    if (parts[2] === 'dnssec' && parts.length === 3) {
      if (method === 'GET') return { kind: 'dnssec.get', status: 200, body: ok(dnssecJson(zone.name, zone.dnssec ?? NO_DNSSEC)) };
      if (method === 'PATCH') {
        zone.dnssec = patchDnssec(zone.name, zone.dnssec ?? NO_DNSSEC, body, new Date().toISOString());
        return { kind: 'dnssec.edit', status: 200, body: ok(dnssecJson(zone.name, zone.dnssec)) };
      }
      throw failures.noRoute(url.pathname);
    }
    if (parts[2] !== 'dns_records') throw failures.noRoute(url.pathname);
    if (parts.length === 3 && method === 'GET') {
      const name = url.searchParams.get('name') ?? url.searchParams.get('name.exact');
      const type = url.searchParams.get('type');
      const list = [...zone.records.values()].filter((r) => (!name || r.name === name.toLowerCase()) && (!type || r.type === type)).map((r) => toApi(zone, r));
      // per_page defaults to 100, at most 5,000,000 (OpenAPI schema dns-records_per_page).
      return { kind: 'records.list', status: 200, body: page(list, url.searchParams, { perPage: 100, maxPerPage: 5_000_000 }) };
    }
    if (parts.length === 3 && method === 'POST') return { kind: 'records.create', status: 200, body: ok(toApi(zone, store.create(zone, (body ?? {}) as object))) };
    if (parts.length === 4 && parts[3] === 'batch' && method === 'POST') {
      return { kind: 'records.batch', status: 200, body: ok(store.batch(zone, (body ?? {}) as object, simulator.batchLimit)) };
    }
    const id = parts[3] ?? '';
    if (parts.length !== 4) throw failures.noRoute(url.pathname);
    if (method === 'GET') {
      const record = zone.records.get(id);
      if (!record) throw failures.noRecord();
      return { kind: 'records.get', status: 200, body: ok(toApi(zone, record)) };
    }
    if (method === 'PUT' || method === 'PATCH') return { kind: method === 'PUT' ? 'records.update' : 'records.edit', status: 200, body: ok(toApi(zone, store.replace(zone, id, (body ?? {}) as object, method === 'PATCH'))) };
    if (method === 'DELETE') return { kind: 'records.delete', status: 200, body: ok(store.remove(zone, id)) };
    throw failures.noRoute(url.pathname);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    total += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let kind = 'rejected';
    let status = 200;
    let body: Envelope;
    try {
      if (!url.pathname.startsWith(BASE)) throw failures.noRoute(url.pathname);
      // API tokens go in `Authorization: Bearer …` — developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/.
      const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      if (!auth) throw failures.badAuthHeader();
      if (auth[1] !== token) throw failures.badToken();
      const limited = rateLimit(res);
      if (limited) throw limited;
      if ((faults.status5xx ?? 0) > 0) {
        faults.status5xx = (faults.status5xx ?? 0) - 1;
        throw failures.internal();
      }
      ({ kind, status, body } = await route(req, url));
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : failures.internal();
      status = failure.status;
      body = failed(failure.errors);
    }
    counts[kind] = (counts[kind] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  const http = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const simulator: CloudflareSimulator = {
    baseUrl: `http://127.0.0.1:${port}${BASE}`,
    dns: { address: dnsServer.address, port: dnsServer.port },
    token,
    faults,
    batchLimit: options.batchLimit ?? 200,
    get requests() {
      return total;
    },
    get requestsByKind() {
      return { ...counts };
    },
    resetRequestCounts() {
      total = 0;
      for (const key of Object.keys(counts)) delete counts[key];
    },
    addZone,
    zoneAccount: (name) => zones.get(name.toLowerCase().replace(/\.$/, ''))?.account,
    records(name: string) {
      const zone = zones.get(name.toLowerCase().replace(/\.$/, ''));
      return zone ? [...zone.records.values()].map((r) => toApi(zone, r)) : [];
    },
    dsAtRegistrar(name: string) {
      const zone = zones.get(name.toLowerCase().replace(/\.$/, ''));
      if (zone?.dnssec?.status === 'pending') zone.dnssec = { ...zone.dnssec, status: 'active' };
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await dnsServer.close();
    },
  };
  return simulator;
}
