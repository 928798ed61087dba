import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertChange, type Change } from '../../src/core/change.js';
import { orderChanges } from '../../src/core/diff.js';
import { planChecksum, type Plan, type ZonePlan } from '../../src/core/plan.js';
import { makeWorkspace, REPO, runCli, type CliResult, type Workspace } from '../support/workspace.js';

/**
 * `apply --plan` takes a file someone else may have written (a pull request, a swapped
 * artifact): the plan is checked against the config and the live state, not trusted.
 */

const KEY = 'plan-key-for-tests-0123456789';
let ws: Workspace;
let first: Plan;
let current: Plan;
const served = () => readFile(join(ws.dir, '.zonesync/served/example.com.zone'), 'utf8');
const shown = (r: CliResult) => `${r.stdout}\n${r.stderr}`;
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: ws.dir, env });

/** What an attacker without the key can do: edit the plan and compute the plain checksum again. */
async function tampered(name: string, edit: (plan: Plan) => Plan, base: Plan = current): Promise<string> {
  const { checksum: _checksum, ...body } = edit(structuredClone(base));
  await ws.write(name, JSON.stringify({ ...body, checksum: planChecksum(body) }, null, 2));
  return name;
}
const withZone = (plan: Plan, edit: (zp: ZonePlan) => ZonePlan): Plan => ({ ...plan, zones: plan.zones.map(edit) });

beforeAll(async () => {
  ws = await makeWorkspace({
    'zonesync.yaml': readFileSync(join(REPO, 'zonesync.yaml'), 'utf8'),
    'zones/example.com.yaml': readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8'),
  });
  expect((await cli(['plan', '--out', 'first.json'])).code).toBe(0);
  first = JSON.parse(await readFile(join(ws.dir, 'first.json'), 'utf8')) as Plan;
  const applied = await cli(['apply', '--yes', '--plan', 'first.json']);
  expect(applied.code, shown(applied)).toBe(0);
  expect((await cli(['plan', '--out', 'current.json'])).code).toBe(0);
  current = JSON.parse(await readFile(join(ws.dir, 'current.json'), 'utf8')) as Plan;
});
afterAll(async () => ws?.cleanup());

// Every rrset the first apply created, deleted: the whole zone gone, `safety` claiming all is well.
const deleteEverything = (zp: ZonePlan): ZonePlan => {
  const changes = (first.zones[0] as ZonePlan).changes.flatMap((c): Change[] => (c.kind === 'create' ? [{ kind: 'delete', before: c.after }] : []));
  // A careful attacker makes the rollback match, so only the safety rules stand in the way.
  return { ...zp, changes, rollback: { ...zp.rollback, changes: orderChanges(changes.map(invertChange)) }, safety: { ok: true, reasons: [] } };
};

describe('apply --plan checks the plan instead of trusting it', () => {
  it('a plan deleting the whole zone, stored safety ok and checksum recomputed, is refused (exit 4) and nothing changes', async () => {
    const before = await served();
    const file = await tampered('delete-all.json', (p) => withZone(p, deleteEverything));
    const result = await cli(['apply', '--yes', '--plan', file]);
    expect(result.code, shown(result)).toBe(4);
    expect(result.stderr).toContain('Error: Refused by safety rules (review the plan, then use --force)');
    expect(result.stderr).toContain('  - example.com. on local: deletes 13 of 13 rrsets (100.0%), above maxDeletePercent 30%');
    expect(await served()).toBe(before);
  });

  it('the same plan claiming a much bigger live zone is refused against the live rrsets read at apply time', async () => {
    const before = await served();
    const file = await tampered('delete-all-big.json', (p) => withZone(p, (zp) => ({ ...deleteEverything(zp), liveRRsets: 100000 })));
    const result = await cli(['apply', '--yes', '--plan', file]);
    expect(result.code, shown(result)).toBe(4);
    expect(result.stderr).toContain('  - example.com. on local: deletes 13 of 13 rrsets (100.0%), above maxDeletePercent 30%');
    expect(await served()).toBe(before);
  });

  it.each([
    ['a zone not in the config', (zp: ZonePlan) => ({ ...zp, zone: 'other.example.' }), '  - zone other.example. is not in the config'],
    ['a target not in the config', (zp: ZonePlan) => ({ ...zp, target: 'elsewhere' }), '  - example.com. on elsewhere: elsewhere is not a target of example.com. in the config (targets: local)'],
    ['a zone name that climbs out of the served folder', (zp: ZonePlan) => ({ ...zp, zone: '../../x.' }), '  - zone "../../x." is not a canonical zone name'],
    [
      'a record name that is not canonical',
      (zp: ZonePlan) => ({ ...zp, changes: [{ kind: 'create', after: { name: '../evil.example.com.', type: 'A', ttl: 300, values: ['192.0.2.66'] } }] as Change[] }),
      '  - example.com. on local: changes: record name "../evil.example.com." is not a canonical domain name',
    ],
    [
      'a record outside the zone',
      (zp: ZonePlan) => ({ ...zp, changes: [{ kind: 'create', after: { name: 'www.example.org.', type: 'A', ttl: 300, values: ['192.0.2.66'] } }] as Change[] }),
      '  - example.com. on local: changes: record name "www.example.org." is outside the zone',
    ],
  ])('a plan naming %s is refused (exit 1), even with --force', async (_, edit, detail) => {
    const before = await served();
    const file = await tampered('scope.json', (p) => withZone(p, edit));
    const result = await cli(['apply', '--yes', '--force', '--plan', file]);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toContain(`Error: ${file}: refused: the plan reaches beyond zonesync.yaml; nothing was applied`);
    expect(result.stderr).toContain(detail);
    expect(await served()).toBe(before);
  });
});

describe('ZONESYNC_PLAN_KEY: plans carry and require an HMAC-SHA256', () => {
  it('plan --out with the key writes an HMAC; apply --plan with the same key applies it', async () => {
    await ws.write('zones/example.com.yaml', `${readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8')}signed: { type: A, ttl: 300, value: 192.0.2.77 }\n`);
    const made = await cli(['plan', '--out', 'signed.json'], { ZONESYNC_PLAN_KEY: KEY });
    expect(made.code, shown(made)).toBe(0);
    const signed = JSON.parse(await readFile(join(ws.dir, 'signed.json'), 'utf8')) as Plan;
    expect(signed.hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(signed)).not.toContain(KEY);
    const applied = await cli(['apply', '--yes', '--plan', 'signed.json'], { ZONESYNC_PLAN_KEY: KEY });
    expect(applied.code, shown(applied)).toBe(0);
    expect(await served()).toMatch(/^signed +300 IN A +192\.0\.2\.77$/m);
  });

  it.each([
    ['a plan edited after signing (checksum recomputed, HMAC kept)', 'edited', "the plan's HMAC does not match (made with another key, or changed after it was made)"],
    ['a plan signed with another key', 'other-key', "the plan's HMAC does not match (made with another key, or changed after it was made)"],
    ['a plan without an HMAC', 'unsigned', 'the plan has no HMAC (ZONESYNC_PLAN_KEY is set, so every plan must be made with it)'],
  ])('%s is refused (exit 1)', async (_, kind, reason) => {
    await ws.write('zones/example.com.yaml', `${readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8')}signed: { type: A, ttl: 300, value: 192.0.2.78 }\n`);
    const made = await cli(['plan', '--out', 'base.json'], kind === 'unsigned' ? {} : { ZONESYNC_PLAN_KEY: kind === 'other-key' ? 'another-key-entirely-42' : KEY });
    expect(made.code, shown(made)).toBe(0);
    const base = JSON.parse(await readFile(join(ws.dir, 'base.json'), 'utf8')) as Plan;
    const file = kind === 'edited' ? await tampered('bad.json', (p) => ({ ...p, createdAt: '2020-01-01T00:00:00.000Z' }), base) : 'base.json';
    const before = await served();
    const result = await cli(['apply', '--yes', '--plan', file], { ZONESYNC_PLAN_KEY: KEY });
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toBe(`Error: ${file}: refused: ${reason}; make a new plan with the same ZONESYNC_PLAN_KEY\n`);
    expect(await served()).toBe(before);
  });
});
