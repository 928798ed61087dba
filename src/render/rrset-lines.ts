import type { RRset } from '../core/model.js';

/** An rrset as master-file lines, one per value: what both the text and markdown diffs show. */
export function rrsetLines(rrset: RRset | undefined): string[] {
  if (!rrset) return [];
  const settings = rrset.providerSettings ? ` ; ${JSON.stringify(rrset.providerSettings)}` : '';
  return rrset.values.map((v) => `${rrset.name} ${rrset.ttl} IN ${rrset.type} ${v}${settings}`);
}
