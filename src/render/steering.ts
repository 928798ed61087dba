import type { Dynamic } from '../core/dynamic/model.js';
import type { ZonePlan } from '../core/plan.js';

/**
 * A steered rrset's `dynamic` as lines a diff can compare one by one: a pool value, a pool's
 * fallback, a rule, the health check. A change of one weight is one `-` line and one `+` line.
 */
export function steeringLines(prefix: string, dynamic: Dynamic): string[] {
  const out: string[] = [];
  for (const [id, pool] of Object.entries(dynamic.pools)) {
    for (const v of pool.values) out.push(`${prefix} pool ${id}: ${v.value} weight ${v.weight}${v.status === 'obey' ? '' : ` ${v.status}`}`);
    out.push(`${prefix} pool ${id}: then ${pool.fallback === undefined ? 'the record values' : `pool ${pool.fallback}`}`);
  }
  dynamic.rules.forEach((rule, i) => {
    const match = [rule.subnets?.length ? `subnets ${rule.subnets.join(', ')}` : '', rule.geos?.length ? `geos ${rule.geos.join(', ')}` : ''].filter(Boolean).join(' and ');
    out.push(`${prefix} rule ${i + 1}: ${match || 'everyone else'} → pool ${rule.pool}`);
  });
  const h = dynamic.healthcheck;
  out.push(`${prefix} healthcheck: ${h.protocol} ${h.host}:${h.port}${h.protocol === 'TCP' ? '' : h.path}`);
  for (const [provider, settings] of Object.entries(dynamic.providerHealthcheck ?? {})) out.push(`${prefix} healthcheck ${provider}: ${JSON.stringify(settings)}`);
  return out;
}

/** `www.example.com. A: served as its fallback values on cf (…)`, one per steered rrset the target cannot steer. */
export function steeringFallbackLines(z: ZonePlan): string[] {
  return (z.steeringFallback ?? []).map((s) => `${s.name} ${s.type}: served as its fallback values on ${z.target} (dynamic: fallback; ${s.reason})`);
}
