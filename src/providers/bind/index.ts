import type { Change } from '../../core/change.js';
import { ZonesyncError } from '../../core/errors.js';
import type { Zone } from '../../core/model.js';
import { zoneName } from '../../core/name.js';
import { parseNameserverAddress } from '../../dns/nameserver.js';
import type { ChunkReceipt, Nameserver, Provider } from '../provider.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE } from '../../dns/update.js';
import { applyChanges, requireZone, transferZone } from './apply.js';
import { changeOperations } from './convert.js';
import { bindCapabilities } from './capabilities.js';
import type { BindTarget } from './failure.js';
import type { BindConfig } from './config.js';

/**
 * BIND 9 (or any RFC 2136 primary): read by AXFR, write by UPDATE, both signed with TSIG.
 * Zones live in named.conf, which zonesync does not manage; there is no way to list them over DNS.
 */

export { bindConfigSchema, type BindConfig } from './config.js';

const DEFAULT_TIMEOUT_MS = 10_000;

export function createBindProvider(id: string, config: BindConfig): Provider {
  return new BindProvider(id, config);
}

class BindProvider implements Provider {
  readonly type = 'bind';
  readonly capabilities = bindCapabilities;
  private readonly target: BindTarget;
  private readonly verifyAt: Nameserver[];

  constructor(readonly id: string, config: BindConfig) {
    const server = parseNameserverAddress(config.server, `providers.${id}.server`);
    this.target = { provider: id, server, tsig: config.tsig, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    this.verifyAt = config.nameservers?.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`)) ?? [server];
  }

  read(zone: string): Promise<Zone | undefined> {
    return transferZone(this.target, this.zone(zone));
  }

  /** BIND zones are added in named.conf, not over DNS: only check that the zone is there. */
  async ensureZone(zone: string): Promise<void> {
    await requireZone(this.target, this.zone(zone));
  }

  apply(zone: string, changes: Change[]): Promise<ChunkReceipt> {
    return applyChanges(this.target, this.zone(zone), changes);
  }

  /** A change's share of one UPDATE message (64 KiB with TSIG): a chunk then goes out as one atomic message. */
  batchShare(change: Change): number {
    // The zone section costs the same with or without the change: any name serves to measure it.
    const zone = (change.kind === 'delete' ? change.before : change.after).name;
    const empty = encodedUpdateSize({ zone, prerequisites: [], updates: [] }, this.target.tsig);
    const one = encodedUpdateSize({ zone, ...changeOperations(zone, change, this.id) }, this.target.tsig);
    return (one - empty) / (MAX_MESSAGE_SIZE - empty);
  }

  async delegationNameservers(zone: string): Promise<string[]> {
    const name = this.zone(zone);
    const live = await requireZone(this.target, name);
    const ns = live.rrsets.find((rrset) => rrset.name === name && rrset.type === 'NS');
    return ns ? [...ns.values] : [];
  }

  async nameservers(): Promise<Nameserver[]> {
    return this.verifyAt.map((ns) => ({ ...ns }));
  }

  private zone(input: string): string {
    const name = zoneName(input);
    if (!name.ok) throw new ZonesyncError(`bind provider "${this.id}": zone "${input}": ${name.error}`);
    return name.name;
  }
}
