import type { BenchContext } from '../context.js';
import type { CaseResult } from '../report.js';
import { cliStartup, PLAN_CASES, runPlanCase } from './plan.js';

export interface BenchCase {
  id: string;
  title: string;
  /** Left out of `--quick` unless named with `--only`. */
  skipInQuick?: boolean;
  run(ctx: BenchContext): Promise<CaseResult>;
}

export const CASES: BenchCase[] = [
  {
    id: 'startup',
    title: 'CLI startup',
    run: async (ctx) => ({ id: 'startup', title: 'CLI startup', rows: [await cliStartup(ctx)], notes: [] }),
  },
  ...Object.entries(PLAN_CASES).map(([id, spec]) => ({
    id,
    title: `plan, file provider, ${id.slice('plan-'.length)} records`,
    skipInQuick: id === 'plan-1m',
    run: (ctx: BenchContext) => runPlanCase(ctx, id, spec),
  })),
];
