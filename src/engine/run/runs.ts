import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ZonesyncError } from '../../core/errors.js';
import type { TtlHorizon } from '../../core/horizon.js';
import { planChecksum, planHmacProblem, PLAN_FORMAT, type Plan } from '../../core/plan.js';
import { planScopeProblems, type PlanScope } from '../../core/saved-plan.js';
import type { Config } from '../../config/load.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { readJournal, type JournalRecord } from './journal.js';
import { stateDirError } from './state-dir.js';

/** `.zonesync/runs/<id>/`: plan.json, rollback.json and journal.jsonl of one apply; switch.json and journal.jsonl of a switch. */
export interface RunFiles {
  id: string;
  dir: string;
  plan: string;
  rollback: string;
  journal: string;
  /** A switch run's arguments (zone, providers, strategy). */
  switch: string;
}

export interface RollbackFile {
  /** /2: no `changes` any more (rollback works them out from the journal and live state). */
  format: 'zonesync-rollback/2';
  runId: string;
  planChecksum: string;
  zones: Array<{ zone: string; target: string; providerType: string; horizon: TtlHorizon }>;
}

export function newRunId(now: Date): string {
  // Milliseconds keep ids in run order when runs start within the same second.
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(3).toString('hex')}`;
}

export function runFiles(stateDir: string, id: string): RunFiles {
  const dir = join(stateDir, 'runs', id);
  return { id, dir, plan: join(dir, 'plan.json'), rollback: join(dir, 'rollback.json'), journal: join(dir, 'journal.jsonl'), switch: join(dir, 'switch.json') };
}

/**
 * Write the plan and its rollback plan before the first change is sent. The run folder appears
 * whole (built aside, then renamed), so a crash never leaves a run without its plan.
 */
export async function createRun(stateDir: string, plan: Plan, now: Date, redact: (text: string) => string): Promise<RunFiles> {
  const final = runFiles(stateDir, newRunId(now));
  try {
    return await writeRun(stateDir, plan, final, redact);
  } catch (error) {
    throw await stateDirError(error, final.dir, 'create the run folder', stateDir);
  }
}

/** A switch run's folder: its arguments in switch.json, appearing whole like an apply's. */
export async function createSwitchRun(stateDir: string, spec: object, now: Date, redact: (text: string) => string): Promise<RunFiles> {
  const final = runFiles(stateDir, newRunId(now));
  try {
    const files = runFiles(stateDir, `.tmp-${final.id}`);
    await mkdir(files.dir, { recursive: true });
    await writeFileAtomic(files.switch, redact(`${JSON.stringify(spec, null, 2)}\n`));
    await rename(files.dir, final.dir);
    return final;
  } catch (error) {
    throw await stateDirError(error, final.dir, 'create the run folder', stateDir);
  }
}

async function writeRun(stateDir: string, plan: Plan, final: RunFiles, redact: (text: string) => string): Promise<RunFiles> {
  const files = runFiles(stateDir, `.tmp-${final.id}`);
  await mkdir(files.dir, { recursive: true });
  const rollback: RollbackFile = {
    format: 'zonesync-rollback/2',
    runId: final.id,
    planChecksum: plan.checksum,
    zones: plan.zones.map((z) => ({ zone: z.zone, target: z.target, providerType: z.providerType, horizon: z.rollback.horizon })),
  };
  await writeFileAtomic(files.plan, redact(`${JSON.stringify(plan, null, 2)}\n`));
  await writeFileAtomic(files.rollback, redact(`${JSON.stringify(rollback, null, 2)}\n`));
  await rename(files.dir, final.dir);
  return final;
}

/** A named run, or the newest when none is named. */
export async function findRun(stateDir: string, id: string | undefined): Promise<RunFiles> {
  const root = join(stateDir, 'runs');
  let ids: string[];
  try {
    ids = (await readdir(root)).filter((name) => !name.startsWith('.')).sort();
  } catch {
    ids = [];
  }
  if (id) {
    if (!ids.includes(id)) throw new ZonesyncError(`No run "${id}" in ${root}${ids.length ? ` (newest: ${ids.slice(-3).join(', ')})` : ''}`);
    return runFiles(stateDir, id);
  }
  const last = ids.at(-1);
  if (!last) throw new ZonesyncError(`No runs in ${root}: nothing has been applied from this directory`);
  return runFiles(stateDir, last);
}

/**
 * Read a saved plan and check its checksum (integrity: a damaged or carelessly edited file).
 * With `key` (ZONESYNC_PLAN_KEY) its HMAC must be one made with that key: what was reviewed is
 * what is applied, even when someone could swap the file.
 */
export async function readPlanFile(path: string, key?: string): Promise<Plan> {
  let plan: Plan;
  try {
    plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
  } catch (error) {
    throw new ZonesyncError(`Cannot read plan ${path}: ${(error as Error).message}`);
  }
  if (plan.format !== PLAN_FORMAT) throw new ZonesyncError(`${path} is not a zonesync plan (format ${String(plan.format)}, expected ${PLAN_FORMAT})`);
  const expected = planChecksum(plan);
  if (plan.checksum !== expected) throw new ZonesyncError(`${path}: checksum does not match its content (edited after it was made?); make a new plan`);
  if (key) {
    const problem = planHmacProblem(plan, key);
    if (problem) throw new ZonesyncError(`${path}: refused: ${problem}; make a new plan with the same ZONESYNC_PLAN_KEY`);
  }
  return plan;
}

/** What the config lets a plan touch. */
export function planScope(config: Config): PlanScope {
  return {
    zones: new Map(config.zones.map((z) => [z.name, z.targets])),
    providerTypes: Object.fromEntries(Object.entries(config.providers).map(([id, block]) => [id, block.type])),
    policies: new Map(config.zones.flatMap((z) => Object.entries(z.sharing ?? {}).map(([target, policy]) => [`${z.name} ${target}`, policy] as const))),
  };
}

/** A plan for `apply --plan`: checksum, HMAC when a key is set, and nothing beyond the zones and targets the config declares. */
export async function readSavedPlan(path: string, config: Config, key: string | undefined): Promise<Plan> {
  const plan = await readPlanFile(path, key);
  const problems = planScopeProblems(plan, planScope(config));
  if (problems.length > 0) throw new ZonesyncError(`${path}: refused: the plan reaches beyond ${config.path}; nothing was applied`, { details: problems });
  return plan;
}

export async function loadRun(files: RunFiles): Promise<{ plan: Plan; journal: JournalRecord[] }> {
  return { plan: await readPlanFile(files.plan), journal: await readJournal(files.journal) };
}
