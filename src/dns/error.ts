import { ZonesyncError } from '../core/errors.js';
import { formatNameserver, type Nameserver } from './nameserver.js';

/** Context a DNS failure is reported in: which server was asked what. */
export interface DnsContext {
  server?: Nameserver;
  /** `www.example.com. A`, `example.com. AXFR`, `example.com. UPDATE`. */
  question?: string;
}

/** Talking DNS to a server failed: timeout, malformed or mismatched answer, transport error. */
export class DnsError extends ZonesyncError {
  readonly server: Nameserver | undefined;
  readonly question: string | undefined;
  /** True when asking again may succeed (timeouts, resets). */
  readonly transient: boolean;

  constructor(message: string, context: DnsContext = {}, options: { transient?: boolean; cause?: unknown } = {}) {
    super(`${prefix(context)}${message}`, { cause: options.cause });
    this.name = 'DnsError';
    this.server = context.server;
    this.question = context.question;
    this.transient = options.transient ?? false;
  }
}

export type TsigErrorCode = 'BADSIG' | 'BADKEY' | 'BADTIME' | 'BADTRUNC' | 'FORMERR' | 'UNSIGNED';

/** A TSIG check failed; `code` names which (RFC 8945). Never carries the secret. */
export class TsigError extends DnsError {
  readonly code: TsigErrorCode;
  readonly detail: string;

  constructor(code: TsigErrorCode, detail: string, context: DnsContext = {}) {
    super(`TSIG ${code}: ${detail}`, context);
    this.name = 'TsigError';
    this.code = code;
    this.detail = detail;
  }

  /** The same failure, told with the server and question it happened on. */
  withContext(context: DnsContext): TsigError {
    return new TsigError(this.code, this.detail, context);
  }
}

function prefix(context: DnsContext): string {
  const parts: string[] = [];
  if (context.server) parts.push(formatNameserver(context.server));
  if (context.question) parts.push(context.question);
  return parts.length > 0 ? `${parts.join(' ')}: ` : '';
}
