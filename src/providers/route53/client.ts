import {
  ChangeCidrCollectionCommand,
  ChangeResourceRecordSetsCommand,
  CreateCidrCollectionCommand,
  DeleteCidrCollectionCommand,
  ListCidrBlocksCommand,
  ListCidrCollectionsCommand,
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  CreateKeySigningKeyCommand,
  DeactivateKeySigningKeyCommand,
  DeleteHealthCheckCommand,
  DeleteKeySigningKeyCommand,
  DisableHostedZoneDNSSECCommand,
  EnableHostedZoneDNSSECCommand,
  GetChangeCommand,
  GetDNSSECCommand,
  GetHostedZoneCommand,
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type Change as Route53Change,
  type CidrCollectionChange,
  type GetDNSSECCommandOutput,
  type HealthCheckConfig,
  type ResourceRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { randomUUID } from 'node:crypto';
import { ProviderError } from '../../core/errors.js';
import { asSdkError, isRetryable, isTransportOr5xx, ROUTE53_BACKOFF, withBackoff, type BackoffOptions } from '../shared/aws.js';
import { accountBucket, type TokenBucket } from './throttle.js';
import { bareZoneId, nameFromRoute53 } from './convert.js';
import type { HealthCheckRecord } from './dynamic.js';

/** The Route 53 SDK calls zonesync makes: paced, retried when throttled, counted, and failing in seconds. */

export interface Route53ClientOptions {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** Explicit credentials (tests); otherwise the standard AWS credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestsPerSecond?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
}

export interface HostedZoneSummary {
  id: string;
  name: string;
}

export interface CidrCollectionSummary {
  id: string;
  name: string;
  version: number;
}

export class Route53Api {
  /** Every HTTP request sent, retries included. */
  calls = 0;
  private readonly client: Route53Client;
  private readonly bucket: TokenBucket;
  private readonly secrets: string[];

  constructor(
    readonly providerId: string,
    private readonly options: Route53ClientOptions,
  ) {
    const accessKey = options.credentials?.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID ?? '';
    this.bucket = accountBucket(`${options.endpoint ?? 'aws'}|${options.profile ?? process.env.AWS_PROFILE ?? ''}|${accessKey}`, options.requestsPerSecond);
    this.secrets = [options.credentials?.secretAccessKey, options.credentials?.sessionToken, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN].filter((s): s is string => !!s && s.length >= 8);
    // The SDK's notice about future Node versions would land in every plan's output and CI log.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new Route53Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: options.connectionTimeoutMs ?? 5000,
        requestTimeout: options.requestTimeoutMs ?? 20_000,
        throwOnRequestTimeout: true,
      }),
    });
  }

  /**
   * Send one command: wait for a token, retry throttling with jittered backoff, map failures to
   * ProviderError. Reads (`idempotent`) are also retried on resets and 5xx; a write whose answer
   * was lost is not sent again blindly — resume reads live state and finishes it.
   */
  async send<T>(what: string, call: (client: Route53Client) => Promise<T>, idempotent = false): Promise<T> {
    // A reset or a 5xx is tried twice more at most: a dead endpoint must fail fast (switch runs away from it).
    let transportRetries = 0;
    const retryable = (error: unknown) => isRetryable(error) || (idempotent && isTransportOr5xx(error) && transportRetries++ < 2);
    try {
      return await withBackoff(
        async () => {
          await this.bucket.take();
          this.calls++;
          return await call(this.client);
        },
        retryable,
        this.options.backoff ?? ROUTE53_BACKOFF,
      );
    } catch (error) {
      throw this.toProviderError(what, error);
    }
  }

  private toProviderError(what: string, error: unknown): ProviderError {
    const e = asSdkError(error);
    const code = e.code ?? e.name ?? 'Error';
    const where = this.options.endpoint ?? 'AWS';
    let message: string;
    if (['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'TimeoutError', 'RequestTimeout'].includes(code) || /timed? ?out|ECONNREFUSED/i.test(e.message ?? '')) {
      message = `${what}: cannot reach Route 53 at ${where} (${e.message ?? code})`;
    } else {
      message = `${what}: ${code}: ${e.message ?? 'no message'}`;
    }
    const status = e.$metadata?.httpStatusCode;
    return new ProviderError(this.providerId, this.scrub(message), { transient: isRetryable(error) || status === undefined || status >= 500 });
  }

  /** Keep secrets out of messages whatever the server echoed. */
  private scrub(text: string): string {
    let out = text.replace(/(AKIA|ASIA)[A-Z0-9]{12,}/g, '$1…').replace(/(Credential=)[^,\s]+/g, '$1…');
    for (const secret of this.secrets) out = out.split(secret).join('…');
    return out;
  }

  async listHostedZones(): Promise<HostedZoneSummary[]> {
    const zones: HostedZoneSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this.send('listing hosted zones', (c) => c.send(new ListHostedZonesCommand({ ...(marker ? { Marker: marker } : {}) })), true);
      for (const zone of page.HostedZones ?? []) zones.push({ id: bareZoneId(zone.Id ?? ''), name: nameFromRoute53(zone.Name ?? '') });
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return zones;
  }

  /** CreateHostedZone, in the reusable delegation set `delegationSetId` when given; with the nameservers it was assigned. */
  async createHostedZone(name: string, delegationSetId?: string): Promise<HostedZoneSummary & { nameservers: string[] }> {
    const what = `zone ${name}: creating the hosted zone${delegationSetId ? ` in delegation set ${delegationSetId}` : ''}`;
    const created = await this.send(what, (c) => c.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `zonesync-${randomUUID()}`, ...(delegationSetId ? { DelegationSetId: delegationSetId } : {}) })));
    return { id: bareZoneId(created.HostedZone?.Id ?? ''), name, nameservers: (created.DelegationSet?.NameServers ?? []).map(nameFromRoute53) };
  }

  async delegationSet(zone: string, zoneId: string): Promise<string[]> {
    const out = await this.send(`zone ${zone}: reading the delegation set`, (c) => c.send(new GetHostedZoneCommand({ Id: zoneId })), true);
    return (out.DelegationSet?.NameServers ?? []).map(nameFromRoute53);
  }

  /** GetHostedZone's ResourceRecordSetCount (undefined when the server gives none). */
  async recordSetCount(zone: string, zoneId: string): Promise<number | undefined> {
    const out = await this.send(`zone ${zone}: reading the record set count`, (c) => c.send(new GetHostedZoneCommand({ Id: zoneId })), true);
    return out.HostedZone?.ResourceRecordSetCount;
  }

  /** Every rrset of the zone, page by page (NextRecordName/Type/Identifier). */
  async listRecordSets(zone: string, zoneId: string, pageSize: number): Promise<ResourceRecordSet[]> {
    const sets: ResourceRecordSet[] = [];
    let start: { name: string; type: RRType; id?: string } | undefined;
    for (;;) {
      const page = await this.send(
        `zone ${zone}: listing records`,
        (c) => c.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: pageSize, ...(start ? { StartRecordName: start.name, StartRecordType: start.type, ...(start.id ? { StartRecordIdentifier: start.id } : {}) } : {}) })),
        true,
      );
      sets.push(...(page.ResourceRecordSets ?? []));
      if (!page.IsTruncated || !page.NextRecordName || !page.NextRecordType) return sets;
      const next = { name: page.NextRecordName, type: page.NextRecordType, ...(page.NextRecordIdentifier ? { id: page.NextRecordIdentifier } : {}) };
      // a server that ignores StartRecordIdentifier would hand out the same page for ever
      if (start && next.name === start.name && next.type === start.type && next.id === start.id) {
        throw new ProviderError(this.providerId, `zone ${zone}: listing records made no progress at ${next.name} ${next.type}; the server ignores the page position`);
      }
      start = next;
    }
  }

  /** One page of the listing from a position (StartRecordName/StartRecordType), and where the next page starts. */
  async listRecordSetsPage(zone: string, zoneId: string, start: { name: string; type?: RRType } | undefined, pageSize: number): Promise<{ sets: ResourceRecordSet[]; next?: { name: string; type: RRType } }> {
    const from = start ? { StartRecordName: start.name, ...(start.type ? { StartRecordType: start.type } : {}) } : {};
    const page = await this.send(
      `zone ${zone}: listing records${start ? ` from ${start.name}${start.type ? ` ${start.type}` : ''}` : ''}`,
      (c) => c.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: pageSize, ...from })),
      true,
    );
    const sets = page.ResourceRecordSets ?? [];
    return page.IsTruncated && page.NextRecordName && page.NextRecordType ? { sets, next: { name: page.NextRecordName, type: page.NextRecordType } } : { sets };
  }

  async changeRecordSets(zoneId: string, changes: Route53Change[], what: string): Promise<string> {
    const out = await this.send(what, (c) => c.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes, Comment: 'zonesync' } })));
    return changeIdOf(out) ?? '';
  }

  async changeStatus(changeId: string, zone: string): Promise<string> {
    const out = await this.send(`zone ${zone}: reading change ${changeId}`, (c) => c.send(new GetChangeCommand({ Id: changeId })), true);
    return out.ChangeInfo?.Status ?? 'PENDING';
  }

  /** Every health check of the account with its tags (ListHealthChecks, then ListTagsForResources ten at a time). */
  async listHealthChecks(): Promise<HealthCheckRecord[]> {
    const checks: HealthCheckRecord[] = [];
    let marker: string | undefined;
    do {
      const page = await this.send('listing health checks', (c) => c.send(new ListHealthChecksCommand({ ...(marker ? { Marker: marker } : {}) })), true);
      for (const hc of page.HealthChecks ?? []) checks.push({ id: hc.Id ?? '', callerReference: hc.CallerReference ?? '', config: hc.HealthCheckConfig ?? { Type: 'HTTP' }, tags: {} });
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    for (let i = 0; i < checks.length; i += 10) {
      const ids = checks.slice(i, i + 10).map((c) => c.id);
      const out = await this.send('reading health check tags', (c) => c.send(new ListTagsForResourcesCommand({ ResourceType: 'healthcheck', ResourceIds: ids })), true);
      for (const set of out.ResourceTagSets ?? []) {
        const check = checks.find((c) => c.id === set.ResourceId);
        if (check) for (const tag of set.Tags ?? []) if (tag.Key) check.tags[tag.Key] = tag.Value ?? '';
      }
    }
    return checks;
  }

  /** CreateHealthCheck then its tags; a check whose tagging fails is deleted again, so no half-made check is left. */
  async createHealthCheck(callerReference: string, config: HealthCheckConfig, tags: Record<string, string>, what: string): Promise<HealthCheckRecord> {
    const out = await this.send(what, (c) => c.send(new CreateHealthCheckCommand({ CallerReference: callerReference, HealthCheckConfig: config })));
    const id = out.HealthCheck?.Id ?? '';
    try {
      await this.send(`${what}: tagging ${id}`, (c) => c.send(new ChangeTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: id, AddTags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })));
    } catch (error) {
      await this.deleteHealthCheck(id, `${what}: removing untagged ${id}`).catch(() => undefined);
      throw error;
    }
    return { id, callerReference, config: out.HealthCheck?.HealthCheckConfig ?? config, tags };
  }

  async deleteHealthCheck(id: string, what: string): Promise<void> {
    await this.send(what, (c) => c.send(new DeleteHealthCheckCommand({ HealthCheckId: id })));
  }

  /** Every CIDR collection of the account (ListCidrCollections, page by page). */
  async listCidrCollections(): Promise<CidrCollectionSummary[]> {
    const out: CidrCollectionSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.send('listing CIDR collections', (c) => c.send(new ListCidrCollectionsCommand({ ...(token ? { NextToken: token } : {}) })), true);
      for (const col of page.CidrCollections ?? []) out.push({ id: col.Id ?? '', name: col.Name ?? '', version: col.Version ?? 0 });
      token = page.NextToken;
    } while (token);
    return out;
  }

  async createCidrCollection(name: string, what: string): Promise<CidrCollectionSummary> {
    const out = await this.send(what, (c) => c.send(new CreateCidrCollectionCommand({ Name: name, CallerReference: `zonesync-${randomUUID()}` })));
    return { id: out.Collection?.Id ?? '', name, version: out.Collection?.Version ?? 1 };
  }

  /** ChangeCidrCollection at `version` (Route 53 refuses it if someone changed the collection since). */
  async changeCidrCollection(id: string, version: number, changes: CidrCollectionChange[], what: string): Promise<void> {
    await this.send(what, (c) => c.send(new ChangeCidrCollectionCommand({ Id: id, CollectionVersion: version, Changes: changes })));
  }

  /** Every CIDR block of a collection with its location (ListCidrBlocks, page by page). */
  async listCidrBlocks(id: string, what: string): Promise<Array<{ block: string; location: string }>> {
    const out: Array<{ block: string; location: string }> = [];
    let token: string | undefined;
    do {
      const page = await this.send(what, (c) => c.send(new ListCidrBlocksCommand({ CollectionId: id, ...(token ? { NextToken: token } : {}) })), true);
      for (const b of page.CidrBlocks ?? []) out.push({ block: b.CidrBlock ?? '', location: b.LocationName ?? '' });
      token = page.NextToken;
    } while (token);
    return out;
  }

  async deleteCidrCollection(id: string, what: string): Promise<void> {
    await this.send(what, (c) => c.send(new DeleteCidrCollectionCommand({ Id: id })));
  }

  /** GetDNSSEC: whether Route 53 signs the zone (ServeSignature) and its key-signing keys (the ZSK is Route 53's own and not listed). */
  async getDnssec(zone: string, zoneId: string): Promise<Pick<GetDNSSECCommandOutput, 'Status' | 'KeySigningKeys'>> {
    const out = await this.send(`zone ${zone}: reading DNSSEC`, (c) => c.send(new GetDNSSECCommand({ HostedZoneId: zoneId })), true);
    return { Status: out.Status, KeySigningKeys: out.KeySigningKeys ?? [] };
  }

  /**
   * CreateKeySigningKey, ACTIVE, backed by the customer managed KMS key `kmsArn` (ECC_NIST_P256,
   * us-east-1). This and the other DNSSEC operations answer the id of their change, PENDING until
   * Route 53 is INSYNC.
   */
  async createKeySigningKey(zone: string, zoneId: string, name: string, kmsArn: string): Promise<string | undefined> {
    const out = await this.send(`zone ${zone}: creating key-signing key ${name}`, (c) => c.send(new CreateKeySigningKeyCommand({ CallerReference: `zonesync-${randomUUID()}`, HostedZoneId: zoneId, KeyManagementServiceArn: kmsArn, Name: name, Status: 'ACTIVE' })));
    return changeIdOf(out);
  }

  async enableDnssec(zone: string, zoneId: string): Promise<string | undefined> {
    const out = await this.send(`zone ${zone}: enabling DNSSEC signing`, (c) => c.send(new EnableHostedZoneDNSSECCommand({ HostedZoneId: zoneId })));
    return changeIdOf(out);
  }

  async disableDnssec(zone: string, zoneId: string): Promise<string | undefined> {
    const out = await this.send(`zone ${zone}: disabling DNSSEC signing`, (c) => c.send(new DisableHostedZoneDNSSECCommand({ HostedZoneId: zoneId })));
    return changeIdOf(out);
  }

  async deactivateKeySigningKey(zone: string, zoneId: string, name: string): Promise<string | undefined> {
    const out = await this.send(`zone ${zone}: deactivating key-signing key ${name}`, (c) => c.send(new DeactivateKeySigningKeyCommand({ HostedZoneId: zoneId, Name: name })));
    return changeIdOf(out);
  }

  async deleteKeySigningKey(zone: string, zoneId: string, name: string): Promise<string | undefined> {
    const out = await this.send(`zone ${zone}: deleting key-signing key ${name}`, (c) => c.send(new DeleteKeySigningKeyCommand({ HostedZoneId: zoneId, Name: name })));
    return changeIdOf(out);
  }

  close(): void {
    this.client.destroy();
  }
}

/** The id of the change an operation answered (`/change/C123…` → `C123…`), as GetChange takes it. */
function changeIdOf(out: { ChangeInfo?: { Id?: string | undefined } | undefined }): string | undefined {
  return out.ChangeInfo?.Id?.replace(/^\/change\//, '');
}
