import { Flags } from '@oclif/core';
import { ZonesyncCommand } from '../cli/base.js';
import { initFromOctodns, initScaffold, type InitResult } from '../engine/init.js';

export default class Init extends ZonesyncCommand {
  static override summary = 'Start a repository: zonesync.yaml, zones/ and a GitHub workflow using the zonesync Action, or a zonesync.yaml converted from an octoDNS config.';
  static override description = 'Refuses to overwrite a file that exists (use --force). With --from-octodns, the zone files are used in place and everything that cannot be mapped is printed and written into zonesync.yaml as comments.';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --from-octodns config/production.yaml --force'];

  static override flags = {
    'from-octodns': Flags.string({ description: 'convert this octoDNS config (providers, env/ secrets, zones with sources and targets)' }),
    force: Flags.boolean({ description: 'overwrite files that exist', default: false }),
  };

  async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    const from = flags['from-octodns'];
    const result = from ? await initFromOctodns(process.cwd(), from, flags.force) : await initScaffold(process.cwd(), flags.force, this.config.version);
    if (!this.jsonEnabled()) {
      const c = result.conversion;
      const lines = [`wrote ${result.written.join(', ')}`];
      if (c) lines.push(`converted ${c.zones} zone${c.zones === 1 ? '' : 's'}`, ...c.notes.map((n) => `note: ${n}`), ...c.unmapped.map((u) => `not carried over: ${u.at}: ${u.what}: ${u.reason}`));
      this.print(lines.join('\n'));
    }
    return result;
  }
}
