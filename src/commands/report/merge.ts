import { Args, Flags } from '@oclif/core';
import { ZonesyncCommand } from '../../cli/base.js';
import { ZonesyncError } from '../../core/errors.js';
import { mergeReports, type Merged } from '../../engine/report.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { renderPlanJson } from '../../render/plan.js';
import { renderMerged, renderMergedHtml } from '../../render/report.js';

export default class ReportMerge extends ZonesyncCommand {
  static override summary = 'Merge the report files of N sharded plan or verify jobs into one status page and one summary.';
  static override description =
    'Takes the files `plan --report` or `verify --report` wrote, one per shard of a CI matrix. Refuses plan and verify reports together, reports of different zonesync.yaml files, and a shard given twice; a shard with no report (its job failed) is named in the output and makes the exit code 1. Exit code: the worst of the reports (verify: 3 when a nameserver failed); with --detailed-exitcode, 2 when the merged plan has changes.';
  static override examples = [
    '<%= config.bin %> report merge shard-*.json --html status.html --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> report merge plans/*/report.json --format markdown --out plan.json',
  ];

  static override args = { files: Args.string({ description: 'report files (plan --report / verify --report)', required: true }) };

  static override flags = {
    format: Flags.string({ char: 'f', options: ['text', 'json', 'markdown'], default: 'text', description: 'output format' }),
    html: Flags.string({ description: 'verify reports: also write one self-contained HTML status page to this file' }),
    out: Flags.string({ char: 'o', description: 'plan reports: also save the merged plan (JSON with a new checksum) to this file' }),
    'detailed-exitcode': Flags.boolean({ description: 'plan reports: exit 2 when the merged plan has changes', default: false }),
  };

  async run(): Promise<Merged> {
    const { flags, argv } = await this.parse(ReportMerge);
    const merged = await mergeReports(argv.map(String), { detailedExitcode: flags['detailed-exitcode'] });
    if (flags.html !== undefined && merged.kind !== 'verify') throw new ZonesyncError('report merge --html: these are plan reports, and only verify reports make a status page; use --format markdown');
    if (flags.out !== undefined && merged.kind !== 'plan') throw new ZonesyncError('report merge --out: these are verify reports; --out saves a merged plan');
    if (flags.html !== undefined && merged.kind === 'verify') await writeFileAtomic(flags.html, this.redact(renderMergedHtml(merged)));
    if (flags.out !== undefined && merged.kind === 'plan') await writeFileAtomic(flags.out, this.redact(renderPlanJson(merged.plan)));
    if (!this.jsonEnabled()) {
      if (flags.format !== 'text') for (const s of merged.missingShards) this.printError(`warning: shard ${s} has no report`);
      this.print(renderMerged(merged, flags.format as 'text' | 'json' | 'markdown', this.style(flags.color)));
    }
    this.exitWith(merged.exitCode);
    return merged;
  }
}
