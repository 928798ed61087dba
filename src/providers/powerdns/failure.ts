import { ProviderError } from '../../core/errors.js';
import { PowerDnsHttpError } from './client.js';
import { rrsetNamedInError, type ApiRRsetPatch } from './convert.js';

/** Turns what the PowerDNS API answered into a ProviderError that names the zone and record. */

export interface CallContext {
  zone?: string;
  /** What we were doing, in words: `applying the chunk`. */
  action: string;
  /** The rrsets a PATCH sent, to name the one PowerDNS rejected. */
  sent?: ApiRRsetPatch[];
  /** Statuses that mean success for this call (409 on create: it is there already). */
  accept?: number[];
}

/** undefined when the status is one the call accepts; otherwise the error to throw. */
export function httpFailure(provider: string, error: unknown, context: CallContext, server: string): Error | undefined {
  const where = `${context.zone ? `zone ${context.zone}: ` : ''}${context.action}`;
  if (error instanceof ProviderError) {
    const detail = error.message.startsWith(`${provider}: `) ? error.message.slice(provider.length + 2) : error.message;
    return new ProviderError(provider, `${where}: ${detail}`, { transient: error.transient, cause: error });
  }
  if (!(error instanceof PowerDnsHttpError)) return error instanceof Error ? error : new Error(String(error));
  const { status, text } = error;
  if (context.accept?.includes(status)) return undefined;
  const options = { cause: error };
  switch (status) {
    case 401:
    case 403:
      return new ProviderError(provider, `${where}: the PowerDNS API refused the API key (HTTP ${status}); check providers.${provider}.apiKey`, options);
    case 404:
      return new ProviderError(
        provider,
        context.zone
          ? `${where}: zone ${context.zone} does not exist on PowerDNS server "${server}" (HTTP 404)`
          : `${where}: PowerDNS server "${server}" not found (HTTP 404); check providers.${provider}.server and url`,
        options,
      );
    case 409:
      return new ProviderError(provider, `${where}: conflict (HTTP 409): ${text}`, options);
    case 413:
      return new ProviderError(provider, `${where}: the request is larger than the webserver accepts (HTTP 413, webserver-max-bodysize); use a smaller --chunk-size`, options);
    case 422: {
      const rejected = context.sent ? rrsetNamedInError(text, context.sent) : undefined;
      const record = rejected ? `record ${rejected.name} ${rejected.type}` : 'a record PowerDNS did not name';
      const nothing = context.sent ? ' (nothing in this chunk was applied)' : '';
      return new ProviderError(provider, `${where}: PowerDNS rejected ${record}${nothing}: ${text}`, options);
    }
    default:
      return new ProviderError(provider, `${where}: HTTP ${status}: ${text}`, { ...options, transient: status >= 500 || status === 429 });
  }
}
