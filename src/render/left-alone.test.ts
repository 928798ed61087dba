import { describe, expect, it } from 'vitest';
import type { RRset } from '../core/model.js';
import { planZone } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import { leftAloneLines } from './left-alone.js';
import { renderPlanText } from './plan.js';
import { buildPlan } from '../core/plan.js';

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
    expect(renderPlanMarkdown(buildPlan([zp], new Date(0)))).toContain('Left alone (ignore rules, `purge: false`, other owners, octoDNS flags): `example.com.` on pdns: 5 rrset(s), not changed or counted');
  });
});
