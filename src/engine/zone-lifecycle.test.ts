import { describe, expect, it } from 'vitest';
import { ExitCode, ZonesyncError } from '../core/errors.js';
import { buildPlan, planZone, type ZonePlan } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import { missingZones, zoneCreationLine } from '../core/zone-creation.js';
import { bindCapabilities } from '../providers/bind/capabilities.js';
import { namedConfSteps } from '../providers/bind/zones.js';
import type { Provider } from '../providers/provider.js';
import { ROUTE53_CAPABILITIES } from '../providers/route53/capabilities.js';
import { powerdnsCapabilities } from '../providers/powerdns/capabilities.js';
import { renderPlanMarkdown, renderPlanText } from '../render/plan.js';
import { applyQuestion } from '../render/zones.js';
import { checkZoneCreation, missingZonesOf, zoneCreationAt } from './zone-lifecycle.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const ZONE = 'example.com.';
const www = { name: `www.${ZONE}`, type: 'A' as const, ttl: 300, values: ['192.0.2.1'] };

function missingAt(provider: Provider): ZonePlan {
  return planZone({ target: provider.id, providerType: provider.type, desired: { name: ZONE, rrsets: [www] }, live: undefined, limits: DEFAULT_SAFETY, creation: zoneCreationAt(provider, ZONE) });
}
const r53 = { id: 'r53', type: 'route53', capabilities: ROUTE53_CAPABILITIES } as Provider;
const pdns = { id: 'pdns', type: 'powerdns', capabilities: powerdnsCapabilities } as Provider;
const bind = { id: 'ns', type: 'bind', capabilities: bindCapabilities, manualZoneSteps: (zone: string) => namedConfSteps(zone, 'zonesync') } as unknown as Provider;

describe('a zone missing at a target is a line of the plan', () => {
  it('Route 53: "create zone example.com. at r53", asking for consent, in text, markdown and JSON', () => {
    const plan = buildPlan([missingAt(r53)], NOW);
    expect(plan.zones[0]?.zoneCreation).toEqual({ by: 'apply', consent: true });
    const text = renderPlanText(plan).split('\n');
    expect(text[1]).toBe('  create zone example.com. at r53 (needs --create-zones, or a yes at the prompt)');
    expect(text.at(-2)).toMatch(/^1 change across 1 zone\/target pair\(s\)\. Creates 1 zone \(example\.com\. at r53\)\. Plan /);
    expect(renderPlanMarkdown(plan)).toContain('- create zone `example.com.` at r53 (needs --create-zones, or a yes at the prompt)');
    expect(JSON.parse(JSON.stringify(plan)).zones[0].zoneCreation).toEqual({ by: 'apply', consent: true });
  });

  it('PowerDNS: created as apply goes, without consent, under the same line', () => {
    const plan = buildPlan([missingAt(pdns)], NOW);
    expect(renderPlanText(plan).split('\n')[1]).toBe('  create zone example.com. at pdns');
    expect(() => checkZoneCreation(plan, { createZones: false, asked: false })).not.toThrow();
  });

  it('BIND: the named.conf stanza to add, with the TSIG key, and no creation', () => {
    const plan = buildPlan([missingAt(bind)], NOW);
    const text = renderPlanText(plan);
    expect(text.split('\n')[0]).toBe('example.com. on ns (bind) (zone missing): 1 change: 1 create, 0 update, 0 delete');
    expect(text).toContain('  zone example.com. is not at ns (bind), which cannot create it: add it by hand, then plan again');
    expect(text).toContain('      zone "example.com" { type primary; file "example.com.zone"; allow-update { key "zonesync"; }; allow-transfer { key "zonesync"; }; };');
    expect(renderPlanMarkdown(plan)).toContain('    zone "example.com" { type primary;');
    expect(text).toContain('1 zone (example.com. at ns) to add by hand first.');
    expect(missingZonesOf(plan).map((m) => m.by)).toEqual(['hand']);
  });
});

describe('apply creates zones in an account only with consent', () => {
  const plan = buildPlan([missingAt(r53), missingAt(pdns)], NOW);

  it('refuses without --create-zones in a run that cannot ask, naming each zone, before anything is written', () => {
    const error = (() => {
      try {
        checkZoneCreation(plan, { createZones: false, asked: false });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ZonesyncError);
    expect((error as ZonesyncError).message).toBe('The plan creates 1 zone (example.com. at r53); apply creates zones only with --create-zones (or a yes at the prompt). Nothing was written');
    expect((error as ZonesyncError).exitCode).toBe(ExitCode.refusedBySafety);
    expect((error as ZonesyncError).details).toEqual(['create zone example.com. at r53 (route53)']);
  });

  it('goes on with --create-zones, or when the confirmation asks (and names the zones in its question)', () => {
    expect(() => checkZoneCreation(plan, { createZones: true, asked: false })).not.toThrow();
    expect(() => checkZoneCreation(plan, { createZones: false, asked: true })).not.toThrow();
    expect(applyQuestion(plan, false)).toBe('Apply these changes and create 1 zone (example.com. at r53)?');
    expect(applyQuestion(plan, true)).toBe('Apply these changes?');
  });

  it('takes consent from the provider type, not from a saved plan that says none is needed', () => {
    const forged = buildPlan([{ ...missingAt(r53), zoneCreation: { by: 'apply', consent: false } }], NOW);
    expect(zoneCreationLine(missingZones(forged)[0]!)).toBe('create zone example.com. at r53');
    expect(() => checkZoneCreation(forged, { createZones: false, asked: false })).toThrow(/creates 1 zone \(example\.com\. at r53\)/);
  });
});
