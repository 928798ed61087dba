import { Args, Flags } from '@oclif/core';
import { ZonesyncCommand } from '../cli/base.js';
import { ZonesyncError } from '../core/errors.js';
import { importZones, type ImportReport } from '../engine/import.js';

export default class Import extends ZonesyncCommand {
  static override summary = 'Write a live zone (or every zone a provider serves) as zone files.';
  static override description =
    'Bootstrap zone files from a provider, or keep a disaster copy of every zone: `--all --format zone` writes RFC 1035 files that the file provider, PowerDNS or BIND can serve.';
  static override examples = [
    '<%= config.bin %> import example.com --from r53 > zones/example.com.yaml',
    '<%= config.bin %> import example.com --from pdns --out zones/example.com.yaml',
    '<%= config.bin %> import --all --from r53 --out backup/ --format zone',
  ];
  static override args = { zone: Args.string({ description: 'zone to import', required: false }) };
  static override strict = true;
  static override flags = {
    from: Flags.string({ description: 'provider to read from', required: true }),
    all: Flags.boolean({ description: 'every zone the provider serves (needs --out DIR)', default: false }),
    out: Flags.string({ char: 'o', description: 'file (one zone) or directory (--all); stdout when omitted for one zone' }),
    'ignore-foreign': Flags.boolean({ description: 'leave out records other writers own (ACME TXT, external-dns and its registry, other zonesync owners) and print the ignore: rules zonesync.yaml needs', default: false }),
    format: Flags.string({ options: ['yaml', 'zone'], description: 'octoDNS YAML or RFC 1035 master file (default: from --out\'s extension, else yaml)' }),
  };

  async run(): Promise<ImportReport> {
    const { flags, args } = await this.parse(Import);
    if (!flags.all && !args.zone) throw new ZonesyncError('Name a zone to import, or pass --all');
    if (flags.all && !flags.out) throw new ZonesyncError('--all needs --out DIR');
    const config = await this.config_(flags.config);
    const report = await importZones(config, this.providers(config), {
      from: flags.from,
      zones: flags.all ? 'all' : [args.zone as string],
      ...(flags.out ? { out: flags.out } : {}),
      ...(flags.format ? { format: flags.format as 'yaml' | 'zone' } : {}),
      ...(flags['ignore-foreign'] ? { ignoreForeign: true } : {}),
      now: new Date(),
    });
    if (!this.jsonEnabled()) for (const z of report.zones) for (const w of z.warnings) this.printError(`warning: ${z.zone}: ${w}`);
    if (!this.jsonEnabled() && flags['ignore-foreign']) {
      for (const z of report.zones.filter((r) => r.ignore.length > 0)) this.printError([`${z.zone}: add to zones.${z.zone.slice(0, -1)} in zonesync.yaml:`, ...z.ignore.map((l) => `  ${l}`)].join('\n'));
    }
    if (report.stdout !== undefined && !this.jsonEnabled()) this.print(report.stdout);
    else if (!this.jsonEnabled() && !flags.quiet) {
      for (const z of report.zones) this.printError(`${z.zone}: ${z.rrsets} rrsets → ${z.file}${z.skipped.length ? ` (skipped: ${z.skipped.join(', ')})` : ''}`);
    }
    return { ...report, stdout: undefined };
  }
}
