import { describe, expect, it } from 'vitest';
import type { RRset, Zone } from '../core/model.js';
import { buildPlan, planZone, type Plan, type ZonePlan } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import { renderPlanMarkdown, renderPlanRecap, renderPlanText, renderZonePlanText } from './plan.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const rr = (zone: string, name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: `${name}.${zone}`, type, ttl, values });
const hosts = (zone: string, n: number, prefix = 'h', value = '192.0.2.1') => Array.from({ length: n }, (_, i) => rr(zone, `${prefix}${i}`, 'A', [value]));

/** A zone/target pair planned from `live` to `desired` (safety on, apex NS kept out of the way). */
function zonePlan(zone: string, desired: RRset[], live: RRset[] | undefined, target = 't'): ZonePlan {
  const liveZone: Zone | undefined = live ? { name: zone, rrsets: live } : undefined;
  return planZone({ target, providerType: 'file', desired: { name: zone, rrsets: desired }, live: liveZone, limits: DEFAULT_SAFETY });
}
const plan = (...zones: ZonePlan[]): Plan => buildPlan(zones, NOW);
const lines = (text: string) => text.split('\n').slice(0, -1);

describe('renderPlanText', () => {
  it('shows a small plan whole: every diff line, the horizon, the footer', () => {
    const zp = zonePlan('example.com.', [rr('example.com.', 'www', 'A', ['192.0.2.2'])], [rr('example.com.', 'www', 'A', ['192.0.2.1'])]);
    const p = plan(zp);
    expect(renderPlanText(p)).toBe(
      [
        'example.com. on t (file): 1 change: 0 create, 1 update, 0 delete',
        '  - www.example.com. 300 IN A 192.0.2.1',
        '  + www.example.com. 300 IN A 192.0.2.2',
        '  rollback: every cache shows the change within 5m (longest: www.example.com. A (300))',
        '  rollback: a rollback applied at time T shows everywhere by T + 5m (longest: www.example.com. A (300))',
        '',
        `1 change across 1 zone/target pair(s). Plan ${p.checksum.slice(0, 12)} made 2026-12-01T00:00:00.000Z.`,
        '',
      ].join('\n'),
    );
  });

  it('shows 200 changes of one zone whole, and above 200 counts by type and kind, the first 50 rrsets and how many more', () => {
    const at200 = lines(renderPlanText(plan(zonePlan('example.com.', hosts('example.com.', 200), undefined))));
    expect(at200.filter((l) => l.startsWith('  + '))).toHaveLength(200);
    expect(at200.some((l) => l.includes('more changed'))).toBe(false);

    const live = [...hosts('example.com.', 5, 'old'), ...Array.from({ length: 3 }, (_, i) => rr('example.com.', `t${i}`, 'TXT', ['"a"']))];
    const desired = [...hosts('example.com.', 201), ...Array.from({ length: 3 }, (_, i) => rr('example.com.', `t${i}`, 'TXT', ['"b"'])), rr('example.com.', 'v6', 'AAAA', ['2001:db8::1'])];
    const out = lines(renderPlanText(plan(zonePlan('example.com.', desired, live))));
    expect(out.slice(0, 4)).toEqual([
      'example.com. on t (file): 210 changes: 202 create, 3 update, 5 delete',
      '  A: 201 create, 0 update, 5 delete',
      '  AAAA: 1 create, 0 update, 0 delete',
      '  TXT: 0 create, 3 update, 0 delete',
    ]);
    expect(out.filter((l) => /^ {2}[+-] /.test(l))).toHaveLength(50);
    expect(out[54]).toBe('  … 160 more changed rrsets (--full or --format json)');
  });

  it('prints every change with full', () => {
    const out = lines(renderPlanText(plan(zonePlan('example.com.', hosts('example.com.', 1000), undefined)), undefined, { full: true }));
    expect(out.filter((l) => l.startsWith('  + '))).toHaveLength(1000);
    expect(out.some((l) => l.includes('more changed') || l.startsWith('  A: '))).toBe(false);
  });

  it('prints a safety refusal first, before any diff, and again at the end', () => {
    const live = hosts('example.com.', 20);
    const zp = zonePlan('example.com.', live.slice(0, 5), live);
    const text = renderPlanText(plan(zp));
    const refusal = [
      'Refused by safety rules (apply writes nothing unless --force):',
      '  example.com. on t: refused by safety rule: deletes 15 of 20 rrsets (75.0%), above maxDeletePercent 30% (`zonesync apply --force` overrides it)',
    ].join('\n');
    expect(text.startsWith(`${refusal}\n\nexample.com. on t (file): 15 changes: 0 create, 0 update, 15 delete\n  - h10.example.com.`)).toBe(true);
    expect(text.endsWith(`made 2026-12-01T00:00:00.000Z.\n\n${refusal}\n`)).toBe(true);
    // Shown on its own, a zone says it under its heading.
    expect(renderZonePlanText(zp).split('\n')[1]).toBe('  refused by safety rule: deletes 15 of 20 rrsets (75.0%), above maxDeletePercent 30% (`zonesync apply --force` overrides it)');
  });

  it('lists at most 20 refusals in each block, then how many more', () => {
    const zones = Array.from({ length: 25 }, (_, i) => {
      const z = `z${i}.example.`;
      return zonePlan(z, [], hosts(z, 10));
    });
    const out = lines(renderPlanText(plan(...zones)));
    expect(out[0]).toBe('Refused by safety rules (apply writes nothing unless --force):');
    expect(out[20]).toBe('  z19.example. on t: refused by safety rule: deletes 10 of 10 rrsets (100.0%), above maxDeletePercent 30% (`zonesync apply --force` overrides it)');
    expect(out[21]).toBe('  … 5 more (--full or --format json)');
    expect(out.at(-1)).toBe('  … 5 more (--full or --format json)');
  });

  it('shows 10 warnings of a zone, then how many more', () => {
    const ns: RRset = { name: 'example.com.', type: 'NS', ttl: 60, values: ['ns1.example.net.'] };
    const desired = [ns, ...Array.from({ length: 15 }, (_, i) => rr('example.com.', `h${i}`, 'A', ['192.0.2.1'], 3600))];
    const out = lines(renderPlanText(plan(zonePlan('example.com.', desired, [ns]))));
    expect(out.filter((l) => l.startsWith('  warning: '))).toHaveLength(10);
    expect(out).toContain('  … 6 more warnings (--full or --format json)');
    expect(lines(renderPlanText(plan(zonePlan('example.com.', desired, [ns])), undefined, { full: true })).filter((l) => l.startsWith('  warning: '))).toHaveLength(16);
  });

  it('stays under 5,000 lines however many zones and values, and sums up the zones it leaves out', () => {
    const zones = Array.from({ length: 4000 }, (_, i) => zonePlan(`z${i}.example.`, hosts(`z${i}.example.`, 10), undefined));
    const wide = Array.from({ length: 50 }, (_, i) => rr('wide.example.', `w${i}`, 'A', Array.from({ length: 300 }, (_, v) => `10.0.${Math.floor(v / 250)}.${v % 250}`)));
    const text = renderPlanText(plan(zonePlan('wide.example.', wide, undefined), ...zones));
    const out = lines(text);
    expect(out.length).toBeLessThanOrEqual(5000);
    // Each of the 300-line rrsets fits 16 times in 5,000 lines; the 17th does not.
    expect(out[1]).toBe('  create zone wide.example. at t');
    expect(out[2]).toBe('  + w0.example. 300 IN A 10.0.0.0'.replace('w0.example.', 'w0.wide.example.'));
    expect(out.filter((l) => l.startsWith('  + w')).length).toBe(300 * 16);
    expect(out).toContain('  … 34 more changed rrsets (--full or --format json)');
    const shown = out.filter((l) => /^z\d+\.example\. on t/.test(l)).length;
    expect(out.at(-1)).toMatch(/^40050 changes across 4001 zone\/target pair\(s\)\./);
    expect(out.at(-3)).toBe(`… ${4000 - shown} more zone/target pair(s) with ${(4000 - shown) * 10} changes (--full or --format json)`);
  });
});

describe('a change the provider asked for (ZonePlan.repairs)', () => {
  const www = rr('example.com.', 'www', 'A', ['192.0.2.1']);
  const reason = 'NS1 monitor "www.example.com - A - 192.0.2.10" is missing';
  const repaired = planZone({ target: 'ns1', providerType: 'ns1', desired: { name: 'example.com.', rrsets: [www] }, live: { name: 'example.com.', rrsets: [www] }, limits: DEFAULT_SAFETY, repairs: [{ name: www.name, type: 'A', reason }] });

  it('shows no diff (the rrset is the same) but why it is written again, in text and markdown', () => {
    expect(lines(renderPlanText(plan(repaired))).slice(0, 2)).toEqual(['example.com. on ns1 (ns1): 1 change: 0 create, 1 update, 0 delete', `  ~ www.example.com. A: written again: ${reason}`]);
    expect(renderPlanMarkdown(plan(repaired))).toContain(['```diff', `~ www.example.com. A: written again: ${reason}`, '```'].join('\n'));
  });
});

describe('renderPlanRecap', () => {
  it('sums a plan up in a line and its refusals', () => {
    const live = hosts('example.com.', 20);
    const p = plan(zonePlan('example.com.', [...live.slice(0, 5), ...hosts('example.com.', 2, 'n')], live), zonePlan('b.example.', hosts('b.example.', 1), undefined, 'u'));
    expect(renderPlanRecap(p)).toBe(
      [
        `Plan ${p.checksum.slice(0, 12)}: 18 changes: 3 create, 0 update, 15 delete across 2 zone/target pair(s). Creates 1 zone (b.example. at u).`,
        'Refused by safety rules (apply writes nothing unless --force):',
        '  example.com. on t: refused by safety rule: deletes 15 of 20 rrsets (75.0%), above maxDeletePercent 30% (`zonesync apply --force` overrides it)',
        '',
      ].join('\n'),
    );
  });
});

describe('renderPlanMarkdown', () => {
  it('shows a small plan whole: the table, the diff folded, the horizon', () => {
    const zp = zonePlan('example.com.', [rr('example.com.', 'www', 'A', ['192.0.2.2'])], [rr('example.com.', 'www', 'A', ['192.0.2.1'])]);
    const p = plan(zp);
    expect(renderPlanMarkdown(p)).toBe(
      [
        '## zonesync plan',
        '',
        '| zone | target | create | update | delete | safety | change visible within | rollback visible within |',
        '|---|---|---:|---:|---:|---|---|---|',
        '| `example.com.` | t | 0 | 1 | 0 | ok | 5m | 5m |',
        '',
        '<details><summary><code>example.com.</code> on t: 1 change: 0 create, 1 update, 0 delete</summary>',
        '',
        '```diff',
        '- www.example.com. 300 IN A 192.0.2.1',
        '+ www.example.com. 300 IN A 192.0.2.2',
        '```',
        '',
        '</details>',
        '',
        '- Rollback: every cache shows the change within 5m (longest: www.example.com. A (300))',
        '- Rollback: a rollback applied at time T shows everywhere by T + 5m (longest: www.example.com. A (300))',
        '',
        `Plan checksum \`${p.checksum}\`, made 2026-12-01T00:00:00.000Z.`,
        '',
      ].join('\n'),
    );
  });

  it('puts a safety refusal first, as a caution', () => {
    const live = hosts('example.com.', 20);
    const md = renderPlanMarkdown(plan(zonePlan('example.com.', live.slice(0, 5), live)));
    expect(md.split('\n').slice(0, 5)).toEqual([
      '## zonesync plan',
      '',
      '> [!CAUTION]',
      '> **Refused by safety rules** (apply writes nothing unless `--force`):',
      '> - `example.com.` on t: deletes 15 of 20 rrsets (75.0%), above maxDeletePercent 30%',
    ]);
    expect(md).toContain('\n**Refused by safety rules:** 1 zone/target pair(s), listed at the top.\n');
  });

  it('cuts one big zone to fit a pull-request comment and says how many rrsets it left out', () => {
    const md = renderPlanMarkdown(plan(zonePlan('example.com.', hosts('example.com.', 5000), undefined)));
    expect(md.length).toBeLessThanOrEqual(60_000);
    const shown = md.split('\n').filter((l) => l.startsWith('+ h')).length;
    expect(shown).toBeGreaterThan(1000);
    expect(md).toContain(`\n_… ${5000 - shown} more changed rrsets not shown (\`zonesync plan --format json\`)._\n`);
    expect(md).toContain(
      `\n**Cut to fit a pull-request comment** (GitHub allows 65,536 characters): not shown are ${5000 - shown} changed rrsets. The whole plan: \`zonesync plan --format json\`, or \`--format markdown --full\` into a file.\n`,
    );
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
  });

  it('folds a long zone table and cuts its rows and the diffs that do not fit', () => {
    const zones = Array.from({ length: 4000 }, (_, i) => zonePlan(`z${i}.example.`, hosts(`z${i}.example.`, 10), undefined));
    const md = renderPlanMarkdown(plan(...zones));
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('\n<details><summary>4000 zone/target pairs, 4000 with changes</summary>\n\n| zone |');
    const rows = md.split('\n').filter((l) => l.startsWith('| `z')).length;
    expect(md).toContain(`not shown are 40000 changed rrsets, the diffs of 4000 zone/target pair(s), ${4000 - rows} table rows, 4000 warnings.`);
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  it('cuts nothing with full', () => {
    const md = renderPlanMarkdown(plan(zonePlan('example.com.', hosts('example.com.', 5000), undefined)), { full: true });
    expect(md.split('\n').filter((l) => l.startsWith('+ h'))).toHaveLength(5000);
    expect(md).not.toContain('Cut to fit');
  });
});

describe('renderPlanText with many zones without changes', () => {
  const same = (z: string) => zonePlan(z, hosts(z, 2), hosts(z, 2));

  it('lists up to 20 of them, and counts more in one line', () => {
    const twenty = lines(renderPlanText(plan(...Array.from({ length: 20 }, (_, i) => same(`z${i}.example.`)))));
    expect(twenty.filter((l) => l.endsWith(': no changes'))).toHaveLength(20);
    const p = plan(zonePlan('a.example.', hosts('a.example.', 1), undefined), ...Array.from({ length: 21 }, (_, i) => same(`z${i}.example.`)));
    const out = lines(renderPlanText(p));
    expect(out.filter((l) => l.endsWith(': no changes'))).toHaveLength(0);
    expect(out.slice(-3)).toEqual(['21 zone/target pair(s) with no changes, not listed (--full or --format json)', '', `1 change across 1 zone/target pair(s). Creates 1 zone (a.example. at t). Plan ${p.checksum.slice(0, 12)} made 2026-12-01T00:00:00.000Z.`]);
    expect(lines(renderPlanText(p, undefined, { full: true })).filter((l) => l.endsWith(': no changes'))).toHaveLength(21);
  });
});
