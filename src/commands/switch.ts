import { Args, Flags } from '@oclif/core';
import { parseNameserverAddress } from '../dns/nameserver.js';
import { ZonesyncCommand } from '../cli/base.js';
import { switchZone, type SwitchOptions, type SwitchReport } from '../engine/switch/index.js';
import { crashTestObserver } from '../cli/test-seams.js';
import type { DnssecStrategy } from '../engine/switch/steps.js';
import { renderSwitchJson, renderSwitchMarkdown, renderSwitchText } from '../render/switch.js';

function dnssecOptions(dnssec: DnssecStrategy, resume: boolean, wait: boolean): Pick<SwitchOptions, 'dnssec' | 'resume' | 'wait' | 'journalObserver'> {
  const observer = crashTestObserver();
  return { dnssec, resume, wait, ...(observer ? { journalObserver: observer } : {}) };
}

export default class Switch extends ZonesyncCommand {
  static override summary = 'Emergency provider switch: move the delegation to a healthy provider, even when the failed one is unreachable.';
  static override description =
    'Checks every provider (API and nameservers, with short timeouts), brings --to to the declared zone, sets the apex NS to --to plus the other healthy delegates, updates the registrar, and says when resolvers will follow. A dry run unless --yes. Exit 3 when --to does not serve the zone.';
  static override examples = ['<%= config.bin %> switch example.com --to bind --from pdns', '<%= config.bin %> switch example.com --to bind --from pdns --yes --format markdown', '<%= config.bin %> switch example.com --to bind --from pdns --dnssec unsigned-first'];
  static override strict = true;

  static override args = { zone: Args.string({ description: 'the zone to switch', required: true }) };
  static override flags = {
    to: Flags.string({ description: 'the provider to switch to (one of the zone\'s targets)', required: true }),
    from: Flags.string({ description: 'the failed provider: left out of the delegation, never waited on' }),
    yes: Flags.boolean({ char: 'y', description: 'write (without it, a dry run says what would change)', default: false }),
    format: Flags.string({ char: 'f', options: ['text', 'json', 'markdown'], default: 'text', description: 'output format' }),
    dnssec: Flags.string({ options: ['unsigned-first', 'multi-signer'], description: 'move a signed zone by a DNSSEC-safe strategy, each step journaled (a run under .zonesync/runs)' }),
    resume: Flags.boolean({ description: 'continue the zone\'s unfinished --dnssec run at its first step not done', default: false }),
    wait: Flags.boolean({ description: 'with --dnssec: sleep through the TTL waits instead of stopping until --resume', default: false }),
    'parent-ns': Flags.string({ multiple: true, description: 'a nameserver of the parent zone (IP or IP:port), asked for the DS set the new delegation must match' }),
  };

  async run(): Promise<SwitchReport> {
    const { flags, args } = await this.parse(Switch);
    const config = await this.config_(flags.config);
    const report = await switchZone(config, this.providers(config), args.zone, { to: flags.to, ...(flags.from ? { from: flags.from } : {}), yes: flags.yes, now: new Date(), ...(flags.dnssec ? dnssecOptions(flags.dnssec as DnssecStrategy, flags.resume, flags.wait) : {}), ...(flags['parent-ns'] ? { parentNameservers: flags['parent-ns'].map((text) => parseNameserverAddress(text, '--parent-ns')) } : {}) });
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') this.print(renderSwitchJson(report));
      else if (flags.format === 'markdown') this.print(renderSwitchMarkdown(report));
      else this.print(renderSwitchText(report, this.style(flags.color)));
    }
    this.exitWith(report.exitCode);
    return report;
  }
}
