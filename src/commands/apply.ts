import { Flags } from '@oclif/core';
import { applyOptionsFrom, MAX_WAIT_SECONDS, pushFlags } from '../cli/apply-flags.js';
import { zoneArgs, ZonesyncCommand } from '../cli/base.js';
import type { Config } from '../config/load.js';
import { changedSinceFlag, narrowToChanged } from '../cli/changed-since.js';
import { confirmOnTerminal } from '../cli/confirm.js';
import { applyPlan, type ApplyReport } from '../engine/apply.js';
import { planConfiguredZones } from '../engine/plan.js';
import { resumeRun } from '../engine/resume.js';
import { readSavedPlan } from '../engine/run/runs.js';
import { progressOnTerminal } from '../cli/progress.js';
import { renderApplyReport } from '../render/apply.js';
import { DEFAULT_PLAN_TEXT_LIMITS, renderPlanRecap, renderPlanText } from '../render/plan.js';
import { applyQuestion } from '../render/zones.js';

export default class Apply extends ZonesyncCommand {
  static override summary = 'Push the plan in verified chunks, with a journal and a rollback plan.';
  static override description =
    'Each chunk is pushed, waited on until the provider says it is in sync, verified (read back and asked of every nameserver), and journaled before the next. The first failure stops the push (exit 3 when verification failed).';
  static override examples = [
    '<%= config.bin %> apply',
    '<%= config.bin %> apply --plan plan.json --yes',
    '<%= config.bin %> apply example.com --chunk-size 50 --pause 30 --rollback-on-failure',
    '<%= config.bin %> apply --lower-ttl 60',
    '<%= config.bin %> apply --resume',
  ];

  static override args = zoneArgs('apply');
  static override flags = {
    ...pushFlags,
    plan: Flags.string({ char: 'p', description: 'apply this saved plan (refused when its checksum or, with ZONESYNC_PLAN_KEY, its HMAC fails, when it names zones or targets not in the config, or when live state moved since)' }),
    'rollback-on-failure': Flags.boolean({ description: 'when a chunk fails, restore the zone to the snapshot by itself', default: false }),
    'lower-ttl': Flags.integer({ description: 'staged change: lower TTLs to SECONDS, wait out the old TTLs, change, then restore the TTLs', min: 0 }),
    'max-wait': Flags.integer({ description: 'longest in-process wait (seconds, up to 30 days) for old TTLs; longer waits stop and say when to --resume', default: 900, min: 0, max: MAX_WAIT_SECONDS }),
    resume: Flags.boolean({ description: 'finish the last run (or --run) after a crash, a failure or a staged wait; applies nothing twice', default: false }),
    run: Flags.string({ description: 'with --resume: the run id' }),
    ...changedSinceFlag(['plan', 'resume']),
    'create-zones': Flags.boolean({ description: 'create the zones the plan finds missing at Route 53, Cloudflare or NS1 (without it, a run with --yes or no terminal refuses them; the prompt asks)', default: false }),
    parallel: Flags.integer({ description: 'zones applied at once (each provider paces its own API calls across them)', default: 4, min: 1 }),
  };

  /** The zones named (all when none), narrowed to --shard and --changed-since. */
  private async changedZones(config: Config, argv: unknown[], flags: { shard?: string; quiet: boolean; 'changed-since'?: string }) {
    return narrowToChanged(config, await this.zonesFrom(config, argv, flags.shard), flags['changed-since'], flags.quiet ? undefined : (line) => this.printError(line));
  }

  async run(): Promise<ApplyReport> {
    const { flags, argv } = await this.parse(Apply);
    const config = await this.config_(flags.config);
    const providers = this.providers(config);
    const style = this.style(flags.color);
    if (!flags.resume) await this.warnUnfinishedRuns(config, style);
    // Lines of plan printed above the prompt: a --full plan longer than the text's cap gets a recap right before it.
    let planLines = 0;
    const progress = progressOnTerminal({ quiet: flags.quiet, json: this.jsonEnabled(), redact: (text) => this.redact(text) });
    const options = applyOptionsFrom(config, flags, {
      ...(flags['lower-ttl'] === undefined ? {} : { lowerTtl: flags['lower-ttl'] }),
      rollbackOnFailure: flags['rollback-on-failure'],
      maxWaitSeconds: flags['max-wait'],
      onEvent: progress.onEvent,
      ...(flags.yes
        ? {}
        : {
            confirm: async (plan) => {
              if (planLines > DEFAULT_PLAN_TEXT_LIMITS.maxLines) this.print(renderPlanRecap(plan, style, { forced: flags.force }));
              return confirmOnTerminal(applyQuestion(plan, flags['create-zones']));
            },
          }),
    });
    options.parallelZones = flags.parallel;
    options.createZones = flags['create-zones'];
    let report: ApplyReport;
    try {
      if (flags.resume) {
        report = await resumeRun(config, providers, { ...options, ...(flags.run ? { runId: flags.run } : {}) });
      } else {
        const plan = flags.plan
          ? await readSavedPlan(flags.plan, config, process.env.ZONESYNC_PLAN_KEY || undefined)
          : (await planConfiguredZones(config, providers, await this.changedZones(config, argv, flags), { targets: flags.target, now: new Date() })).plan;
        if (!this.jsonEnabled() && !flags.quiet) {
          const text = renderPlanText(plan, style, { full: flags.full, forced: flags.force });
          planLines = text.split('\n').length - 1;
          this.print(text);
        }
        report = await applyPlan(config, providers, plan, options);
      }
    } finally {
      await progress.done();
    }
    if (!this.jsonEnabled()) this.print(renderApplyReport(report, style));
    this.exitWith(report.exitCode);
    return report;
  }
}
