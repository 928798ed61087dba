import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext } from './context.js';
import { PLAN_CASES } from './cases/plan.js';
import { ensurePlanData } from './data.js';
import { median, ROOT, runProcess, shellCommand } from './measure.js';
import { seconds } from './report.js';

/**
 * `npm run bench -- --compare OTHER --only startup,plan-10k`: the same CLI cases run by two builds,
 * alternated in one run (old, new, new, old, …, so drift of a shared machine falls on both), with
 * medians and the ratio new ÷ old. OTHER is
 *   a git ref (main, HEAD~3, a sha): checked out with `git worktree add` into a temporary folder,
 *     node_modules linked, `npm run build` there; the worktree is removed at the end;
 *   a folder holding a built tree (bin/run.js and dist/): used as it is;
 *   env:NAME=VALUE: this build with one more environment variable (ZONESYNC_CODE_CACHE=off).
 */

const exec = promisify(execFile);

export interface Side {
  label: string;
  /** The tree whose bin/run.js and bench/plan-inproc.js run. */
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export function thisSide(): Side {
  return { label: 'this tree', dir: ROOT, env: process.env, cleanup: async () => {} };
}

export async function otherSide(spec: string, ctx: BenchContext): Promise<Side> {
  if (spec.startsWith('env:')) {
    const [name, ...value] = spec.slice(4).split('=');
    if (!name || value.length === 0) throw new Error(`--compare ${spec}: expected env:NAME=VALUE`);
    return { label: `this tree, ${name}=${value.join('=')}`, dir: ROOT, env: { ...process.env, [name]: value.join('=') }, cleanup: async () => {} };
  }
  const folder = resolve(spec);
  if (existsSync(join(folder, 'bin/run.js'))) {
    if (!existsSync(join(folder, 'dist/bundle/cli.cjs'))) throw new Error(`--compare ${spec}: ${folder} is not built (no dist/bundle/cli.cjs)`);
    return { label: relative(ROOT, folder) || folder, dir: folder, env: process.env, cleanup: async () => {} };
  }
  const sha = (await exec('git', ['rev-parse', '--verify', `${spec}^{commit}`], { cwd: ROOT }).catch(() => {
    throw new Error(`--compare ${spec}: neither a built folder nor a git ref`);
  })).stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), 'zonesync-bench-compare-'));
  const cleanup = async () => {
    await exec('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    ctx.log(`compare: checking out ${spec} (${sha.slice(0, 12)}) into ${dir}`);
    await exec('git', ['worktree', 'add', '--detach', dir, sha], { cwd: ROOT });
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    ctx.log(`compare: npm run build in ${dir}`);
    await exec('npm', ['run', 'build'], { cwd: dir, maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { label: `${spec} (${sha.slice(0, 12)})`, dir, env: process.env, cleanup };
}

interface Line {
  metric: string;
  /** Arguments after `node`, relative to the side's tree; `config` paths stay in this tree's bench/data. */
  args: (side: Side) => string[];
  /** Milliseconds of one run: the wall time, or a number the command prints. */
  measure: (stdout: string, wallMs: number) => number;
}

const wall = (_stdout: string, wallMs: number) => wallMs;
const inProcessTotal = (stdout: string) => (JSON.parse(stdout) as { totalMs: number }).totalMs;

async function linesFor(id: string): Promise<Line[] | undefined> {
  if (id === 'startup') return [{ metric: 'CLI startup (`--version`)', args: (s) => [join(s.dir, 'bin/run.js'), '--version'], measure: wall }];
  const spec = PLAN_CASES[id];
  if (!spec) return undefined;
  const data = await ensurePlanData(join(ROOT, 'bench', 'data'), spec);
  return (
    [
      ['no change', data.noChangeConfig],
      ['1% changed', data.changeConfig],
    ] as const
  ).flatMap(([variant, config]) => [
    { metric: `CLI \`plan\`, ${variant}`, args: (s: Side) => [join(s.dir, 'bin/run.js'), 'plan', '-c', config], measure: wall },
    { metric: `in-process plan, ${variant}`, args: (s: Side) => [join(s.dir, 'bench/plan-inproc.js'), config], measure: inProcessTotal },
  ]);
}

export interface Compared {
  id: string;
  metric: string;
  old: number;
  new: number;
  /** Median of the paired differences new − old (each pair run back to back). */
  pairedDiff: number;
  runs: number;
  command: string;
}

/** Each line `runs` times per side, in ABBA order; `cliOnly` leaves out the in-process lines (a change to the bundle alone). */
export async function compareCase(id: string, runs: number, old: Side, current: Side, ctx: BenchContext, cliOnly = false): Promise<Compared[] | undefined> {
  const lines = (await linesFor(id))?.filter((line) => !cliOnly || line.metric.startsWith('CLI'));
  if (!lines) return undefined;
  const out: Compared[] = [];
  for (const line of lines) {
    const times = { old: [] as number[], new: [] as number[] };
    const once = async (side: Side): Promise<number> => {
      const args = line.args(side);
      if (!existsSync(args[0] as string)) throw new Error(`${args[0]} does not exist in ${side.label}`);
      const run = await runProcess('node', args, { cwd: ROOT, env: side.env, timeoutMs: 120_000 });
      if (run.exitCode !== 0 || run.timedOut) throw new Error(`${shellCommand('node', args)} (${side.label}) failed: ${run.stderr.slice(0, 1000)}`);
      return line.measure(run.stdout, run.wallMs);
    };
    // One unmeasured run each: the page cache and the data are warm for both.
    await once(old);
    await once(current);
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? [old, current] : [current, old];
      for (const side of order) (side === old ? times.old : times.new).push(await once(side));
    }
    const diffs = times.new.map((t, i) => t - (times.old[i] as number));
    const row: Compared = { id, metric: line.metric, old: median(times.old), new: median(times.new), pairedDiff: median(diffs), runs, command: shellCommand('node', line.args(current).map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a))) };
    ctx.log(`${id} ${line.metric}: old ${seconds(row.old)}, new ${seconds(row.new)}, ratio ${(row.new / row.old).toFixed(3)}, paired Δ ${row.pairedDiff.toFixed(1)} ms`);
    out.push(row);
  }
  return out;
}

export function renderComparison(rows: Compared[], header: { argv: string; started: Date; machine: string; old: string; current: string }): string {
  return [
    `# zonesync benchmark: two builds compared`,
    '',
    `Written by \`${header.argv}\` on ${header.started.toISOString()}. ${header.machine}`,
    '',
    `old = ${header.old}; new = ${header.current}. Each line ran alternately (old, new, new, old, …) in this one run; medians; Δ is the median of the paired differences new − old.`,
    '',
    '| case | metric | old | new | new ÷ old | paired Δ | runs | command (new) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${r.metric} | ${seconds(r.old)} | ${seconds(r.new)} | ${(r.new / r.old).toFixed(3)} | ${r.pairedDiff >= 0 ? '+' : ''}${r.pairedDiff.toFixed(1)} ms | ${r.runs} | \`${r.command}\` |`),
    '',
  ].join('\n');
}
