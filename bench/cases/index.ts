import type { BenchContext } from '../context.js';
import type { CaseResult } from '../report.js';
import { runCallsCase } from './calls.js';
import { cliStartup, PLAN_CASES, runPlanCase } from './plan.js';
import { runApplyCase, runApplyLinearCase, runApplyOldNewCase, runVerifyCase } from './pdns.js';
import { CALL_CASES } from './providers.js';
import { READBACK_CASES, runReadbackBindTimeCase, runReadbackCase } from './readback.js';
import { runApplyFileCase } from './apply-file.js';

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
  ...CALL_CASES.map((spec) => ({ id: spec.id, title: `API calls, ${spec.title}`, run: (ctx: BenchContext) => runCallsCase(ctx, spec) })),
  ...READBACK_CASES.map((spec) => ({ id: spec.id, title: `provider calls per chunk, ${spec.calls.slice('calls-'.length)}`, run: (ctx: BenchContext) => runReadbackCase(ctx, spec) })),
  { id: 'readback-bind-time', title: 'BIND apply, chunks read by IXFR against whole AXFRs', run: runReadbackBindTimeCase },
  { id: 'apply-file-10k', title: 'first sync to the file provider, 10,000 records in one zone', run: runApplyFileCase },
  { id: 'verify-pdns', title: 'verify throughput against a local PowerDNS', run: runVerifyCase },
  { id: 'apply-pdns-old-new', title: 'apply of 10,000 changed rrsets to PowerDNS, verified by DNS, before and after #24', skipInQuick: true, run: runApplyOldNewCase },
  { id: 'apply-pdns-linear', title: 'apply of 100,000 records in one zone against 10,000, PowerDNS, verified by DNS', skipInQuick: true, run: runApplyLinearCase },
  { id: 'apply-pdns', title: 'apply of 10,000 changed rrsets to a local PowerDNS', run: runApplyCase },
];
