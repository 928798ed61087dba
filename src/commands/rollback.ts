import { Args } from '@oclif/core';
import { applyOptionsFrom, pushFlags } from '../cli/apply-flags.js';
import { ZonesyncCommand } from '../cli/base.js';
import { confirmOnTerminal } from '../cli/confirm.js';
import { ExitCode } from '../core/errors.js';
import { previewRollback } from '../engine/rollback-preview.js';
import { rollbackRun, type RollbackReport } from '../engine/rollback.js';
import { progressOnTerminal } from '../cli/progress.js';
import { renderApplyReport, renderRollbackHorizon } from '../render/apply.js';
import { renderNothingToUndo, renderRollbackPreview, renderRolledBack } from '../render/rollback.js';

export default class Rollback extends ZonesyncCommand {
  static override summary = 'Restore every zone a run touched to the snapshot its plan was made from.';
  static override description =
    'Reads live state first and shows what it will undo (the run, its zones and targets, the diff), then asks unless --yes. Only what the run left live is undone, and an rrset someone else changed since is refused (unless --force). Prints when every cache will have seen the rollback.';
  static override examples = ['<%= config.bin %> rollback', '<%= config.bin %> rollback 20261122T101500Z-1a2b3c --yes'];
  static override strict = true;
  static override args = { run: Args.string({ description: 'run id (default: the last run that wrote something)', required: false }) };
  static override flags = { ...pushFlags };

  async run(): Promise<RollbackReport> {
    const { flags, args } = await this.parse(Rollback);
    const config = await this.config_(flags.config);
    const providers = this.providers(config);
    const style = this.style(flags.color);
    await this.warnUnfinishedRuns(config, style);
    const preview = await previewRollback(config, providers, { ...(args.run ? { runId: args.run } : {}), force: flags.force, now: new Date() });
    const base = { of: preview.of, preview, horizonSeconds: 0 };
    if (preview.nothingToUndo) {
      if (!this.jsonEnabled()) this.print(renderNothingToUndo(preview));
      return { ...base, status: 'no-changes', zones: [], exitCode: ExitCode.ok };
    }
    // --quiet drops the preview only when nothing is asked: a question always comes with what it is about.
    if (!this.jsonEnabled() && !(flags.quiet && flags.yes)) this.print(renderRollbackPreview(preview, style, { full: flags.full }));
    if (!flags.yes && !(await confirmOnTerminal('Roll back?'))) {
      if (!this.jsonEnabled()) this.print('Cancelled: nothing was written.');
      return { ...base, status: 'cancelled', zones: [], exitCode: ExitCode.ok };
    }
    const progress = progressOnTerminal({ quiet: flags.quiet, json: this.jsonEnabled(), redact: (text) => this.redact(text) });
    let report: RollbackReport;
    try {
      const options = applyOptionsFrom(config, flags, { rollbackOnFailure: false, maxWaitSeconds: 0, onEvent: progress.onEvent });
      report = await rollbackRun(config, providers, { ...options, preview });
    } finally {
      await progress.done();
    }
    if (!this.jsonEnabled()) {
      this.print(renderApplyReport(report, style));
      if (report.status === 'done') this.print(`${renderRollbackHorizon(report.horizonSeconds, new Date())}\n${renderRolledBack(report.of, report.runId)}`);
    }
    this.exitWith(report.exitCode);
    return report;
  }
}
