import {
  ListCidrBlocksCommand,
  ListCidrCollectionsCommand,
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HealthCheck,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import type { RecordType, RRset, Zone } from '../../../src/core/model.js';
import { isRecordType } from '../../../src/core/model.js';
import type { Nameserver } from '../../../src/dns/nameserver.js';
import { nameFromRoute53, parseSoa, valueFromRoute53 } from '../../../src/providers/route53/convert.js';
import { MOTO_CREDENTIALS } from '../../harness/moto.js';
import { needsIntegration } from '../../support/project.js';
import { startDnsServer, type DnsClient, type SteeredAnswer } from '../../support/dns-server.js';
import { locate } from '../ns1/steer.js';
import { route, routedNames, setName, type Client, type RoutingContext } from './routing.js';

/**
 * A Route 53 nameserver for tests, on 127.0.0.1: moto_server has none. It reads hosted zones from a
 * Route 53 API (moto, or the counting proxy in front of it that serves the CIDR collections moto
 * lacks: test/providers/route53-proxy.ts) — ListResourceRecordSets, ListCidrCollections and
 * ListCidrBlocks, ListHealthChecks — when told to (`refresh`), and answers queries from what it
 * read: plain record sets as they are, names with routing policies or aliases per query by
 * routing.ts, the client placed by its EDNS Client Subnet (else the query's source) through the
 * NS1 simulator's geo table SIM_GEO, so the same subnets mean the same places for both.
 * moto evaluates no health checks: each counts as healthy until `setFailing`; a disabled check is
 * healthy and an inverted one the reverse (HealthCheckConfig's Disabled and Inverted).
 * The ECS scope in a routed answer is the query's source prefix when the client's place chose the
 * answer (geolocation or IP-based routing on the way), else /0: Route 53 does not document its
 * scope, and this is what RFC 7871 §7.2.1 asks of a server whose answer depends on that subnet.
 */

export interface Route53DnsOptions {
  /** The Route 53 API to read. */
  endpoint: string;
  /** The hosted zones to serve, by name. */
  zones: string[];
  /** The weighted choice's random numbers in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface Route53Dns {
  dns: Nameserver;
  /** Read the zones again; the nameserver answers from the last read. */
  refresh(): Promise<void>;
  /** As if Route 53's checkers found this check's endpoint down (true) or up again (false). */
  setFailing(healthCheckId: string, failing: boolean): void;
  /** The health checks (as last read) that check this IP address (or this host name, for a check without one). */
  healthChecksOf(endpoint: string): string[];
  close(): Promise<void>;
}

interface Snapshot {
  sets: ResourceRecordSet[];
  routed: Set<string>;
}

const zoneName = (name: string): string => setName(name);

/** The zone of plain record sets (no routing policy, no alias) the server answers as they are. */
function plainZone(name: string, sets: ResourceRecordSet[]): Zone {
  const rrsets: RRset[] = [];
  for (const set of sets) {
    if (set.SetIdentifier !== undefined || set.AliasTarget || !set.Type || !isRecordType(set.Type)) continue;
    const type = set.Type as RecordType;
    const values = (set.ResourceRecords ?? []).flatMap((r) => {
      const value = valueFromRoute53(type, r.Value ?? '');
      return value.ok ? [value.value] : [];
    });
    rrsets.push({ name: nameFromRoute53(set.Name ?? ''), type, ttl: set.TTL ?? 300, values });
  }
  const soaSet = sets.find((s) => s.Type === 'SOA');
  const soa = soaSet ? parseSoa(soaSet.ResourceRecords?.[0]?.Value ?? '', soaSet.TTL ?? 900) : undefined;
  return { name, rrsets, ...(soa ? { soa } : {}) };
}

function values(type: string, texts: string[]): string[] {
  if (!isRecordType(type)) return [];
  return texts.flatMap((text) => {
    const value = valueFromRoute53(type, text);
    return value.ok ? [value.value] : [];
  });
}

export async function startRoute53Dns(options: Route53DnsOptions): Promise<Route53Dns> {
  needsIntegration('the Route 53 nameserver simulator');
  const sdk = new Route53Client({ endpoint: options.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
  const served = new Map<string, Snapshot>();
  let cidr = new Map<string, Map<string, string[]>>();
  let checks = new Map<string, HealthCheck>();
  const failing = new Set<string>();

  const healthy = (id: string): boolean => {
    const config = checks.get(id)?.HealthCheckConfig;
    const up = config?.Disabled === true || !failing.has(id);
    return config?.Inverted === true ? !up : up;
  };
  const ctx = (zone: Snapshot): RoutingContext => ({ sets: zone.sets, cidr, healthy, random: options.random ?? Math.random });

  const steer = (name: string, type: string, query: DnsClient): SteeredAnswer | undefined => {
    const owner = zoneName(name);
    const zone = [...served.entries()].filter(([z]) => owner === z || owner.endsWith(`.${z}`)).sort((a, b) => b[0].length - a[0].length)[0]?.[1];
    if (!zone || !zone.routed.has(owner)) return undefined;
    const ecs = query.ecs && query.ecs.sourcePrefix > 0 ? query.ecs : undefined;
    const address = ecs?.address ?? query.source;
    const client: Client = { address, prefix: ecs?.sourcePrefix ?? (address.includes(':') ? 128 : 32), where: locate(address) };
    const routed = route(ctx(zone), owner, type, client);
    const scopePrefix = ecs && routed.byClient ? ecs.sourcePrefix : 0;
    const answer = routed.kind === 'answer' ? values(type, routed.values) : [];
    const ttl = routed.kind === 'answer' ? routed.ttl : 0;
    return { rrset: { name: owner, type: (isRecordType(type) ? type : 'A') as RecordType, ttl, values: answer }, scopePrefix };
  };
  const server = await startDnsServer({ steer });

  async function recordSets(zoneId: string): Promise<ResourceRecordSet[]> {
    const sets: ResourceRecordSet[] = [];
    let next: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
    for (;;) {
      const page = await sdk.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...next }));
      sets.push(...(page.ResourceRecordSets ?? []));
      if (!page.IsTruncated) return sets;
      next = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}) };
    }
  }

  async function readCidr(): Promise<Map<string, Map<string, string[]>>> {
    const out = new Map<string, Map<string, string[]>>();
    let collections;
    try {
      collections = (await sdk.send(new ListCidrCollectionsCommand({}))).CidrCollections ?? [];
    } catch (error) {
      // moto 5.2.1 has no CIDR collections (404): served without them unless the endpoint is the proxy that has them
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return out;
      throw error;
    }
    for (const collection of collections) {
      const locations = new Map<string, string[]>();
      let token: string | undefined;
      do {
        const page = await sdk.send(new ListCidrBlocksCommand({ CollectionId: collection.Id, NextToken: token }));
        for (const block of page.CidrBlocks ?? []) locations.set(block.LocationName ?? '', [...(locations.get(block.LocationName ?? '') ?? []), block.CidrBlock ?? '']);
        token = page.NextToken;
      } while (token);
      out.set(collection.Id ?? '', locations);
    }
    return out;
  }

  async function readChecks(): Promise<Map<string, HealthCheck>> {
    const out = new Map<string, HealthCheck>();
    let marker: string | undefined;
    do {
      const page = await sdk.send(new ListHealthChecksCommand({ Marker: marker }));
      for (const check of page.HealthChecks ?? []) out.set(check.Id ?? '', check);
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return out;
  }

  return {
    dns: { name: 'ns-sim.awsdns.test.', address: server.address, port: server.port },
    async refresh() {
      const hosted = (await sdk.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
      cidr = await readCidr();
      checks = await readChecks();
      for (const name of options.zones.map(zoneName)) {
        const zone = hosted.find((z) => zoneName(z.Name ?? '') === name);
        if (!zone?.Id) {
          served.delete(name);
          server.removeZone(name);
          continue;
        }
        const sets = await recordSets(zone.Id);
        served.set(name, { sets, routed: routedNames(sets) });
        server.setZone(plainZone(name, sets));
      }
    },
    setFailing(id, on) {
      if (on) failing.add(id);
      else failing.delete(id);
    },
    healthChecksOf(endpoint) {
      return [...checks.values()].filter((c) => (c.HealthCheckConfig?.IPAddress ?? c.HealthCheckConfig?.FullyQualifiedDomainName) === endpoint).map((c) => c.Id ?? '');
    },
    async close() {
      sdk.destroy();
      await server.close();
    },
  };
}
