import { describe, expect, it } from 'vitest';
import { PowerDnsReadCost } from './read-cost.js';

const zone = 'z.example.';
const rrsets = (n: number, commented: number) => Array.from({ length: n }, (_, i) => ({ name: `h${i}.${zone}`, type: 'A', ttl: 60, records: [], ...(i < commented ? { comments: [{ content: 'c' }] } : {}) }));

describe('PowerDnsReadCost', () => {
  it('before any whole read: filtered GETs for a few owners only', () => {
    const cost = new PowerDnsReadCost();
    expect(cost.filteredCheaper(zone, 8)).toBe(true);
    expect(cost.filteredCheaper(zone, 9)).toBe(false);
    expect(cost.unmeasured(zone)).toBe(false);
  });

  it('weighs n filtered GETs against one whole GET of the size last read', () => {
    const cost = new PowerDnsReadCost();
    cost.wholeRead(zone, { rrsets: rrsets(8_000, 0) }, 8_000);
    expect(cost.filteredCheaper(zone, 100)).toBe(true);
    expect(cost.filteredCheaper(zone, 101)).toBe(false);
    expect(cost.unmeasured(zone)).toBe(false);
  });

  it('a zone with comments is unmeasured until a filtered answer shows what the server sends with it', () => {
    const cost = new PowerDnsReadCost();
    cost.wholeRead(zone, { rrsets: rrsets(8_000, 4_000) }, 8_000);
    expect(cost.unmeasured(zone)).toBe(true);
    // PowerDNS 5.0: only the owner's rrsets come back.
    cost.filteredRead(zone, `h1.${zone}`, { rrsets: [{ name: `H1.${zone}`, type: 'A', ttl: 60, records: [] }] });
    expect(cost.unmeasured(zone)).toBe(false);
    expect(cost.filteredCheaper(zone, 100)).toBe(true);
    // PowerDNS 4.7: every commented rrset of the zone comes back too.
    cost.filteredRead(zone, `h1.${zone}`, { rrsets: rrsets(4_000, 4_000) });
    // 3,999 rrsets at other names: a filtered GET costs about half a whole GET of 8,000.
    expect(cost.filteredCheaper(zone, 1)).toBe(true);
    expect(cost.filteredCheaper(zone, 2)).toBe(false);
  });

  it('a filtered answer with extra rrsets and no whole read yet: the whole GET is the cheaper', () => {
    const cost = new PowerDnsReadCost();
    cost.filteredRead(zone, `h1.${zone}`, { rrsets: rrsets(500, 500) });
    expect(cost.filteredCheaper(zone, 1)).toBe(false);
  });

  it('an answer without a list, or with names that are not strings, counts what it can', () => {
    const cost = new PowerDnsReadCost();
    cost.wholeRead(zone, { rrsets: 'nope' }, 0);
    cost.filteredRead(zone, `h1.${zone}`, { rrsets: [{ name: 7 }] });
    expect(cost.filteredCheaper(zone, 1)).toBe(false);
  });
});
