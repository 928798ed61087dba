import { Args } from '@oclif/core';
import { applyOptionsFrom, pushFlags } from '../cli/apply-flags.js';
import { ZonesyncCommand } from '../cli/base.js';
import { confirmOnTerminal } from '../cli/confirm.js';
import type { ApplyReport } from '../engine/apply.js';
import { rollbackRun } from '../engine/rollback.js';
import { progressOnTerminal } from '../cli/progress.js';
import { renderApplyReport, renderRollbackHorizon } from '../render/apply.js';

export default class Rollback extends ZonesyncCommand {
  static override summary = 'Restore every zone a run touched to the snapshot its plan was made from.';
  static override description =
    'Reads live state first: only what the run left live is undone, and an rrset someone else changed since is refused (unless --force). Prints when every cache will have seen the rollback.';
  static override examples = ['<%= config.bin %> rollback', '<%= config.bin %> rollback 20261122T101500Z-1a2b3c --yes'];
  static override strict = true;
  static override args = { run: Args.string({ description: 'run id (default: the last run)', required: false }) };
  static override flags = { ...pushFlags };

  async run(): Promise<ApplyReport & { of: string; horizonSeconds: number }> {
    const { flags, args } = await this.parse(Rollback);
    const config = await this.config_(flags.config);
    const progress = progressOnTerminal({ quiet: flags.quiet, json: this.jsonEnabled() });
    const options = applyOptionsFrom(config, flags, {
      rollbackOnFailure: false,
      maxWaitSeconds: 0,
      onEvent: progress.onEvent,
      ...(flags.yes ? {} : { confirm: async () => confirmOnTerminal('Roll back?') }),
    });
    if (options.confirm && !(await options.confirm({} as never))) {
      this.print('Cancelled: nothing was written.');
      return { status: 'cancelled', zones: [], exitCode: 0, of: args.run ?? '', horizonSeconds: 0 };
    }
    let report: Awaited<ReturnType<typeof rollbackRun>>;
    try {
      report = await rollbackRun(config, this.providers(config), { ...options, ...(args.run ? { runId: args.run } : {}) });
    } finally {
      await progress.done();
    }
    if (!this.jsonEnabled()) {
      this.print(renderApplyReport(report, this.style(flags.color)));
      if (report.status === 'done') this.print(renderRollbackHorizon(report.horizonSeconds, new Date()));
    }
    this.exitWith(report.exitCode);
    return report;
  }
}
