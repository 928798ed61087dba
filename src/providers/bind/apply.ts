import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { rrsetKey, type RRset, type Zone } from '../../core/model.js';
import { axfr, TransferLimitError, type Transfer } from '../../dns/axfr.js';
import { query } from '../../dns/client.js';
import { DnsError, TsigError } from '../../dns/error.js';
import { sendUpdate } from '../../dns/update.js';
import { sleep } from '../../io/sleep.js';
import { formatNameserver } from '../../dns/nameserver.js';
import type { ChunkReceipt } from '../provider.js';
import { untakenChanges, updateBatches, zoneFromTransfer } from './convert.js';
import { bindError, dnsFailure, updateRcodeMessage, type BindTarget } from './failure.js';
import { namedConfStanza } from './zones.js';

/** Reading by AXFR and writing by RFC 2136 UPDATE, both signed with the TSIG key. */

/** True when named answers authoritatively for the zone's SOA: the zone is configured there. */
async function servesZone(target: BindTarget, zone: string): Promise<boolean> {
  try {
    const response = await query(target.server, zone, 'SOA', { tcp: true, timeoutMs: target.timeoutMs, retries: 0 });
    return response.rcode === 'NOERROR' && response.authoritative && response.answers.some((r) => r.type === 'SOA' && r.name === zone);
  } catch (error) {
    throw dnsFailure(target, `asking named for the SOA of ${zone}`, error);
  }
}

/** The live zone and the transfer it was made from, or undefined when named does not serve it. */
export async function transferZone(target: BindTarget, zone: string): Promise<{ live: Zone; transfer: Transfer } | undefined> {
  const action = `reading zone ${zone} by AXFR`;
  try {
    const transfer = await axfr(target.server, zone, { tsig: target.tsig, timeoutMs: target.timeoutMs });
    return { live: zoneFromTransfer(zone, transfer.soa, transfer.records, target.provider), transfer };
  } catch (error) {
    if (!(error instanceof DnsError) || error instanceof TsigError || error instanceof TransferLimitError || error.transient) throw dnsFailure(target, action, error);
    // NOTAUTH/REFUSED: a zone named does not have, or a transfer it does not allow; the SOA tells which.
    if (!(await servesZone(target, zone))) return undefined;
    const key = target.tsig ? `key "${target.tsig.name}"` : 'a TSIG key (none is configured: add tsig to the provider)';
    throw bindError(target, `${action}: named serves the zone but refused the transfer; allow ${key} in the zone's allow-transfer in named.conf (${error.message})`, { cause: error });
  }
}

/** Zone, or a clear error that it must be added to named.conf (zonesync does not manage named.conf). */
export async function requireZone(target: BindTarget, zone: string): Promise<Zone> {
  const read = await transferZone(target, zone);
  if (read) return read.live;
  throw bindError(target, `zone ${zone} is not configured on named at ${formatNameserver(target.server)}; zonesync does not manage named.conf: add the zone there and reload named`, {
    details: [namedConfStanza(zone, target.tsig?.name)],
  });
}

function describe(rrset: RRset | undefined): string {
  return rrset ? `ttl ${rrset.ttl} [${rrset.values.join(', ')}]` : 'absent';
}

/** Why named may have dropped a change: what else lives at that name. */
function neighbourHint(change: Change, live: readonly RRset[]): string {
  const subject = changeSubject(change);
  const here = live.filter((r) => r.name === subject.name && r.type !== subject.type);
  if (change.kind === 'delete' || here.length === 0) return '';
  if (here.some((r) => r.type === 'CNAME')) return ' (a CNAME is at that name: named ignores other data beside it)';
  if (subject.type === 'CNAME') return ` (${here.map((r) => r.type).join(', ')} at that name: named ignores a CNAME beside other data)`;
  return '';
}

/** After YXRRSET/NXRRSET: the changes whose rrset no longer holds what they were planned from. */
function movedSince(changes: Change[], live: readonly RRset[] | undefined): Change[] {
  const byKey = new Map((live ?? []).map((r) => [rrsetKey(r), r]));
  return changes.filter((change) => {
    const now = byKey.get(rrsetKey(changeSubject(change)));
    if (change.kind === 'create') return now !== undefined;
    return now === undefined || JSON.stringify(now.values) !== JSON.stringify(change.before.values);
  });
}

function label(change: Change): string {
  const subject = changeSubject(change);
  return `${subject.name} ${subject.type}`;
}

/** Waits before asking again for changes not served yet (1.55 s in all): named signs an inline-signed zone's update after it answers. */
const SIGNING_LAG_MS = [50, 100, 200, 400, 800];

/** Every live rrset at these owner names, read incrementally (the provider's IXFR mirror), and the serial read at. */
export type ReadNames = (names: string[]) => Promise<{ rrsets: RRset[]; serial: number }>;

/**
 * Send the chunk as UPDATE message(s), then read back the rrsets at its names and compare every
 * changed rrset, because named answers NOERROR to updates it silently ignores. The read-back is an
 * IXFR from the serial before (`readNames`): what the chunk changed, not the zone.
 */
export async function applyChanges(target: BindTarget, zone: string, changes: Change[], readNames: ReadNames): Promise<ChunkReceipt> {
  if (changes.length === 0) return { apiCalls: 0 };
  const names = [...new Set(changes.map((change) => changeSubject(change).name))];
  const batches = updateBatches(zone, changes, { tsig: target.tsig, provider: target.provider });
  for (const [sent, { update, changes: inMessage }] of batches.entries()) {
    const partial = sent > 0 ? ` (the chunk was split in ${batches.length} UPDATE messages over 64 KiB; the first ${sent} went in)` : '';
    let rcode: string;
    try {
      ({ rcode } = await sendUpdate(target.server, update, { tsig: target.tsig, timeoutMs: target.timeoutMs }));
    } catch (error) {
      throw dnsFailure(target, `updating zone ${zone}${partial}`, error);
    }
    if (rcode === 'YXRRSET' || rcode === 'NXRRSET') {
      const live = await readNames(names).then((read) => read.rrsets, () => undefined);
      const moved = movedSince(inMessage, live);
      const named = (moved.length > 0 ? moved : inMessage).map(label);
      throw bindError(target, `zone ${zone}: ${named.join(', ')} changed since it was read (concurrent edit; named answered ${rcode}); nothing in this update was written${partial}: plan again`, {
        details: named,
      });
    }
    if (rcode !== 'NOERROR') throw bindError(target, `${updateRcodeMessage(target, zone, rcode)}; nothing in this update was written${partial}`);
  }
  let { rrsets: live, serial } = await readNames(names);
  let reads = 1;
  let untaken = untakenChanges(changes, live);
  // An inline-signed zone (dnssec-policy, inline-signing yes) takes the UPDATE into its unsigned
  // copy and serves it once signed, a moment later: a change not there yet is asked again before
  // it is called ignored.
  for (const wait of SIGNING_LAG_MS) {
    if (untaken.length === 0) break;
    await sleep(wait);
    ({ rrsets: live, serial } = await readNames(names));
    reads++;
    untaken = untakenChanges(changes, live);
  }
  if (untaken.length > 0) {
    throw bindError(target, `zone ${zone}: named answered NOERROR but did not apply ${untaken.map(({ change }) => label(change)).join(', ')} (it ignores some updates silently; see its log)`, {
      details: untaken.map(({ change, found }) => `${label(change)}: expected ${describe(change.kind === 'delete' ? undefined : change.after)}, found ${describe(found)}${neighbourHint(change, live)}`),
    });
  }
  return { apiCalls: batches.length + reads, changeId: `serial ${serial}` };
}
