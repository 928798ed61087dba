import { ProviderError, ZonesyncError } from '../../core/errors.js';
import { DnsError, TsigError } from '../../dns/error.js';
import type { TsigKey } from '../../dns/tsig.js';
import { formatNameserver } from '../../dns/nameserver.js';
import type { Nameserver } from '../../dns/nameserver.js';

/** How the BIND provider reaches named: one server, one optional TSIG key. */
export interface BindTarget {
  provider: string;
  server: Nameserver;
  tsig?: TsigKey;
  timeoutMs: number;
}

/** Belt and braces: no message leaves this provider with the TSIG secret in it. */
export function withoutSecret(target: BindTarget, text: string): string {
  const secret = target.tsig?.secret;
  return secret ? text.split(secret).join('***') : text;
}

export function bindError(target: BindTarget, message: string, options: { transient?: boolean; details?: string[]; cause?: unknown } = {}): ProviderError {
  return new ProviderError(target.provider, withoutSecret(target, message), {
    ...options,
    details: options.details?.map((line) => withoutSecret(target, line)),
  });
}

function keyLabel(target: BindTarget): string {
  return target.tsig ? `TSIG key "${target.tsig.name}" (${target.tsig.algorithm})` : 'no TSIG key';
}

/** A DNS-layer failure while `action` (e.g. "reading zone example.com. by AXFR") told in provider terms. */
export function dnsFailure(target: BindTarget, action: string, error: unknown): unknown {
  if (error instanceof ZonesyncError && !(error instanceof DnsError)) return error;
  const at = formatNameserver(target.server);
  if (error instanceof TsigError) {
    return bindError(target, `${action}: named at ${at} did not accept ${keyLabel(target)} (${error.code}): check that tsig.name, tsig.algorithm and tsig.secret match the key in named.conf`, { cause: error });
  }
  if (error instanceof DnsError && error.transient) {
    return bindError(target, `${action}: cannot reach named at ${at}: ${error.message}`, { transient: true, cause: error });
  }
  if (error instanceof DnsError) return bindError(target, `${action}: ${error.message}`, { cause: error });
  return error;
}

/** named's answer to an UPDATE that did not go in, in words a user can act on. */
export function updateRcodeMessage(target: BindTarget, zone: string, rcode: string): string {
  switch (rcode) {
    case 'REFUSED':
      return `named refused the update to ${zone} (REFUSED): ${keyLabel(target)} may not be allowed to update it (allow-update in named.conf), or named rejected the content (see its log: e.g. an in-zone MX exchange or NS name without an address)`;
    case 'NOTAUTH':
      return `named answered NOTAUTH to the update of ${zone}: it is not primary for the zone, or did not accept ${keyLabel(target)}`;
    case 'NOTZONE':
      return `named answered NOTZONE: a record of the update is outside ${zone}`;
    case 'SERVFAIL':
      return `named failed the update of ${zone} (SERVFAIL): see its log (journal or disk errors)`;
    default:
      return `named answered ${rcode} to the update of ${zone}`;
  }
}
