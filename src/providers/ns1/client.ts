import type { Ns1Feed, Ns1NotifyList, Ns1Record, Ns1Source, Ns1Zone } from './api.js';
import type { Ns1Job } from './monitors.js';
import type { Ns1Dnssec } from './dnssec.js';
import { sleep as defaultSleep } from '../../io/sleep.js';
import { backoffMs, withRetries, type Backoff } from '../shared/retry.js';

/** 250 ms doubling to 8 s, each wait between half and all of its step. */
const NS1_BACKOFF: Backoff = { baseMs: 250, maxMs: 8000, jitter: 'half' };

/**
 * A small typed client for NS1 API v1 on global fetch. It paces itself from the rate-limit headers
 * (token buckets per endpoint class), retries 429 and 5xx with bounded backoff, and never puts the
 * API key in an error or a log line.
 */

export interface Ns1ClientOptions {
  apiKey: string;
  /** Base URL ending in `/v1`. */
  endpoint: string;
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Tokens left in a bucket for others sharing the account (people, other tools). */
  reserveFraction?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A non-2xx answer from NS1, with its `message`. */
export class Ns1ApiError extends Error {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** How many attempts were made (more than one means an earlier attempt may have gone through). */
  readonly attempts: number;

  constructor(method: string, path: string, status: number, message: string, attempts: number) {
    super(`${method} ${path}: ${status} ${message}`);
    this.name = 'Ns1ApiError';
    this.status = status;
    this.method = method;
    this.path = path;
    this.attempts = attempts;
  }

  get transient(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}

interface Bucket {
  limit: number;
  remaining: number;
  periodSeconds: number;
  /** When `remaining` was reported (ms). */
  at: number;
}

type BucketClass = 'read' | 'write';

export interface CallCounts {
  read: number;
  write: number;
}


export class Ns1Client {
  private readonly apiKey: string;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly reserveFraction: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly buckets = new Map<BucketClass, Bucket>();
  /** Requests sent, by bucket class, retries included (what the rate limiter counts). */
  readonly calls: CallCounts = { read: 0, write: 0 };

  constructor(options: Ns1ClientOptions) {
    this.apiKey = options.apiKey;
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.reserveFraction = options.reserveFraction ?? 0.05;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => Date.now());
  }

  /** `GET /zones/{zone}`, following `Link: <…>; rel="next"` pages of records; undefined on 404. */
  async getZone(zone: string, options: { records?: boolean } = {}): Promise<Ns1Zone | undefined> {
    const query = options.records === false ? '?records=false' : '';
    try {
      let page = await this.request<Ns1Zone>('GET', `/zones/${encodeURIComponent(zone)}${query}`);
      const merged: Ns1Zone = { ...page.body, records: [...(page.body.records ?? [])] };
      while (page.next) {
        page = await this.request<Ns1Zone>('GET', page.next);
        merged.records?.push(...(page.body.records ?? []));
      }
      return merged;
    } catch (error) {
      if (error instanceof Ns1ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async listZones(): Promise<Ns1Zone[]> {
    const zones: Ns1Zone[] = [];
    let page = await this.request<Ns1Zone[]>('GET', '/zones');
    zones.push(...page.body);
    while (page.next) {
      page = await this.request<Ns1Zone[]>('GET', page.next);
      zones.push(...page.body);
    }
    return zones;
  }

  async createZone(zone: string): Promise<Ns1Zone> {
    return (await this.request<Ns1Zone>('PUT', `/zones/${encodeURIComponent(zone)}`, { zone })).body;
  }

  async getRecord(zone: string, domain: string, type: string): Promise<Ns1Record> {
    return (await this.request<Ns1Record>('GET', recordPath(zone, domain, type))).body;
  }

  /** PUT creates; NS1 answers 400 "record already exists" when it does. */
  async createRecord(zone: string, domain: string, type: string, body: Record<string, unknown>): Promise<Ns1Record> {
    return (await this.request<Ns1Record>('PUT', recordPath(zone, domain, type), body)).body;
  }

  /** POST changes only the fields sent. */
  async updateRecord(zone: string, domain: string, type: string, body: Record<string, unknown>): Promise<Ns1Record> {
    return (await this.request<Ns1Record>('POST', recordPath(zone, domain, type), body)).body;
  }

  async deleteRecord(zone: string, domain: string, type: string): Promise<void> {
    await this.request<unknown>('DELETE', recordPath(zone, domain, type));
  }

  /** `GET /zones/{zone}/dnssec`: the DNSKEY set NS1 signs with and the delegation's DS (400 when the zone is not signed). */
  async getDnssec(zone: string): Promise<Ns1Dnssec> {
    return (await this.request<Ns1Dnssec>('GET', `/zones/${encodeURIComponent(zone)}/dnssec`)).body;
  }

  /** `POST /zones/{zone}` `{"dnssec": on}`: NS1 signs the zone, or stops. */
  async setZoneDnssec(zone: string, on: boolean): Promise<Ns1Zone> {
    return (await this.request<Ns1Zone>('POST', `/zones/${encodeURIComponent(zone)}`, { dnssec: on })).body;
  }

  /** Monitoring: `GET|PUT /monitoring/jobs`, `POST|DELETE /monitoring/jobs/{id}` (a job's type cannot change). */
  async listJobs(): Promise<Ns1Job[]> {
    return (await this.request<Ns1Job[]>('GET', '/monitoring/jobs')).body;
  }

  async createJob(job: Ns1Job): Promise<Ns1Job> {
    return (await this.request<Ns1Job>('PUT', '/monitoring/jobs', job)).body;
  }

  async updateJob(id: string, job: Ns1Job): Promise<Ns1Job> {
    return (await this.request<Ns1Job>('POST', `/monitoring/jobs/${encodeURIComponent(id)}`, job)).body;
  }

  async deleteJob(id: string): Promise<void> {
    await this.request<unknown>('DELETE', `/monitoring/jobs/${encodeURIComponent(id)}`);
  }

  /** Data sources (`/data/sources`) and their feeds (`/data/feeds/{source}`): a monitor's status reaches an answer's `up` through a feed. */
  async listSources(): Promise<Ns1Source[]> {
    return (await this.request<Ns1Source[]>('GET', '/data/sources')).body;
  }

  async createSource(name: string, sourcetype: string): Promise<Ns1Source> {
    return (await this.request<Ns1Source>('PUT', '/data/sources', { name, sourcetype })).body;
  }

  async listFeeds(sourceId: string): Promise<Ns1Feed[]> {
    return (await this.request<Ns1Feed[]>('GET', `/data/feeds/${encodeURIComponent(sourceId)}`)).body;
  }

  async createFeed(sourceId: string, name: string, config: Record<string, unknown>): Promise<Ns1Feed> {
    return (await this.request<Ns1Feed>('PUT', `/data/feeds/${encodeURIComponent(sourceId)}`, { name, config })).body;
  }

  async deleteFeed(sourceId: string, feedId: string): Promise<void> {
    await this.request<unknown>('DELETE', `/data/feeds/${encodeURIComponent(sourceId)}/${encodeURIComponent(feedId)}`);
  }

  /** Notify lists (`/lists`): where a job sends its status, here to the data source. */
  async listNotifyLists(): Promise<Ns1NotifyList[]> {
    return (await this.request<Ns1NotifyList[]>('GET', '/lists')).body;
  }

  async createNotifyList(list: Omit<Ns1NotifyList, 'id'>): Promise<Ns1NotifyList> {
    return (await this.request<Ns1NotifyList>('PUT', '/lists', list)).body;
  }

  async deleteNotifyList(id: string): Promise<void> {
    await this.request<unknown>('DELETE', `/lists/${encodeURIComponent(id)}`);
  }

  /** How long to wait before the next call of this class so the bucket keeps its reserve (one token right after a 429). */
  pacingDelayMs(bucketClass: BucketClass, keepReserve = true): number {
    const bucket = this.buckets.get(bucketClass);
    if (!bucket || bucket.limit <= 0 || bucket.periodSeconds <= 0) return 0;
    const ratePerMs = bucket.limit / (bucket.periodSeconds * 1000);
    const estimated = Math.min(bucket.limit, bucket.remaining + (this.now() - bucket.at) * ratePerMs);
    const reserve = keepReserve ? Math.floor(bucket.limit * this.reserveFraction) : 0;
    const needed = reserve + 1;
    if (estimated >= needed) return 0;
    return Math.ceil((needed - estimated) / ratePerMs);
  }

  private noteRateLimit(bucketClass: BucketClass, headers: Headers): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const periodSeconds = Number(headers.get('x-ratelimit-period'));
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(periodSeconds)) return;
    this.buckets.set(bucketClass, { limit, remaining, periodSeconds, at: this.now() });
  }

  private url(path: string): string {
    return path.startsWith('http://') || path.startsWith('https://') ? path : `${this.endpoint}${path}`;
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<{ body: T; next?: string }> {
    const bucketClass: BucketClass = method === 'GET' ? 'read' : 'write';
    const shownPath = path.replace(this.endpoint, '');
    let limited = false;
    return withRetries(
      async (attempt) => {
        const delay = this.pacingDelayMs(bucketClass, !limited);
        if (delay > 0) await this.sleep(delay);
        this.calls[bucketClass]++;
        let response: Response;
        let text: string;
        try {
          response = await fetch(this.url(path), {
            method,
            headers: { 'X-NSONE-Key': this.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), Accept: 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(this.timeoutMs),
          });
          text = await response.text();
        } catch (error) {
          // Network errors and timeouts: the message is fetch's, which never carries headers.
          const reason = error instanceof Error ? error.message : String(error);
          throw new Ns1ApiError(method, shownPath, 0, `no answer (${reason})`, attempt);
        }
        this.noteRateLimit(bucketClass, response.headers);
        if (response.ok) return { body: (text === '' ? {} : JSON.parse(text)) as T, next: nextLink(response.headers.get('link')) };
        throw new Ns1ApiError(method, shownPath, response.status, errorMessage(text), attempt);
      },
      {
        attempts: this.maxAttempts,
        delay: (error, attempt) => {
          if (!(error instanceof Ns1ApiError) || !error.transient) return undefined;
          if (error.status !== 0) limited = error.status === 429;
          // A 429 waits for the bucket to refill (pacingDelayMs sees remaining 0); a 5xx or no answer backs off.
          if (error.status === 429 && this.buckets.has(bucketClass)) return 0;
          return backoffMs(attempt, NS1_BACKOFF);
        },
        sleep: this.sleep,
      },
    );
  }
}

function recordPath(zone: string, domain: string, type: string): string {
  return `/zones/${encodeURIComponent(zone)}/${encodeURIComponent(domain)}/${encodeURIComponent(type)}`;
}

function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || 'no message';
}

/** `<https://…?page=2>; rel="next"` → the URL. */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}
