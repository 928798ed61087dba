import { defaultHealthcheck } from '../dynamic/canonical.js';
import type { DynamicHealthcheck } from '../dynamic/model.js';
import { entryOf, toPlain, type Position, type YNode } from './yaml-tree.js';

/** The health-check settings of a steered record: `octodns.healthcheck` and the provider blocks' `healthcheck` (octodns/record/base.py). */

export type Report = (rule: string, reason: string, pos: Position) => void;

const HEALTH_KEYS = ['host', 'path', 'port', 'protocol'];
const PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTPS', 'TCP']);

/** `octodns.healthcheck` with octoDNS's defaults filled in; undefined when it has errors (reported). */
export function readHealthcheck(name: string, octodns: YNode | undefined, error: Report, warn: Report): DynamicHealthcheck | undefined {
  const health = { ...defaultHealthcheck(name) };
  const field = octodns?.kind === 'map' ? entryOf(octodns, 'healthcheck') : undefined;
  if (!field) return health;
  const node = field.value;
  if (node.kind !== 'map') {
    error('bad-structure', 'octodns.healthcheck must be a map of host, path, port and protocol', node.pos);
    return undefined;
  }
  for (const e of node.entries) if (!HEALTH_KEYS.includes(e.key)) warn('unknown-key', `unknown key "${e.key}" in octodns.healthcheck (expected ${HEALTH_KEYS.join(', ')})`, e.keyPos);
  let ok = true;
  for (const e of node.entries) {
    const v = e.value;
    const text = v.kind === 'scalar' && v.value !== null ? v.text : undefined;
    if (e.key === 'port') {
      const port = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
      if (port >= 1 && port <= 65535) health.port = port;
      else ok = bad(error, 'dynamic-healthcheck', `octodns.healthcheck.port "${text ?? ''}" is not a port from 1 to 65535`, v.pos);
    } else if (e.key === 'protocol') {
      if (text !== undefined && PROTOCOLS.has(text)) health.protocol = text as DynamicHealthcheck['protocol'];
      else if (text === 'ICMP' || text === 'UDP') ok = bad(error, 'dynamic-healthcheck', `healthcheck protocol ${text}: zonesync models HTTP, HTTPS and TCP checks only`, v.pos);
      else ok = bad(error, 'dynamic-healthcheck', `invalid healthcheck protocol "${text ?? ''}" (expected HTTP, HTTPS or TCP)`, v.pos);
    } else if (e.key === 'host' || e.key === 'path') {
      if (text !== undefined && text !== '') health[e.key] = text;
      else ok = bad(error, 'dynamic-healthcheck', `octodns.healthcheck.${e.key} must be a non-empty string`, v.pos);
    }
  }
  return ok ? health : undefined;
}

function bad(error: Report, rule: string, reason: string, pos: Position): false {
  error(rule, reason, pos);
  return false;
}

/** `octodns.<provider>.healthcheck` blocks (route53, ns1, …), as written. */
export function providerHealthchecks(octodns: YNode | undefined): Record<string, Record<string, unknown>> | undefined {
  if (octodns?.kind !== 'map') return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const e of octodns.entries) {
    if (e.value.kind !== 'map') continue;
    const health = entryOf(e.value, 'healthcheck');
    if (health?.value.kind === 'map') out[e.key] = toPlain(health.value) as Record<string, unknown>;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
