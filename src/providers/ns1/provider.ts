import type { Change } from '../../core/change.js';
import type { Dynamic } from '../../core/dynamic/model.js';
import { ProviderError } from '../../core/errors.js';
import { rrsetKey, type RRset, type Zone } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { ProviderRepair } from '../../core/plan.js';
import type { AuditFinding, ChunkReceipt, CreatedZone, DnssecStatus, KeptRecord, Provider, ReadBackTold } from '../provider.js';
import { DelegationAddresses } from '../shared/delegation.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { applyChunk, undeclarable } from './apply.js';
import { NS1_CAPABILITIES } from './capabilities.js';
import { Ns1ApiError, Ns1Client } from './client.js';
import { modelName, needsFullRecord, ns1Domain } from './answers.js';
import { keptByNs1, rrsetFromRecord, rrsetFromSummary, soaFromZone } from './convert.js';
import { ns1ConfigSchema, type Ns1Config } from './config.js';
import { NOT_SIGNED, ns1DnssecStatus } from './dnssec.js';
import { answerUps, type AnswerUps } from './monitor-drift.js';
import { Ns1Monitors } from './monitor-sync.js';
import { DEFAULT_MONITOR_REGIONS, ns1HealthcheckProblems, obeyingValues } from './monitors.js';

export { Ns1ChunkError } from './apply.js';
export { NS1_CAPABILITIES } from './capabilities.js';
export { ns1ConfigSchema, type Ns1Config } from './config.js';

export const NS1_DEFAULT_ENDPOINT = 'https://api.nsone.net/v1';

export interface Ns1ProviderOptions {
  /** For tests: replace the waits of pacing and backoff. */
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

const UNSIGNED: DnssecStatus = { signed: false, keys: [], source: 'NS1 zone dnssec: false' };

function wrap(providerId: string, what: string, error: unknown): never {
  if (error instanceof ProviderError) throw error;
  const transient = error instanceof Ns1ApiError ? error.transient : false;
  const reason = error instanceof Error ? error.message : String(error);
  throw new ProviderError(providerId, `${what}: ${reason}`, { transient, cause: error });
}

/** An NS1 provider from a block as written (tests, benchmarks): checked, and guarded as the registry guards it. */
export function createNs1Provider(id: string, config: Ns1Config, options: Ns1ProviderOptions = {}): Guarded<Ns1Provider> {
  return guardProvider(new Ns1Provider(id, ns1ConfigSchema.parse(config), options));
}

/** NS1 API v1: one call per rrset (no batch endpoint), paced by its rate-limit headers. Touches no network until a method is called. */
export class Ns1Provider implements Provider {
  readonly type = 'ns1';
  readonly capabilities = NS1_CAPABILITIES;
  /** The API client (its `calls` counts requests per bucket class). */
  readonly client: Ns1Client;
  private readonly addresses: DelegationAddresses;
  private readonly monitorRegions: readonly string[];
  /** Per zone, what its last whole read cost in calls (readRRsets asks per record when that is fewer) and its default TTL. */
  private readonly wholeRead = new Map<string, { calls: number; ttl: number }>();
  /** The zone's `dnssec` flag as its last whole read saw it, so the plan's DNSSEC line of an unsigned zone costs no call. */
  private readonly signing = new Map<string, boolean>();
  /** Per zone, the `up` meta of each steered record's answers as its last whole read saw them (`repairs` checks them against the feeds). */
  private readonly ups = new Map<string, Map<string, AnswerUps>>();

  constructor(readonly id: string, config: Ns1Config, options: Ns1ProviderOptions = {}) {
    this.client = new Ns1Client({ apiKey: config.apiKey, endpoint: config.endpoint ?? NS1_DEFAULT_ENDPOINT, sleep: options.sleep, timeoutMs: options.timeoutMs });
    this.monitorRegions = config.monitorRegions ?? DEFAULT_MONITOR_REGIONS;
    this.addresses = new DelegationAddresses(id, config.nameservers, (zone) => this.delegationNameservers(zone as ZoneName));
  }

  async read(zone: ZoneName): Promise<Zone | undefined> {
    const before = this.client.calls.read;
    try {
      const found = await this.client.getZone(ns1Domain(zone));
      if (!found) return undefined;
      const defaultTtl = found.ttl ?? 3600;
      const rrsets: RRset[] = [];
      const ups = new Map<string, AnswerUps>();
      for (const summary of found.records ?? []) {
        // The summary has no answer meta, filters or regions: fetch those records in full.
        const record = needsFullRecord(summary) ? await this.client.getRecord(ns1Domain(zone), summary.domain, summary.type) : undefined;
        const rrset = record ? rrsetFromRecord(record, defaultTtl) : rrsetFromSummary(summary, defaultTtl);
        if (!rrset) continue;
        rrsets.push(rrset);
        if (record && rrset.dynamic) ups.set(rrsetKey(rrset), answerUps(record, rrset.type));
      }
      this.ups.set(zone, ups);
      const soa = soaFromZone(found);
      this.wholeRead.set(zone, { calls: this.client.calls.read - before, ttl: defaultTtl });
      this.signing.set(zone, found.dnssec === true);
      return { name: zone, rrsets, ...(soa ? { soa } : {}) };
    } catch (error) {
      return wrap(this.id, `zone ${zone}: read`, error);
    }
  }

  /**
   * Just these rrsets: one `GET /zones/{zone}/{domain}/{type}` each (404: absent), where that is
   * fewer calls than the last whole read of the zone took; otherwise a whole read.
   */
  async readRRsets(zone: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    const wanted = new Map(keys.map((k) => [rrsetKey(k), k]));
    const whole = this.wholeRead.get(zone);
    if (!whole || wanted.size >= whole.calls) {
      const before = this.client.calls.read;
      const rrsets = ((await this.read(zone))?.rrsets ?? []).filter((r) => wanted.has(rrsetKey(r)));
      told?.({ method: 'whole', calls: this.client.calls.read - before });
      return rrsets;
    }
    told?.({ method: 'partial', calls: wanted.size });
    const rrsets: RRset[] = [];
    for (const key of wanted.values()) {
      try {
        const rrset = rrsetFromRecord(await this.client.getRecord(ns1Domain(zone), ns1Domain(key.name), key.type), whole.ttl);
        if (rrset) rrsets.push(rrset);
      } catch (error) {
        if (error instanceof Ns1ApiError && error.status === 404) continue;
        return wrap(this.id, `zone ${zone}: reading ${key.name} ${key.type}`, error);
      }
    }
    return rrsets;
  }

  /** Plan time: steered rrsets NS1 cannot serve as octoDNS maps them (each finding names why). */
  audit(_zone: ZoneName, _live: Zone | undefined, desired: Zone): AuditFinding[] {
    const findings: AuditFinding[] = [];
    for (const rrset of desired.rrsets) {
      const reason = rrset.dynamic ? undeclarable(rrset) : undefined;
      if (reason) findings.push({ name: rrset.name, type: rrset.type, reason });
      for (const problem of rrset.dynamic && obeyingValues(rrset).length > 0 ? ns1HealthcheckProblems(rrset.dynamic) : []) findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type} dynamic: ${problem}` });
    }
    return findings;
  }

  /** What NS1 keeps on records zonesync manages: filter chains and meta the zone file does not declare. */
  kept(_zone: ZoneName, live: Zone | undefined, desired: Zone): KeptRecord[] {
    return keptByNs1(live, desired);
  }

  /**
   * Plan time: steered rrsets whose obeying values no longer follow zonesync's monitors (a job or
   * feed deleted or edited, an answer's feed taken off), as octoDNS `_extra_changes`; reads only.
   */
  async repairs(zone: ZoneName, _live: Zone | undefined, desired: Zone): Promise<ProviderRepair[]> {
    const steered = desired.rrsets.filter((r): r is RRset & { dynamic: Dynamic } => r.dynamic !== undefined && obeyingValues(r).length > 0);
    if (steered.length === 0) return [];
    const monitors = new Ns1Monitors(this.client, this.monitorRegions);
    const repairs: ProviderRepair[] = [];
    try {
      for (const rrset of steered) {
        const reasons = await monitors.drift(rrset, this.ups.get(zone)?.get(rrsetKey(rrset)) ?? new Map());
        if (reasons.length > 0) repairs.push({ name: rrset.name, type: rrset.type, reason: reasons.join('; ') });
      }
    } catch (error) {
      return wrap(this.id, `zone ${zone}: reading monitoring jobs and feeds`, error);
    }
    return repairs;
  }

  async ensureZone(zone: ZoneName): Promise<void> {
    try {
      if (await this.client.getZone(ns1Domain(zone), { records: false })) return;
      await this.client.createZone(ns1Domain(zone));
    } catch (error) {
      if (error instanceof Ns1ApiError && error.status === 400 && /already exists/.test(error.message)) return;
      return wrap(this.id, `zone ${zone}: create`, error);
    }
  }

  /** PUT /v1/zones/{zone} (a zone already there is answered with its dns_servers); the nameservers NS1 assigned. */
  async createZone(zone: ZoneName): Promise<CreatedZone> {
    try {
      const found = (await this.client.getZone(ns1Domain(zone), { records: false })) ?? (await this.client.createZone(ns1Domain(zone)));
      return { nameservers: (found.dns_servers ?? []).map(modelName) };
    } catch (error) {
      // Created by someone else between the look and the PUT: the zone is there, which is what was asked.
      if (error instanceof Ns1ApiError && error.status === 400 && /already exists/.test(error.message)) return { nameservers: await this.delegationNameservers(zone) };
      return wrap(this.id, `zone ${zone}: create`, error);
    }
  }

  apply(zone: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    return applyChunk(this.id, this.client, zone, changes, this.monitorRegions);
  }

  async delegationNameservers(zone: ZoneName): Promise<string[]> {
    try {
      const found = await this.client.getZone(ns1Domain(zone), { records: false });
      if (!found) throw new ProviderError(this.id, `zone ${zone} does not exist on NS1`);
      return (found.dns_servers ?? []).map(modelName);
    } catch (error) {
      return wrap(this.id, `zone ${zone}: reading dns_servers`, error);
    }
  }

  nameservers(zone: ZoneName): Promise<Nameserver[]> {
    return this.addresses.of(zone);
  }

  /** The zone's `dnssec` flag, then its keys from GET /zones/{zone}/dnssec (NS1 signs with a KSK and a ZSK it manages). */
  async dnssec(zone: ZoneName): Promise<DnssecStatus> {
    try {
      const known = this.signing.get(zone);
      const signed = known ?? (await this.client.getZone(ns1Domain(zone), { records: false }).then((found) => {
        if (!found) throw new ProviderError(this.id, `zone ${zone} does not exist on NS1`);
        return found.dnssec === true;
      }));
      return signed ? await this.keysOf(zone) : UNSIGNED;
    } catch (error) {
      return wrap(this.id, `zone ${zone}: reading DNSSEC`, error);
    }
  }

  /** POST {"dnssec": true} unless it already signs; NS1 makes the keys. */
  async signZone(zone: ZoneName): Promise<DnssecStatus> {
    return this.resign(zone, true);
  }

  /** POST {"dnssec": false} unless it is already unsigned. */
  async unsignZone(zone: ZoneName): Promise<DnssecStatus> {
    return this.resign(zone, false);
  }

  private async resign(zone: ZoneName, on: boolean): Promise<DnssecStatus> {
    this.signing.delete(zone);
    const now = await this.dnssec(zone);
    if (now.signed === on) return now;
    try {
      const changed = await this.client.setZoneDnssec(ns1Domain(zone), on);
      this.signing.set(zone, changed.dnssec === true);
      if ((changed.dnssec === true) !== on) throw new ProviderError(this.id, `zone ${zone}: NS1 answered dnssec: ${String(changed.dnssec)} to turning signing ${on ? 'on' : 'off'}`);
      return on ? await this.keysOf(zone) : UNSIGNED;
    } catch (error) {
      return wrap(this.id, `zone ${zone}: turning DNSSEC ${on ? 'on' : 'off'}`, error);
    }
  }

  private async keysOf(zone: ZoneName): Promise<DnssecStatus> {
    try {
      return ns1DnssecStatus(zone, await this.client.getDnssec(ns1Domain(zone)));
    } catch (error) {
      // The flag said signed, the keys say not (yet): report what the keys say.
      if (error instanceof Ns1ApiError && error.status === 400 && error.message.endsWith(NOT_SIGNED)) return UNSIGNED;
      throw error;
    }
  }

  async listZones(): Promise<string[]> {
    try {
      return (await this.client.listZones()).map((zone) => modelName(zone.zone));
    } catch (error) {
      return wrap(this.id, 'listing zones', error);
    }
  }
}
