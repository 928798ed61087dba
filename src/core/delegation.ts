import type { Change } from './change.js';
import type { RRset } from './model.js';
import { canonicalRdata } from './rdata.js';

/**
 * The delegation of a child zone as its parent zone holds it: the NS rrset and the DS rrset at the
 * child's name, and nothing else. A `type: zone` registrar writes exactly these two rrsets.
 */

/** True when `child` is strictly below `parent` (both absolute, lower case). */
export function isBelow(child: string, parent: string): boolean {
  return child !== parent && (parent === '.' || child.endsWith(`.${parent}`));
}

/** The rdata values of one delegation rrset in canonical form, sorted and unique; the first bad value throws its reason. */
export function delegationValues(type: 'NS' | 'DS', values: readonly string[], origin: string): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const result = canonicalRdata(type, type === 'NS' && !value.trim().endsWith('.') ? `${value.trim()}.` : value, origin);
    if (!result.ok) throw new Error(`${type} ${value}: ${result.error}`);
    out.add(result.value);
  }
  return [...out].sort();
}

/**
 * The one change that makes the parent's `type` rrset at `child` hold exactly `values` (none: the
 * rrset goes). The TTL of a live rrset is kept; a new one gets `ttl`. Undefined when already so.
 */
export function delegationChange(child: string, type: 'NS' | 'DS', live: RRset | undefined, values: readonly string[], ttl: number): Change | undefined {
  const wanted = [...values].sort();
  if (wanted.length === 0) return live ? { kind: 'delete', before: live } : undefined;
  const after: RRset = { name: child, type, ttl: live?.ttl ?? ttl, values: wanted };
  if (!live) return { kind: 'create', after };
  if ([...live.values].sort().join('\n') === wanted.join('\n')) return undefined;
  return { kind: 'update', before: live, after };
}

/** Presentation DS rdata as the registrar contract gives it: `keytag alg digesttype DIGEST` (digest upper-case hex). */
export function dsPresentation(canonical: string): string {
  const parts = canonical.split(' ');
  return [...parts.slice(0, 3), parts.slice(3).join('').toUpperCase()].join(' ');
}
