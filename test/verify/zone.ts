import type { RRset, Zone } from '../../src/core/model.js';

/** A small zone with the shapes verify must get right: wildcards, CNAME chains, empty non-terminals, a delegation, ALIAS, a big TXT. */

export const Z = 'example.com.';
export const n = (name: string): string => (name === '@' ? Z : `${name}.${Z}`);
export const rr = (name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: n(name), type, ttl, values: [...values].sort() });

export function exampleZone(serial = 1, www = '192.0.2.1'): Zone {
  return {
    name: Z,
    soa: { mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial, refresh: 3600, retry: 600, expire: 604800, minimum: 60, ttl: 3600 },
    rrsets: [
      rr('@', 'ALIAS', ['lb.cdn.net.']),
      rr('@', 'MX', ['10 mail.example.com.']),
      rr('@', 'TXT', ['"v=spf1 -all"']),
      rr('www', 'A', [www, '192.0.2.2']),
      rr('www', 'AAAA', ['2001:db8::1']),
      rr('web', 'CNAME', ['www.example.com.'], 60),
      rr('chain', 'CNAME', ['web.example.com.']),
      rr('out', 'CNAME', ['elsewhere.net.']),
      rr('mail', 'A', ['192.0.2.25']),
      rr('*.wild', 'TXT', ['"wild"']),
      rr('*.wild', 'A', ['192.0.2.80']),
      rr('a.b.c', 'A', ['192.0.2.9']),
      rr('sub', 'NS', ['ns.sub.example.com.']),
      rr('ns.sub', 'A', ['192.0.2.53']),
      rr('big', 'TXT', Array.from({ length: 20 }, (_, i) => `"${String(i).padStart(3, '0')}${'x'.repeat(100)}"`)),
    ],
  };
}
