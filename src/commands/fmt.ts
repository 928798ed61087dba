import { Args, Flags } from '@oclif/core';
import { ZonesyncCommand } from '../cli/base.js';
import { formatZoneFiles, type FormatReport } from '../format/zone-files.js';
import { renderFormatText } from '../render/format.js';

export default class Fmt extends ZonesyncCommand {
  static override summary = 'Rewrite YAML zone files in canonical form (octoDNS key order, normalised values).';
  static override description =
    'Every zone file of the config, or the files named. Comments are kept. `--check` writes nothing and exits 1 naming each file that would change (for CI). RFC 1035 `.zone` files are not formatted: skipped, or refused when named.';
  static override examples = ['<%= config.bin %> fmt', '<%= config.bin %> fmt --check', '<%= config.bin %> fmt zones/example.com.yaml'];
  static override args = { files: Args.string({ description: 'YAML zone files to format, one or more (default: every zone file of the config)' }) };
  static override flags = {
    check: Flags.boolean({ description: 'write nothing; exit 1 naming the files that would change', default: false }),
  };

  async run(): Promise<FormatReport> {
    const { flags, argv } = await this.parse(Fmt);
    const report = await formatZoneFiles({ files: argv.map(String), check: flags.check, config: () => this.config_(flags.config) });
    if (!this.jsonEnabled()) {
      const text = renderFormatText(report, flags.quiet);
      if (text.stdout) this.print(text.stdout);
      if (text.stderr) this.printError(text.stderr);
    }
    this.exitWith(report.exitCode);
    return report;
  }
}
