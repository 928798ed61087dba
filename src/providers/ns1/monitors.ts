import type { Dynamic } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import { encodeNote, parseNote } from './dynamic.js';

/**
 * The NS1 monitoring job zonesync keeps for a steered value whose status is `obey`, as octoDNS's
 * NS1 provider makes it (octodns_ns1 `_monitor_gen` with `use_http_monitors`): TCP for a TCP
 * health check, an HTTP job for HTTP and HTTPS; named `<host> - <type> - <value>`, with notes
 * `by:zonesync host:<host> type:<type> value:<value>` so zonesync finds its own and no one else's. Pure.
 */

export interface Ns1Job {
  id?: string;
  name: string;
  job_type: string;
  active: boolean;
  config: Record<string, unknown>;
  notes: string;
  policy: string;
  frequency: number;
  rapid_recheck: boolean;
  region_scope: string;
  regions: string[];
  rules?: Array<Record<string, unknown>>;
  notify_list?: string;
}

/** Where an NS1 monitor probes from when the provider block names none. */
export const DEFAULT_MONITOR_REGIONS = ['lga', 'sjc', 'ams'];

const OWNER = 'zonesync';

interface HealthKey<T> {
  /** octoDNS's default (`_healthcheck_policy`, `_frequency`, …). */
  fallback: T;
  ok: (v: unknown) => boolean;
  takes: string;
}

const rule = <T>(fallback: T, takes: string, ok: (v: unknown) => boolean): HealthKey<T> => ({ fallback, takes, ok });
const seconds = (fallback: number) => rule(fallback, 'a whole number of seconds', (v) => Number.isInteger(v) && (v as number) > 0);

/** The keys octoDNS's NS1 provider reads from `octodns.ns1.healthcheck`: what each takes, and its default. */
const NS1_HEALTH_KEYS = {
  policy: rule<string>('quorum', 'all, quorum or one', (v) => v === 'all' || v === 'quorum' || v === 'one'),
  frequency: seconds(60),
  rapid_recheck: rule(false, 'true or false', (v) => typeof v === 'boolean'),
  connect_timeout: seconds(2),
  response_timeout: seconds(10),
};

type Ns1HealthSettings = { [K in keyof typeof NS1_HEALTH_KEYS]: (typeof NS1_HEALTH_KEYS)[K]['fallback'] };

function isHealthKey(key: string): key is keyof typeof NS1_HEALTH_KEYS {
  return Object.hasOwn(NS1_HEALTH_KEYS, key);
}

/**
 * What is wrong with a zone file's `octodns.ns1.healthcheck` (a pull request writes it): each problem
 * names the key and what it takes, for the plan to refuse before a monitor is made from it.
 */
export function ns1HealthcheckProblems(dynamic: Dynamic): string[] {
  const block = dynamic.providerHealthcheck?.['ns1'];
  if (!block) return [];
  return Object.entries(block).flatMap(([key, value]) => {
    if (!isHealthKey(key)) return [`octodns.ns1.healthcheck.${key} is not a setting NS1 monitors take (${Object.keys(NS1_HEALTH_KEYS).join(', ')})`];
    const { ok, takes }: HealthKey<unknown> = NS1_HEALTH_KEYS[key];
    return ok(value) ? [] : [`octodns.ns1.healthcheck.${key} ${JSON.stringify(value)}: takes ${takes}`];
  });
}

/** `octodns.ns1.healthcheck` with octoDNS's default for each key it leaves out. */
function ns1Settings(dynamic: Dynamic): Ns1HealthSettings {
  const block = dynamic.providerHealthcheck?.['ns1'] ?? {};
  const entries = Object.entries(NS1_HEALTH_KEYS).map(([key, { fallback }]) => [key, block[key] === undefined ? fallback : block[key]]);
  return Object.fromEntries(entries) as Ns1HealthSettings;
}

/** `www.example.com.` → `www.example.com`, the host octoDNS names monitors by. */
function hostOf(rrset: Pick<RRset, 'name'>): string {
  return rrset.name.replace(/\.$/, '');
}

/** The values of a steered rrset that obey a health check, once each, sorted. */
export function obeyingValues(rrset: RRset): string[] {
  const values = new Set<string>();
  for (const pool of Object.values(rrset.dynamic?.pools ?? {})) for (const value of pool.values) if (value.status === 'obey') values.add(value.value);
  return [...values].sort();
}

/** The job zonesync wants for one obeying value of a steered rrset (no id, no notify list yet). */
export function monitorFor(rrset: RRset & { dynamic: Dynamic }, value: string, regions: readonly string[]): Ns1Job {
  const host = hostOf(rrset);
  // NS1 takes no trailing dot on a monitored host.
  const target = rrset.type === 'CNAME' ? value.replace(/\.$/, '') : value;
  const health = rrset.dynamic.healthcheck;
  const settings = ns1Settings(rrset.dynamic);
  const base = {
    active: true,
    name: `${host} - ${rrset.type} - ${target}`,
    notes: encodeNote({ by: OWNER, host, type: rrset.type, value: target }),
    policy: settings.policy,
    frequency: settings.frequency,
    rapid_recheck: settings.rapid_recheck,
    region_scope: 'fixed',
    regions: [...regions],
  };
  const ipv6 = rrset.type === 'AAAA' ? { ipv6: true } : {};
  if (health.protocol === 'TCP') {
    return {
      ...base,
      job_type: 'tcp',
      config: { host: target, port: health.port, connect_timeout: settings.connect_timeout * 1000, response_timeout: settings.response_timeout * 1000, ssl: false, ...ipv6 },
    };
  }
  const domain = rrset.type === 'AAAA' ? `[${target}]` : target;
  return {
    ...base,
    job_type: 'http',
    config: {
      url: `${health.protocol.toLowerCase()}://${domain}:${health.port}${health.path}`,
      virtual_host: health.host,
      user_agent: 'NS1',
      tls_add_verify: false,
      follow_redirect: false,
      connect_timeout: settings.connect_timeout,
      idle_timeout: settings.response_timeout,
      ...ipv6,
    },
    rules: [{ comparison: '==', key: 'status_code', value: '200' }],
  };
}

/** The value a job watches for this rrset, when zonesync made it for this rrset; undefined for anyone else's job. */
export function ownMonitorValue(job: Pick<Ns1Job, 'name' | 'notes'>, rrset: Pick<RRset, 'name' | 'type'>): string | undefined {
  const notes = parseNote(job.notes);
  const host = hostOf(rrset);
  if (notes['by'] !== OWNER || notes['host'] !== host || notes['type'] !== rrset.type || !notes['value']) return undefined;
  if (job.name !== `${host} - ${rrset.type} - ${notes['value']}`) return undefined;
  return rrset.type === 'CNAME' ? `${notes['value']}.` : notes['value'];
}

/** The keys where a live job is not what `expected` asks (only the keys zonesync sets, `config.url` for a config key; regions in any order), as octoDNS `_monitor_is_match`. */
export function monitorDifferences(expected: Ns1Job, have: Record<string, unknown>): string[] {
  const differs: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = have[key];
    if (key === 'config') {
      const config = (got ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(want as Record<string, unknown>)) if (config[k] !== v) differs.push(`config.${k}`);
    } else if (key === 'regions') {
      const a = [...(want as string[])].sort();
      const b = Array.isArray(got) ? [...(got as string[])].sort() : [];
      if (a.length !== b.length || a.some((r, i) => r !== b[i])) differs.push(key);
    } else if (JSON.stringify(got) !== JSON.stringify(want)) {
      differs.push(key);
    }
  }
  return differs;
}

/** Whether a live job already is what `expected` asks. */
export function monitorMatches(expected: Ns1Job, have: Record<string, unknown>): boolean {
  return monitorDifferences(expected, have).length === 0;
}
