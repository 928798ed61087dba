import type { Change } from '../../core/change.js';
import { ProviderError, ZonesyncError } from '../../core/errors.js';
import type { RRset, Zone } from '../../core/model.js';
import { canonicalName, type ZoneName } from '../../core/name.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { AuditFinding, ChunkReceipt, CreatedZone, DnssecStatus, KeptRecord, Provider, ReadBackTold } from '../provider.js';
import { DelegationAddresses } from '../shared/delegation.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { mapLimit } from '../../lib/map-limit.js';
import { PowerDnsReadCost } from './read-cost.js';
import { powerdnsCapabilities } from './capabilities.js';
import { PowerDnsClient } from './client.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { publishForeignDnskeys, signWithPowerDns, unsignWithPowerDns } from './dnssec.js';
import { ConversionError, createZoneBody, rrsetPatch, zoneFromApi, type ApiZone, type SkippedRRset } from './convert.js';
import { httpFailure, type CallContext } from './failure.js';
import { LuaState } from './lua-state.js';
import { luaBatchShare } from './lua.js';
import { powerdnsConfigSchema, type PowerDnsConfig } from './config.js';
import { DeferredRectify } from './rectify.js';

/**
 * PowerDNS Authoritative (4.7) through its HTTP API. See README.md beside this file for the
 * decisions: disabled records, the NS a new zone gets, chunk size, ALIAS.
 */

export { powerdnsConfigSchema, type PowerDnsConfig } from './config.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const FILTERED_READS_AT_ONCE = 8;

/** A PowerDNS provider from a block as written (tests, benchmarks): checked, and guarded as the registry guards it. */
export function createPowerDnsProvider(id: string, config: PowerDnsConfig): Guarded<PowerDnsProvider> {
  return guardProvider(new PowerDnsProvider(id, powerdnsConfigSchema.parse(config)));
}

/** Beyond Provider: what the last read left out, for `import` and tests to report; the filtered read always there. */
export interface PowerDnsExtras {
  lastSkipped(zone: string): SkippedRRset[];
  readRRsets(zone: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]>;
}

export class PowerDnsProvider implements Provider, PowerDnsExtras {
  readonly type = 'powerdns';
  readonly capabilities = powerdnsCapabilities;
  private readonly client: PowerDnsClient;
  private readonly server: string;
  private readonly nameserverNames: string[] | undefined;
  private readonly addresses: DelegationAddresses;
  private readonly skipped = new Map<string, SkippedRRset[]>();
  /** What reading part of a zone costs against reading it whole (readRRsets). */
  private readonly cost = new PowerDnsReadCost();
  /** The zone's `dnssec` flag as its last whole read saw it, so the plan's DNSSEC line needs no second GET. */
  private readonly signing = new Map<string, boolean>();
  /** LUA rrsets as last read or written (steered rrsets, and LUA records zonesync did not write). */
  private readonly lua = new LuaState();
  /** Whether the server answers LUA records for a zone: asked once, before the first steered write there. */
  private readonly luaServed = new Map<string, Promise<boolean>>();
  private luaChecks = 0;
  /** The server's settings (GET /config), asked once: LUA records, default-api-rectify. */
  private serverSettings: Promise<unknown> | undefined;
  private readonly rectify: DeferredRectify;

  constructor(readonly id: string, config: PowerDnsConfig) {
    this.server = config.server ?? 'localhost';
    this.client = new PowerDnsClient({
      provider: id,
      url: config.endpoint ?? config.url,
      apiKey: config.apiKey,
      server: this.server,
      timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    this.rectify = new DeferredRectify({ client: this.client, settings: () => this.settings(), signed: (zone) => this.signing.get(zone), call: (run, context) => this.call(run, context) });
    this.addresses = new DelegationAddresses(id, config.nameservers, (zone) => this.delegationNameservers(zone as ZoneName), { none: 'apex NS rrset' });
    this.nameserverNames = config.nameserverNames?.map((text, i) => {
      const name = canonicalName(text, '.');
      if (!name.ok) throw new ZonesyncError(`providers.${id}.nameserverNames[${i}]: ${name.error}`);
      return name.name;
    });
  }

  async read(name: ZoneName): Promise<Zone | undefined> {
    const api = await this.call(() => this.client.getZone(name), { zone: name, action: 'reading the zone' });
    if (api === undefined) return undefined;
    const { zone: result, skipped, lua, foreignLua } = this.convert(api, name);
    this.skipped.set(name, skipped);
    this.lua.readWhole(name, lua, foreignLua);
    this.cost.wholeRead(name, api, result.rrsets.length);
    this.knowSigning(name, api);
    this.rectify.readWhole(name, result.rrsets, skipped);
    return result;
  }

  /**
   * One filtered GET per owner name (every type at it), a few at once, or the whole zone when the
   * chunk names many owners for the zone's size, as read-cost.ts weighs them. Where a GET filtered
   * by name may answer every commented rrset of the zone too (PowerDNS before 4.9.2), one GET first
   * measures it, and the rest is weighed with what it showed.
   */
  async readRRsets(name: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    let owners = [...new Set(keys.map((k) => k.name))];
    const read: RRset[][] = [];
    let calls = 0;
    const first = owners[0];
    if (first !== undefined && owners.length > 1 && this.cost.filteredCheaper(name, owners.length) && this.cost.unmeasured(name)) {
      calls++;
      const probe = await this.readOwner(name, first);
      if (probe === undefined) {
        told?.({ method: 'partial', calls });
        return [];
      }
      read.push(probe);
      owners = owners.slice(1);
    }
    if (!this.cost.filteredCheaper(name, owners.length)) {
      told?.({ method: 'whole', calls: calls + 1 });
      return (await this.read(name))?.rrsets ?? [];
    }
    told?.({ method: 'partial', calls: calls + owners.length });
    let missing = false;
    const rest = await mapLimit(owners, FILTERED_READS_AT_ONCE, async (owner) => {
      const answer = await this.readOwner(name, owner);
      if (answer === undefined) missing = true;
      return answer ?? [];
    });
    return missing ? [] : [...read, ...rest].flat();
  }

  /** One filtered GET: the rrsets at `owner`; undefined when the zone is not there. */
  private async readOwner(name: ZoneName, owner: string): Promise<RRset[] | undefined> {
    const api = await this.call(() => this.client.getZone(name, owner), { zone: name, action: `reading ${owner}` });
    if (api === undefined) return undefined;
    this.cost.filteredRead(name, owner, api);
    const read = this.convert(api, name);
    this.lua.readOwner(name, owner, read.lua, read.foreignLua);
    return read.zone.rrsets;
  }

  private convert(api: unknown, name: string): ReturnType<typeof zoneFromApi> {
    try {
      return zoneFromApi(api as ApiZone, name);
    } catch (error) {
      if (error instanceof ConversionError) throw new ProviderError(this.id, `zone ${name}: record ${error.record}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  /** `zone` canonical, as read was given it. */
  lastSkipped(zone: string): SkippedRRset[] {
    return this.skipped.get(zone) ?? [];
  }

  async ensureZone(name: ZoneName): Promise<void> {
    const body = createZoneBody(name, this.nameserverNames ?? [`ns1.${name}`]);
    // 409 means it is already there: ensureZone is a no-op then, and one call either way.
    const created = await this.call(() => this.client.createZone(body), { zone: name, action: 'creating the zone', accept: [409] });
    // 201 answers with the new zone: as good as a whole read of it.
    if (created && typeof created === 'object' && Array.isArray((created as ApiZone).rrsets)) {
      const { zone, skipped } = this.convert(created, name);
      this.knowSigning(name, created);
      this.rectify.readWhole(name, zone.rrsets, skipped);
    }
  }

  /** POST /servers/{id}/zones with the apex NS of `nameserverNames` (a zone already there is left as it is). */
  async createZone(name: ZoneName): Promise<CreatedZone> {
    await this.ensureZone(name);
    return { nameservers: await this.delegationNameservers(name) };
  }

  async apply(name: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    if (changes.length === 0) return { apiCalls: 0 };
    // A steered rrset on a server that does not run LUA records would be stored and never answered.
    const steered = changes.flatMap((c) => (c.kind === 'delete' || !c.after.dynamic ? [] : [c.after]))[0];
    const checks = this.luaChecks;
    if (steered && !(await this.servesLua(name))) {
      throw new ProviderError(this.id, `zone ${name}: record ${steered.name} ${steered.type} is steered (dynamic), but PowerDNS server "${this.server}" does not answer LUA records (enable-lua-records is off, and the API does not show the zone's ENABLE-LUA-RECORDS metadata set): nothing of this chunk was sent; set enable-lua-records=yes`);
    }
    // A PATCH replaces a name's whole LUA rrset: where no read has shown it yet, read it first.
    for (const owner of this.lua.unknown(name, changes)) {
      this.luaChecks++;
      await this.readOwner(name, owner);
    }
    // Steered rrsets become records of the LUA rrset at their name, in the same PATCH (lua.ts).
    const { patches: rrsets, lua } = this.lua.patches(name, changes, rrsetPatch);
    // One PATCH is one transaction on PowerDNS: the whole chunk goes in, or none of it.
    await this.call(() => this.client.patchZone(name, rrsets), { zone: name, action: 'applying the chunk', sent: rrsets });
    this.lua.wrote(name, lua);
    const after = await this.rectify.after(name, changes);
    return { apiCalls: 1 + this.luaChecks - checks + after };
  }

  /** A run of several chunks: api_rectify off for it where that is safe (rectify.ts). */
  startZone(name: ZoneName, chunks: number): Promise<string | undefined> {
    return this.rectify.start(name, chunks);
  }

  /** The run on the zone ended: the one rectify it deferred, and api_rectify as it was (rectify.ts). */
  finishZone(name: ZoneName): Promise<string | undefined> {
    return this.rectify.finish(name);
  }

  /** The zone's `dnssec` flag from a whole answer of the zone (a read, or the 201 of its creation); unknown when absent. */
  private knowSigning(name: ZoneName, api: unknown): void {
    const flag = (api as { dnssec?: unknown }).dnssec;
    if (typeof flag === 'boolean') this.signing.set(name, flag);
    else this.signing.delete(name);
  }

  private settings(): Promise<unknown> {
    if (!this.serverSettings) {
      this.serverSettings = this.call(() => this.client.config(), { action: 'reading the server settings' });
      this.serverSettings.catch(() => (this.serverSettings = undefined));
    }
    return this.serverSettings;
  }

  /** Steered rrsets are kilobytes of Lua each: chunks carry at most LUA_BYTES_PER_PATCH of them. */
  batchShare(change: Change): number {
    return luaBatchShare(change);
  }

  /** `enable-lua-records` yes (or shared) on the server, or the zone's ENABLE-LUA-RECORDS metadata 1. */
  private servesLua(name: ZoneName): Promise<boolean> {
    let served = this.luaServed.get(name);
    if (!served) {
      served = (async () => {
        if (!this.serverSettings) this.luaChecks++;
        const config = await this.settings();
        const setting = Array.isArray(config) ? (config as Array<{ name?: unknown; value?: unknown }>).find((c) => c.name === 'enable-lua-records')?.value : undefined;
        if (setting === 'yes' || setting === 'shared') return true;
        this.luaChecks++;
        try {
          const meta = await this.client.metadata(name, 'ENABLE-LUA-RECORDS');
          return ((meta as { metadata?: unknown } | undefined)?.metadata as unknown[] | undefined)?.includes('1') === true;
        } catch {
          // PowerDNS 4.7's API answers 422 "Unsupported metadata kind" for it: not confirmed, so not served.
          return false;
        }
      })();
      this.luaServed.set(name, served);
      served.catch(() => this.luaServed.delete(name));
    }
    return served;
  }

  /** Plan time: steered rrsets PowerDNS cannot serve (geo rules…), and writes where a LUA record zonesync did not write holds the name. */
  audit(name: ZoneName, _live: Zone | undefined, desired: Zone): AuditFinding[] {
    return this.lua.audit(name, desired);
  }

  /** Plan time: LUA records zonesync did not write, left alone. */
  kept(name: ZoneName): KeptRecord[] {
    return this.lua.kept(name);
  }

  async delegationNameservers(name: ZoneName): Promise<string[]> {
    const live = await this.read(name);
    if (!live) throw new ProviderError(this.id, `zone ${name} does not exist on PowerDNS server "${this.server}"`);
    const ns = live.rrsets.find((set) => set.name === name && set.type === 'NS');
    return ns ? [...ns.values] : [];
  }

  nameservers(zone: ZoneName): Promise<Nameserver[]> {
    return this.addresses.of(zone);
  }

  /** Signed when the zone says `dnssec: true`; the keys from the cryptokeys API (active and published ones). */
  async dnssec(name: ZoneName): Promise<DnssecStatus> {
    const signed = this.signing.get(name) ?? ((await this.call(() => this.client.getZone(name, name), { zone: name, action: 'reading the zone' })) as { dnssec?: unknown } | undefined)?.dnssec === true;
    if (!signed) return { signed: false, keys: [], source: 'zone dnssec: false' };
    const keys = await this.call(() => this.client.cryptokeys(name), { zone: name, action: 'reading the cryptokeys' });
    if (!Array.isArray(keys)) throw new ProviderError(this.id, `zone ${name}: cryptokeys: the answer is not a list`);
    const published = (keys as Array<{ dnskey?: unknown; published?: unknown }>).filter((k) => typeof k.dnskey === 'string' && k.published !== false);
    return { signed: true, keys: published.map((k) => keySummary(name, dnskeyFromText(k.dnskey as string))), source: 'cryptokeys API' };
  }

  /** One active CSK through the cryptokeys API when the zone has none (see dnssec.ts). */
  async signZone(name: ZoneName): Promise<DnssecStatus> {
    return this.resign(name, signWithPowerDns);
  }

  /** Every cryptokey deleted: the zone is served unsigned. */
  async unsignZone(name: ZoneName): Promise<DnssecStatus> {
    return this.resign(name, unsignWithPowerDns);
  }

  /** The other signers' DNSKEYs, served next to this zone's own keys (needs `direct-dnskey=yes` on the server). */
  async publishForeignKeys(name: ZoneName, dnskeys: string[]): Promise<void> {
    await this.call(() => publishForeignDnskeys(this.client, name, dnskeys), { zone: name, action: 'publishing the other signers\' DNSKEYs' });
  }

  private async resign(name: ZoneName, change: typeof signWithPowerDns): Promise<DnssecStatus> {
    this.signing.delete(name);
    const done = await this.call(() => change(this.client, this.client.zonePath(name), () => this.dnssec(name)), { zone: name, action: 'changing the cryptokeys' });
    if (done === undefined) throw new ProviderError(this.id, `zone ${name}: not found, so it cannot be signed or unsigned`);
    this.signing.set(name, done.signed);
    return done;
  }

  async listZones(): Promise<string[]> {
    const zones = await this.call(() => this.client.listZones(), { action: 'listing zones' });
    if (!Array.isArray(zones)) throw new ProviderError(this.id, 'listing zones: the answer is not a list');
    return zones.map((z: { name?: unknown }) => String(z.name).toLowerCase()).sort();
  }

  async close(): Promise<void> {
    this.client.close();
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

