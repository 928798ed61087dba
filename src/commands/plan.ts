import { Flags } from '@oclif/core';
import { zoneArgs, ZonesyncCommand } from '../cli/base.js';
import { changedSinceFlag, narrowToChanged } from '../cli/changed-since.js';
import { formatProblem } from '../core/problem.js';
import { planHasChanges, signPlan, type Plan } from '../core/plan.js';
import { planConfiguredZones } from '../engine/plan.js';
import { reportOf } from '../engine/report.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../render/plan.js';
import { unconfiguredZones } from '../engine/zone-lifecycle.js';
import { renderUnconfiguredMarkdown, renderUnconfiguredText } from '../render/zones.js';

export default class PlanCommand extends ZonesyncCommand {
  static override summary = 'Read live state, diff it against the zone files, and show the plan with its rollback horizon.';
  static override examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan example.com --target pdns',
    '<%= config.bin %> plan --format markdown --out plan.json > plan.md',
    '<%= config.bin %> plan --detailed-exitcode   # 0 no changes, 2 changes',
    '<%= config.bin %> plan --changed-since origin/main   # only zones a change since then touches',
  ];

  static override args = zoneArgs('plan');
  static override flags = {
    format: Flags.string({ char: 'f', options: ['text', 'json', 'markdown'], default: 'text', description: 'output format' }),
    out: Flags.string({ char: 'o', description: 'save the plan (JSON with its checksum, and an HMAC when ZONESYNC_PLAN_KEY is set) for `apply --plan`' }),
    'detailed-exitcode': Flags.boolean({ description: 'exit 2 when there are changes, 0 when none', default: false }),
    ...changedSinceFlag(),
    report: Flags.string({ description: 'also write a report file (the plan, with its config and shard) for `zonesync report merge`', helpValue: 'FILE' }),
    full: Flags.boolean({ description: 'show every change (text: above 200 changes in a zone, counts by type and the first 50; markdown: capped for a PR comment)', default: false }),
  };

  async run(): Promise<Plan> {
    const { flags, argv } = await this.parse(PlanCommand);
    const config = await this.config_(flags.config);
    const zones = await narrowToChanged(config, await this.zonesFrom(config, argv, flags.shard), flags['changed-since'], flags.quiet ? undefined : (line) => this.printError(line));
    await this.warnUnfinishedRuns(config, this.style(flags.color));
    const made = await planConfiguredZones(config, this.providers(config), zones, { targets: flags.target, now: new Date() });
    const key = process.env.ZONESYNC_PLAN_KEY;
    // With a key, `apply --plan` accepts only plans signed with it (a swapped artifact is refused).
    const plan = key ? signPlan(made.plan, key) : made.plan;
    const warnings = made.warnings;
    if (flags.out) await writeFileAtomic(flags.out, this.redact(renderPlanJson(plan)));
    const exitCode = flags['detailed-exitcode'] && planHasChanges(plan) ? 2 : 0;
    if (flags.report) await writeFileAtomic(flags.report, this.redact(`${JSON.stringify(await reportOf(config, 'plan', { shard: flags.shard, zones: zones.map((z) => z.name), exitCode, body: plan, now: new Date(plan.createdAt) }), null, 2)}\n`));
    // Zones no config names are listed when the plan covers every zone (a shard or a zone argument would list the same ones each time).
    const strays = zones.length === config.zones.length && flags.format !== 'json' && !this.jsonEnabled() ? await unconfiguredZones(config, this.providers(config), [...new Set(plan.zones.map((z) => z.target))]) : [];
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') this.print(renderPlanJson(plan));
      else if (flags.format === 'markdown') this.print(renderPlanMarkdown(plan, { full: flags.full }) + renderUnconfiguredMarkdown(strays));
      else {
        if (!flags.quiet) for (const w of warnings) this.printError(this.style(flags.color).warn(formatProblem(w)));
        this.print(renderPlanText(plan, this.style(flags.color), { full: flags.full }));
        const listed = renderUnconfiguredText(strays, this.style(flags.color));
        if (listed && !flags.quiet) this.print(`\n${listed}`);
      }
    }
    if (exitCode === 2) this.exitWith(2);
    return plan;
  }
}
