import { Args, Flags } from '@oclif/core';
import { ZonesyncCommand } from '../cli/base.js';
import { dsForZone, type DsMode, type DsReport } from '../engine/ds.js';
import { renderDsJson, renderDsText } from '../render/ds.js';

export default class Ds extends ZonesyncCommand {
  static override summary = 'Read or set the DS records the zone\'s registrar holds at the parent.';
  static override description =
    'Shows the DS set the registrar holds (a `type: zone` parent zone, Route 53 Domains, or unknown for `manual`) and the DS each target\'s KSK calls for. --publish makes the registrar hold the DS of every target\'s KSK (refused while a target serves none), --remove takes every DS away (the delegation goes insecure), --ds sets exactly the given ones. A dry run unless --yes; a `manual` registrar prints the exact records to enter. Exit 1 on failure.';
  static override examples = ['<%= config.bin %> ds example.com', '<%= config.bin %> ds example.com --publish', '<%= config.bin %> ds example.com --remove --yes'];
  static override strict = true;

  static override args = { zone: Args.string({ description: 'the zone whose DS to read or set', required: true }) };
  static override flags = {
    publish: Flags.boolean({ description: 'set the DS to those of the KSKs every target serves', exclusive: ['remove', 'ds'] }),
    remove: Flags.boolean({ description: 'remove every DS (the delegation goes insecure)', exclusive: ['publish', 'ds'] }),
    ds: Flags.string({ multiple: true, description: 'set exactly this DS (`keytag alg digesttype digest`); repeat for more', exclusive: ['publish', 'remove'] }),
    yes: Flags.boolean({ char: 'y', description: 'write (without it, a dry run says what would change)', default: false }),
    format: Flags.string({ char: 'f', options: ['text', 'json'], default: 'text', description: 'output format' }),
    timeout: Flags.integer({ description: 'milliseconds to wait for one DNSKEY answer', default: 2000, min: 50 }),
  };

  async run(): Promise<DsReport> {
    const { flags, args } = await this.parse(Ds);
    const config = await this.config_(flags.config);
    const mode: DsMode = flags.publish ? { kind: 'publish' } : flags.remove ? { kind: 'remove' } : flags.ds ? { kind: 'set', ds: flags.ds } : { kind: 'show' };
    const report = await dsForZone(config, this.providers(config), args.zone, { mode, yes: flags.yes, env: process.env, timeoutMs: flags.timeout });
    if (!this.jsonEnabled()) this.print(flags.format === 'json' ? renderDsJson(report) : renderDsText(report, this.style(flags.color)));
    this.exitWith(report.exitCode);
    return report;
  }
}
