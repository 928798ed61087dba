import { DEFAULT_PER_PAGE } from './capabilities.js';
import Cloudflare, { APIConnectionError, APIError } from 'cloudflare';
import { backoffMs, withRetries } from '../shared/retry.js';
import { RequestPacer, sleep, type RateWindow, type Sleep } from './pacer.js';
import type { CloudflareRecord } from './convert.js';
import type { BatchBody } from './operations.js';
import type { CloudflareDnssec, CloudflareZsk } from './dnssec.js';

/**
 * The few Cloudflare calls zonesync makes, through the official SDK with its own retries off:
 * the SDK sleeps for whatever `retry-after` says (a 429 can mean minutes), so requests are paced
 * here and 429/5xx are retried with a capped wait. Errors never carry the token.
 */

export interface CloudflareMessage {
  code: number;
  message: string;
  error_chain?: CloudflareMessage[];
}

/** A refused or failed call: Cloudflare's error codes and messages, and whether a retry may help. */
export class CloudflareCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errors: CloudflareMessage[],
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'CloudflareCallError';
  }
}

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  attempts: number;
  /** Longest single wait for a 429's `retry-after`. */
  retryAfterCapMs: number;
  /** First wait after a 5xx or a connection failure; doubles each time. */
  backoffMs: number;
}


export interface ApiOptions {
  apiToken: string;
  baseURL?: string;
  timeoutMs: number;
  pace?: readonly RateWindow[];
  retry?: Partial<RetryPolicy>;
  sleep?: Sleep;
  perPage?: number;
}

export interface ApiZone {
  id: string;
  name: string;
  name_servers: string[];
}

export type BatchResult = Partial<Record<'deletes' | 'patches' | 'puts' | 'posts', CloudflareRecord[]>>;

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, retryAfterCapMs: 60_000, backoffMs: 500 };

/** `81058 An identical record already exists. (1004 DNS Validation Error → 9005 …)` */
export function formatMessages(errors: CloudflareMessage[]): string {
  return errors.map((e) => {
    const chain = (e.error_chain ?? []).map((c) => `${c.code} ${c.message}`).join('; ');
    return chain ? `${e.code} ${e.message}: ${chain}` : `${e.code} ${e.message}`;
  }).join('; ');
}

export class CloudflareApi {
  private readonly client: Cloudflare;
  private readonly pacer: RequestPacer;
  private readonly retry: RetryPolicy;
  private readonly wait: Sleep;
  private readonly perPage: number;
  /** HTTP requests made, retries included. */
  requests = 0;

  constructor(options: ApiOptions) {
    // apiKey/apiEmail/userServiceKey are nulled so the SDK does not pick up other credentials from the environment.
    this.client = new Cloudflare({ apiToken: options.apiToken, apiKey: null, apiEmail: null, userServiceKey: null, baseURL: options.baseURL ?? 'https://api.cloudflare.com/client/v4', maxRetries: 0, timeout: options.timeoutMs, logLevel: 'off' });
    this.wait = options.sleep ?? sleep;
    this.pacer = new RequestPacer(options.pace, Date.now, this.wait);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.perPage = options.perPage ?? DEFAULT_PER_PAGE;
  }

  private call<T>(what: string, run: () => Promise<T>): Promise<T> {
    let unanswered = false;
    let retryAfterMs = NaN;
    return withRetries(
      async () => {
        await this.pacer.take();
        this.requests += 1;
        try {
          return await run();
        } catch (error) {
          const failure = describe(what, error);
          if (!failure.transient && unanswered) {
            // A write that timed out or got a 5xx may have gone through; a refusal of the retry ("already exists") can be that.
            throw new CloudflareCallError(`${failure.message} (an earlier attempt got no answer and may have been applied)`, failure.status, failure.errors, false);
          }
          const retryAfter = error instanceof APIError && error.status === 429 ? Number(error.headers?.get('retry-after')) : NaN;
          retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : NaN;
          throw failure;
        }
      },
      {
        attempts: this.retry.attempts,
        delay: (failure, attempt) => {
          if (!(failure instanceof CloudflareCallError) || !failure.transient) return undefined;
          unanswered ||= failure.status === undefined || failure.status >= 500;
          const backoff = backoffMs(attempt, { baseMs: this.retry.backoffMs, maxMs: Infinity, jitter: 'none' });
          return Math.min(Number.isNaN(retryAfterMs) ? backoff : retryAfterMs, this.retry.retryAfterCapMs);
        },
        sleep: this.wait,
      },
    );
  }

  /** The zone of exactly this name (`example.com`, no trailing dot), or undefined. */
  async findZone(name: string): Promise<ApiZone | undefined> {
    const page = await this.call(`finding zone ${name}`, () => this.client.zones.list({ name, per_page: 50 }));
    const zone = page.result.find((z) => z.name === name);
    return zone ? { id: zone.id, name: zone.name, name_servers: zone.name_servers ?? [] } : undefined;
  }

  async listZones(): Promise<string[]> {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const result = await this.call('listing zones', () => this.client.zones.list({ page, per_page: 50 }));
      names.push(...result.result.map((z) => z.name));
      if (lastPage(result.result_info, page, result.result.length, 50)) return names;
    }
  }

  async createZone(name: string, accountId: string): Promise<ApiZone> {
    const zone = await this.call(`creating zone ${name}`, () => this.client.zones.create({ account: { id: accountId }, name, type: 'full' }));
    return { id: zone.id, name: zone.name, name_servers: zone.name_servers ?? [] };
  }

  /** Every record of the zone, page by page until `result_info.total_pages` (no extra empty page). */
  async listRecords(zoneId: string, zone: string, name?: string): Promise<CloudflareRecord[]> {
    const records: CloudflareRecord[] = [];
    // `name` filters by the record's full name (exact match): the rrsets at one owner name.
    const filter = name === undefined ? {} : { name: { exact: name } };
    for (let page = 1; ; page++) {
      const result = await this.call(`listing records of ${name ?? zone}`, () => this.client.dns.records.list({ zone_id: zoneId, page, per_page: this.perPage, ...filter }));
      records.push(...(result.result as unknown as CloudflareRecord[]));
      if (lastPage(result.result_info, page, result.result.length, this.perPage)) return records;
    }
  }

  /** GET /zones/{zone_id}/dnssec: the zone's DNSSEC status and its key (one CSK, as Cloudflare signs). */
  async dnssec(zoneId: string, zone: string): Promise<CloudflareDnssec> {
    return (await this.call(`reading the DNSSEC status of ${zone}`, () => this.client.dns.dnssec.get({ zone_id: zoneId }))) as CloudflareDnssec;
  }

  /**
   * GET /zones/{zone_id}/dnssec/zsk: Cloudflare's zone-signing keys (multi-signer setups publish
   * them at the other signers). Only each key's DNSKEY and Tag are kept: the answer also carries the
   * encrypted private key (`SigningKey`), which never leaves this method.
   */
  async zsks(zoneId: string, zone: string): Promise<CloudflareZsk[]> {
    const page = await this.call(`reading the zone-signing keys of ${zone}`, () => this.client.dns.dnssec.zsk.list({ zone_id: zoneId }));
    return page.getPaginatedItems().map((k) => ({ tag: k.Tag, flags: k.DNSKEY?.Flags ?? undefined, protocol: k.DNSKEY?.Protocol ?? undefined, algorithm: k.DNSKEY?.Algorithm ?? undefined, publicKey: k.DNSKEY?.PublicKey ?? undefined }));
  }

  /** PATCH /zones/{zone_id}/dnssec `{status}`: signing on (`active`) or off (`disabled`); the new status. */
  async setDnssec(zoneId: string, zone: string, status: 'active' | 'disabled'): Promise<CloudflareDnssec> {
    return (await this.call(`turning DNSSEC ${status === 'active' ? 'on' : 'off'} for ${zone}`, () => this.client.dns.dnssec.edit({ zone_id: zoneId, status }))) as CloudflareDnssec;
  }

  /** PATCH /zones/{zone_id}/dnssec `{dnssec_multi_signer: true}`: other signers' DNSKEY records may then be added (RFC 8901 model 2). */
  async enableMultiSigner(zoneId: string, zone: string): Promise<CloudflareDnssec> {
    return (await this.call(`turning multi-signer DNSSEC on for ${zone}`, () => this.client.dns.dnssec.edit({ zone_id: zoneId, dnssec_multi_signer: true }))) as CloudflareDnssec;
  }

  /** One batch: deletes, patches, posts in one transaction. */
  async batch(zoneId: string, zone: string, body: BatchBody): Promise<BatchResult> {
    const params = { zone_id: zoneId, ...body } as unknown as Parameters<Cloudflare['dns']['records']['batch']>[0];
    const result = await this.call(`batch of changes to ${zone}`, () => this.client.dns.records.batch(params));
    return result as unknown as BatchResult;
  }
}

/** `result_info.total_pages` when the API gives it (the SDK's type leaves it out), else a short page ends the list. */
function lastPage(info: object, page: number, count: number, perPage: number): boolean {
  const total = (info as { total_pages?: unknown }).total_pages;
  if (count === 0) return true;
  return typeof total === 'number' ? page >= total : count < perPage;
}

function describe(what: string, error: unknown): CloudflareCallError {
  if (error instanceof CloudflareCallError) return error;
  if (error instanceof APIConnectionError) {
    return new CloudflareCallError(`${what}: ${error.message.replace(/\s+/g, ' ')}`, undefined, [], true);
  }
  if (error instanceof APIError) {
    const errors = ((error.errors ?? []) as CloudflareMessage[]).filter((e) => typeof e?.code === 'number');
    const status = typeof error.status === 'number' ? error.status : undefined;
    const text = errors.length > 0 ? formatMessages(errors) : `HTTP ${status ?? '?'}`;
    const transient = status === 429 || (status !== undefined && status >= 500);
    return new CloudflareCallError(`${what}: HTTP ${status ?? '?'} ${text}`, status, errors, transient);
  }
  return new CloudflareCallError(`${what}: ${(error as Error)?.message ?? String(error)}`, undefined, [], false);
}
