import { describe, expect, it } from 'vitest';
import type { RRset } from '../core/model.js';
import { planZone } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import { leftAloneLines } from './left-alone.js';
import { renderPlanJson, renderPlanText } from './plan.js';
import { buildPlan, withProviderKept } from '../core/plan.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], ...values: string[]): RRset => ({ name: `${name}.${Z}`, type, ttl: 300, values });
const live = [rr('_acme-challenge', 'TXT', '"a"'), rr('_acme-challenge.www', 'TXT', '"b"'), rr('web', 'A', '192.0.2.7'), rr('a-web', 'TXT', '"heritage=external-dns,external-dns/owner=k8s"'), rr('hand', 'CNAME', 'x.example.net.')];
const zp = planZone({
  target: 'pdns',
  providerType: 'powerdns',
  desired: { name: Z, rrsets: [] },
  live: { name: Z, rrsets: live },
  limits: DEFAULT_SAFETY,
  policy: { ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s' }], purge: false },
});

describe('the plan\'s "left alone" section', () => {
  it('counts by rule and reason; names only when asked', () => {
    expect(leftAloneLines(zp, 0)).toEqual([
      'left alone: 5 rrsets (not changed, deleted or counted by the safety rules)',
      '  2 × ignore rule 1 { name: _acme-challenge.**, type: TXT }',
      '  2 × external-dns owner k8s (its records and registry TXT)',
      '  1 × not declared (purge: false)',
    ]);
    expect(leftAloneLines(zp, 2).slice(4)).toEqual([`    _acme-challenge.${Z} TXT`, `    _acme-challenge.www.${Z} TXT`, '    … 3 more']);
  });

  it('shows the counts in the text plan and every name under --full; a plan with nothing left alone has no section', () => {
    const text = renderPlanText(buildPlan([zp], new Date(0)));
    expect(text).toContain('  left alone: 5 rrsets');
    expect(text).not.toContain(`hand.${Z} CNAME`);
    expect(renderPlanText(buildPlan([zp], new Date(0)), undefined, { full: true })).toContain(`      hand.${Z} CNAME`);
    const bare = planZone({ target: 'pdns', providerType: 'powerdns', desired: { name: Z, rrsets: live }, live: { name: Z, rrsets: live }, limits: DEFAULT_SAFETY });
    expect(leftAloneLines(bare, Infinity)).toEqual([]);
  });
});

describe('the markdown plan', () => {
  it('counts what each pair leaves alone in its footer', async () => {
    const { renderPlanMarkdown } = await import('./plan.js');
    expect(renderPlanMarkdown(buildPlan([zp], new Date(0)))).toContain('Left alone (ignore rules, `purge: false`, other owners, octoDNS flags, provider routing): `example.com.` on pdns: 5 rrset(s), not changed or counted');
  });
});

describe('what the provider keeps, in the "left alone" section', () => {
  const r53 = withProviderKept(planZone({ target: 'r53', providerType: 'route53', desired: { name: Z, rrsets: [] }, live: { name: Z, rrsets: [] }, limits: DEFAULT_SAFETY }), [
    { name: `w.${Z}`, type: 'A', detail: 'weighted record (SetIdentifier "blue")' },
    { name: `w.${Z}`, type: 'A', detail: 'weighted record (SetIdentifier "green")' },
    { name: `geo.${Z}`, type: 'AAAA', detail: 'geolocation record (SetIdentifier "eu")' },
  ]);

  it('counts Route 53 routing policies as kept by the provider and names each, with its set identifier, when asked', () => {
    expect(leftAloneLines(r53, 0)).toEqual([
      'left alone: 3 rrsets (not changed, deleted or counted by the safety rules)',
      '  3 × kept by the provider (Route 53 routing policies and aliases zonesync does not model; not written or deleted)',
    ]);
    expect(leftAloneLines(r53, Infinity).slice(2)).toEqual([
      `    w.${Z} A: weighted record (SetIdentifier "blue")`,
      `    w.${Z} A: weighted record (SetIdentifier "green")`,
      `    geo.${Z} AAAA: geolocation record (SetIdentifier "eu")`,
    ]);
    const text = renderPlanText(buildPlan([r53], new Date(0)));
    expect(text).toContain('  3 × kept by the provider (Route 53 routing policies');
    expect(text).not.toContain('SetIdentifier');
    expect(renderPlanText(buildPlan([r53], new Date(0)), undefined, { full: true })).toContain(`      w.${Z} A: weighted record (SetIdentifier "green")`);
    expect(JSON.parse(renderPlanJson(buildPlan([r53], new Date(0)))).zones[0].leftAlone).toHaveLength(3);
  });

  /** An empty plan on a provider of `providerType` that keeps `kept`. */
  const keptOn = (providerType: string, kept: Parameters<typeof withProviderKept>[1]) =>
    withProviderKept(planZone({ target: providerType, providerType, desired: { name: Z, rrsets: [] }, live: { name: Z, rrsets: [] }, limits: DEFAULT_SAFETY }), kept);

  it('says of an NS1 filter chain that zonesync manages the answers and NS1 keeps the rest', () => {
    const ns1 = keptOn('ns1', [{ name: `lb.${Z}`, type: 'A', detail: 'NS1 keeps its filter chain: up, select_first_n (zonesync manages the answers and TTL)' }]);
    expect(leftAloneLines(ns1, 1)).toEqual([
      'left alone: 1 rrset (not changed, deleted or counted by the safety rules)',
      "  1 × kept by the provider (NS1 filter chains and meta; zonesync manages those records' answers, NS1 keeps the rest)",
      `    lb.${Z} A: NS1 keeps its filter chain: up, select_first_n (zonesync manages the answers and TTL)`,
    ]);
  });

  it('says of a PowerDNS LUA record someone else wrote that zonesync neither writes nor deletes it', () => {
    const pdns = keptOn('powerdns', [{ name: `geo.${Z}`, type: 'LUA', detail: 'LUA A record zonesync did not write; left alone' }]);
    expect(leftAloneLines(pdns, 1)).toEqual([
      'left alone: 1 rrset (not changed, deleted or counted by the safety rules)',
      '  1 × kept by the provider (PowerDNS LUA records zonesync did not write; not written or deleted)',
      `    geo.${Z} LUA: LUA A record zonesync did not write; left alone`,
    ]);
  });
});
