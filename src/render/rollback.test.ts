import { describe, expect, it } from 'vitest';
import { buildPlan } from '../core/plan.js';
import type { RRset, Zone } from '../core/model.js';
import { planZoneRollback } from '../core/rollback-plan.js';
import { planZone } from '../core/plan.js';
import { DEFAULT_SAFETY } from '../core/safety.js';
import type { RollbackPreview } from '../engine/rollback-preview.js';
import { renderNothingToUndo, renderRollbackPreview, renderRolledBack } from './rollback.js';
import { unfinishedRunHint } from './unfinished-run.js';

const rr = (zone: string, name: string, value: string, ttl = 300): RRset => ({ name: `${name}.${zone}`, type: 'A', ttl, values: [value] });
const zone = (name: string, ...rrsets: RRset[]): Zone => ({ name, rrsets });

/** A run that changed www and added new in `name` on `target`, rolled back from the state it left. */
function rollbackOf(name: string, target: string) {
  const before = zone(name, rr(name, 'www', '192.0.2.1'));
  const after = zone(name, rr(name, 'www', '192.0.2.2'), rr(name, 'new', '192.0.2.9', 60));
  const run = planZone({ target, providerType: 'file', desired: after, live: before, limits: DEFAULT_SAFETY });
  return planZoneRollback(run, after, undefined).plan;
}

const preview = (over: Partial<RollbackPreview> = {}): RollbackPreview => ({
  of: '20261201T101500000Z-1a2b3c',
  kind: 'apply',
  startedAt: '2026-12-01T10:15:00.000Z',
  ended: 'done',
  plan: buildPlan([rollbackOf('example.com.', 'local'), rollbackOf('example.com.', 'pdns'), rollbackOf('example.org.', 'local')], new Date('2026-12-01T11:00:00Z')),
  conflicts: [],
  ...over,
});

describe('renderRollbackPreview', () => {
  it('names the run, its scope and counts, then shows the diff in the plan format', () => {
    const text = renderRollbackPreview(preview());
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Run 20261201T101500000Z-1a2b3c: an apply, started 2026-12-01T10:15:00.000Z, ended done.',
      'Rollback: 6 changes (0 create, 3 update, 3 delete) in 2 zones × 2 targets: example.com. on local, example.com. on pdns, example.org. on local.',
      '',
    ]);
    expect(text).toContain(
      [
        'example.com. on local (file): 2 changes: 0 create, 1 update, 1 delete',
        '  - www.example.com. 300 IN A 192.0.2.2',
        '  + www.example.com. 300 IN A 192.0.2.1',
        '  - new.example.com. 60 IN A 192.0.2.9',
      ].join('\n'),
    );
    expect(text).toContain('6 changes across 3 zone/target pair(s).');
  });

  it('says when the run did not finish, and that it was a rollback', () => {
    const text = renderRollbackPreview(preview({ kind: 'rollback', startedAt: '2026-12-01T10:15:00.000Z', ended: undefined }) as RollbackPreview);
    expect(text.split('\n')[0]).toBe('Run 20261201T101500000Z-1a2b3c: a rollback, started 2026-12-01T10:15:00.000Z, did not finish.');
  });

  it('lists the rrsets --force leaves as they are', () => {
    const conflicts = Array.from({ length: 22 }, (_, i) => `example.com. on local: h${i}.example.com. A: live state 300 198.51.100.7 is not one this run could have left (changed by someone else)`);
    const lines = renderRollbackPreview(preview({ conflicts })).split('\n');
    expect(lines[2]).toBe("Overwritten with the run's snapshot (--force), changed by someone else since the run: 22 rrset(s)");
    expect(lines[3]).toBe(`  - ${conflicts[0]}`);
    expect(lines[23]).toBe('  … 2 more');
  });

  it('lists at most ten zone/target pairs in the scope line', () => {
    const zones = Array.from({ length: 12 }, (_, i) => rollbackOf(`z${i}.example.`, 'local'));
    const line = renderRollbackPreview(preview({ plan: buildPlan(zones, new Date(0)) })).split('\n')[1];
    expect(line).toBe(`Rollback: 24 changes (0 create, 12 update, 12 delete) in 12 zones × 1 target: ${zones.slice(0, 10).map((z) => `${z.zone} on local`).join(', ')} and 2 more.`);
  });
});

describe('rollback outcomes', () => {
  it('nothing to undo names the run and why', () => {
    expect(renderNothingToUndo(preview({ nothingToUndo: 'it was already rolled back by run R2' }))).toBe('Nothing to undo for run 20261201T101500000Z-1a2b3c: it was already rolled back by run R2.\n');
  });

  it('a rollback that went through names the run it undid and its own run', () => {
    expect(renderRolledBack('R1', 'R2')).toBe('Rolled back run R1 (as run R2).\n');
  });
});

describe('unfinishedRunHint', () => {
  it.each([
    [{ id: 'R1', kind: 'apply' as const }, 'run R1 did not finish: finish it with zonesync apply --resume --run R1 or undo it with zonesync rollback R1'],
    [{ id: 'R2', kind: 'rollback' as const, of: 'R1' }, 'run R2 (a rollback of run R1) did not finish: finish it with zonesync rollback R1'],
  ])('%o', (run, text) => {
    expect(unfinishedRunHint(run)).toBe(text);
  });
});
