import { ProviderError } from '../../core/errors.js';
import { ApiHttp, type HttpAnswer } from '../shared/http.js';
import { backoffMs, withRetries } from '../shared/retry.js';

/** The PowerDNS HTTP API (v1) through ApiHttp (shared/http.ts); every call has a deadline, and the API key never leaves the header. */

export interface PowerDnsClientOptions {
  /** Provider id from zonesync.yaml, for messages. */
  provider: string;
  /** Base URL of the webserver, e.g. http://127.0.0.1:8081 (a trailing /api/v1 is accepted). */
  url: string;
  apiKey: string;
  server: string;
  timeoutMs: number;
  /** Tries per call for network failures, 429 and 5xx (default 4), and the first backoff (default 250 ms, doubling). */
  attempts?: number;
  backoffMs?: number;
}

/** Longest wait for a 429's retry-after: a longer one fails the call rather than stall the run. */
const RETRY_AFTER_CAP_MS = 10_000;

/** An HTTP answer that was not 2xx, with PowerDNS' own error text. */
export class PowerDnsHttpError extends Error {
  constructor(readonly status: number, readonly text: string, readonly retryAfterMs?: number) {
    super(`HTTP ${status}: ${text}`);
    this.name = 'PowerDnsHttpError';
  }
}

export class PowerDnsClient {
  private readonly base: string;
  private readonly http = new ApiHttp();

  constructor(private readonly options: PowerDnsClientOptions) {
    const url = options.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    this.base = `${url}/api/v1/servers/${encodeURIComponent(options.server)}`;
  }

  zonePath(zone: string): string {
    return `/zones/${encodeURIComponent(zone)}`;
  }

  /** GET a zone with its rrsets (only those at `rrsetName` when given; 4.7 filters); undefined when the server does not have it. */
  async getZone(zone: string, rrsetName?: string): Promise<unknown> {
    const filter = rrsetName === undefined ? '' : `?rrset_name=${encodeURIComponent(rrsetName)}`;
    try {
      return await this.request('GET', `${this.zonePath(zone)}${filter}`);
    } catch (error) {
      if (error instanceof PowerDnsHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The zone's keys (GET …/zones/{zone}/cryptokeys): each with its DNSKEY and DS records. */
  cryptokeys(zone: string): Promise<unknown> {
    return this.request('GET', `${this.zonePath(zone)}/cryptokeys`);
  }

  /** The server's settings (GET /servers/{id}/config): `[{ name, value }]`. */
  config(): Promise<unknown> {
    return this.request('GET', '/config');
  }

  /** One zone metadata kind (GET …/zones/{zone}/metadata/{kind}): `{ metadata: string[] }`. */
  metadata(zone: string, kind: string): Promise<unknown> {
    return this.request('GET', `${this.zonePath(zone)}/metadata/${encodeURIComponent(kind)}`);
  }

  /** Every metadata kind of the zone (GET …/zones/{zone}/metadata): `[{ kind, metadata }]`; lists API-RECTIFY, which the per-kind GET refuses. */
  metadataList(zone: string): Promise<unknown> {
    return this.request('GET', `${this.zonePath(zone)}/metadata`);
  }

  /** Set one metadata kind (PUT …/metadata/{kind}); only `X-` kinds and the ones 4.7 lists as editable. */
  setMetadata(zone: string, kind: string, values: string[]): Promise<unknown> {
    return this.request('PUT', `${this.zonePath(zone)}/metadata/${encodeURIComponent(kind)}`, { metadata: values });
  }

  deleteMetadata(zone: string, kind: string): Promise<unknown> {
    return this.request('DELETE', `${this.zonePath(zone)}/metadata/${encodeURIComponent(kind)}`);
  }

  /** Zone settings (PUT …/zones/{zone}), such as `{ api_rectify: false }`. */
  putZone(zone: string, settings: Record<string, unknown>): Promise<unknown> {
    return this.request('PUT', this.zonePath(zone), settings);
  }

  /** PUT …/zones/{zone}/rectify: ordernames, auth flags and empty non-terminals of the whole zone. */
  rectify(zone: string): Promise<unknown> {
    return this.request('PUT', `${this.zonePath(zone)}/rectify`);
  }

  listZones(): Promise<unknown> {
    return this.request('GET', '/zones');
  }

  createZone(body: Record<string, unknown>): Promise<unknown> {
    return this.request('POST', '/zones', body);
  }

  patchZone(zone: string, rrsets: unknown[]): Promise<unknown> {
    return this.request('PATCH', this.zonePath(zone), { rrsets });
  }

  /**
   * One API call, tried again on network failures, 429 and 5xx: every call zonesync makes is
   * idempotent (GET; PUT; DELETE; PATCH with REPLACE/DELETE; zone POST where 409 means done), so a retry after
   * a lost answer cannot apply anything twice.
   */
  request(method: string, path: string, body?: unknown): Promise<unknown> {
    const backoff = { baseMs: this.options.backoffMs ?? 250, maxMs: Infinity, jitter: 'none' } as const;
    return withRetries(() => this.once(method, path, body), {
      attempts: this.options.attempts ?? 4,
      delay: (error, attempt) => {
        const retryAfter = error instanceof PowerDnsHttpError && error.status === 429 ? error.retryAfterMs : undefined;
        const transient = error instanceof PowerDnsHttpError ? error.status === 429 || error.status >= 500 : error instanceof ProviderError && error.transient;
        if (!transient || (retryAfter ?? 0) > RETRY_AFTER_CAP_MS) return undefined;
        return retryAfter ?? backoffMs(attempt, backoff);
      },
    });
  }

  /**
   * One HTTP exchange. Non-2xx answers throw PowerDnsHttpError (callers add zone and record);
   * network failures and timeouts throw a transient ProviderError.
   */
  private async once(method: string, path: string, body?: unknown): Promise<unknown> {
    const { provider, apiKey, timeoutMs } = this.options;
    let response: HttpAnswer;
    try {
      response = await this.http.exchange(`${this.base}${path}`, {
        method,
        headers: { 'X-API-Key': apiKey, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs,
      });
    } catch (error) {
      throw networkError(provider, `${method} ${this.base}${path}`, timeoutMs, error);
    }
    const { text, status } = response;
    if (status < 200 || status > 299) throw new PowerDnsHttpError(status, errorText(text, response.statusText), retryAfterMs(response.header('retry-after')));
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ProviderError(provider, `${method} ${path} answered HTTP ${status} with a body that is not JSON`, { cause: error });
    }
  }

  /** Idle connections closed. */
  close(): void {
    this.http.close();
  }
}

/** `retry-after` in seconds (the HTTP-date form is not used by API servers in front of PowerDNS). */
function retryAfterMs(header: string | undefined): number | undefined {
  const seconds = Number(header);
  return header !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** PowerDNS answers `{"error": "..."}` for API errors and plain text (`Unauthorized`) from the webserver. */
function errorText(body: string, statusText: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the webserver's plain-text answer is the message
  }
  return body.trim() || statusText;
}

function networkError(provider: string, what: string, timeoutMs: number, error: unknown): ProviderError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError(provider, `${what}: no answer within ${timeoutMs} ms (is the PowerDNS API up?)`, { transient: true, cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (error as { code?: unknown } | undefined)?.code ?? (cause as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
  return new ProviderError(provider, `${what}: cannot reach the PowerDNS API (${reason})`, { transient: true, cause: error });
}
