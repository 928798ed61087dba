import { ZonesyncError } from './errors.js';
import { excerpt } from './excerpt.js';
import { parseShard } from './shard.js';

/**
 * A report file (`plan --report`, `verify --report`): what one job checked, of which config and
 * shard, so `zonesync report merge` can make one status page and one summary of N matrix jobs and
 * refuse reports that do not belong together.
 */

export const REPORT_FORMAT = 'zonesync-report/1';
export type ReportKind = 'plan' | 'verify';

export interface ReportFile<Body = unknown> {
  format: typeof REPORT_FORMAT;
  kind: ReportKind;
  /** zonesync.yaml the job ran with: its path as given and the sha256 of its bytes. */
  config: { path: string; digest: string };
  /** `--shard` of the job, e.g. `2/5`; absent when it took every zone. */
  shard?: string;
  createdAt: string;
  /** Every zone the job took (after --shard, --changed-since and zone arguments). */
  zones: string[];
  /** The command's exit code. */
  exitCode: number;
  /** verify: the zone reports; plan: the plan. */
  body: Body;
}

export function makeReport<Body>(fields: Omit<ReportFile<Body>, 'format'>): ReportFile<Body> {
  return { format: REPORT_FORMAT, ...fields };
}

export interface MergedReports {
  kind: ReportKind;
  config: { path: string; digest: string };
  /** The earliest job's time. */
  createdAt: string;
  /** Shards of the matrix no report was given for, e.g. `['2/3']`: their zones are not in the merge. */
  missingShards: string[];
  zones: string[];
  exitCodes: number[];
  bodies: unknown[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The envelope checked field by field; the body is checked by the kind's own merge. */
function envelope(file: string, data: unknown): ReportFile {
  const r = record(data);
  const bad = (what: string) => new ZonesyncError(`${file} is not a zonesync report: ${what}`, { details: ['make one with `zonesync plan --report FILE` or `zonesync verify --report FILE`'] });
  if (!r) throw bad('not a JSON object');
  if (r.format !== REPORT_FORMAT) throw bad(`format is ${excerpt(JSON.stringify(r.format) ?? 'missing')}, expected "${REPORT_FORMAT}"`);
  if (r.kind !== 'plan' && r.kind !== 'verify') throw bad('kind is neither "plan" nor "verify"');
  const config = record(r.config);
  if (!config || typeof config.digest !== 'string' || typeof config.path !== 'string') throw bad('config.path and config.digest are missing');
  if (r.shard !== undefined && typeof r.shard !== 'string') throw bad('shard is not a string');
  if (typeof r.createdAt !== 'string') throw bad('createdAt is missing');
  if (!Array.isArray(r.zones) || !r.zones.every((z) => typeof z === 'string')) throw bad('zones is not a list of names');
  if (typeof r.exitCode !== 'number') throw bad('exitCode is missing');
  return r as unknown as ReportFile;
}

/**
 * Check that the reports are of one kind, one config and distinct shards of one matrix, and put
 * their zones together. Missing shards are named, not refused: a failed job leaves no report.
 */
export function mergeReportFiles(inputs: ReadonlyArray<{ file: string; data: unknown }>): MergedReports {
  if (inputs.length === 0) throw new ZonesyncError('report merge: no report files given');
  const reports = inputs.map((i) => ({ file: i.file, report: envelope(i.file, i.data) }));
  const [first] = reports as [(typeof reports)[number]];
  for (const { file, report } of reports) {
    if (report.kind !== first.report.kind) throw new ZonesyncError(`report merge: ${file} is a ${report.kind} report and ${first.file} a ${first.report.kind} report: merge plan reports and verify reports separately`);
    if (report.config.digest !== first.report.config.digest) {
      throw new ZonesyncError(`report merge: ${file} and ${first.file} were made with different configs (${report.config.path} ${report.config.digest.slice(0, 12)}, ${first.report.config.path} ${first.report.config.digest.slice(0, 12)}): merge the reports of one run`);
    }
  }
  const sharded = reports.filter((r) => r.report.shard !== undefined);
  if (sharded.length > 0 && sharded.length < reports.length) throw new ZonesyncError(`report merge: ${reports.find((r) => r.report.shard === undefined)?.file} took every zone, ${sharded[0]?.file} one shard: merge the shards of one matrix`);
  const missingShards: string[] = [];
  if (sharded.length > 0) {
    const shards = sharded.map((r) => ({ file: r.file, shard: parseShard(r.report.shard as string) }));
    const total = shards[0]?.shard.total as number;
    const bySlot = new Map<number, string>();
    for (const { file, shard } of shards) {
      if (shard.total !== total) throw new ZonesyncError(`report merge: ${file} is shard ${shard.index}/${shard.total} and ${shards[0]?.file} one of ${total}: merge the shards of one matrix`);
      const twin = bySlot.get(shard.index);
      if (twin) throw new ZonesyncError(`report merge: shard ${shard.index}/${total} is given twice (${twin}, ${file})`);
      bySlot.set(shard.index, file);
    }
    for (let i = 1; i <= total; i++) if (!bySlot.has(i)) missingShards.push(`${i}/${total}`);
  } else if (reports.length > 1) {
    throw new ZonesyncError(`report merge: ${reports.length} reports that each took every zone: only the shards of one matrix (--shard i/n) are merged`);
  }
  const owner = new Map<string, string>();
  for (const { file, report } of reports) {
    for (const zone of report.zones) {
      const twin = owner.get(zone);
      if (twin) throw new ZonesyncError(`report merge: zone ${zone} is in ${twin} and in ${file}`);
      owner.set(zone, file);
    }
  }
  return {
    kind: first.report.kind,
    config: first.report.config,
    createdAt: reports.map((r) => r.report.createdAt).sort()[0] as string,
    missingShards,
    zones: [...owner.keys()].sort(),
    exitCodes: reports.map((r) => r.report.exitCode),
    bodies: reports.map((r) => r.report.body),
  };
}
