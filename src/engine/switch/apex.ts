import type { Config, ZoneConfig } from '../../config/load.js';
import { ExitCode, type ExitCodeValue } from '../../core/errors.js';
import { apexNsChange, buildPlan, planApexNs } from '../../core/plan.js';
import type { ProviderSet } from '../../providers/registry.js';
import { capabilitiesOf } from '../../providers/table.js';
import { applyPlan } from '../apply.js';
import type { HealthResult } from './health.js';
import { switchApplyOptions } from './parity.js';
import { errorText, step, withDeadline, type SwitchStep, type SwitchTimeouts } from './report.js';

/** Step 3 of `switch`: every healthy provider serves the new delegation as its apex NS. */

export interface ApexResult {
  step: SwitchStep;
  exitCode?: ExitCodeValue;
  /** The apex NS TTL `--to` serves after the step. */
  nsTtl?: number;
}

export async function setApexNs(
  config: Config,
  providers: ProviderSet,
  zone: ZoneConfig,
  health: HealthResult,
  names: string[],
  options: { to: string; from?: string; yes: boolean; now: Date; timeouts: SwitchTimeouts },
): Promise<ApexResult> {
  const lines: string[] = [];
  const outcomes: Array<{ id: string; status: 'ok' | 'failed' | 'skipped' | 'dry-run' }> = [];
  let nsTtl: number | undefined;
  const order = [options.to, ...zone.targets.filter((id) => id !== options.to)];
  for (const id of order) {
    const h = health.providers.find((p) => p.id === id);
    const note = (status: 'ok' | 'failed' | 'skipped' | 'dry-run', text: string) => {
      outcomes.push({ id, status });
      lines.push(`${id}: ${status === 'failed' ? 'FAILED: ' : status === 'skipped' ? 'skipped: ' : ''}${text}`);
    };
    if (id === options.from) { note('skipped', 'switched away from (--from): not touched'); continue; }
    if (!h || h.api === 'down') { note('skipped', `API down (${h?.apiError ?? 'not checked'})`); continue; }
    if (id !== options.to && h.state !== 'healthy') { note('skipped', `${h.state === 'down' ? 'its nameservers do not answer' : 'it serves wrong data'}: not touched`); continue; }
    const fixed = h.type ? capabilitiesOf(h.type)?.fixedApexNs : undefined;
    if (fixed) { note('skipped', fixed); continue; }
    try {
      const provider = await providers.get(id);
      const live = await withDeadline(`${id}: reading ${zone.name}`, options.timeouts.apiMs, () => provider.read(zone.name));
      if (!live) { note('skipped', `does not have ${zone.name}`); continue; }
      const change = apexNsChange(zone.name, live, names, zone.nsTtl ?? 3600);
      const ttl = change ? (change.kind === 'delete' ? undefined : change.after.ttl) : live.rrsets.find((r) => r.type === 'NS' && r.name === zone.name)?.ttl;
      if (id === options.to) nsTtl = ttl;
      if (!change) { note('ok', `apex NS already lists ${names.join(' ')}`); continue; }
      const before = change.kind === 'update' ? change.before.values.join(' ') : '(none)';
      if (!options.yes) { note('dry-run', `would set apex NS from ${before} to ${names.join(' ')}`); continue; }
      const plan = buildPlan([planApexNs({ zone: zone.name, target: id, providerType: provider.type, live, change, limits: config.defaults.safety })], options.now);
      const report = await applyPlan(config, providers, plan, switchApplyOptions(config, options.timeouts));
      const failed = report.zones.find((z) => z.failed)?.failed;
      if (report.status === 'done') note('ok', `apex NS set to ${names.join(' ')} (was ${before}; run ${report.runId ?? '?'})`);
      else note('failed', `setting apex NS ${report.status}${failed ? `: ${failed.error}${failed.details.length > 0 ? ` — ${failed.details.slice(0, 3).join('; ')}` : ''}` : ''}`);
    } catch (error) {
      note('failed', errorText(error));
    }
  }
  const toOutcome = outcomes.find((o) => o.id === options.to);
  const anyFailed = outcomes.some((o) => o.status === 'failed');
  const status = anyFailed ? 'failed' : options.yes ? 'ok' : outcomes.some((o) => o.status === 'dry-run') ? 'dry-run' : 'ok';
  const detail = toOutcome?.status === 'failed'
    ? `${options.to} could not be given the new apex NS; the registrar was not touched`
    : `apex NS ${options.yes ? 'is' : 'would be'} ${names.join(' ')} at ${outcomes.filter((o) => o.status !== 'skipped').map((o) => o.id).join(', ') || 'no provider'}`;
  const result: ApexResult = { step: step('apex-ns', status, detail, lines, { providers: outcomes }) };
  // A --to that cannot hold an apex NS (Cloudflare) is skipped, not failed: its assigned names are the apex NS.
  if (toOutcome?.status === 'failed') result.exitCode = ExitCode.error;
  if (nsTtl !== undefined) result.nsTtl = nsTtl;
  return result;
}
