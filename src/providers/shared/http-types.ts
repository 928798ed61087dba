/** What an API client sends and gets back, whichever HTTP client carries it (http.ts, http1.ts). */

export interface HttpAnswer {
  status: number;
  statusText: string;
  text: string;
  header(name: string): string | undefined;
}

export interface HttpExchange {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** A failure before an answer: `TimeoutError` when the deadline passed, else the socket's error (its `code`). */
export class HttpNetworkError extends Error {
  constructor(message: string, readonly code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code === 'TIMEOUT' ? 'TimeoutError' : 'HttpNetworkError';
  }
}
