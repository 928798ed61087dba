import type { RecordType, RRset, Zone } from '../../../src/core/model.js';
import { rrsetKey } from '../../../src/core/model.js';
import type { SimZone } from './store.js';

// "Automatic" TTL is 300 seconds — developers.cloudflare.com/dns/manage-dns-records/reference/ttl/.
export const AUTOMATIC_TTL = 300;

/** Cloudflare's SOA defaults as its servers answer them (values from public `dig` answers; not from an API doc). */
function soaOf(zone: SimZone) {
  return { mname: `${zone.nameServers[0] ?? 'ns.cloudflare.com'}.`, rname: 'dns.cloudflare.com.', serial: zone.serial, refresh: 10000, retry: 2400, expire: 604800, minimum: 1800, ttl: 1800 };
}

const WRONG: Partial<Record<RecordType, string>> = { A: '192.0.2.254', AAAA: '2001:db8::bad', TXT: '"wrong answer"', CNAME: 'wrong.invalid.', MX: '10 wrong.invalid.', PTR: 'wrong.invalid.' };

/** The zone the simulator's nameserver serves: what Cloudflare's edge would answer for these records. */
export function servedZone(zone: SimZone, options: { wrongAnswers?: boolean } = {}): Zone {
  const apex = `${zone.name}.`;
  const sets = new Map<string, RRset>();
  for (const record of zone.records.values()) {
    // DNSKEYs are the signer's to serve (server.ts, signer.ts), with Cloudflare's own keys.
    if (record.type === 'DNSKEY') continue;
    const name = `${record.name}.`;
    const ttl = record.ttl === 1 ? AUTOMATIC_TTL : record.ttl;
    const key = rrsetKey({ name, type: record.type });
    const set = sets.get(key) ?? { name, type: record.type as RecordType, ttl, values: [] };
    set.ttl = Math.min(set.ttl, ttl);
    set.values.push(record.rdata);
    sets.set(key, set);
  }
  // A CNAME at the apex is flattened: the edge answers with the target's addresses — developers.cloudflare.com/dns/cname-flattening/.
  const apexCname = sets.get(rrsetKey({ name: apex, type: 'CNAME' }));
  if (apexCname) {
    sets.delete(rrsetKey(apexCname));
    for (const type of ['A', 'AAAA'] as const) {
      const target = sets.get(rrsetKey({ name: apexCname.values[0] as string, type }));
      if (target) sets.set(rrsetKey({ name: apex, type }), { ...target, name: apex, values: [...target.values] });
    }
  }
  // The zone's own nameservers are the apex NS set — the zone's `name_servers` (SDK Zone.name_servers).
  const apexNs = sets.get(rrsetKey({ name: apex, type: 'NS' }));
  const assigned = zone.nameServers.map((ns) => `${ns}.`);
  sets.set(rrsetKey({ name: apex, type: 'NS' }), { name: apex, type: 'NS', ttl: 86400, values: [...new Set([...assigned, ...(apexNs?.values ?? [])])] });
  const rrsets = [...sets.values()].map((set) => {
    const values = [...new Set(set.values)].sort();
    const wrong = options.wrongAnswers && !(set.type === 'NS' && set.name === apex) ? WRONG[set.type] : undefined;
    if (options.wrongAnswers && !wrong) return { ...set, values, ttl: set.ttl + 1 };
    return { ...set, values: wrong ? [wrong] : values };
  });
  return { name: apex, rrsets, soa: soaOf(zone) };
}
