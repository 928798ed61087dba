import { canonicalJson } from '../../core/canonical-json.js';
import { defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { RRset } from '../../core/model.js';
import { changeWeight, ROUTE53_LIMITS } from './apply.js';
import { CIDR_LIMITS, geoLocation, route53HealthSettings, settingsTags, steeredToRoute53, STEERING_LIMITS } from './dynamic.js';

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

