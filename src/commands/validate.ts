import { zoneArgs, ZonesyncCommand } from '../cli/base.js';
import { validateZones, type ValidationReport } from '../engine/validate.js';
import { renderValidationText } from '../render/validate.js';

export default class Validate extends ZonesyncCommand {
  static override summary = 'Parse and lint zone files; every problem with file:line:column.';
  static override description = 'Errors (bad values, CNAME conflicts, duplicates) exit 1; warnings (TTL above the NS TTL, a zone served by one provider, …) do not. Touches no provider.';
  static override args = zoneArgs('validate');
  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate example.com --json'];

  async run(): Promise<ValidationReport> {
    const { flags, argv } = await this.parse(Validate);
    const config = await this.config_(flags.config);
    const { report } = await validateZones(config, await this.zonesFrom(config, argv, flags.shard));
    if (!this.jsonEnabled()) this.print(renderValidationText(report, this.style(flags.color), flags.quiet));
    this.exitWith(report.errors > 0 ? 1 : 0);
    return report;
  }
}
