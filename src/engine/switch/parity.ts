import type { Config } from '../../config/load.js';
import { ExitCode, type ExitCodeValue } from '../../core/errors.js';
import { changeLabel, countChanges, planHasChanges } from '../../core/plan.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { ProviderSet } from '../../providers/registry.js';
import { verifyUntil } from '../../verify/index.js';
import { applyPlan, type ApplyOptions } from '../apply.js';
import type { DesiredZone } from '../desired.js';
import { reportProblems } from '../run/dns-verifier.js';
import { makePlan } from '../plan.js';
import { errorText, step, withDeadline, type SwitchStep, type SwitchTimeouts } from './report.js';
import { verifierFor } from '../run/verifiers.js';

/** Step 2 of `switch`: `--to` must serve the declared zone before the delegation points at it. */

export interface ParityResult {
  step: SwitchStep;
  /** Set when the switch must stop here. */
  exitCode?: ExitCodeValue;
}

/** How switch writes: forced (the operator passed --yes in an emergency), verified over DNS, chunked, no pauses. */
export function switchApplyOptions(config: Config, timeouts: SwitchTimeouts): ApplyOptions {
  return {
    chunkSize: config.defaults.chunkSize,
    pauseSeconds: 0,
    verify: 'dns',
    rollbackOnFailure: false,
    force: true,
    maxWaitSeconds: 0,
    syncTimeoutMs: timeouts.syncMs,
    verifier: verifierFor('dns', timeouts.verifyMs, config.defaults.verifyRate),
  };
}

const MAX_LINES = 20;

function planLines(labels: string[]): string[] {
  const shown = labels.slice(0, MAX_LINES);
  return labels.length > MAX_LINES ? [...shown, `… and ${labels.length - MAX_LINES} more`] : shown;
}

export async function ensureParity(
  config: Config,
  providers: ProviderSet,
  desired: DesiredZone,
  to: string,
  nameservers: Nameserver[],
  options: { yes: boolean; now: Date; timeouts: SwitchTimeouts; apiUp: boolean },
): Promise<ParityResult> {
  const zone = desired.zone.name;
  if (!options.apiUp) {
    return { step: step('parity', 'failed', `${to}'s API does not answer, so zonesync cannot check or bring ${to} to the declared zone; switch to a provider whose API answers`), exitCode: ExitCode.error };
  }
  let plan;
  try {
    plan = await withDeadline(`${to}: planning ${zone}`, options.timeouts.apiMs * 2, () => makePlan(config, providers, [desired], { targets: [to], now: options.now }));
  } catch (error) {
    return { step: step('parity', 'failed', `cannot plan ${zone} on ${to}: ${errorText(error)}`), exitCode: ExitCode.error };
  }
  const changes = plan.zones.flatMap((z) => z.changes);
  const counts = countChanges(changes);
  const summary = `${changes.length} change(s): ${counts.create} create, ${counts.update} update, ${counts.delete} delete`;
  const lines = planLines(changes.map(changeLabel));
  if (planHasChanges(plan)) {
    if (!options.yes) return { step: step('parity', 'dry-run', `${to} differs from the declared zone: would apply ${summary} (verified, chunked)`, lines, { changes: changes.length }) };
    const report = await applyPlan(config, providers, plan, switchApplyOptions(config, options.timeouts)).catch((error: unknown) => error as Error);
    if (report instanceof Error) return { step: step('parity', 'failed', `applying ${summary} to ${to} failed: ${report.message}`, lines), exitCode: ExitCode.error };
    if (report.status !== 'done') {
      const failed = report.zones.find((z) => z.failed)?.failed;
      const why = failed ? [`chunk ${failed.chunk} failed at ${failed.stage}: ${failed.error}`, ...failed.details.slice(0, MAX_LINES)] : [];
      return { step: step('parity', 'failed', `applying ${summary} to ${to} ${report.status}${report.runId ? ` (run ${report.runId})` : ''}`, [...lines, ...why]), exitCode: report.exitCode === ExitCode.ok ? ExitCode.error : report.exitCode };
    }
    lines.unshift(`applied in run ${report.runId ?? '?'}`);
  }
  if (nameservers.length === 0) return { step: step('parity', 'failed', `${to} has no nameserver addresses to verify (set providers.${to}.nameservers)`, lines), exitCode: ExitCode.verificationFailed };
  const verified = await verifyUntil(desired.zone, [{ id: to, nameservers }], { deadlineMs: options.timeouts.verifyMs, timeoutMs: options.timeouts.dnsMs, retries: 1 });
  const queries = verified.providers.flatMap((p) => p.nameservers).reduce((n, ns) => n + ns.queries, 0);
  if (!verified.ok) {
    return { step: step('parity', 'failed', `${to} does not serve the declared zone: verification failed`, [...lines, ...planLines(reportProblems(verified))]), exitCode: ExitCode.verificationFailed };
  }
  const head = changes.length === 0 ? `${to} already serves the declared zone` : `${to} now serves the declared zone (${summary} applied)`;
  return { step: step('parity', 'ok', `${head}; verified on ${nameservers.length} nameserver(s), ${queries} answers`, lines, { changes: changes.length, queries }) };
}
