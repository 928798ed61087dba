import { query } from '../dns/client.js';
import { parseDsValue } from '../dns/dnssec/index.js';
import { formatNameserver, type Nameserver } from '../dns/nameserver.js';
import { ZonesyncError } from '../core/errors.js';
import type { DnssecOptions } from '../verify/dnssec.js';

/** What `verify` needs to check DNSSEC: the clock, the warning window, and the parent's DS set. */

export interface DnssecRunOptions {
  /** Seconds since 1970. */
  now: number;
  sigWarnDays: number;
  /** The parent zone's nameservers, asked by address for the zone's DS set. */
  parentNameservers?: Nameserver[];
  timeoutMs?: number;
}

/** The DS set the parent serves for `zone`, from the first parent nameserver that answers authoritatively. */
export async function parentDsSet(zone: string, parents: Nameserver[], timeoutMs = 2000): Promise<DnssecOptions['parentDs']> {
  const failures: string[] = [];
  for (const ns of parents) {
    try {
      const answer = await query(ns, zone, 'DS', { dnssec: true, timeoutMs });
      if (answer.rcode !== 'NOERROR') {
        failures.push(`${formatNameserver(ns)}: ${answer.rcode}`);
        continue;
      }
      return { records: answer.answers.filter((r) => r.type === 'DS' && r.name === zone).map((r) => parseDsValue(r.value)), source: `parent ${formatNameserver(ns)}` };
    } catch (error) {
      failures.push(`${formatNameserver(ns)}: ${(error as Error).message}`);
    }
  }
  throw new ZonesyncError(`could not read the DS set of ${zone} from its parent: ${failures.join('; ')}`);
}

export async function dnssecOptions(zone: string, options: DnssecRunOptions): Promise<DnssecOptions> {
  const parentDs = options.parentNameservers?.length ? await parentDsSet(zone, options.parentNameservers, options.timeoutMs) : undefined;
  return { now: options.now, sigWarnDays: options.sigWarnDays, ...(parentDs ? { parentDs } : {}) };
}
