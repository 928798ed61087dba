import type { RRset } from '../core/model.js';
import { steeringLines } from './steering.js';

/** An rrset as master-file lines, one per value, then its steering (pools, rules): what both the text and markdown diffs show. */
export function rrsetLines(rrset: RRset | undefined): string[] {
  if (!rrset) return [];
  const settings = rrset.providerSettings ? ` ; ${JSON.stringify(rrset.providerSettings)}` : '';
  const lines = rrset.values.map((v) => `${rrset.name} ${rrset.ttl} IN ${rrset.type} ${v}${settings}`);
  return rrset.dynamic ? [...lines, ...steeringLines(`${rrset.name} ${rrset.type} dynamic`, rrset.dynamic)] : lines;
}
