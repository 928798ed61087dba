import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Config } from '../config/load.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { buildPlan, PLAN_FORMAT, planChecksum, planHasChanges, type Plan, type ZonePlan } from '../core/plan.js';
import { makeReport, mergeReportFiles, type ReportFile, type ReportKind } from '../core/report.js';
import type { VerifyReport } from '../verify/index.js';

/** Report files (core/report.ts) written by plan and verify, and merged by `zonesync report merge`. */

/** A report of one shard is the zones of one job: more than this is not one. */
const REPORT_BYTES = 256 * 1024 * 1024;

/** The sha256 of zonesync.yaml's bytes: reports of one run name the same one. */
export async function configDigest(config: Config): Promise<{ path: string; digest: string }> {
  return { path: config.path, digest: createHash('sha256').update(await readFile(config.path)).digest('hex') };
}

export async function reportOf<Body>(config: Config, kind: ReportKind, fields: { shard: string | undefined; zones: string[]; exitCode: number; body: Body; now: Date }): Promise<ReportFile<Body>> {
  return makeReport({ kind, config: await configDigest(config), ...(fields.shard ? { shard: fields.shard.replace(/\s/g, '') } : {}), createdAt: fields.now.toISOString(), zones: fields.zones, exitCode: fields.exitCode, body: fields.body });
}

export type Merged =
  | { kind: 'verify'; reports: VerifyReport[]; createdAt: string; missingShards: string[]; exitCode: ExitCodeValue }
  | { kind: 'plan'; plan: Plan; createdAt: string; missingShards: string[]; exitCode: ExitCodeValue };

async function readReport(file: string): Promise<{ file: string; data: unknown }> {
  try {
    const size = (await stat(file)).size;
    if (size > REPORT_BYTES) throw new Error(`it is ${size} bytes, above the ${REPORT_BYTES} a report may have`);
    return { file, data: JSON.parse(await readFile(file, 'utf8')) };
  } catch (error) {
    throw new ZonesyncError(`Cannot read report ${file}: ${(error as Error).message}`);
  }
}

/** 3 over 1 over 0: a failed check outranks an error, which outranks success. */
function worst(codes: number[]): ExitCodeValue {
  if (codes.includes(ExitCode.verificationFailed)) return ExitCode.verificationFailed;
  if (codes.includes(ExitCode.refusedBySafety)) return ExitCode.refusedBySafety;
  return codes.some((c) => c !== ExitCode.ok && c !== ExitCode.changes) ? ExitCode.error : ExitCode.ok;
}

function verifyBodies(files: string[], bodies: unknown[]): VerifyReport[] {
  return bodies.flatMap((body, i) => {
    const ok = Array.isArray(body) && body.every((r) => typeof (r as { zone?: unknown })?.zone === 'string' && Array.isArray((r as { providers?: unknown }).providers) && Array.isArray((r as { crossProvider?: unknown }).crossProvider));
    if (!ok) throw new ZonesyncError(`${files[i]}: the verify report's body is not a list of zone reports`);
    return body as VerifyReport[];
  });
}

function planBodies(files: string[], bodies: unknown[]): ZonePlan[] {
  return bodies.flatMap((body, i) => {
    const plan = body as Plan;
    if (plan?.format !== PLAN_FORMAT || !Array.isArray(plan.zones)) throw new ZonesyncError(`${files[i]}: the plan report's body is not a zonesync plan`);
    if (plan.checksum !== planChecksum(plan)) throw new ZonesyncError(`${files[i]}: the plan's checksum does not match its content (edited after it was made?)`);
    return plan.zones;
  });
}

const byZone = (a: { zone: string; target?: string }, b: { zone: string; target?: string }) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : (a.target ?? '') < (b.target ?? '') ? -1 : (a.target ?? '') > (b.target ?? '') ? 1 : 0);

/** Read and merge the report files of N shards (one kind, one config); missing shards are named and make the exit code at least 1. */
export async function mergeReports(files: string[], options: { detailedExitcode?: boolean } = {}): Promise<Merged> {
  const merged = mergeReportFiles(await Promise.all(files.map(readReport)));
  const missing = merged.missingShards.length > 0 ? [ExitCode.error] : [];
  if (merged.kind === 'verify') {
    const reports = verifyBodies(files, merged.bodies).sort(byZone);
    return { kind: 'verify', reports, createdAt: merged.createdAt, missingShards: merged.missingShards, exitCode: worst([...merged.exitCodes, ...missing]) };
  }
  const plan = buildPlan(planBodies(files, merged.bodies).sort(byZone), new Date(merged.createdAt));
  const failed = worst([...merged.exitCodes, ...missing]);
  const exitCode = failed === ExitCode.ok && options.detailedExitcode && planHasChanges(plan) ? ExitCode.changes : failed;
  return { kind: 'plan', plan, createdAt: merged.createdAt, missingShards: merged.missingShards, exitCode };
}
