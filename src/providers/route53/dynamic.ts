import type { CidrCollectionChange, Change as Route53Change, HealthCheckConfig, ResourceRecordSet, RRType } from '@aws-sdk/client-route-53';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { canonicalDynamic, defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck, DynamicPool, DynamicRule, DynamicStatus } from '../../core/dynamic/model.js';
import type { RecordType, RRset } from '../../core/model.js';
import { changeWeight, ROUTE53_LIMITS } from './apply.js';

/**
 * Traffic steering (an rrset's octoDNS `dynamic`) as Route 53 record sets, both ways, named as
 * octoDNS's Route 53 provider names them, so a zone octoDNS wrote reads back as the same steering:
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
const withDot = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

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

function settingsFromTags(tags: Record<string, string>): Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined {
  let text = '';
  for (let i = 0; tags[settingsTagKey(i)] !== undefined; i++) text += tags[settingsTagKey(i)];
  if (text === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { healthcheck: DynamicHealthcheck; providerHealthcheck: Dynamic['providerHealthcheck'] | null };
    return parsed.providerHealthcheck ? { healthcheck: parsed.healthcheck, providerHealthcheck: parsed.providerHealthcheck } : { healthcheck: parsed.healthcheck };
  } catch {
    return undefined;
  }
}

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

/** Why Route 53 cannot serve this steered rrset as zonesync writes it (empty: it can). Checked at plan time: moto is looser than AWS. */
export function steeringProblems(rrset: RRset): string[] {
  const dynamic = rrset.dynamic;
  if (!dynamic) return [];
  const problems: string[] = [];
  if (!['A', 'AAAA', 'CNAME'].includes(rrset.type)) problems.push(`Route 53 steers A, AAAA and CNAME records, not ${rrset.type}`);
  const lower = new Set<string>();
  for (const [pool, data] of Object.entries(dynamic.pools)) {
    if (lower.has(pool.toLowerCase())) problems.push(`pool "${pool}": another pool differs only in case; Route 53 names (_octodns-${pool.toLowerCase()}-pool) do not`);
    lower.add(pool.toLowerCase());
    if (pool === 'default') problems.push('pool "default": the name is taken by the record\'s own values (_octodns-default-pool)');
    if (!/^[A-Za-z0-9_-]+$/.test(pool)) problems.push(`pool "${pool}": Route 53 pool names are letters, digits, - and _ (they become DNS labels)`);
    if (`_octodns-${pool}-value`.length > STEERING_LIMITS.maxLabel) problems.push(`pool "${pool}": too long for the DNS label _octodns-${pool}-value (at most ${STEERING_LIMITS.maxLabel} characters)`);
    if (`${pool}-Secondary-${data.fallback ?? 'default'}`.length > STEERING_LIMITS.maxSetIdentifier) problems.push(`pool "${pool}": its SetIdentifier would pass Route 53's ${STEERING_LIMITS.maxSetIdentifier} characters`);
    if (data.values.length > 1000) problems.push(`pool "${pool}": ${data.values.length} values, more than its SetIdentifiers (${pool}-000…) can number`);
    for (const v of data.values) {
      if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > STEERING_LIMITS.maxWeight) problems.push(`pool "${pool}" value ${v.value}: weight ${v.weight} is outside Route 53's 0..${STEERING_LIMITS.maxWeight}`);
    }
  }
  const seen = new Set<string>();
  dynamic.rules.forEach((rule, i) => {
    for (const subnet of rule.subnets ?? []) {
      const [address = '', length = ''] = subnet.split('/');
      const max = address.includes(':') ? CIDR_LIMITS.ipv6Prefix : CIDR_LIMITS.ipv4Prefix;
      if (Number(length) > max) problems.push(`rule ${i + 1}: subnet ${subnet} is narrower than Route 53's CIDR blocks go (at most /${max} for IPv${address.includes(':') ? 6 : 4})`);
    }
    if ((rule.subnets ?? []).length > 0 && `${i}-${rule.pool}-cidr`.length > STEERING_LIMITS.maxSetIdentifier) problems.push(`rule ${i + 1}: its SetIdentifier would pass Route 53's ${STEERING_LIMITS.maxSetIdentifier} characters`);
    for (const geo of rule.geos ?? []) {
      if (!geoLocation(geo)) problems.push(`rule ${i + 1}: geo ${geo} is not a Route 53 location (continents AF AN AS EU NA OC SA, countries XX-CC, subdivisions only for US states NA-US-SS)`);
      if (`${i}-${rule.pool}-${geo}`.length > STEERING_LIMITS.maxSetIdentifier) problems.push(`rule ${i + 1}: its SetIdentifier would pass Route 53's ${STEERING_LIMITS.maxSetIdentifier} characters`);
      if (seen.has(geo)) problems.push(`rule ${i + 1}: geo ${geo} is already routed by an earlier rule; Route 53 holds one record set per location`);
      seen.add(geo);
    }
    if (!rule.geos?.length && !rule.subnets?.length) {
      if (seen.has('*')) problems.push(`rule ${i + 1}: a second catch-all rule; Route 53 holds one default location`);
      seen.add('*');
    }
  });
  const blocks = dynamic.rules.reduce((n, r) => n + (r.subnets ?? []).length, 0);
  if (blocks > CIDR_LIMITS.blocksPerCollection) problems.push(`${blocks} subnets: more than the ${CIDR_LIMITS.blocksPerCollection} CIDR blocks a Route 53 CIDR collection holds`);
  const checked = Object.values(dynamic.pools).some((p) => p.values.some((v) => v.status !== 'up'));
  const hc = dynamic.healthcheck;
  const settings = route53HealthSettings(dynamic);
  if (checked) {
    if (!['HTTP', 'HTTPS', 'TCP'].includes(hc.protocol)) problems.push(`healthcheck protocol ${hc.protocol}: Route 53 checks HTTP, HTTPS or TCP`);
    if (!Number.isInteger(hc.port) || hc.port < 1 || hc.port > 65535) problems.push(`healthcheck port ${hc.port} is not 1..65535`);
    if (hc.path.length > 255) problems.push('healthcheck path is longer than Route 53\'s 255 characters');
    if (hc.host.length > 255) problems.push('healthcheck host is longer than Route 53\'s 255 characters');
    if (settings.requestInterval !== 10 && settings.requestInterval !== 30) problems.push(`octodns.route53.healthcheck.request_interval ${String(settings.requestInterval)}: Route 53 takes 10 or 30`);
    if (!Number.isInteger(settings.failureThreshold) || (settings.failureThreshold as number) < 1 || (settings.failureThreshold as number) > 10) {
      problems.push(`octodns.route53.healthcheck.failure_threshold ${String(settings.failureThreshold)}: Route 53 takes 1..10`);
    }
    if (typeof settings.measureLatency !== 'boolean') problems.push('octodns.route53.healthcheck.measure_latency must be true or false');
    if (settingsTags(dynamic).length > STEERING_LIMITS.maxSettingsTags) problems.push('the health settings are too long to keep on the health checks\' tags');
  } else {
    if (canonicalJson({ ...defaultHealthcheck(rrset.name), ...hc }) !== canonicalJson(defaultHealthcheck(rrset.name)) || dynamic.providerHealthcheck !== undefined) {
      problems.push('health settings on a record whose values are all status up: Route 53 has no health check to keep them on, so they would never read back; drop them or give a value status obey');
    }
  }
  // every record set goes in one change batch: refuse what cannot fit one
  const sets = steeredToRoute53(rrset, 'Z', (value) => `health-check-id-of-${value}`);
  const weight = sets.map((s) => changeWeight({ Action: 'UPSERT', ResourceRecordSet: s })).reduce((a, b) => ({ values: a.values + b.values, characters: a.characters + b.characters }), { values: 0, characters: 0 });
  if (weight.values > ROUTE53_LIMITS.maxValues || weight.characters > ROUTE53_LIMITS.maxCharacters) {
    problems.push(`its ${sets.length} record sets carry ${weight.values} values and ${weight.characters} characters (UPSERT counts twice), more than one change batch takes (${ROUTE53_LIMITS.maxValues} values, ${ROUTE53_LIMITS.maxCharacters} characters); a steered record is never split across batches`);
  }
  return problems;
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

export interface SteeredGroup {
  rrset: RRset;
  sets: ResourceRecordSet[];
}

/**
 * The steered rrsets among record sets read from a zone: groups named the way `steeredToRoute53`
 * names them, complete and consistent, each read back as one rrset with canonical `dynamic`.
 * Record sets of a group that does not add up (made by someone else, half deleted, a health check
 * zonesync did not make) are not taken: the caller keeps them as routing it leaves alone.
 */
/** zonesync's CIDR collection of a hosted zone as read: its id and its locations' blocks. */
export interface CidrCollectionRead {
  id: string;
  locations: ReadonlyMap<string, string[]>;
}

export function steeredFromRoute53(sets: ResourceRecordSet[], zoneId: string, healthChecks: ReadonlyMap<string, HealthCheckRecord>, valueOf: (type: RecordType, value: string) => string | undefined, cidr?: CidrCollectionRead): SteeredGroup[] {
  const byBase = new Map<string, ResourceRecordSet[]>();
  for (const set of sets) {
    const name = withDot(set.Name ?? '');
    const base = steeringBase(name);
    const key = `${base}|${set.Type}`;
    const list = byBase.get(key) ?? [];
    list.push(set);
    byBase.set(key, list);
  }
  const groups: SteeredGroup[] = [];
  for (const [key, list] of byBase) {
    const [base, type] = key.split('|') as [string, RecordType];
    if (!['A', 'AAAA', 'CNAME'].includes(type)) continue;
    if (!list.some((s) => withDot(s.Name ?? '') === base && (s.GeoLocation || s.CidrRoutingConfig) && s.AliasTarget)) continue;
    const rrset = groupToRRset(base, type, list, zoneId, healthChecks, valueOf, cidr);
    if (rrset) groups.push({ rrset, sets: list });
  }
  return groups;
}

function groupToRRset(base: string, type: RecordType, list: ResourceRecordSet[], zoneId: string, healthChecks: ReadonlyMap<string, HealthCheckRecord>, valueOf: (type: RecordType, value: string) => string | undefined, cidr: CidrCollectionRead | undefined): RRset | undefined {
  const defaults = list.filter((s) => withDot(s.Name ?? '') === defaultPoolName(base));
  const fallbackSet = defaults[0];
  if (defaults.length !== 1 || !fallbackSet || fallbackSet.SetIdentifier !== undefined || fallbackSet.AliasTarget) return undefined;
  const values: string[] = [];
  for (const r of fallbackSet.ResourceRecords ?? []) {
    const v = valueOf(type, r.Value ?? '');
    if (v === undefined) return undefined;
    values.push(v);
  }
  const ttl = fallbackSet.TTL ?? 0;
  const sameZone = (s: ResourceRecordSet) => s.AliasTarget !== undefined && (s.AliasTarget.HostedZoneId ?? '').replace(/^\/hostedzone\//, '') === zoneId && s.AliasTarget.EvaluateTargetHealth === true;
  const target = (s: ResourceRecordSet) => withDot(s.AliasTarget?.DNSName ?? '');
  // pools, from their failover pairs
  const pools: Record<string, DynamicPool> = {};
  const fallbacks = new Map<string, string>();
  const poolSets = list.filter((s) => /^_octodns-.*-pool\./.test(withDot(s.Name ?? '')) && withDot(s.Name ?? '') !== defaultPoolName(base));
  for (const s of poolSets) {
    const id = s.SetIdentifier ?? '';
    if (!sameZone(s)) return undefined;
    if (s.Failover === 'PRIMARY' && id.endsWith('-Primary')) {
      const pool = id.slice(0, -'-Primary'.length);
      if (withDot(s.Name ?? '') !== poolSetName(pool, base) || target(s) !== valueSetName(pool, base) || pools[pool]) return undefined;
      pools[pool] = { values: [] };
    } else if (s.Failover === 'SECONDARY' && id.includes('-Secondary-')) {
      const at = id.indexOf('-Secondary-');
      const pool = id.slice(0, at);
      const fallback = id.slice(at + '-Secondary-'.length);
      const expected = fallback === 'default' ? defaultPoolName(base) : poolSetName(fallback, base);
      if (withDot(s.Name ?? '') !== poolSetName(pool, base) || target(s) !== expected || fallbacks.has(pool)) return undefined;
      fallbacks.set(pool, fallback);
    } else return undefined;
  }
  for (const pool of Object.keys(pools)) if (!fallbacks.has(pool)) return undefined;
  for (const [pool, fallback] of fallbacks) {
    const data = pools[pool];
    if (!data || (fallback !== 'default' && !pools[fallback])) return undefined;
    if (fallback !== 'default') data.fallback = fallback;
  }
  // pool values, weighted, each with its health check when checked
  let settings: Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined;
  const prefix = healthCheckPrefix({ name: base, type });
  for (const s of list.filter((x) => /^_octodns-.*-value\./.test(withDot(x.Name ?? '')))) {
    const id = s.SetIdentifier ?? '';
    const match = /^(.*)-(\d{3})$/.exec(id);
    const pool = match?.[1];
    const data = pool === undefined ? undefined : pools[pool];
    if (!data || pool === undefined || withDot(s.Name ?? '') !== valueSetName(pool, base) || s.Weight === undefined || s.AliasTarget || (s.ResourceRecords ?? []).length !== 1 || s.TTL !== ttl) return undefined;
    const value = valueOf(type, s.ResourceRecords?.[0]?.Value ?? '');
    if (value === undefined) return undefined;
    let status: DynamicStatus = 'up';
    if (s.HealthCheckId !== undefined) {
      const check = healthChecks.get(s.HealthCheckId);
      if (!check || !check.callerReference.startsWith(prefix)) return undefined;
      status = check.config.Disabled && check.config.Inverted ? 'down' : 'obey';
      settings ??= settingsFromTags(check.tags);
    }
    data.values.push({ value, weight: s.Weight, status });
  }
  if (Object.values(pools).some((p) => p.values.length === 0)) return undefined;
  // rules: the CIDR record sets at the name (when it routes by CIDR), then the geolocation record sets
  const rules = new Map<number, { pool: string; geos: string[]; catchAll: boolean; subnets?: string[] }>();
  const atName = list.filter((x) => withDot(x.Name ?? '') === base);
  let geoAt = base;
  if (atName.some((s) => s.CidrRoutingConfig)) {
    const read = cidrRules(base, type, atName, Object.keys(pools), cidr, sameZone, target);
    if (!read) return undefined;
    for (const [index, rule] of read.rules) rules.set(index, { ...rule, geos: [], catchAll: false });
    geoAt = read.geoAt;
    if (geoAt !== geoSetName(base) && list.some((x) => withDot(x.Name ?? '') === geoSetName(base))) return undefined;
  } else if (list.some((x) => withDot(x.Name ?? '') === geoSetName(base))) return undefined;
  for (const s of list.filter((x) => withDot(x.Name ?? '') === geoAt && geoAt !== defaultPoolName(base))) {
    if (!s.GeoLocation || !sameZone(s)) return undefined;
    const id = s.SetIdentifier ?? '';
    const dash = id.indexOf('-');
    const index = Number(id.slice(0, dash));
    if (dash < 1 || !Number.isInteger(index) || String(index) !== id.slice(0, dash)) return undefined;
    const rest = id.slice(dash + 1);
    const pool = Object.keys(pools).find((p) => rest.startsWith(`${p}-`) && target(s) === poolSetName(p, base));
    if (pool === undefined) return undefined;
    const geo = rest.slice(pool.length + 1);
    const rule = rules.get(index) ?? { pool, geos: [], catchAll: false };
    if (rule.pool !== pool) return undefined;
    if (geo === 'None') {
      if (s.GeoLocation.CountryCode !== '*' || s.GeoLocation.ContinentCode || s.GeoLocation.SubdivisionCode) return undefined;
      rule.catchAll = true;
    } else {
      if (canonicalJson(geoLocation(geo) ?? null) !== canonicalJson(Object.fromEntries(Object.entries(s.GeoLocation).filter(([, v]) => v !== undefined)))) return undefined;
      rule.geos.push(geo);
    }
    if (rule.catchAll && (rule.geos.length > 0 || rule.subnets)) return undefined;
    rules.set(index, rule);
  }
  if (geoAt === geoSetName(base) && ![...rules.values()].some((r) => r.geos.length > 0 || r.catchAll)) return undefined;
  const ruleList: DynamicRule[] = [...rules.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => (r.catchAll ? { pool: r.pool } : { pool: r.pool, ...(r.geos.length > 0 ? { geos: r.geos } : {}), ...(r.subnets ? { subnets: r.subnets } : {}) }));
  const dynamic: Dynamic = { pools, rules: ruleList, healthcheck: settings?.healthcheck ?? defaultHealthcheck(base), ...(settings?.providerHealthcheck ? { providerHealthcheck: settings.providerHealthcheck } : {}) };
  return { name: base, type, ttl, values: [...new Set(values)].sort(), dynamic: canonicalDynamic(base, type, dynamic, '.') };
}

/**
 * The subnet rules of a name that routes by CIDR: each record set there names zonesync's collection
 * and the location zonesync gives its rule, `cidr-default` the default location `*`; and where the
 * rest of the rules are (`_zonesync-geo.<name>`, or none: the record's values).
 */
function cidrRules(
  base: string,
  type: RecordType,
  atName: ResourceRecordSet[],
  pools: string[],
  cidr: CidrCollectionRead | undefined,
  sameZone: (s: ResourceRecordSet) => boolean,
  target: (s: ResourceRecordSet) => string,
): { rules: Map<number, { pool: string; subnets: string[] }>; geoAt: string } | undefined {
  if (!cidr) return undefined;
  const rules = new Map<number, { pool: string; subnets: string[] }>();
  let geoAt: string | undefined;
  for (const s of atName) {
    const config = s.CidrRoutingConfig;
    if (!config || config.CollectionId !== cidr.id || !sameZone(s)) return undefined;
    const id = s.SetIdentifier ?? '';
    if (id === 'cidr-default') {
      if (config.LocationName !== '*' || geoAt !== undefined || ![geoSetName(base), defaultPoolName(base)].includes(target(s))) return undefined;
      geoAt = target(s);
      continue;
    }
    const match = /^(\d+)-(.+)-cidr$/.exec(id);
    const index = Number(match?.[1]);
    const pool = match?.[2];
    if (!match || pool === undefined || String(index) !== match[1] || !pools.includes(pool) || target(s) !== poolSetName(pool, base) || rules.has(index)) return undefined;
    const blocks = cidr.locations.get(config.LocationName ?? '');
    if (config.LocationName !== cidrLocationName({ name: base, type }, index) || !blocks || blocks.length === 0) return undefined;
    rules.set(index, { pool, subnets: [...blocks] });
  }
  return geoAt === undefined ? undefined : { rules, geoAt };
}

/** The steered rrsets' record sets, for counting what GetHostedZone reports. */
export function steeredSetCount(rrset: RRset): number {
  return rrset.dynamic ? steeredToRoute53(rrset, 'Z', () => undefined).length : 1;
}
