import type { Change } from '../../core/change.js';
import type { RRset, Zone } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import { formatNameserver, parseNameserverAddress, type Nameserver } from '../../dns/nameserver.js';
import { dnskeysAt, keySummary } from '../../dns/dnssec/status.js';
import { ProviderError } from '../../core/errors.js';
import type { ChunkReceipt, DnssecStatus, Provider, ReadBackTold } from '../provider.js';
import { ixfr, TransferLimitError, type IxfrResult } from '../../dns/axfr.js';
import { DnsError, TsigError } from '../../dns/error.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE } from '../../dns/update.js';
import { applyChanges, requireZone, transferZone } from './apply.js';
import { changeOperations } from './convert.js';
import { bindCapabilities } from './capabilities.js';
import { bindError, dnsFailure, type BindTarget } from './failure.js';
import { ZoneMirror } from './mirror.js';
import { bindConfigSchema, type BindConfig } from './config.js';
import { namedConfSteps } from './zones.js';

/**
 * BIND 9 (or any RFC 2136 primary): read by AXFR, write by UPDATE, both signed with TSIG; a chunk
 * is read back by IXFR from the serial of the last read, into the zone that read left (`ZoneMirror`).
 * Zones live in named.conf, which zonesync does not manage; there is no way to list them over DNS.
 */

export { bindConfigSchema, type BindConfig } from './config.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** A BIND provider from a block as written (tests, benchmarks): checked, and guarded as the registry guards it. */
export function createBindProvider(id: string, config: BindConfig): Guarded<BindProvider> {
  return guardProvider(new BindProvider(id, bindConfigSchema.parse(config)));
}

export class BindProvider implements Provider {
  readonly type = 'bind';
  readonly capabilities = bindCapabilities;
  private readonly target: BindTarget;
  private readonly verifyAt: Nameserver[];
  /** Each zone as last transferred, kept current by IXFR. */
  private readonly mirrors = new Map<string, ZoneMirror>();
  /** One refresh of a zone's mirror at a time: the differences of an IXFR apply to the serial it asked from. */
  private readonly refreshing = new Map<string, Promise<unknown>>();

  constructor(readonly id: string, config: BindConfig) {
    const server = parseNameserverAddress(config.server, `providers.${id}.server`);
    this.target = { provider: id, server, tsig: config.tsig, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    this.verifyAt = config.nameservers?.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`)) ?? [server];
  }

  async read(zone: ZoneName): Promise<Zone | undefined> {
    return (await this.transfer(zone))?.live;
  }

  /**
   * Just these rrsets, by IXFR from the serial of the last read: named's journal lists what changed
   * since, so the exchange grows with the change, not the zone, and what it gives is what an AXFR
   * would (a query would get a referral at a delegation and a wildcard's synthesis). A whole AXFR
   * when there is no read to start from, or named's journal does not reach back (it then answers
   * with the whole zone), and `told` says so.
   */
  async readRRsets(zone: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    const { mirror, method } = await this.refresh(zone);
    told?.({ method, calls: 1 });
    return mirror.rrsets(keys);
  }

  private async transfer(zone: ZoneName): Promise<{ live: Zone; mirror: ZoneMirror } | undefined> {
    const read = await transferZone(this.target, zone);
    if (!read) {
      this.mirrors.delete(zone);
      return undefined;
    }
    const mirror = ZoneMirror.fromTransfer(zone, read.transfer.soa, read.transfer.records, this.id);
    this.mirrors.set(zone, mirror);
    return { live: read.live, mirror };
  }

  /** Bring the zone's mirror up to named's current serial, in one transfer: IXFR where it can, else AXFR. */
  private refresh(zone: ZoneName): Promise<{ mirror: ZoneMirror; method: 'partial' | 'whole' }> {
    const run = (this.refreshing.get(zone) ?? Promise.resolve()).catch(() => undefined).then(() => this.refreshNow(zone));
    this.refreshing.set(zone, run);
    return run;
  }

  private async refreshNow(zone: ZoneName): Promise<{ mirror: ZoneMirror; method: 'partial' | 'whole' }> {
    const held = this.mirrors.get(zone);
    if (held) {
      let result: IxfrResult | undefined;
      try {
        result = await ixfr(this.target.server, zone, held.serial, { tsig: this.target.tsig, timeoutMs: this.target.timeoutMs });
      } catch (error) {
        // An answer code (IXFR refused or not implemented) falls back to AXFR, which says what is wrong if it is too.
        if (!(error instanceof DnsError) || error instanceof TsigError || error instanceof TransferLimitError || error.transient) {
          throw dnsFailure(this.target, `reading zone ${zone} by IXFR from serial ${held.serial}`, error);
        }
      }
      if (result?.kind === 'incremental') {
        held.applyDiffs(result.diffs, result.soa);
        return { mirror: held, method: 'partial' };
      }
      if (result?.kind === 'current' && result.soa.serial === held.serial) return { mirror: held, method: 'partial' };
      if (result?.kind === 'full') {
        const mirror = ZoneMirror.fromTransfer(zone, result.soa, result.records, this.id);
        this.mirrors.set(zone, mirror);
        return { mirror, method: 'whole' };
      }
    }
    const read = await this.transfer(zone);
    if (!read) throw bindError(this.target, `zone ${zone} is not served by named at ${formatNameserver(this.target.server)} any more`);
    return { mirror: read.mirror, method: 'whole' };
  }

  /** BIND zones are added in named.conf, not over DNS: only check that the zone is there. */
  async ensureZone(zone: ZoneName): Promise<void> {
    await requireZone(this.target, zone);
  }

  /** The named.conf stanza for a zone the server does not serve (the plan prints it). */
  manualZoneSteps(zone: ZoneName): string[] {
    return namedConfSteps(zone, this.target.tsig?.name);
  }

  apply(zone: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    return applyChanges(this.target, zone, changes, async (names) => {
      const { mirror } = await this.refresh(zone);
      return { rrsets: mirror.atNames(names), serial: mirror.serial };
    });
  }

  /** A change's share of one UPDATE message (64 KiB with TSIG): a chunk then goes out as one atomic message. */
  batchShare(change: Change): number {
    // The zone section costs the same with or without the change: any name serves to measure it.
    const zone = (change.kind === 'delete' ? change.before : change.after).name;
    const empty = encodedUpdateSize({ zone, prerequisites: [], updates: [] }, this.target.tsig);
    const one = encodedUpdateSize({ zone, ...changeOperations(zone, change, this.id) }, this.target.tsig);
    return (one - empty) / (MAX_MESSAGE_SIZE - empty);
  }

  async delegationNameservers(zone: ZoneName): Promise<string[]> {
    const live = await requireZone(this.target, zone);
    const ns = live.rrsets.find((rrset) => rrset.name === zone && rrset.type === 'NS');
    return ns ? [...ns.values] : [];
  }

  /** BIND signs in named.conf (dnssec-policy): what its server serves at the apex says whether, and with which keys. */
  async dnssec(zone: ZoneName): Promise<DnssecStatus> {
    let keys;
    try {
      keys = await dnskeysAt(this.target.server, zone, this.target.timeoutMs);
    } catch (error) {
      throw new ProviderError(this.id, `${zone}: asking DNSKEY: ${(error as Error).message}`, { cause: error });
    }
    return { signed: keys.length > 0, keys: keys.map((key) => keySummary(zone, key)), source: `DNSKEY at ${formatNameserver(this.target.server)}` };
  }

  async nameservers(): Promise<Nameserver[]> {
    return this.verifyAt.map((ns) => ({ ...ns }));
  }
}
