import { describe, expect, it } from 'vitest';
import { cloudflareCapabilities } from '../../src/providers/cloudflare/capabilities.js';
import { PROVIDER_MODULES } from '../../src/providers/table.js';
import { conformancePlan, transitionsOf } from './plan.js';
import { nameOfLength, trickyText } from './states.js';
import { onPageBoundary } from './rules.js';
import { skipTable } from './summary.js';
import { CLOUDFLARE_CONFORMANCE_PAGE } from './pages.js';

// The capabilities each provider's conformance run uses (the Cloudflare run reads in Cloudflare's documented default pages of 100).
const PROVIDERS = PROVIDER_MODULES.map((m) => ({
  provider: m.type,
  capabilities: m.type === 'cloudflare' ? cloudflareCapabilities(200, CLOUDFLARE_CONFORMANCE_PAGE) : m.capabilities,
}));

describe('conformance suite coverage', () => {
  const plans = PROVIDERS.map((p) => ({ ...p, transitions: transitionsOf(conformancePlan(p.capabilities)) }));

  it('has at least 80 transitions, the same list on all six providers, skips counted by reason', () => {
    const titles = plans.map((p) => p.transitions.map((t) => t.title));
    for (const list of titles) expect(list).toEqual(titles[0]);
    const count = titles[0]?.length ?? 0;
    expect(new Set(titles[0]).size).toBe(count);
    expect(count).toBeGreaterThanOrEqual(80);
    const ran = plans.map((p) => `  ${p.provider.padEnd(12)} ${String(p.transitions.filter((t) => !t.skip).length).padStart(3)} run, ${p.transitions.filter((t) => t.skip).length} skipped`);
    console.log(`conformance: ${count} transitions × ${plans.length} providers\n${ran.join('\n')}\nskips by reason:\n${skipTable(plans.map((p) => ({ provider: p.provider, skipped: p.transitions.filter((t) => t.skip) })))}`);
  });

  it('skips only by a capability reason', () => {
    const unexplained = plans.flatMap((p) => p.transitions.filter((t) => t.skip && !t.skip.reason).map((t) => `${p.provider}: ${t.title} (${t.skip?.rule})`));
    expect(unexplained).toEqual([]);
  });

  it('runs each zone size on some provider whose pages it sits on', () => {
    for (const size of [99, 100, 101, 300, 301, 1000, 1001]) {
      const runs = plans.filter((p) => !p.transitions.find((t) => t.title === `zone: ${size} entries`)?.skip);
      expect(runs.length, `${size}`).toBeGreaterThan(0);
      for (const p of runs) expect(onPageBoundary(size, p.capabilities.readPageSize ?? Infinity)).toBe(true);
    }
  });

  it('builds the edge values it claims', () => {
    for (const n of [254, 255, 256, 510, 511]) {
      const text = JSON.parse(trickyText(n)) as string;
      expect(Buffer.byteLength(text)).toBe(n);
      expect(text).toMatch(/"/);
      expect(text).toMatch(/\\/);
      expect(text).toMatch(/;/);
    }
    const long = `${nameOfLength(253)}.conformance.example`;
    expect(long.length).toBe(253);
    expect(long.split('.').every((l) => l.length >= 1 && l.length <= 63)).toBe(true);
  });
});
