import { backoffMs, withRetries } from './retry.js';

/**
 * What Route 53 (providers/route53) and Route 53 Domains (registrars/route53domains.ts) share as
 * AWS SDK clients: which errors are throttling, and the backoff with jitter that retries them.
 */

const RETRYABLE = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'PriorRequestNotComplete', 'RequestLimitExceeded']);

export interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function asSdkError(error: unknown): SdkError {
  return typeof error === 'object' && error !== null ? (error as SdkError) : { message: String(error) };
}

/** Throttling (400 or 429) and PriorRequestNotComplete were refused before doing anything: safe to send again. */
export function isRetryable(error: unknown): boolean {
  const e = asSdkError(error);
  return RETRYABLE.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429 || /rate exceeded/i.test(e.message ?? '');
}

/** A reset or a 5xx: the request may not have been served, and trying again is cheap. */
export function isTransportOr5xx(error: unknown): boolean {
  const e = asSdkError(error);
  const status = e.$metadata?.httpStatusCode;
  // Not ECONNREFUSED (nothing listens: definitive) nor a request timeout (retrying multiplies the wait).
  return (status !== undefined && status >= 500) || ['ECONNRESET', 'EPIPE'].includes(e.code ?? e.name ?? '') || /socket hang up|ECONNRESET/i.test(e.message ?? '');
}

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const ROUTE53_BACKOFF: BackoffOptions = { maxAttempts: 8, baseMs: 250, maxMs: 8000 };

/** Full jitter: a random wait up to base·2^attempt (attempt 0 is the first retry), capped, so retrying clients spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  return backoffMs(attempt + 1, { baseMs: options.baseMs, maxMs: options.maxMs, jitter: 'full' }, random);
}

/** Run `call` until it succeeds, `retryable` says no, or attempts run out; the last error is thrown. */
export function withBackoff<T>(call: (attempt: number) => Promise<T>, retryable: (error: unknown) => boolean, options: BackoffOptions = ROUTE53_BACKOFF): Promise<T> {
  return withRetries((attempt) => call(attempt - 1), { attempts: options.maxAttempts, delay: (error, attempt) => (retryable(error) ? backoffDelay(attempt - 1, options) : undefined) });
}
