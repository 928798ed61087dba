import type { Change } from '../../core/change.js';
import type { Zone } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import { formatNameserver, parseNameserverAddress, type Nameserver } from '../../dns/nameserver.js';
import { dnskeysAt, keySummary } from '../../dns/dnssec/status.js';
import { ProviderError } from '../../core/errors.js';
import type { ChunkReceipt, DnssecStatus, Provider } from '../provider.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE } from '../../dns/update.js';
import { applyChanges, requireZone, transferZone } from './apply.js';
import { changeOperations } from './convert.js';
import { bindCapabilities } from './capabilities.js';
import type { BindTarget } from './failure.js';
import { bindConfigSchema, type BindConfig } from './config.js';
import { namedConfSteps } from './zones.js';

/**
 * BIND 9 (or any RFC 2136 primary): read by AXFR, write by UPDATE, both signed with TSIG.
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

  constructor(readonly id: string, config: BindConfig) {
    const server = parseNameserverAddress(config.server, `providers.${id}.server`);
    this.target = { provider: id, server, tsig: config.tsig, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    this.verifyAt = config.nameservers?.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`)) ?? [server];
  }

  read(zone: ZoneName): Promise<Zone | undefined> {
    return transferZone(this.target, zone);
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
    return applyChanges(this.target, zone, changes);
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
