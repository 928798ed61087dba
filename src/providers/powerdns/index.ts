import { lookup } from 'node:dns/promises';
import type { Change } from '../../core/change.js';
import { ProviderError, ZonesyncError } from '../../core/errors.js';
import type { RRset, Zone } from '../../core/model.js';
import { canonicalName, zoneName } from '../../core/name.js';
import { parseNameserverAddress } from '../../dns/nameserver.js';
import type { ChunkReceipt, Nameserver, Provider } from '../provider.js';
import { powerdnsCapabilities } from './capabilities.js';
import { PowerDnsClient } from './client.js';
import { ConversionError, createZoneBody, rrsetPatch, zoneFromApi, type ApiZone, type SkippedRRset } from './convert.js';
import { httpFailure, type CallContext } from './failure.js';
import type { PowerDnsConfig } from './config.js';

/**
 * PowerDNS Authoritative (4.7) through its HTTP API. See README.md beside this file for the
 * decisions: disabled records, the NS a new zone gets, chunk size, ALIAS.
 */

export { powerdnsConfigSchema, type PowerDnsConfig } from './config.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** Above this many owner names, one GET of the whole zone is cheaper than a filtered GET per name. */
const FILTERED_READ_MAX_NAMES = 8;

export function createPowerDnsProvider(id: string, config: PowerDnsConfig): Provider & PowerDnsExtras {
  return new PowerDnsProvider(id, config);
}

/** Beyond Provider: what the last read left out, for `import` and tests to report; the filtered read always there. */
export interface PowerDnsExtras {
  lastSkipped(zone: string): SkippedRRset[];
  readRRsets(zone: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]>;
}

class PowerDnsProvider implements Provider, PowerDnsExtras {
  readonly type = 'powerdns';
  readonly capabilities = powerdnsCapabilities;
  private readonly client: PowerDnsClient;
  private readonly server: string;
  private readonly configuredNameservers: Nameserver[] | undefined;
  private readonly nameserverNames: string[] | undefined;
  private readonly resolved = new Map<string, Promise<Nameserver[]>>();
  private readonly skipped = new Map<string, SkippedRRset[]>();

  constructor(readonly id: string, config: PowerDnsConfig) {
    this.server = config.server ?? 'localhost';
    this.client = new PowerDnsClient({
      provider: id,
      url: config.endpoint ?? config.url,
      apiKey: config.apiKey,
      server: this.server,
      timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    this.configuredNameservers = config.nameservers?.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`));
    this.nameserverNames = config.nameserverNames?.map((text, i) => {
      const name = canonicalName(text, '.');
      if (!name.ok) throw new ZonesyncError(`providers.${id}.nameserverNames[${i}]: ${name.error}`);
      return name.name;
    });
  }

  async read(zone: string): Promise<Zone | undefined> {
    const name = this.zone(zone);
    const api = await this.call(() => this.client.getZone(name), { zone: name, action: 'reading the zone' });
    if (api === undefined) return undefined;
    const { zone: result, skipped } = this.convert(api, name);
    this.skipped.set(name, skipped);
    return result;
  }

  /** One filtered GET per owner name (every type at it), or the whole zone when a chunk spans many names. */
  async readRRsets(zone: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]> {
    const name = this.zone(zone);
    const owners = [...new Set(keys.map((k) => k.name))];
    if (owners.length > FILTERED_READ_MAX_NAMES) return (await this.read(name))?.rrsets ?? [];
    const rrsets: RRset[] = [];
    for (const owner of owners) {
      const api = await this.call(() => this.client.getZone(name, owner), { zone: name, action: `reading ${owner}` });
      if (api === undefined) return [];
      rrsets.push(...this.convert(api, name).zone.rrsets);
    }
    return rrsets;
  }

  private convert(api: unknown, name: string): ReturnType<typeof zoneFromApi> {
    try {
      return zoneFromApi(api as ApiZone, name);
    } catch (error) {
      if (error instanceof ConversionError) throw new ProviderError(this.id, `zone ${name}: record ${error.record}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  lastSkipped(zone: string): SkippedRRset[] {
    return this.skipped.get(this.zone(zone)) ?? [];
  }

  async ensureZone(zone: string): Promise<void> {
    const name = this.zone(zone);
    const body = createZoneBody(name, this.nameserverNames ?? [`ns1.${name}`]);
    // 409 means it is already there: ensureZone is a no-op then, and one call either way.
    await this.call(() => this.client.createZone(body), { zone: name, action: 'creating the zone', accept: [409] });
  }

  async apply(zone: string, changes: Change[]): Promise<ChunkReceipt> {
    const name = this.zone(zone);
    if (changes.length === 0) return { apiCalls: 0 };
    const rrsets = changes.map(rrsetPatch);
    // One PATCH is one transaction on PowerDNS: the whole chunk goes in, or none of it.
    await this.call(() => this.client.patchZone(name, rrsets), { zone: name, action: 'applying the chunk', sent: rrsets });
    return { apiCalls: 1 };
  }

  async delegationNameservers(zone: string): Promise<string[]> {
    const name = this.zone(zone);
    const live = await this.read(name);
    if (!live) throw new ProviderError(this.id, `zone ${name} does not exist on PowerDNS server "${this.server}"`);
    const ns = live.rrsets.find((set) => set.name === name && set.type === 'NS');
    return ns ? [...ns.values] : [];
  }

  async nameservers(zone: string): Promise<Nameserver[]> {
    if (this.configuredNameservers) return this.configuredNameservers.map((ns) => ({ ...ns }));
    const name = this.zone(zone);
    let pending = this.resolved.get(name);
    if (!pending) {
      pending = this.resolveDelegation(name);
      this.resolved.set(name, pending);
      pending.catch(() => this.resolved.delete(name));
    }
    return (await pending).map((ns) => ({ ...ns }));
  }

  async listZones(): Promise<string[]> {
    const zones = await this.call(() => this.client.listZones(), { action: 'listing zones' });
    if (!Array.isArray(zones)) throw new ProviderError(this.id, 'listing zones: the answer is not a list');
    return zones.map((z: { name?: unknown }) => String(z.name).toLowerCase()).sort();
  }

  /** The delegation's host names, each resolved once (the only lookup that uses the system resolver). */
  private async resolveDelegation(zone: string): Promise<Nameserver[]> {
    const names = await this.delegationNameservers(zone);
    if (names.length === 0) throw new ProviderError(this.id, `zone ${zone} has no apex NS rrset, so there is no nameserver to ask; set providers.${this.id}.nameservers`);
    const result: Nameserver[] = [];
    for (const host of names) {
      let addresses: Array<{ address: string }>;
      try {
        addresses = await lookup(host.slice(0, -1) || host, { all: true });
      } catch (error) {
        throw new ProviderError(this.id, `zone ${zone}: nameserver ${host} does not resolve (${(error as { code?: string }).code ?? String(error)}); set providers.${this.id}.nameservers`, { cause: error });
      }
      for (const { address } of addresses) result.push({ name: host, address, port: 53 });
    }
    return result;
  }

  private zone(input: string): string {
    const name = zoneName(input);
    if (!name.ok) throw new ZonesyncError(`${this.id}: zone "${input}": ${name.error}`);
    return name.name;
  }

  private async call<T>(run: () => Promise<T>, context: CallContext): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      const failure = httpFailure(this.id, error, context, this.server);
      if (failure === undefined) return undefined;
      throw failure;
    }
  }
}
