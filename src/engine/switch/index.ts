import type { Config, ZoneConfig } from '../../config/load.js';
import { selectZones } from '../../config/load.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../../core/errors.js';
import { validateCommand } from '../../core/hints.js';
import { problemLines } from '../../core/problem.js';
import type { ProviderSet } from '../../providers/registry.js';
import { loadDesiredZone } from '../desired.js';
import { setApexNs } from './apex.js';
import { newDelegation } from './delegation.js';
import { checkHealth } from './health.js';
import { dnssecGuard, type DnssecTtls } from './dnssec.js';
import { ensureParity } from './parity.js';
import { propagationStep } from './propagation.js';
import { updateRegistrar } from './registrar.js';
import { dnssecRun, resumeCommand } from './dnssec-run.js';
import type { RRset } from '../../core/model.js';
import type { HealthResult } from './health.js';
import type { Delegation } from './delegation.js';
import type { DnssecStrategy } from './steps.js';
import { DEFAULT_SWITCH_TIMEOUTS, step, type SwitchTimeouts, type SwitchOptions, type SwitchReport, type SwitchStep, type SwitchStepName } from './report.js';

export type { ProviderHealth, SwitchOptions, SwitchReport, SwitchStep, SwitchStepName, SwitchStepStatus, SwitchTimeouts } from './report.js';
export { DEFAULT_SWITCH_TIMEOUTS } from './report.js';

const STEPS: SwitchStepName[] = ['health', 'parity', 'dnssec', 'apex-ns', 'registrar', 'propagation'];

function checkArguments(zone: ZoneConfig, options: SwitchOptions): void {
  const known = zone.targets.join(', ');
  if (!zone.targets.includes(options.to)) throw new ZonesyncError(`--to ${options.to}: not a target of ${zone.name} (targets: ${known})`);
  if (options.from !== undefined) {
    if (!zone.targets.includes(options.from)) throw new ZonesyncError(`--from ${options.from}: not a target of ${zone.name} (targets: ${known})`);
    if (options.from === options.to) throw new ZonesyncError(`--from and --to are both ${options.to}: switch moves the delegation from one provider to another`);
  }
}

/**
 * The emergency provider switch: health of every target, `--to` brought to the declared zone,
 * the apex NS and the registrar pointed at `--to` plus the other healthy delegates, and when
 * resolvers will follow. Dry run unless `yes`. The failed provider is never waited on for long.
 */
export async function switchZone(config: Config, providers: ProviderSet, zoneName: string, options: SwitchOptions): Promise<SwitchReport> {
  const [zone] = selectZones(config, [zoneName]) as [ZoneConfig];
  checkArguments(zone, options);
  const timeouts = { ...DEFAULT_SWITCH_TIMEOUTS, ...options.timeouts };
  const env = options.env ?? process.env;
  const desired = await loadDesiredZone(zone);
  const errors = desired.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ZonesyncError(`${zone.displayFile} has errors; fix them (see \`${validateCommand()}\`) before switching`, { details: problemLines(errors, zone.limits.problems) });

  const report: SwitchReport = {
    zone: zone.name,
    to: options.to,
    ...(options.from === undefined ? {} : { from: options.from }),
    dryRun: !options.yes,
    startedAt: options.now.toISOString(),
    delegation: [],
    steps: [],
    warnings: [],
    ok: true,
    exitCode: ExitCode.ok,
  };
  const stop = (exitCode: ExitCodeValue): SwitchReport => {
    const failed = report.steps.at(-1)?.name ?? 'health';
    for (const name of STEPS.slice(report.steps.length)) report.steps.push(step(name, 'skipped', `not run: the ${failed} step failed`));
    report.ok = false;
    report.exitCode = exitCode;
    return report;
  };
  const push = (s: SwitchStep): void => {
    report.steps.push(s);
  };

  const health = await checkHealth(providers, zone, desired.zone, options.to, timeouts);
  push(health.step);
  if (health.step.status === 'failed') return stop(ExitCode.verificationFailed);

  const parity = await ensureParity(config, providers, desired, options.to, health.nameservers.get(options.to) ?? [], {
    yes: options.yes,
    now: options.now,
    timeouts,
    apiUp: health.live.has(options.to),
  });
  push(parity.step);
  if (parity.exitCode !== undefined) return stop(parity.exitCode);

  const delegation = await newDelegation(config, providers, zone, health, { to: options.to, ...(options.from ? { from: options.from } : {}), timeouts });
  report.delegation = delegation.names;
  report.warnings.push(...delegation.warnings);
  if (!delegation.providers.includes(options.to) || delegation.names.length === 0) {
    push(step('dnssec', 'skipped', 'not run: there is no new delegation to check'));
    push(step('apex-ns', 'failed', `${options.to}'s nameserver names are unknown, so there is no delegation to point at it`, delegation.warnings));
    return stop(ExitCode.error);
  }
  if (options.dnssec) return strategyRun(config, providers, zone, desired.zone.rrsets, health, delegation, report, { ...options, dnssec: options.dnssec }, timeouts, env);
  const dnssec = await dnssecGuard({
    zone: zone.name,
    delegated: delegation.providers,
    nameservers: health.nameservers,
    ...(options.parentNameservers ? { parentNameservers: options.parentNameservers } : {}),
    timeoutMs: timeouts.dnsMs,
    ...(options.from === undefined ? {} : { from: options.from }),
  });
  push(dnssec);
  if (dnssec.status === 'failed') return stop(ExitCode.verificationFailed);
  const apex = await setApexNs(config, providers, zone, health, delegation.names, { ...options, timeouts });
  apex.step.lines.unshift(
    `new delegation: ${delegation.names.join(' ')} (from ${delegation.providers.join(', ')})`,
    ...delegation.excluded.map((e) => `left out: ${e.id} (${e.reason})`),
  );
  push(apex.step);
  if (apex.exitCode !== undefined) return stop(apex.exitCode);

  const registrar = await updateRegistrar(config, providers, zone, delegation.names, { yes: options.yes, timeouts, env });
  push(registrar.step);

  const propagation = propagationStep({
    zone: zone.name,
    now: options.now,
    ...(zone.parentNsTtl === undefined ? {} : { parentNsTtl: zone.parentNsTtl }),
    ...((apex.nsTtl ?? zone.nsTtl) === undefined ? {} : { zoneNsTtl: apex.nsTtl ?? zone.nsTtl }),
    rrsets: desired.zone.rrsets,
    dryRun: !options.yes,
    ...((dnssec.data ?? {}) as DnssecTtls),
  });
  push(propagation.step);
  report.warnings.push(...propagation.warnings);

  const failed = report.steps.some((s) => s.status === 'failed');
  report.ok = !failed;
  report.exitCode = registrar.exitCode ?? (failed ? ExitCode.error : ExitCode.ok);
  return report;
}

/** `--dnssec`: the strategy's journaled steps in place of the guard, apex NS and registrar steps; then the estimate. */
async function strategyRun(
  config: Config, providers: ProviderSet, zone: ZoneConfig, rrsets: RRset[], health: HealthResult, delegation: Delegation,
  report: SwitchReport, options: SwitchOptions & { dnssec: DnssecStrategy }, timeouts: SwitchTimeouts, env: Record<string, string | undefined>,
): Promise<SwitchReport> {
  let nsTtl: number | undefined;
  const move = async (name: 'apex-ns' | 'registrar'): Promise<SwitchStep> => {
    if (name === 'registrar') return (await updateRegistrar(config, providers, zone, delegation.names, { yes: true, timeouts, env })).step;
    const apex = await setApexNs(config, providers, zone, health, delegation.names, { ...options, yes: true, timeouts });
    nsTtl = apex.nsTtl;
    return apex.step;
  };
  const run = await dnssecRun({ config, providers, zone, rrsets, health, delegated: delegation.providers, options, timeouts, env, move });
  report.steps.push(...run.steps);
  if (run.runId) report.run = { id: run.runId, strategy: options.dnssec, status: run.status === 'done' ? 'done' : run.status === 'waiting' ? 'waiting' : 'failed', resumeWith: resumeCommand({ zone: zone.name, to: options.to, ...(options.from ? { from: options.from } : {}), strategy: options.dnssec }) };
  if (run.status === 'failed' || run.status === 'refused') {
    report.ok = false;
    report.exitCode = ExitCode.verificationFailed;
    return report;
  }
  if (run.status === 'done' || run.status === 'dry-run') {
    const propagation = propagationStep({
      zone: zone.name, now: options.now, rrsets, dryRun: !options.yes,
      ...(zone.parentNsTtl === undefined ? {} : { parentNsTtl: zone.parentNsTtl }),
      ...((nsTtl ?? zone.nsTtl) === undefined ? {} : { zoneNsTtl: nsTtl ?? zone.nsTtl }),
    });
    report.steps.push(propagation.step);
    report.warnings.push(...propagation.warnings);
  }
  return report;
}
