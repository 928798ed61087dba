import { describe, expect, it } from 'vitest';
import { canonicalDynamic, canonicalSubnet, sameDynamic } from './canonical.js';
import type { Dynamic } from './model.js';

describe('canonicalSubnet', () => {
  it.each([
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['192.0.2.0/24', '192.0.2.0/24'],
    ['192.0.2.255/25', '192.0.2.128/25'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0:1::/32', '2001:db8::/32'],
    ['2001:db8:abcd:12ff::1/60', '2001:db8:abcd:12f0::/60'],
    ['::1/128', '::1/128'],
  ])('%s → %s', (input, want) => expect(canonicalSubnet(input)).toBe(want));

  it.each(['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', 'x/8', '10.0.0.0/-1', '10.0.0.0/8/8'])('%s is not a subnet', (input) => {
    expect(canonicalSubnet(input)).toBeUndefined();
  });
});

describe('canonicalDynamic', () => {
  const written: Dynamic = {
    pools: {
      us: { values: [{ value: '192.0.2.2', weight: 3, status: 'obey' }, { value: '192.0.2.1', weight: 1, status: 'up' }] },
      eu: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }], fallback: 'us' },
    },
    rules: [{ pool: 'eu', geos: ['eu-de', 'EU-FR', 'eu-de'], subnets: ['10.9.8.7/8'] }, { pool: 'us' }],
    healthcheck: { host: 'www.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' },
  };

  it('sorts pools and values, upper-cases geos, zeroes subnet host bits, keeps rule order', () => {
    const c = canonicalDynamic('www.example.com.', 'A', written, 'example.com.');
    expect(Object.keys(c.pools)).toEqual(['eu', 'us']);
    expect(c.pools.us?.values.map((v) => v.value)).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(c.rules).toEqual([{ pool: 'eu', geos: ['EU-DE', 'EU-FR'], subnets: ['10.0.0.0/8'] }, { pool: 'us' }]);
  });

  it('resolves relative CNAME pool values against the origin', () => {
    const d: Dynamic = { pools: { a: { values: [{ value: 'lb1', weight: 1, status: 'obey' }] } }, rules: [{ pool: 'a' }], healthcheck: written.healthcheck };
    expect(canonicalDynamic('www.example.com.', 'CNAME', d, 'example.com.').pools.a?.values[0]?.value).toBe('lb1.example.com.');
  });

  const us = written.pools.us ?? { values: [] };
  const eu = written.pools.eu ?? { values: [] };
  it('compares equal whatever the written order, and differs on one weight', () => {
    const reordered: Dynamic = { ...written, pools: { eu, us: { values: [...us.values].reverse() } } };
    const a = canonicalDynamic('www.example.com.', 'A', written, 'example.com.');
    const b = canonicalDynamic('www.example.com.', 'A', reordered, 'example.com.');
    expect(sameDynamic(a, b)).toBe(true);
    const heavier: Dynamic = { ...written, pools: { ...written.pools, us: { values: [{ value: '192.0.2.2', weight: 4, status: 'obey' }, ...us.values.slice(1)] } } };
    expect(sameDynamic(a, canonicalDynamic('www.example.com.', 'A', heavier, 'example.com.'))).toBe(false);
    expect(sameDynamic(a, undefined)).toBe(false);
    expect(sameDynamic(undefined, undefined)).toBe(true);
  });
});
