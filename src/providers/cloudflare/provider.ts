import type * as z from 'zod';
import type { Change } from '../../core/change.js';
import { ProviderError, ZonesyncError } from '../../core/errors.js';
import { rrsetKey, type RRset, type Zone } from '../../core/model.js';
import { compareNames, type ZoneName } from '../../core/name.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { ChunkReceipt, CreatedZone, DnssecStatus, Provider, ReadBackTold } from '../provider.js';
import { DelegationAddresses } from '../shared/delegation.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { CloudflareApi, CloudflareCallError, type ApiOptions, type ApiZone } from './client.js';
import { applyChunk } from './apply.js';
import { cloudflareCapabilities } from './capabilities.js';
import { ConversionError, indexRecords, rrsetsFromIndex, type RecordIndex } from './convert.js';
import { cloudflareConfigSchema, type CloudflareConfig } from './config.js';
import { cloudflareDnssecStatus, cloudflareSigns, foreignKeyOps, type CloudflareDnssec } from './dnssec.js';

/**
 * Cloudflare DNS through the official SDK. See README.md beside this file: TTL "automatic",
 * `proxied`, ALIAS at the apex, batches, pacing, and the multi-provider set-up Cloudflare needs.
 */

export { cloudflareConfigSchema, type CloudflareConfig } from './config.js';

/** Knobs for tests: pacing windows, retry policy, page size. */
export type CloudflareRuntime = Partial<Omit<ApiOptions, 'apiToken' | 'baseURL' | 'timeoutMs'>>;

/** A Cloudflare provider from a block as written (tests, benchmarks: `runtime`): checked, and guarded as the registry guards it. */
export function createCloudflareProvider(id: string, config: CloudflareConfig, runtime: CloudflareRuntime = {}): Guarded<CloudflareProvider> {
  return guardProvider(new CloudflareProvider(id, cloudflareConfigSchema.parse(config), runtime));
}

function plain(zone: string): string {
  return zone.replace(/\.$/, '');
}

export class CloudflareProvider implements Provider {
  readonly type = 'cloudflare';
  readonly capabilities;
  readonly api: CloudflareApi;
  private readonly batchSize: number;
  private readonly accountId: string | undefined;
  private readonly addresses: DelegationAddresses;
  private readonly zones = new Map<string, ApiZone>();
  /** Live records per zone, from the last read, kept current by each applied batch. */
  private readonly indexes = new Map<string, RecordIndex>();

  constructor(readonly id: string, config: z.output<typeof cloudflareConfigSchema>, runtime: CloudflareRuntime = {}) {
    this.batchSize = config.batchSize;
    this.capabilities = cloudflareCapabilities(config.batchSize, runtime.perPage);
    this.accountId = config.accountId;
    this.addresses = new DelegationAddresses(id, config.nameservers, (zone) => this.delegationNameservers(zone as ZoneName));
    this.api = new CloudflareApi({ ...runtime, apiToken: config.apiToken, baseURL: config.endpoint, timeoutMs: config.timeoutMs ?? 30_000 });
  }

  /** Run an API step; its failures become ProviderErrors naming this provider. */
  private async step<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CloudflareCallError) throw new ProviderError(this.id, error.message, { transient: error.transient });
      if (error instanceof ConversionError) throw new ProviderError(this.id, error.message);
      throw error;
    }
  }

  /** The zone's id and nameservers, looked up once per run. */
  private async apiZone(zone: string): Promise<ApiZone | undefined> {
    const cached = this.zones.get(zone);
    if (cached) return cached;
    const found = await this.step(() => this.api.findZone(plain(zone)));
    if (found) this.zones.set(zone, found);
    return found;
  }

  private async existingZone(zone: string): Promise<ApiZone> {
    const found = await this.apiZone(zone);
    if (!found) throw new ProviderError(this.id, `zone ${zone} does not exist on Cloudflare`);
    return found;
  }

  private async loadIndex(zone: string, apiZone: ApiZone): Promise<RecordIndex> {
    const records = await this.step(() => this.api.listRecords(apiZone.id, zone));
    const { index } = await this.step(async () => indexRecords(records, zone));
    this.indexes.set(zone, index);
    return index;
  }

  async read(zone: ZoneName): Promise<Zone | undefined> {
    const apiZone = await this.apiZone(zone);
    if (!apiZone) return undefined;
    const rrsets: RRset[] = rrsetsFromIndex(await this.loadIndex(zone, apiZone));
    // The apex NS set is the assigned nameservers (plus any apex NS records added for multi-provider set-ups).
    const apexNs = rrsets.find((r) => r.name === zone && r.type === 'NS');
    const assigned = apiZone.name_servers.map((ns) => `${plain(ns).toLowerCase()}.`);
    if (apexNs) apexNs.values = [...new Set([...apexNs.values, ...assigned])].sort();
    else if (assigned.length > 0) rrsets.push({ name: zone, type: 'NS', ttl: 86400, values: assigned.sort() });
    rrsets.sort((a, b) => compareNames(a.name, b.name) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    return { name: zone, rrsets };
  }

  /**
   * Just these rrsets: the record list filtered by name (`name.exact`), one call per owner name,
   * where that is fewer calls than the pages of the whole zone (its record count from the last
   * read); otherwise, and for the apex NS (merged with the assigned nameservers), a whole read.
   */
  async readRRsets(zone: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    const wanted = new Set(keys.map(rrsetKey));
    const owners = new Set(keys.map((k) => k.name));
    const names = [...owners];
    const known = this.indexes.get(zone);
    const records = known ? [...known.values()].reduce((n, list) => n + list.length, 0) : undefined;
    const wholePages = records === undefined ? 0 : Math.max(1, Math.ceil(records / (this.capabilities.readPageSize ?? 100)));
    if (!known || owners.has(zone) || names.length >= wholePages) {
      told?.({ method: 'whole' });
      return ((await this.read(zone))?.rrsets ?? []).filter((r) => wanted.has(rrsetKey(r)));
    }
    told?.({ method: 'partial' });
    const apiZone = await this.apiZone(zone);
    if (!apiZone) return [];
    const found: RecordIndex = new Map();
    for (const name of names) {
      const listed = await this.step(() => this.api.listRecords(apiZone.id, zone, plain(name)));
      for (const [key, list] of (await this.step(async () => indexRecords(listed, zone))).index) found.set(key, list);
    }
    // Keep the index current for what was just read: apply finds record ids there.
    for (const key of [...known.keys()]) if (owners.has(key.slice(0, key.lastIndexOf(' ')))) known.delete(key);
    for (const [key, list] of found) known.set(key, list);
    return rrsetsFromIndex(found).filter((r) => wanted.has(rrsetKey(r)));
  }

  async ensureZone(zone: ZoneName): Promise<void> {
    if (await this.apiZone(zone)) return;
    const accountId = this.accountId;
    if (!accountId) throw new ZonesyncError(`${this.id}: zone ${zone} does not exist on Cloudflare, and creating it needs providers.${this.id}.accountId`);
    this.zones.set(zone, await this.step(() => this.api.createZone(plain(zone), accountId)));
    this.indexes.set(zone, new Map());
  }

  /** POST /zones into `accountId` (a zone already there is answered with its nameservers); what Cloudflare assigned. */
  async createZone(zone: ZoneName): Promise<CreatedZone> {
    await this.ensureZone(zone);
    return { nameservers: await this.delegationNameservers(zone) };
  }

  async apply(zone: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    const before = this.api.requests;
    const apiZone = await this.existingZone(zone);
    const index = this.indexes.get(zone) ?? (await this.loadIndex(zone, apiZone));
    try {
      await this.step(() => applyChunk({ api: this.api, provider: this.id, zone, zoneId: apiZone.id, batchSize: this.batchSize }, changes, index));
    } catch (error) {
      // After a failure the record ids may have moved (an undo re-creates records): read again next time.
      this.indexes.delete(zone);
      throw error;
    }
    return { apiCalls: this.api.requests - before };
  }

  async delegationNameservers(zone: ZoneName): Promise<string[]> {
    const apiZone = await this.existingZone(zone);
    return apiZone.name_servers.map((ns) => `${plain(ns).toLowerCase()}.`);
  }

  nameservers(zone: ZoneName): Promise<Nameserver[]> {
    return this.addresses.of(zone);
  }

  /** Whether Cloudflare signs the zone, and its keys: the KSK of GET /zones/{id}/dnssec and, when it signs, the ZSKs of …/dnssec/zsk. */
  async dnssec(zone: ZoneName): Promise<DnssecStatus> {
    const apiZone = await this.existingZone(zone);
    return this.dnssecOf(zone, await this.step(() => this.api.dnssec(apiZone.id, plain(zone))), apiZone.id);
  }

  /** PATCH status `active` unless it already signs: Cloudflare makes the key and signs (`pending` until the registrar has the DS). */
  async signZone(zone: ZoneName): Promise<DnssecStatus> {
    return this.resign(zone, 'active');
  }

  /** PATCH status `disabled` unless it is already off. */
  async unsignZone(zone: ZoneName): Promise<DnssecStatus> {
    return this.resign(zone, 'disabled');
  }

  /**
   * RFC 8901 model 2 as Cloudflare documents it (dns/dnssec/multi-signer-dnssec/setup): multi-signer
   * DNSSEC on (`dnssec_multi_signer`), then the other signers' keys as DNSKEY records at the apex,
   * exactly these (records of other keys deleted), in one batch. Cloudflare signs them into its DNSKEY set.
   */
  async publishForeignKeys(zone: ZoneName, dnskeys: string[]): Promise<void> {
    const apiZone = await this.existingZone(zone);
    const now = await this.step(() => this.api.dnssec(apiZone.id, plain(zone)));
    if (now.dnssec_multi_signer !== true) await this.step(() => this.api.enableMultiSigner(apiZone.id, plain(zone)));
    const live = await this.step(() => this.api.listRecords(apiZone.id, zone, plain(zone)));
    const ops = await this.step(async () => foreignKeyOps(zone, live, dnskeys)).catch((error: unknown) => {
      throw error instanceof ProviderError ? error : new ProviderError(this.id, `zone ${zone}: ${(error as Error).message}`);
    });
    if (ops.deletes.length + ops.posts.length === 0) return;
    await this.step(() => this.api.batch(apiZone.id, zone, { deletes: ops.deletes, patches: [], posts: ops.posts }));
  }

  private async resign(zone: ZoneName, wanted: 'active' | 'disabled'): Promise<DnssecStatus> {
    const apiZone = await this.existingZone(zone);
    const now = await this.step(() => this.api.dnssec(apiZone.id, plain(zone)));
    // `pending` already signs (it waits for the DS at the registrar); `pending-disabled` is on its way off, so signing asks again.
    const done = wanted === 'active' ? now.status === 'active' || now.status === 'pending' : now.status === 'disabled' || now.status == null;
    return this.dnssecOf(zone, done ? now : await this.step(() => this.api.setDnssec(apiZone.id, plain(zone), wanted)), apiZone.id);
  }

  private async dnssecOf(zone: ZoneName, answer: CloudflareDnssec, zoneId: string): Promise<DnssecStatus> {
    const zsks = cloudflareSigns(answer) ? await this.step(() => this.api.zsks(zoneId, plain(zone))) : [];
    try {
      return cloudflareDnssecStatus(zone, answer, zsks);
    } catch (error) {
      throw new ProviderError(this.id, (error as Error).message);
    }
  }

  async listZones(): Promise<string[]> {
    return (await this.step(() => this.api.listZones())).map((name) => `${name.toLowerCase()}.`);
  }
}
