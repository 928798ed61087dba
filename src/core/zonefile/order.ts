import type { RRset } from '../model.js';

/** Sort key in the same order as compareNames: labels reversed, joined by a byte below any label character. */
export function canonicalOrderKey(name: string): string {
  return name.split('.').reverse().join('\u0000');
}

/** RRsets in canonical name order, then by type; one key per rrset, so 100,000 sort fast. */
export function sortRRsets(rrsets: RRset[]): RRset[] {
  const keyed = rrsets.map((rrset) => ({ rrset, key: `${canonicalOrderKey(rrset.name)}\u0000\u0000${rrset.type}` }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.rrset);
}
