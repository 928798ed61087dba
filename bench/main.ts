import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext } from './context.js';
import { CASES } from './cases/index.js';
import { compareCase, otherSide, renderComparison, thisSide, type Compared } from './compare.js';
import { ROOT } from './measure.js';
import { machine, renderResults, type CaseResult } from './report.js';

/**
 * zonesync benchmarks: `npm run bench` runs every case and writes bench/RESULTS.md.
 *   npm run bench -- --only plan-10k,calls     (ids or id prefixes; writes bench/data/RESULTS.partial.md)
 *   npm run bench -- --quick                   (fewer runs, smaller sizes, no 1M plan unless named)
 *   npm run bench -- --runs 3 --out FILE
 *   npm run bench -- --compare main --only startup,plan-10k   (old and new alternated: bench/compare.ts;
 *                                                              writes bench/data/COMPARE.md; --cli-only)
 */

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    out: { type: 'string' },
    list: { type: 'boolean', default: false },
    compare: { type: 'string' },
    'cli-only': { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const c of CASES) console.log(`${c.id.padEnd(18)} ${c.title}`);
  process.exit(0);
}

const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
const selected = CASES.filter((c) => (only.length === 0 ? !(values.quick && c.skipInQuick) : only.some((o) => c.id === o || c.id.startsWith(`${o}-`) || c.id.startsWith(o))));
if (selected.length === 0) {
  console.error(`--only ${values.only}: no such case (known: ${CASES.map((c) => c.id).join(', ')})`);
  process.exit(1);
}

const ctx: BenchContext = { quick: values.quick ?? false, log: (line) => console.error(`[bench] ${line}`) };
if (values.runs !== undefined) ctx.runs = Number(values.runs);

const started = new Date();
const t0 = performance.now();
const header = machine();
const argv = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

if (values.compare !== undefined) {
  const runs = ctx.runs ?? (ctx.quick ? 3 : 7);
  const current = thisSide();
  const old = await otherSide(values.compare, ctx);
  const rows: Compared[] = [];
  try {
    for (const c of selected) {
      const compared = await compareCase(c.id, runs, old, current, ctx, values['cli-only']);
      if (compared) rows.push(...compared);
      else ctx.log(`${c.id}: not a CLI timing, left out of --compare`);
    }
  } finally {
    await old.cleanup();
  }
  const text = renderComparison(rows, { argv, started, machine: header, old: old.label, current: current.label });
  const out = values.out ?? join(ROOT, 'bench', 'data', 'COMPARE.md');
  await mkdir(join(out, '..'), { recursive: true });
  await writeFile(out, text);
  console.log(text);
  ctx.log(`wrote ${relative(process.cwd(), out)} in ${(performance.now() - t0) / 1000} s`);
  process.exit(0);
}
const results: CaseResult[] = [];
for (const c of selected) {
  ctx.log(`${c.id}: ${c.title}`);
  try {
    results.push(await c.run(ctx));
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    ctx.log(`${c.id} failed: ${message}`);
    results.push({ id: c.id, title: c.title, rows: [{ metric: 'the case itself', target: 'runs to the end', measured: `error: ${(error as Error).message.split('\n')[0]}`, pass: false, command: '' }], notes: [] });
  }
}

const full = only.length === 0 && !values.quick && values.runs === undefined;
const out = values.out ?? (full ? join(ROOT, 'bench', 'RESULTS.md') : join(ROOT, 'bench', 'data', 'RESULTS.partial.md'));
// Profiles of missed targets are written by hand in bench/PROFILE.md and carried into the results.
const profile = await readFile(join(ROOT, 'bench', 'PROFILE.md'), 'utf8').catch(() => '');
const text = `${renderResults(results, { started, machine: header, argv, elapsedMs: performance.now() - t0 })}${profile ? `\n${profile}` : ''}`;
await mkdir(join(out, '..'), { recursive: true });
await writeFile(out, text);
console.log(text);
ctx.log(`wrote ${relative(process.cwd(), out)}`);
// Harness servers, sockets and SDK agents may keep handles open; the results are written.
process.exit(0);
