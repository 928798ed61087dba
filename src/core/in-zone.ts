import { ProviderError } from './errors.js';
import type { RRset } from './model.js';
import { isInZone } from './name.js';

/**
 * Every owner a provider listed for a zone must be inside it: an out-of-zone rrset would otherwise
 * look like something the zone file lacks, and the diff would turn it into a delete.
 */
export function assertInZone(zone: string, rrsets: readonly RRset[], provider: string): void {
  const outside = rrsets.filter((r) => !isInZone(r.name, zone));
  if (outside.length === 0) return;
  const owners = [...new Set(outside.map((r) => r.name))];
  throw new ProviderError(provider, `zone ${zone}: the provider returned ${owners.length === 1 ? 'an owner' : `${owners.length} owners`} outside the zone (${owners.slice(0, 5).join(', ')}${owners.length > 5 ? ', …' : ''}); nothing was planned or changed from this read`, {
    details: outside.slice(0, 20).map((r) => `${r.name} ${r.type} is not in ${zone}`),
  });
}
