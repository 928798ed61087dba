import type { CidrCollectionChange, Change as Route53Change, HealthCheckConfig, ResourceRecordSet, RRType } from '@aws-sdk/client-route-53';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck, DynamicStatus } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';

/**
 * Traffic steering (an rrset's octoDNS `dynamic`) written as Route 53 record sets (read back in
 * dynamic-read.ts, its plan-time limits in dynamic-limits.ts), named as octoDNS's Route 53 provider
 * names them, so a zone octoDNS wrote reads back as the same steering:
 * - the record's plain `values`: `_octodns-default-pool.<name>`, a plain record set;
 * - each pool: a failover pair at `_octodns-<pool>-pool.<name>`, PRIMARY (`<pool>-Primary`) an alias
 *   to its values, SECONDARY (`<pool>-Secondary-<fallback>`) an alias to the fallback pool's pair
 *   (`default` when the pool names none), both evaluating target health;
 * - each pool value: a weighted record set at `_octodns-<pool>-value.<name>` (`<pool>-000`…), with
 *   the value's health check when its status is `obey` (a check that is disabled and inverted when `down`);
 * - each rule: geolocation record sets at `<name>` (`<index>-<pool>-<geo>`), alias to the pool's pair,
 *   one per geo (continent, country, US state), the catch-all as the default location `*` (`<index>-<pool>-None`).
 * Subnet rules (octoDNS's Route 53 provider has none; zonesync's own mapping) are IP-based routing:
 * - one CIDR collection per hosted zone, `zonesync-<zone id>`, that zonesync creates, changes and
 *   deletes when empty; each subnet rule a location in it, `<hash of name and type>-<index>`, its
 *   blocks the rule's subnets;
 * - the CIDR record sets at `<name>` (`<index>-<pool>-cidr`), alias to the pool's pair, and the
 *   default location `*` (`cidr-default`) an alias to `_zonesync-geo.<name>`, which holds the
 *   geolocation record sets of the other rules (Route 53 takes one routing policy per name and
 *   type), or to `_octodns-default-pool.<name>` when no rule routes by geo or catches all.
 * Route 53 answers by CIDR first, as octoDNS orders rules (subnet rules before geo rules).
 */

const CONTINENTS: ReadonlySet<string> = new Set(['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA']);
/** Route 53's limits that moto does not check (ChangeResourceRecordSets, CreateHealthCheck). */
export const STEERING_LIMITS = { maxWeight: 255, maxSetIdentifier: 128, maxLabel: 63, maxTagValue: 256, maxSettingsTags: 8 } as const;
/** octoDNS's defaults for `octodns.route53.healthcheck`. */
export const ROUTE53_HEALTHCHECK_DEFAULTS = { measure_latency: true, request_interval: 10, failure_threshold: 6 } as const;

export const defaultPoolName = (fqdn: string): string => `_octodns-default-pool.${fqdn}`;
export const poolSetName = (pool: string, fqdn: string): string => `_octodns-${pool.toLowerCase()}-pool.${fqdn}`;
export const valueSetName = (pool: string, fqdn: string): string => `_octodns-${pool.toLowerCase()}-value.${fqdn}`;
/** Where the geolocation record sets go when the name itself routes by CIDR. */
export const geoSetName = (fqdn: string): string => `_zonesync-geo.${fqdn}`;
/** The CIDR collection zonesync keeps for a hosted zone's subnet rules. */
export const cidrCollectionName = (zoneId: string): string => `zonesync-${zoneId.replace(/^\/hostedzone\//, '')}`;
/** Prefix of the CIDR locations of one rrset: 10 hex digits of a hash of its name and type, then `-`. */
export function cidrLocationPrefix(rrset: { name: string; type: string }): string {
  return `${createHash('sha256').update(`${rrset.name} ${rrset.type}`).digest('hex').slice(0, 10)}-`;
}
/** The CIDR location of rule `index` of an rrset (at most 16 characters: Route 53's limit). */
export const cidrLocationName = (rrset: { name: string; type: string }, index: number): string => `${cidrLocationPrefix(rrset)}${index}`;
/** Route 53's CIDR limits (CidrCollectionChange, CIDR collection quotas). */
export const CIDR_LIMITS = { locationName: 16, ipv4Prefix: 24, ipv6Prefix: 48, blocksPerCollection: 1000, blocksPerRequest: 1000 } as const;
/** The collection id used where none is known yet (plan-time sizing). */
const SOME_COLLECTION = '00000000-0000-0000-0000-000000000000';

/** The CIDR locations an rrset's subnet rules need: location name → blocks. */
export function cidrLocations(rrset: RRset): Map<string, string[]> {
  const out = new Map<string, string[]>();
  (rrset.dynamic?.rules ?? []).forEach((rule, i) => {
    if (rule.subnets && rule.subnets.length > 0) out.set(cidrLocationName(rrset, i), [...rule.subnets]);
  });
  return out;
}

/** CIDR collection changes cut into requests of at most CIDR_LIMITS.blocksPerRequest blocks (ChangeCidrCollection's limit), in order. */
export function cidrRequests(changes: CidrCollectionChange[]): CidrCollectionChange[][] {
  const requests: CidrCollectionChange[][] = [];
  let current: CidrCollectionChange[] = [];
  let size = 0;
  for (const change of changes) {
    const blocks = change.CidrList ?? [];
    for (let i = 0; i < blocks.length; ) {
      if (size === CIDR_LIMITS.blocksPerRequest) {
        requests.push(current);
        current = [];
        size = 0;
      }
      const take = blocks.slice(i, i + CIDR_LIMITS.blocksPerRequest - size);
      current.push({ ...change, CidrList: take });
      size += take.length;
      i += take.length;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

const routesByCidr = (dynamic: Dynamic): boolean => dynamic.rules.some((r) => (r.subnets ?? []).length > 0);
const withoutDot = (name: string): string => name.replace(/\.$/, '');
/** A name with its trailing dot, lower case: how record set names compare. */
export const withDot = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

/** The steered rrset a helper name (`_octodns-…-pool.` / `-value.`) belongs to; the name itself otherwise. */
export function steeringBase(name: string): string {
  const match = /^(?:_octodns-[^.]*-(?:pool|value)|_zonesync-geo)\.(.+)$/.exec(name);
  return match ? (match[1] as string) : name;
}

/** `EU` → continent, `EU-DE` → country, `NA-US-CA` → US state; undefined where Route 53 has no such location. */
export function geoLocation(geo: string): { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string } | undefined {
  const parts = geo.split('-');
  const [continent, country, province] = parts;
  if (!continent || !CONTINENTS.has(continent) || parts.length > 3) return undefined;
  if (country === undefined) return { ContinentCode: continent };
  if (!/^[A-Z]{2}$/.test(country)) return undefined;
  if (province === undefined) return { CountryCode: country };
  // Route 53 subdivisions are US states only (API GeoLocation: SubdivisionCode)
  if (country !== 'US' || !/^[A-Z]{2}$/.test(province)) return undefined;
  return { CountryCode: country, SubdivisionCode: province };
}

/** The `octodns.route53.healthcheck` settings with octoDNS's defaults (written flat or under `healthcheck`). */
export function route53HealthSettings(dynamic: Dynamic): { measureLatency: unknown; requestInterval: unknown; failureThreshold: unknown } {
  const block = (dynamic.providerHealthcheck?.route53 ?? {}) as Record<string, unknown>;
  const inner = (typeof block.healthcheck === 'object' && block.healthcheck !== null ? block.healthcheck : block) as Record<string, unknown>;
  return {
    measureLatency: inner.measure_latency ?? ROUTE53_HEALTHCHECK_DEFAULTS.measure_latency,
    requestInterval: inner.request_interval ?? ROUTE53_HEALTHCHECK_DEFAULTS.request_interval,
    failureThreshold: inner.failure_threshold ?? ROUTE53_HEALTHCHECK_DEFAULTS.failure_threshold,
  };
}

/** The health check a value with status `obey` (or `down`: disabled and inverted, so never healthy) gets, as octoDNS configures it. */
export function healthCheckConfig(rrset: RRset, value: string, status: DynamicStatus): HealthCheckConfig {
  const dynamic = rrset.dynamic as Dynamic;
  const hc: DynamicHealthcheck = { ...defaultHealthcheck(rrset.name), ...dynamic.healthcheck };
  const settings = route53HealthSettings(dynamic);
  const config: HealthCheckConfig = {
    Type: hc.protocol,
    Port: hc.port,
    MeasureLatency: settings.measureLatency === true,
    RequestInterval: Number(settings.requestInterval),
    FailureThreshold: Number(settings.failureThreshold),
    EnableSNI: hc.protocol === 'HTTPS',
    Disabled: status === 'down',
    Inverted: status === 'down',
  };
  if (hc.protocol !== 'TCP') {
    config.FullyQualifiedDomainName = hc.host;
    config.ResourcePath = hc.path;
  }
  if (rrset.type === 'CNAME') config.FullyQualifiedDomainName = withoutDot(value);
  else config.IPAddress = value;
  return config;
}

/** The fields of a health check that decide whether an existing one serves a value (what `healthCheckConfig` sets). */
export function sameHealthConfig(a: HealthCheckConfig, b: HealthCheckConfig): boolean {
  const pick = (c: HealthCheckConfig) => ({
    Type: c.Type,
    Port: c.Port,
    MeasureLatency: c.MeasureLatency === true,
    RequestInterval: c.RequestInterval,
    FailureThreshold: c.FailureThreshold,
    EnableSNI: c.EnableSNI === true,
    Disabled: c.Disabled === true,
    Inverted: c.Inverted === true,
    FullyQualifiedDomainName: c.FullyQualifiedDomainName ?? null,
    ResourcePath: c.Type === 'TCP' ? null : (c.ResourcePath ?? null),
    IPAddress: c.IPAddress ? normalIp(c.IPAddress) : null,
  });
  return canonicalJson(pick(a)) === canonicalJson(pick(b));
}

/** Route 53 may spell an IPv6 address another way (`2001:db8:0:0:0:0:0:1`): compare expanded. */
function normalIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** CallerReference prefix of the health checks zonesync makes for one rrset: `zonesync:<hash of name and type>:`. */
export function healthCheckPrefix(rrset: { name: string; type: string }): string {
  return `zonesync:${createHash('sha256').update(`${rrset.name} ${rrset.type}`).digest('hex').slice(0, 20)}:`;
}

/** Characters Route 53 takes in a tag value (ChangeTagsForResource); others become `-`, as octoDNS does. */
export const tagSafe = (text: string): string => text.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, '-').slice(0, STEERING_LIMITS.maxTagValue);

/** The rrset's health settings as written (base64url, cut into tag-sized pieces): read back exactly, defaults and provider blocks included. */
export function settingsTags(dynamic: Dynamic): string[] {
  const text = Buffer.from(canonicalJson({ healthcheck: dynamic.healthcheck, providerHealthcheck: dynamic.providerHealthcheck ?? null }), 'utf8').toString('base64url');
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += STEERING_LIMITS.maxTagValue) pieces.push(text.slice(i, i + STEERING_LIMITS.maxTagValue));
  return pieces;
}

export const SETTINGS_TAG = 'zonesync:settings';
export const OWNER_TAG = 'zonesync:owner';
export const settingsTagKey = (index: number): string => (index === 0 ? SETTINGS_TAG : `${SETTINGS_TAG}:${index + 1}`);

/** A health check as listed (ListHealthChecks + its tags). */
export interface HealthCheckRecord {
  id: string;
  callerReference: string;
  config: HealthCheckConfig;
  tags: Record<string, string>;
}

/** The record sets that make Route 53 serve a steered rrset; `healthCheckId(value, status)` names the check of each checked value. */
export function steeredToRoute53(rrset: RRset, zoneId: string, healthCheckId: (value: string, status: DynamicStatus) => string | undefined, collectionId: string = SOME_COLLECTION): ResourceRecordSet[] {
  const dynamic = rrset.dynamic as Dynamic;
  const fqdn = rrset.name;
  const type = rrset.type as RRType;
  const alias = (target: string) => ({ DNSName: withoutDot(target), HostedZoneId: zoneId, EvaluateTargetHealth: true });
  const sets: ResourceRecordSet[] = [{ Name: withoutDot(defaultPoolName(fqdn)), Type: type, TTL: rrset.ttl, ResourceRecords: rrset.values.map((v) => ({ Value: v })) }];
  for (const [pool, data] of Object.entries(dynamic.pools)) {
    const name = withoutDot(poolSetName(pool, fqdn));
    const fallback = data.fallback ?? 'default';
    sets.push({ Name: name, Type: type, SetIdentifier: `${pool}-Primary`, Failover: 'PRIMARY', AliasTarget: alias(valueSetName(pool, fqdn)) });
    sets.push({ Name: name, Type: type, SetIdentifier: `${pool}-Secondary-${fallback}`, Failover: 'SECONDARY', AliasTarget: alias(fallback === 'default' ? defaultPoolName(fqdn) : poolSetName(fallback, fqdn)) });
    data.values.forEach((v, i) => {
      const id = v.status === 'up' ? undefined : healthCheckId(v.value, v.status);
      sets.push({
        Name: withoutDot(valueSetName(pool, fqdn)),
        Type: type,
        SetIdentifier: `${pool}-${String(i).padStart(3, '0')}`,
        Weight: v.weight,
        TTL: rrset.ttl,
        ResourceRecords: [{ Value: v.value }],
        ...(id ? { HealthCheckId: id } : {}),
      });
    });
  }
  const cidr = routesByCidr(dynamic);
  const geoAt = cidr ? geoSetName(fqdn) : fqdn;
  let geoSets = 0;
  dynamic.rules.forEach((rule, i) => {
    const hasSubnets = (rule.subnets ?? []).length > 0;
    if (hasSubnets) {
      sets.push({ Name: withoutDot(fqdn), Type: type, SetIdentifier: `${i}-${rule.pool}-cidr`, CidrRoutingConfig: { CollectionId: collectionId, LocationName: cidrLocationName(rrset, i) }, AliasTarget: alias(poolSetName(rule.pool, fqdn)) });
    }
    const geos = rule.geos && rule.geos.length > 0 ? rule.geos : hasSubnets ? [] : [undefined];
    for (const geo of geos) {
      geoSets++;
      sets.push({
        Name: withoutDot(geoAt),
        Type: type,
        SetIdentifier: `${i}-${rule.pool}-${geo ?? 'None'}`,
        GeoLocation: geo === undefined ? { CountryCode: '*' } : (geoLocation(geo) ?? { CountryCode: '*' }),
        AliasTarget: alias(poolSetName(rule.pool, fqdn)),
      });
    }
  });
  if (cidr) {
    sets.push({ Name: withoutDot(fqdn), Type: type, SetIdentifier: 'cidr-default', CidrRoutingConfig: { CollectionId: collectionId, LocationName: '*' }, AliasTarget: alias(geoSets > 0 ? geoAt : defaultPoolName(fqdn)) });
  }
  return sets;
}

/** Identity of a record set inside a zone: name, type and SetIdentifier. */
export const setIdentity = (set: ResourceRecordSet): string => `${withDot(set.Name ?? '')}|${set.Type}|${set.SetIdentifier ?? ''}`;

/** What a record set says, without what Route 53 adds on the way back (alias TTL 0, trailing dots). */
export function setContent(set: ResourceRecordSet): string {
  const out: Record<string, unknown> = { ...set, Name: withDot(set.Name ?? '') };
  if (set.AliasTarget) {
    delete out.TTL;
    out.AliasTarget = { ...set.AliasTarget, DNSName: withDot(set.AliasTarget.DNSName ?? ''), HostedZoneId: (set.AliasTarget.HostedZoneId ?? '').replace(/^\/hostedzone\//, '') };
  }
  return canonicalJson(out);
}

/**
 * The changes, in the order Route 53 needs them, that turn record sets `before` into `after`:
 * DELETEs first, from the rules down to the values (nothing deleted is still pointed at), then
 * CREATEs and UPSERTs from the values up to the rules (every alias target exists first): octoDNS's `_mod_keyer`.
 * A record set that is new is sent as `add`: CREATE when the rrset is created (the write is its
 * own check that nothing is there), UPSERT when it changes.
 */
export function orderedChanges(before: ResourceRecordSet[], after: ResourceRecordSet[], add: 'CREATE' | 'UPSERT' = 'CREATE'): Route53Change[] {
  const old = new Map(before.map((s) => [setIdentity(s), s]));
  const wanted = new Map(after.map((s) => [setIdentity(s), s]));
  const changes: Route53Change[] = [];
  for (const [id, set] of old) if (!wanted.has(id)) changes.push({ Action: 'DELETE', ResourceRecordSet: set });
  for (const [id, set] of wanted) {
    const was = old.get(id);
    if (!was) changes.push({ Action: add, ResourceRecordSet: set });
    else if (setContent(was) !== setContent(set)) changes.push({ Action: 'UPSERT', ResourceRecordSet: set });
  }
  // CIDR record sets alias the geolocation ones (`_zonesync-geo.`): one level further up
  const depth = (set: ResourceRecordSet): number => (set.CidrRoutingConfig ? 4 : set.GeoLocation ? 3 : set.AliasTarget ? (set.Failover === 'SECONDARY' ? 2 : 1) : 0);
  const key = (c: Route53Change): [number, number, string] => {
    const set = c.ResourceRecordSet as ResourceRecordSet;
    return c.Action === 'DELETE' ? [0, -depth(set), setIdentity(set)] : [1, depth(set), setIdentity(set)];
  };
  return changes.sort((a, b) => {
    const [a0, a1, a2] = key(a);
    const [b0, b1, b2] = key(b);
    return a0 - b0 || a1 - b1 || (a2 < b2 ? -1 : a2 > b2 ? 1 : 0);
  });
}

/** The steered rrsets' record sets, for counting what GetHostedZone reports. */
export function steeredSetCount(rrset: RRset): number {
  return rrset.dynamic ? steeredToRoute53(rrset, 'Z', () => undefined).length : 1;
}
