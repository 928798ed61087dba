import type { Change as Route53Change } from '@aws-sdk/client-route-53';
import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import { sleep } from '../../io/sleep.js';
import { rrsetKey, type RRset, type Zone } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { AuditFinding, Capabilities, ChunkReceipt, CreatedZone, DnssecStatus, KeptRecord, Provider, ReadBackTold } from '../provider.js';
import { DelegationAddresses } from '../shared/delegation.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { backoffMs, type Backoff } from '../shared/retry.js';
import { batchConflict, changeGroup, changeShare, describeChange, planGroupBatches, recordSetsOf } from './apply.js';
import { ROUTE53_CAPABILITIES } from './capabilities.js';
import { Route53Api, type HostedZoneSummary, type Route53ClientOptions } from './client.js';
import { brokenSteeringRefusal, zoneFromRoute53, type UnmanagedRecordSet } from './convert.js';
import { Route53Cidr, type CidrPreparation } from './cidr.js';
import { steeredSetCount } from './dynamic.js';
import { steeringProblems } from './dynamic-limits.js';
import { Route53HealthChecks } from './health-checks.js';
import { listPositions, listRange, withHelpers, type Listing } from './listing.js';
import { compareListName } from './order.js';
import { ZoneState } from './state.js';
import { route53ConfigSchema, type Route53Config } from './config.js';
import { route53DnssecStatus, signWithRoute53, unsignWithRoute53 } from './dnssec.js';

export { ROUTE53_CAPABILITIES } from './capabilities.js';
export { route53ConfigSchema, type Route53Config } from './config.js';
export type { UnmanagedRecordSet } from './convert.js';

/** How often a change is asked for INSYNC: 500 ms doubling to 10 s, each wait between half and all of its step. */
const INSYNC_POLL: Backoff = { baseMs: 500, maxMs: 10_000, jitter: 'half' };

/** Longest wait for a DNSSEC change (signing on or off, a key made or removed) to be INSYNC. */
const DNSSEC_INSYNC_MS = 300_000;

/** Test and tuning knobs that are not part of zonesync.yaml. */
export interface Route53ProviderOptions {
  credentials?: Route53ClientOptions['credentials'];
  requestsPerSecond?: number;
  /** ListResourceRecordSets MaxItems (Route 53 caps it at 300). */
  pageSize?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  backoff?: Route53ClientOptions['backoff'];
}

/** A Route 53 provider from a block as written (tests, benchmarks): checked, and guarded as the registry guards it. */
export function createRoute53Provider(id: string, config: Route53Config, options: Route53ProviderOptions = {}): Guarded<Route53Provider> {
  return guardProvider(new Route53Provider(id, route53ConfigSchema.parse(config), options));
}

/** Route 53 as a Provider: hosted zones found by name (listed once), rrsets changed in checked batches. */
export class Route53Provider implements Provider {
  readonly type = 'route53';
  readonly capabilities: Capabilities;
  private readonly api: Route53Api;
  private zones: Promise<Map<string, HostedZoneSummary>> | undefined;
  private readonly state = new Map<string, ZoneState>();
  /** Every change id of an apply, under the id its receipt carries, so waitInSync waits on all. */
  private readonly changeIds = new Map<string, string[]>();
  private readonly addresses: DelegationAddresses;
  private readonly delegationSetId: string | undefined;
  private readonly kmsKeyArn: string | undefined;
  private readonly healthChecks: Route53HealthChecks;
  private readonly cidr: Route53Cidr;

  constructor(
    readonly id: string,
    config: Route53Config,
    private readonly options: Route53ProviderOptions = {},
  ) {
    this.capabilities = options.pageSize === undefined ? ROUTE53_CAPABILITIES : { ...ROUTE53_CAPABILITIES, readPageSize: options.pageSize };
    this.api = new Route53Api(id, { ...config, ...options });
    this.healthChecks = new Route53HealthChecks(this.api);
    this.cidr = new Route53Cidr(this.api);
    this.delegationSetId = config.delegationSetId;
    this.kmsKeyArn = config.dnssecKmsKeyArn;
    this.addresses = new DelegationAddresses(id, config.nameservers, (zone) => this.delegationNameservers(zone as ZoneName));
  }

  /** API calls sent so far by this instance (retries included), for benchmarks. */
  get apiCalls(): number {
    return this.api.calls;
  }

  /** Hosted zones by name, listed once per instance: listing on every call rate-limits big accounts. */
  private hostedZones(): Promise<Map<string, HostedZoneSummary>> {
    this.zones ??= this.api.listHostedZones().then((list) => {
      const byName = new Map<string, HostedZoneSummary>();
      for (const zone of list) {
        const existing = byName.get(zone.name);
        if (existing) throw new ProviderError(this.id, `zone ${zone.name}: two hosted zones have this name (${existing.id}, ${zone.id}); zonesync cannot tell which one is served`);
        byName.set(zone.name, zone);
      }
      return byName;
    });
    this.zones.catch(() => (this.zones = undefined));
    return this.zones;
  }

  private async hostedZone(zone: string): Promise<HostedZoneSummary> {
    const found = (await this.hostedZones()).get(zone);
    if (!found) throw new ProviderError(this.id, `zone ${zone}: no hosted zone of that name`);
    return found;
  }

  /** The hosted zone id of a zone (canonical name: what an alias record elsewhere names as its HostedZoneId). */
  async hostedZoneId(zone: string): Promise<string> {
    return (await this.hostedZone(zone)).id;
  }

  async listZones(): Promise<string[]> {
    return [...(await this.hostedZones()).keys()].sort();
  }

  async ensureZone(name: ZoneName): Promise<void> {
    const zones = await this.hostedZones();
    if (!zones.has(name)) zones.set(name, await this.api.createHostedZone(name, this.delegationSetId));
  }

  /** CreateHostedZone (in `delegationSetId` when configured); a zone already there is answered with its delegation set, never created twice. */
  async createZone(name: ZoneName): Promise<CreatedZone> {
    const zones = await this.hostedZones();
    const found = zones.get(name);
    if (found) return { nameservers: await this.api.delegationSet(name, found.id) };
    const created = await this.api.createHostedZone(name, this.delegationSetId);
    zones.set(name, { id: created.id, name });
    return { nameservers: created.nameservers };
  }

  /** The hosted zone's listing as the partial reads page it (listing.ts). */
  private listing(zone: ZoneName, zoneId: string): Listing {
    return { api: this.api, zone, zoneId, pageSize: this.options.pageSize ?? 300 };
  }

  async read(name: ZoneName): Promise<Zone | undefined> {
    const hosted = (await this.hostedZones()).get(name);
    if (!hosted) return undefined;
    const sets = await this.api.listRecordSets(name, hosted.id, this.options.pageSize ?? 300);
    const read = zoneFromRoute53(name, hosted.id, sets, await this.healthChecks.of(sets), await this.cidr.of(hosted.id, sets));
    this.state.set(name, new ZoneState(read.raw, read.steered, read.unmanaged));
    return read.zone;
  }


  /**
   * Just these rrsets: ListResourceRecordSets pages from the first of them in Route 53's order,
   * skipping to the next wanted one after each page (src/providers/route53/order.ts). An in-zone
   * ALIAS takes its TTL from its target, which may lie outside the range: a chunk with one is read whole.
   */
  async readRRsets(name: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    if (keys.some((k) => k.type === 'ALIAS')) {
      told?.({ method: 'whole' });
      return (await this.read(name))?.rrsets ?? [];
    }
    const hosted = (await this.hostedZones()).get(name);
    if (!hosted) return [];
    const listing = this.listing(name, hosted.id);
    const listed = await listPositions(listing, keys);
    told?.({ method: 'partial', calls: listed.pages });
    const sets = await withHelpers(listing, listed.sets);
    const wanted = new Set(keys.map(rrsetKey));
    const read = zoneFromRoute53(name, hosted.id, sets, await this.healthChecks.of(sets), await this.cidr.of(hosted.id, sets));
    this.state.get(name)?.readAgain(read, wanted);
    return read.zone.rrsets.filter((r) => wanted.has(rrsetKey(r)));
  }

  /**
   * Route 53 lists by owner name with the labels reversed; range reads are exact unless an in-zone
   * ALIAS is involved (its TTL comes from its target, which may lie in another range).
   */
  listOrder(_zone: ZoneName, expected: Zone, changes: ReadonlyArray<Change>): ((a: string, b: string) => number) | undefined {
    const alias = expected.rrsets.some((r) => r.type === 'ALIAS') || changes.some((c) => changeSubject(c).type === 'ALIAS');
    return alias ? undefined : compareListName;
  }

  /** Every rrset with an owner name in [from, to): ListResourceRecordSets pages from StartRecordName `from`, until a page reaches `to`. */
  async readRange(name: ZoneName, from: string | undefined, to: string | undefined, told?: ReadBackTold): Promise<RRset[]> {
    const hosted = (await this.hostedZones()).get(name);
    if (!hosted) return [];
    const listing = this.listing(name, hosted.id);
    const listed = await listRange(listing, from, to);
    told?.({ method: 'range', calls: listed.pages });
    const sets = await withHelpers(listing, listed.sets);
    const read = zoneFromRoute53(name, hosted.id, sets, await this.healthChecks.of(sets), await this.cidr.of(hosted.id, sets));
    this.state.get(name)?.readRange(read);
    return read.zone.rrsets;
  }

  /** GetHostedZone's ResourceRecordSetCount against the expected rrsets + the SOA + the record sets zonesync leaves alone. */
  async recordSetCount(name: ZoneName, expected: Zone): Promise<{ live: number | undefined; expected: number }> {
    const hosted = await this.hostedZone(name);
    const unmanaged = this.state.get(name)?.unmanaged.length ?? 0;
    const sets = expected.rrsets.reduce((sum, r) => sum + steeredSetCount(r), 0);
    return { live: await this.api.recordSetCount(name, hosted.id), expected: sets + 1 + unmanaged };
  }

  /** Rrsets the zone holds that the model cannot express (weighted, latency, other aliases…); apply leaves them alone. */
  async unmanaged(zone: string): Promise<UnmanagedRecordSet[]> {
    if (!this.state.has(zone)) await this.read(zone as ZoneName);
    return this.state.get(zone)?.unmanaged ?? [];
  }

  /**
   * Plan time, after `read`: an rrset of the zone file where Route 53 holds one zonesync does not
   * manage (same name and Route 53 type; ALIAS is an A there) could be neither created nor replaced.
   */
  audit(zone: ZoneName, _live: Zone | undefined, desired: Zone): AuditFinding[] {
    const unmanaged = this.state.get(zone)?.unmanaged ?? [];
    const findings: AuditFinding[] = [];
    for (const rrset of desired.rrsets) {
      for (const problem of steeringProblems(rrset)) findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${rrset.type} dynamic: ${problem}` });
    }
    if (unmanaged.length === 0) return findings;
    for (const rrset of desired.rrsets) {
      const type = rrset.type === 'ALIAS' ? 'A' : rrset.type;
      // A set at the name itself, or what is left of zonesync's steering for it elsewhere (its _octodns-* sets) when none is left at the name.
      const clash = unmanaged.find((u) => u.name === rrset.name && u.type === type) ?? unmanaged.find((u) => u.steering?.name === rrset.name && u.steering.type === type);
      if (clash?.steering) findings.push({ name: rrset.name, type: rrset.type, reason: brokenSteeringRefusal(clash.steering) });
      else if (clash) findings.push({ name: rrset.name, type: rrset.type, reason: `${rrset.name} ${type} holds a record zonesync does not manage (${clash.reason}); change it in Route 53 or remove it first` });
    }
    return findings;
  }

  /** Plan time, after `read`: every record set Route 53 keeps that zonesync does not manage (routing policies, other aliases), left alone. */
  kept(zone: ZoneName): KeptRecord[] {
    return (this.state.get(zone)?.unmanaged ?? []).map((u) => ({ name: u.name, type: u.type, detail: u.reason }));
  }

  /** One change's share of a request (apply.ts `changeShare`). */
  batchShare(change: Change): number {
    return changeShare(change);
  }

  async apply(name: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    const hosted = await this.hostedZone(name);
    const before = this.api.calls;
    let state = this.state.get(name);
    // a steered rrset changes from the record sets Route 53 holds: read them when this instance has not
    const unread = changes.filter((c) => c.kind !== 'create' && c.before.dynamic && !state?.steered.has(rrsetKey(c.before))).map((c) => changeSubject(c));
    if (unread.length > 0) {
      if (!state) {
        state = new ZoneState();
        this.state.set(name, state);
      }
      await this.readRRsets(name, unread);
    }
    const health = await this.healthChecks.ensure(name, changes);
    let cidr: CidrPreparation;
    try {
      cidr = await this.cidr.prepare(name, hosted.id, changes);
    } catch (error) {
      await this.healthChecks.drop(health.created);
      throw error;
    }
    const groups = changes.map((c) => changeGroup(c, hosted.id, state, health.lookup, cidr.collectionId));
    const plan = planGroupBatches(groups);
    try {
      if (!plan.ok) throw new ProviderError(this.id, `zone ${name}: record ${describeChange(plan.change)}: ${plan.error}`);
      // refuse what AWS would reject but moto applies
      const conflict = batchConflict(changes, groups, state);
      if (conflict) throw new ProviderError(this.id, `zone ${name}: ${conflict}`);
    } catch (error) {
      await this.healthChecks.drop(health.created);
      await cidr.abandon().catch(() => undefined);
      throw error;
    }
    if (!plan.ok) return { apiCalls: this.api.calls - before }; // thrown above: this only narrows the type
    const ids: string[] = [];
    for (const [index, batch] of plan.batches.entries()) {
      const what = `zone ${name}: change batch ${index + 1} of ${plan.batches.length} (${batch.length} changes${batch.length === 1 ? `: ${describeChange(batch[0] as Route53Change)}` : ''})`;
      try {
        ids.push(await this.api.changeRecordSets(hosted.id, batch, what));
      } catch (error) {
        if (index === 0) {
          await this.healthChecks.drop(health.created);
          await cidr.abandon().catch(() => undefined);
        }
        const applied = index === 0 ? '' : `; the ${index} batch${index === 1 ? '' : 'es'} before it went in`;
        const details = batch.map((c) => `  - ${describeChange(c)}`);
        throw new ProviderError(this.id, `${(error as Error).message.replace(`${this.id}: `, '')}${applied}`, { details, cause: error, transient: error instanceof ProviderError && error.transient });
      } finally {
        state?.wrote(batch);
      }
    }
    const setsOf = (rrset: RRset) => recordSetsOf(rrset, hosted.id, health.lookup, cidr.collectionId);
    state?.wroteSteered(changes, setsOf);
    await cidr.finish();
    const inUse = state?.healthChecksInUse() ?? new Set<string>();
    for (const c of changes) if (c.kind !== 'delete' && c.after.dynamic) for (const set of setsOf(c.after)) if (set.HealthCheckId) inUse.add(set.HealthCheckId);
    await this.healthChecks.collect(name, changes, inUse);
    const receipt: ChunkReceipt = { apiCalls: this.api.calls - before };
    const last = ids[ids.length - 1];
    if (last) {
      receipt.changeId = last;
      this.changeIds.set(last, ids);
    }
    return receipt;
  }

  async waitInSync(name: ZoneName, receipt: ChunkReceipt, timeoutMs: number): Promise<void> {
    if (!receipt.changeId) return;
    await this.untilInSync(name, this.changeIds.get(receipt.changeId) ?? [receipt.changeId], timeoutMs);
    this.changeIds.delete(receipt.changeId);
  }

  /** GetChange for each id, backing off, until every one is INSYNC; past the deadline a transient error. */
  private async untilInSync(name: ZoneName, ids: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const id of ids) {
      for (let attempt = 0; ; attempt++) {
        if ((await this.api.changeStatus(id, name)) === 'INSYNC') break;
        const wait = backoffMs(attempt + 1, INSYNC_POLL);
        if (Date.now() + wait > deadline) throw new ProviderError(this.id, `zone ${name}: change ${id} is not INSYNC after ${Math.round(timeoutMs / 1000)} s`, { transient: true });
        await sleep(wait);
      }
    }
  }

  async delegationNameservers(name: ZoneName): Promise<string[]> {
    const hosted = await this.hostedZone(name);
    return (await this.api.delegationSet(name, hosted.id)).sort();
  }

  /** From config when given; otherwise the delegation names, resolved once. */
  nameservers(zone: ZoneName): Promise<Nameserver[]> {
    return this.addresses.of(zone);
  }

  /** GetDNSSEC: signed while ServeSignature is SIGNING, with its ACTIVE key-signing keys. */
  async dnssec(name: ZoneName): Promise<DnssecStatus> {
    const hosted = await this.hostedZone(name);
    const out = await this.api.getDnssec(name, hosted.id);
    return this.statusOf(name, out.Status, out.KeySigningKeys ?? []);
  }

  /** signWithRoute53 (dnssec.ts): a KSK from `dnssecKmsKeyArn` when none is ACTIVE, then signing on; the DS for the parent is in the answer's keys. */
  async signZone(name: ZoneName): Promise<DnssecStatus> {
    const hosted = await this.hostedZone(name);
    const changes: string[] = [];
    const signing = await signWithRoute53(this.api, name, hosted.id, this.kmsKeyArn, (id) => void (id && changes.push(id)));
    // Signing is on once Route 53 says INSYNC: only then do its nameservers serve the signatures.
    await this.untilInSync(name, changes, DNSSEC_INSYNC_MS);
    return signing ? this.statusOf(name, signing.Status, signing.KeySigningKeys ?? []) : this.dnssec(name);
  }

  /** unsignWithRoute53 (dnssec.ts): signing off, every KSK deactivated and deleted. Remove the DS at the parent first. */
  async unsignZone(name: ZoneName): Promise<DnssecStatus> {
    const hosted = await this.hostedZone(name);
    const changes: string[] = [];
    await unsignWithRoute53(this.api, name, hosted.id, (id) => void (id && changes.push(id)));
    await this.untilInSync(name, changes, DNSSEC_INSYNC_MS);
    return this.dnssec(name);
  }

  private statusOf(name: ZoneName, status: Parameters<typeof route53DnssecStatus>[1], keys: Parameters<typeof route53DnssecStatus>[2]): DnssecStatus {
    try {
      return route53DnssecStatus(name, status, keys);
    } catch (error) {
      throw new ProviderError(this.id, `zone ${name}: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.api.close();
  }
}
