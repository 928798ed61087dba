import { describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../core/dynamic/canonical.js';
import type { Dynamic } from '../core/dynamic/model.js';
import type { RRset } from '../core/model.js';
import { buildPlan, planZone } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import { renderPlanMarkdown, renderPlanText } from './plan.js';

const Z = 'example.com.';
const d = (weight: number): Dynamic => ({
  pools: { us: { values: [{ value: '192.0.2.1', weight, status: 'obey' }, { value: '192.0.2.2', weight: 1, status: 'down' }] }, eu: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }], fallback: 'us' } },
  rules: [{ pool: 'eu', subnets: ['10.0.0.0/8'], geos: ['EU-DE'] }, { pool: 'us' }],
  healthcheck: { host: 'www.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' },
});
const steered = (weight: number): RRset => ({ name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.250'], dynamic: canonicalDynamic(`www.${Z}`, 'A', d(weight), Z) });
const NOW = new Date('2026-12-01T00:00:00Z');

describe('the plan shows steering readably', () => {
  it('a change of one weight is one update, shown as that pool value before → after', () => {
    const zp = planZone({ target: 'ns1', providerType: 'ns1', desired: { name: Z, rrsets: [steered(4)] }, live: { name: Z, rrsets: [steered(3)] }, limits: DEFAULT_SAFETY });
    const text = renderPlanText(buildPlan([zp], NOW));
    expect(text).toContain('1 change: 0 create, 1 update, 0 delete');
    const diff = text.split('\n').filter((l) => /^ {2}[-+] /.test(l));
    expect(diff).toEqual(['  - www.example.com. A dynamic pool us: 192.0.2.1 weight 3', '  + www.example.com. A dynamic pool us: 192.0.2.1 weight 4']);
  });

  it('a created steered rrset lists its pools, rules and health check', () => {
    const zp = planZone({ target: 'ns1', providerType: 'ns1', desired: { name: Z, rrsets: [steered(3)] }, live: { name: Z, rrsets: [] }, limits: DEFAULT_SAFETY });
    const added = renderPlanText(buildPlan([zp], NOW)).split('\n').filter((l) => l.startsWith('  + '));
    expect(added).toEqual([
      '  + www.example.com. 60 IN A 192.0.2.250',
      '  + www.example.com. A dynamic pool eu: 198.51.100.1 weight 1',
      '  + www.example.com. A dynamic pool eu: then pool us',
      '  + www.example.com. A dynamic pool us: 192.0.2.1 weight 3',
      '  + www.example.com. A dynamic pool us: 192.0.2.2 weight 1 down',
      '  + www.example.com. A dynamic pool us: then the record values',
      '  + www.example.com. A dynamic rule 1: subnets 10.0.0.0/8 and geos EU-DE → pool eu',
      '  + www.example.com. A dynamic rule 2: everyone else → pool us',
      '  + www.example.com. A dynamic healthcheck: HTTPS www.example.com:443/_dns',
    ]);
  });

  it('says per rrset when a target serves the fallback values', () => {
    const zp = { ...planZone({ target: 'cf', providerType: 'cloudflare', desired: { name: Z, rrsets: [] }, live: { name: Z, rrsets: [] }, limits: DEFAULT_SAFETY }), steeringFallback: [{ name: `www.${Z}`, type: 'A', reason: 'no steering' }] };
    const p = buildPlan([zp], NOW);
    expect(renderPlanText(p)).toContain('  www.example.com. A: served as its fallback values on cf (dynamic: fallback; no steering)');
    expect(renderPlanMarkdown(p)).toContain('- www.example.com. A: served as its fallback values on cf (dynamic: fallback; no steering)');
  });
});
