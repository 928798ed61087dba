import type { ZoneConfig } from '../../config/load.js';
import type { Zone } from '../../core/model.js';
import { query } from '../../dns/client.js';
import { formatNameserver } from '../../dns/nameserver.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { Provider } from '../../providers/provider.js';
import type { ProviderSet } from '../../providers/registry.js';
import { questionsFor, verifyTargets, type NameserverReport, type Question } from '../../verify/index.js';
import { errorText, step, withDeadline, type ProviderHealth, type SwitchStep, type SwitchTimeouts } from './report.js';

/** Step 1 of `switch`: how each target is doing, asked over its API and its nameservers, every call bounded. */

export interface HealthResult {
  step: SwitchStep;
  providers: ProviderHealth[];
  /** Live zones read from the APIs that answered (undefined: the provider does not have the zone). */
  live: Map<string, Zone | undefined>;
  /** Nameserver addresses of each target, where they could be found. */
  nameservers: Map<string, Nameserver[]>;
}

/** At most `size` questions spread over the zone, so the health check stays a few seconds on a big zone. */
export function sampleQuestions(questions: Question[], size: number): Question[] {
  if (questions.length <= size) return questions;
  const stride = questions.length / size;
  return Array.from({ length: size }, (_, i) => questions[Math.floor(i * stride)] as Question);
}

function nameserverLine(ns: NameserverReport): { nameserver: string; ok: boolean; answered: boolean; summary: string } {
  const answered = ns.serial !== undefined;
  const first = ns.mismatches[0];
  const summary = ns.unreachable
    ? 'does not answer'
    : ns.ok
      ? `answers right (serial ${ns.serial ?? '?'})`
      : ns.status === 'did-not-answer'
        ? `${ns.unanswered.length} of ${ns.queries} questions unanswered`
        : !answered && first
        ? `SOA: ${first.got}`
        : `${ns.mismatches.length} of ${ns.queries} answers wrong${first ? `: ${first.type} ${first.name} ${first.got}, expected ${first.expected}` : ''}`;
  return { nameserver: formatNameserver(ns.nameserver), ok: ns.ok, answered, summary };
}

/** The apex NS as one of the nameservers serves it, or undefined when none answers. */
async function servedApexNs(zone: string, nameservers: Nameserver[], timeouts: SwitchTimeouts): Promise<string[] | undefined> {
  for (const ns of nameservers) {
    try {
      const response = await query(ns, zone, 'NS', { timeoutMs: timeouts.dnsMs, retries: 1 });
      const names = response.answers.filter((r) => r.type === 'NS').map((r) => r.value.toLowerCase());
      if (response.rcode === 'NOERROR' && names.length > 0) return [...new Set(names)].sort();
    } catch {
      // The next nameserver may answer.
    }
  }
  return undefined;
}

interface Probe {
  health: ProviderHealth;
  live?: Zone | undefined;
  readLive: boolean;
  nameservers?: Nameserver[];
}

async function probe(providers: ProviderSet, zone: ZoneConfig, desired: Zone, id: string, sample: Question[], timeouts: SwitchTimeouts): Promise<Probe> {
  const health: ProviderHealth = { id, delegate: zone.delegate.includes(id), api: 'down', dns: 'down', dnsDetail: '', state: 'down', nameservers: [] };
  const result: Probe = { health, readLive: false };
  let provider: Provider | undefined;
  try {
    provider = await withDeadline(`${id}: building the provider`, timeouts.apiMs, () => providers.get(id));
    health.type = provider.type;
    const built = provider;
    result.live = await withDeadline(`${id}: reading ${zone.name}`, timeouts.apiMs, () => built.read(zone.name));
    result.readLive = true;
    health.api = 'up';
  } catch (error) {
    health.apiError = errorText(error);
  }
  if (provider) {
    const built = provider;
    try {
      result.nameservers = await withDeadline(`${id}: finding its nameservers`, timeouts.apiMs, () => built.nameservers(zone.name));
    } catch (error) {
      health.dnsDetail = `nameserver addresses unknown (${errorText(error)})`;
    }
  }
  const nameservers = result.nameservers ?? [];
  if (nameservers.length === 0) {
    health.dnsDetail ||= 'no nameserver addresses (set `nameservers:` to IP:port)';
    return result;
  }
  const perAnswer = timeouts.dnsMs * 2;
  try {
    const report = await withDeadline(`${id}: asking its nameservers`, Math.max(10_000, perAnswer * 8), () =>
      verifyTargets(desired, [{ id, nameservers }], { questions: sample, timeoutMs: timeouts.dnsMs, retries: 1, unreachableAfter: 2, concurrency: 8 }),
    );
    health.nameservers = (report.providers[0]?.nameservers ?? []).map(nameserverLine);
  } catch (error) {
    health.nameservers = nameservers.map((ns) => ({ nameserver: formatNameserver(ns), ok: false, answered: false, summary: errorText(error) }));
  }
  const answering = health.nameservers.filter((ns) => ns.answered).length;
  const right = health.nameservers.filter((ns) => ns.ok).length;
  health.dns = right === health.nameservers.length ? 'serving' : answering > 0 ? 'wrong-data' : 'down';
  health.dnsDetail = `${right} of ${health.nameservers.length} nameserver(s) answer right, ${answering} answer`;
  if (answering > 0) {
    const served = await servedApexNs(zone.name, nameservers, timeouts);
    if (served) health.servedApexNs = served;
  }
  return result;
}

function stateOf(health: ProviderHealth): ProviderHealth['state'] {
  if (health.dns === 'down') return 'down';
  if (health.dns === 'wrong-data') return 'serving-wrong-data';
  return health.api === 'up' ? 'healthy' : 'api-down-serving';
}

export const STATE_TEXT: Record<ProviderHealth['state'], string> = {
  healthy: 'healthy',
  'api-down-serving': 'API down, serving',
  'serving-wrong-data': 'serving wrong data',
  down: 'down',
};

/** Ask every target's API and nameservers at once; a dead provider costs at most a few timeouts. */
export async function checkHealth(providers: ProviderSet, zone: ZoneConfig, desired: Zone, to: string, timeouts: SwitchTimeouts): Promise<HealthResult> {
  const sample = sampleQuestions(questionsFor(desired), 16);
  const probes = await Promise.all(zone.targets.map((id) => probe(providers, zone, desired, id, sample, timeouts)));
  const live = new Map<string, Zone | undefined>();
  const nameservers = new Map<string, Nameserver[]>();
  const lines: string[] = [];
  for (const p of probes) {
    p.health.state = stateOf(p.health);
    if (p.readLive) live.set(p.health.id, p.live);
    if (p.nameservers) nameservers.set(p.health.id, p.nameservers);
    const h = p.health;
    const api = h.api === 'up' ? (p.live ? 'API up' : `API up, but it does not have ${zone.name}`) : `API down (${h.apiError ?? 'no answer'})`;
    lines.push(`${h.id}${h.type ? ` (${h.type})` : ''}: ${STATE_TEXT[h.state]} — ${api}; DNS: ${h.dnsDetail}`);
    for (const ns of h.nameservers) lines.push(`  ${ns.ok ? 'ok    ' : 'BROKEN'} ${ns.nameserver} — ${ns.summary}`);
  }
  const health = probes.map((p) => p.health);
  const target = health.find((h) => h.id === to);
  const failed = !target || target.dns === 'down';
  const detail = failed
    ? `${to} cannot take the zone: its nameservers do not answer (${target?.dnsDetail ?? 'not a target'})`
    : `${health.filter((h) => h.state === 'healthy' || h.state === 'api-down-serving').length} of ${health.length} provider(s) serve ${zone.name}; ${to} is ${STATE_TEXT[target.state]}`;
  return { step: step('health', failed ? 'failed' : 'ok', detail, lines, { providers: health }), providers: health, live, nameservers };
}
