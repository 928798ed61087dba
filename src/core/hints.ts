// Every command zonesync tells a person to run next is built here, so test/cli/hints.test.ts can
// make each one appear, run it through bin/run.js, and keep the advice and the CLI from drifting.

/** The name the hints use: the package's bin (`./bin/run.js` in a checkout). */
export const BIN = 'zonesync';

/** Finish a stopped run (a failure, a crash, a staged wait): `--resume` takes the run by `--run`. */
export function resumeCommand(runId: string | undefined): string {
  return runId ? `${BIN} apply --resume --run ${runId}` : `${BIN} apply --resume`;
}

/** Undo a run (the last one without an id). */
export function rollbackCommand(runId: string | undefined): string {
  return runId ? `${BIN} rollback ${runId}` : `${BIN} rollback`;
}

/** Where a person sees every problem of the zone files, with file:line:column. */
export function validateCommand(): string {
  return `${BIN} validate`;
}

/** Read the zone again when a provider left it in an unknown state. */
export function planCommand(): string {
  return `${BIN} plan`;
}

/** After a failed push that was not rolled back: both ways out. */
export function failedRunHint(runId: string | undefined): string {
  return `to undo: ${rollbackCommand(runId)}; to finish: ${resumeCommand(runId)}`;
}

/** After a staged change stopped to wait out old TTLs. */
export function waitingHint(until: string, runId: string | undefined): string {
  return `old TTLs expire from caches at ${until}: then run \`${resumeCommand(runId)}\``;
}

/** A safety rule's verdict in a plan (plan and apply print it; only apply takes --force), or that --force already took it. */
export function safetyRuleLine(reason: string, forced: boolean): string {
  return forced ? `safety rule overridden by --force: ${reason}` : `refused by safety rule: ${reason} (\`${BIN} apply --force\` overrides it)`;
}

/** The error when safety rules refuse an apply. */
export const SAFETY_REFUSAL = 'Refused by safety rules (review the plan, then use --force)';

/** The last detail of a conflict refusal: `retry` is the refused command, by run id (a refused rollback is itself the newest run). */
export function conflictForceHint(retry: string | undefined): string {
  return retry ? `review them; \`${retry} --force\` overwrites them with the run's state` : 'review them; `--force` overwrites them with the run\'s state';
}

/** A chunk of a non-atomic provider that failed part-way (the run report then names the run). */
export function partAppliedState(): string {
  return `possibly part-applied (the provider is not atomic): \`${rollbackCommand(undefined)}\` or \`${resumeCommand(undefined)}\` reads live state and finishes the job`;
}
