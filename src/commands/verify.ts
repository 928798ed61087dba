import { Flags } from '@oclif/core';
import { zoneArgs, ZonesyncCommand } from '../cli/base.js';
import { verifyZones, type VerifyRun } from '../engine/verify.js';
import { reportOf } from '../engine/report.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseNameserverAddress } from '../dns/nameserver.js';
import { renderVerifyJson, renderVerifyMarkdown, renderVerifyText } from '../render/verify.js';
import { renderVerifyHtml } from '../render/verify-html.js';

export default class Verify extends ZonesyncCommand {
  static override summary = 'Ask every nameserver of every provider, one by one, and compare with the zone files.';
  static override description =
    'Every name × type of the zone plus A and AAAA at every name, with and without EDNS, over UDP with TCP on truncation. Names the broken nameserver: wrong or missing data, NXDOMAIN where NODATA is right, REFUSED/SERVFAIL/timeouts, SOA serials that differ between one provider\'s nameservers, and records that differ between providers. Steered records (octoDNS `dynamic`) are asked once per rule with EDNS Client Subnet, from the rule\'s subnets or the `verify.ecs` sample for its geo, and must answer from the rule\'s pool; a rule that cannot be checked (no sample, a server without ECS) is "cannot check steering from here", never OK. Exit 3 on any mismatch, steering not checked, a nameserver that did not answer, or a provider nothing was asked of (no `nameservers:`, no delegation to resolve); exit 1 when an error (its API down) kept the nameservers from being learned.';
  static override examples = ['<%= config.bin %> verify', '<%= config.bin %> verify example.com --target pdns --html status.html', '<%= config.bin %> verify --format markdown >> "$GITHUB_STEP_SUMMARY"'];

  static override args = zoneArgs('verify');
  static override flags = {
    format: Flags.string({ char: 'f', options: ['text', 'json', 'markdown'], default: 'text', description: 'output format' }),
    html: Flags.string({ description: 'also write a self-contained HTML status page to this file' }),
    edns: Flags.string({ options: ['both', 'on', 'off'], default: 'both', description: 'ask with EDNS, without, or both' }),
    timeout: Flags.integer({ description: 'milliseconds to wait for one answer', default: 1000, min: 50 }),
    concurrency: Flags.integer({ description: 'queries in flight per nameserver', default: 32, min: 1 }),
    report: Flags.string({ description: 'also write a report file (the zone reports, with the config and shard) for `zonesync report merge`', helpValue: 'FILE' }),
    dnssec: Flags.boolean({ default: true, allowNo: true, description: 'check DNSSEC (keys, signatures, denial proofs, DS) when the zone is signed anywhere' }),
    'sig-warn': Flags.integer({ description: 'warn when an RRSIG expires within this many days and is in the last quarter of its validity', default: 7, min: 0 }),
    'parent-ns': Flags.string({ multiple: true, description: 'a nameserver of the parent zone (IP or IP:port), asked for the DS set when the zone\'s registrar cannot tell it' }),
  };

  async run(): Promise<VerifyRun> {
    const { flags, argv } = await this.parse(Verify);
    const config = await this.config_(flags.config);
    const zones = await this.zonesFrom(config, argv, flags.shard);
    const run = await verifyZones(config, this.providers(config), zones, {
      edns: flags.edns as 'both' | 'on' | 'off',
      timeoutMs: flags.timeout,
      concurrency: flags.concurrency,
      ...(flags.target ? { targets: flags.target } : {}),
      ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
      ...(flags.dnssec
        ? { dnssec: { now: Date.now() / 1000, sigWarnDays: flags['sig-warn'], timeoutMs: flags.timeout, env: process.env, ...(flags['parent-ns'] ? { parentNameservers: flags['parent-ns'].map((text) => parseNameserverAddress(text, '--parent-ns')) } : {}) } }
        : {}),
    });
    const now = new Date();
    if (flags.html) await writeFileAtomic(flags.html, this.redact(renderVerifyHtml(run.reports, now)));
    if (flags.report) await writeFileAtomic(flags.report, this.redact(`${JSON.stringify(await reportOf(config, 'verify', { shard: flags.shard, zones: zones.map((z) => z.name), exitCode: run.exitCode, body: run.reports, now }), null, 2)}\n`));
    if (!this.jsonEnabled()) {
      // On stderr as well when stdout is for a machine (JSON, markdown): a CI log shows why it is not green.
      const unasked = [...(run.nothingAsked ? [run.nothingAsked] : []), ...run.reports.flatMap((r) => r.providers.flatMap((p) => (p.nothingAsked ? [p.nothingAsked.message] : [])))];
      if (flags.format !== 'text') for (const line of unasked) this.printError(`not verified: ${line}`);
      if (flags.format !== 'text' && run.emptyShard) this.printError(run.emptyShard);
      if (flags.format === 'json') this.print(renderVerifyJson(run.reports));
      else if (flags.format === 'markdown') this.print(renderVerifyMarkdown(run.reports));
      else if (run.nothingAsked) this.print(`NOT VERIFIED: ${run.nothingAsked}`);
      else if (run.emptyShard) this.print(run.emptyShard);
      else this.print(renderVerifyText(run.reports, this.style(flags.color)));
    }
    this.exitWith(run.exitCode);
    return run;
  }
}
