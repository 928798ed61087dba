import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ensurePlanData } from '../data.js';
import { median, ROOT, runProcess, shellCommand } from '../measure.js';
import { atMost, count, mebibytes, seconds, type CaseResult, type Row } from '../report.js';
import type { BenchContext } from '../context.js';
import { PLAN_CASES } from './plan.js';

/**
 * First sync of 10,000 records in one zone to the file provider (the CLI, `apply --yes`, default
 * chunk size and verification) against a no-change `plan` of the same zone, alternated, medians.
 * Without `reload` or `nameservers` the run is one write; with a `reload` command it is one write
 * per chunk, each proportional to the zone (shown for scale, no target).
 */

export async function runApplyFileCase(ctx: BenchContext): Promise<CaseResult> {
  const spec = PLAN_CASES['plan-10k-1zone'];
  if (!spec) throw new Error('no plan-10k-1zone data spec');
  const runs = ctx.runs ?? (ctx.quick ? 2 : 5);
  const data = await ensurePlanData(join(ROOT, 'bench', 'data'), spec);
  const scratch = join(ROOT, 'bench', 'data', 'apply-file-10k');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  // A copy: zone files must lie inside the config's folder (a symlink out of it is refused).
  await cp(join(data.dir, 'zones'), join(scratch, 'zones'), { recursive: true });
  const config = (await readFile(data.noChangeConfig, 'utf8')).replace(/maxUpdatePercent: \d+, maxDeletePercent: \d+/, 'maxUpdatePercent: 100, maxDeletePercent: 100');
  await writeFile(join(scratch, 'zonesync.yaml'), config);
  await writeFile(join(scratch, 'zonesync-reload.yaml'), config.replace('{ type: file, directory: served }', "{ type: file, directory: served, reload: ['true'] }"));
  const planArgs = ['bin/run.js', 'plan', '-c', relative(ROOT, data.noChangeConfig)];
  const applyArgs = (file: string) => ['bin/run.js', 'apply', '--yes', '-c', relative(ROOT, join(scratch, file))];
  const times = { plan: [] as number[], apply: [] as number[], reload: [] as number[] };
  const rss = { plan: 0, apply: 0 };
  const fresh = async () => {
    await rm(join(scratch, 'served'), { recursive: true, force: true });
    await rm(join(scratch, '.zonesync'), { recursive: true, force: true });
  };
  for (let i = 0; i < runs; i++) {
    const plan = await runProcess('node', planArgs);
    if (plan.exitCode !== 0 || !/No changes\./.test(plan.stdout)) throw new Error(`no-change plan: exit ${plan.exitCode}: ${plan.stderr.slice(0, 1000)}`);
    times.plan.push(plan.wallMs);
    rss.plan = Math.max(rss.plan, plan.peakRss);
    await fresh();
    const apply = await runProcess('node', applyArgs('zonesync.yaml'));
    if (apply.exitCode !== 0) throw new Error(`first sync: exit ${apply.exitCode}: ${apply.stderr.slice(0, 1000)}`);
    times.apply.push(apply.wallMs);
    rss.apply = Math.max(rss.apply, apply.peakRss);
    ctx.log(`apply-file-10k run ${i + 1}/${runs}: no-change plan ${seconds(plan.wallMs)}, first sync ${seconds(apply.wallMs)}`);
  }
  // One run with a server reading the files: a write per chunk (100 chunks of 100).
  await fresh();
  const reload = await runProcess('node', applyArgs('zonesync-reload.yaml'));
  if (reload.exitCode !== 0) throw new Error(`first sync with reload: exit ${reload.exitCode}: ${reload.stderr.slice(0, 1000)}`);
  times.reload.push(reload.wallMs);
  ctx.log(`apply-file-10k with reload (a write per chunk): ${seconds(reload.wallMs)}`);
  const plan = median(times.plan);
  const apply = median(times.apply);
  const rows: Row[] = [
    { metric: 'CLI `plan`, no change, 10,000 records in one zone', target: '', measured: `${seconds(plan)} (median of ${runs})`, memory: mebibytes(rss.plan), command: shellCommand('node', planArgs) },
    { metric: 'CLI `apply --yes`, first sync of the same 10,000 records (default --chunk-size 100, --verify dns → read back: no nameservers)', target: '', measured: `${seconds(apply)} (median of ${runs})`, memory: mebibytes(rss.apply), command: shellCommand('node', applyArgs('zonesync.yaml')) },
    atMost('first sync ÷ no-change plan (medians, alternated in one run)', apply / plan, 3, { measured: `${(apply / plan).toFixed(2)}×`, target: '3×' }, 'npm run bench -- --only apply-file-10k'),
    { metric: 'the same first sync with `reload` (a server reads the files: one write of the whole zone per chunk, 100 chunks)', target: '', measured: `${seconds(reload.wallMs)} (one run)`, command: shellCommand('node', applyArgs('zonesync-reload.yaml')) },
  ];
  return {
    id: 'apply-file-10k',
    title: `first sync to the file provider: ${count(spec.records)} records in one zone`,
    rows,
    notes: [
      `Data: bench/data/${spec.name}/ (bench/data.ts); the apply writes into an empty bench/data/apply-file-10k/served/ each run. Both are whole CLI processes (startup included), alternated.`,
      'Without `reload` and `nameservers` the run is one chunk, one atomic write, journaled as one; it is read back from the file just written and checked once more for drift at the end.',
    ],
  };
}
