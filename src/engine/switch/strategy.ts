import type { ProviderSet } from '../../providers/registry.js';
import type { Registrar } from '../../registrars/registrar.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { Journal } from '../run/journal.js';
import { dnssecGuard } from './dnssec.js';
import { errorText, step, type SwitchStep, type SwitchStepStatus, type SwitchTimeouts } from './report.js';
import { isKsk } from '../../dns/dnssec/index.js';
import { setParentDs } from './parent-ds.js';
import { signersOf, signingKeys, dnskeyText, dsSet } from './signers.js';
import { retireDs, retireKeys } from './retire.js';
import { nextStep, NO_OLD_SIGNER, RETIRE_STEPS, STRATEGY_STEPS, waitEnd, waitOf, waitOver, WAIT_STEPS, type DnssecStrategy, type StepOutcome, type StepState, type StrategyStep, type StrategyTtls } from './steps.js';

/**
 * Runs the steps of `switch --dnssec` that the journal does not say are done, in order, journaling
 * each before it acts and after. A step that waits (a TTL, an operator at a manual registrar) stops
 * the run as `waiting`; `--resume` goes on from there.
 */

export interface StrategyContext {
  strategy: DnssecStrategy;
  zone: string;
  to: string;
  from?: string;
  /** Providers of the new delegation. */
  delegated: string[];
  /** Every target that signs or is to sign (multi-signer publishes keys at each). */
  signers: string[];
  /** The old signer's (`from`'s) DNSKEYs as read before the first step, presentation rdata: the keys the retire steps remove. */
  oldKeys?: string[];
  nameservers: Map<string, Nameserver[]>;
  parentNameservers?: Nameserver[];
  registrar?: Registrar;
  ttls: StrategyTtls;
  providers: ProviderSet;
  timeouts: SwitchTimeouts;
  clock: () => Date;
  wait: boolean;
  sleep: (ms: number) => Promise<void>;
  /** The delegation move: the existing apex-ns and registrar steps of switch. */
  move: (name: 'apex-ns' | 'registrar') => Promise<SwitchStep>;
}

async function sign(ctx: StrategyContext): Promise<StepOutcome> {
  const ids = ctx.strategy === 'unsigned-first' ? [ctx.to] : ctx.delegated;
  const lines: string[] = [];
  for (const id of ids) {
    const provider = await ctx.providers.get(id);
    if (!provider.signZone) {
      const status = await provider.dnssec?.(ctx.zone);
      if (status?.signed) { lines.push(`${id}: already signs (${status.keys.map((k) => `${k.keyTag}/${k.algorithm} ${k.role}`).join(', ')})`); continue; }
      if (ctx.strategy === 'multi-signer') return { status: 'failed', detail: `${id} (${provider.type}) cannot be signed through zonesync, so it cannot be a signer`, lines };
      return { status: 'skipped', detail: `${id} (${provider.type}) cannot be signed through zonesync: ${ctx.zone} stays insecure (no DS) until you sign it there and publish its DS`, lines };
    }
    const status = await provider.signZone(ctx.zone);
    lines.push(`${id}: signs with ${status.keys.map((k) => `${k.keyTag}/${k.algorithm} ${k.role}`).join(', ')} (${status.source})`);
  }
  return { status: 'done', detail: `signed at ${ids.join(', ')}`, lines };
}

/** RFC 8901 model 2: each signer's DNSKEY set carries every other signer's zone-signing keys. */
async function publishKeys(ctx: StrategyContext): Promise<StepOutcome> {
  const { signers, problems } = await signersOf(ctx, ctx.signers);
  if (problems.length > 0) return { status: 'failed', detail: `refused: every signer must answer with its keys: ${problems.join('; ')}` };
  const lines: string[] = [];
  for (const signer of signers) {
    const provider = await ctx.providers.get(signer.id);
    if (!provider.publishForeignKeys) return { status: 'failed', detail: `refused: ${signer.id} (${provider.type}) cannot publish other signers' keys` };
    const foreign = signers.filter((s) => s.id !== signer.id).flatMap(signingKeys);
    await provider.publishForeignKeys(ctx.zone, foreign.map(dnskeyText));
    lines.push(`${signer.id}: publishes ${foreign.map((k) => `${k.keyTag}/${k.algorithm}`).join(', ') || 'no other key'} next to its own`);
  }
  return { status: 'done', detail: `every signer (${signers.map((s) => s.id).join(', ')}) publishes the others' zone-signing keys`, lines };
}

/** The DS the parent is to hold: every delegated signer's KSK (unsigned-first: only when they all sign with the same keys). */
async function publishDs(ctx: StrategyContext): Promise<StepOutcome> {
  const ids = ctx.strategy === 'unsigned-first' ? ctx.delegated : ctx.signers;
  const { signers, problems, unsigned } = await signersOf(ctx, ids);
  if (problems.length > 0) return { status: 'failed', detail: `the signers' keys could not be read: ${problems.join('; ')}` };
  if (unsigned.length > 0) return { status: 'skipped', detail: `${unsigned.join(', ')} serve${unsigned.length === 1 ? 's' : ''} no DNSKEY: a DS now would make validating resolvers fail there, so ${ctx.zone} stays insecure` };
  if (ctx.strategy === 'unsigned-first' && new Set(signers.map((s) => s.keys.map((k) => k.keyTag).sort().join(','))).size > 1) {
    return { status: 'skipped', detail: `${signers.map((s) => s.id).join(', ')} sign with different keys: publishing their DS needs --dnssec multi-signer; ${ctx.zone} stays insecure` };
  }
  return setParentDs(ctx, dsSet(signers.flatMap((s) => s.ds)), signers.flatMap((s) => s.keys.filter(isKsk).map(dnskeyText)));
}

async function waitStep(ctx: StrategyContext, name: StrategyStep, state: StepState): Promise<StepOutcome> {
  const wait = waitOf(name, ctx.ttls);
  const until = state.until ?? waitEnd(ctx.clock(), wait.seconds);
  if (!waitOver({ ...state, until }, ctx.clock()) && ctx.wait) await ctx.sleep(new Date(until).getTime() - ctx.clock().getTime());
  if (waitOver({ ...state, until }, ctx.clock())) return { status: 'done', detail: `waited ${wait.why}`, until };
  return { status: 'waiting', detail: `waits until ${until} (${wait.why}); then run the same command with --resume, or pass --wait`, until };
}

async function guard(ctx: StrategyContext): Promise<StepOutcome> {
  const checked = await dnssecGuard({ zone: ctx.zone, delegated: ctx.delegated, nameservers: ctx.nameservers, ...(ctx.parentNameservers ? { parentNameservers: ctx.parentNameservers } : {}), timeoutMs: ctx.timeouts.dnsMs, ...(ctx.from === undefined ? {} : { from: ctx.from }) });
  return { status: checked.status === 'failed' ? 'failed' : 'done', detail: checked.detail, lines: checked.lines };
}

async function runStep(ctx: StrategyContext, name: StrategyStep, state: StepState): Promise<StepOutcome> {
  if (RETIRE_STEPS.has(name) && ctx.from === undefined) return { status: 'skipped', detail: NO_OLD_SIGNER };
  if (WAIT_STEPS.has(name)) return waitStep(ctx, name, state);
  switch (name) {
    case 'ds-remove': return setParentDs(ctx, []);
    case 'dnssec': return guard(ctx);
    case 'sign': return sign(ctx);
    case 'keys-publish': return publishKeys(ctx);
    case 'ds-publish': return publishDs(ctx);
    case 'ds-retire': return retireDs(ctx, ctx.from!);
    case 'keys-retire': return retireKeys(ctx, ctx.from!);
    case 'apex-ns':
    case 'registrar': {
      const moved = await ctx.move(name);
      return { status: moved.status === 'failed' ? 'failed' : 'done', detail: moved.detail, lines: moved.lines };
    }
    default: return { status: 'failed', detail: `unknown step ${name}` };
  }
}

const REPORTED: Record<StepOutcome['status'], SwitchStepStatus> = { done: 'ok', skipped: 'skipped', waiting: 'waiting', failed: 'failed' };

/** Steps done by an earlier invocation, as the report shows them. */
function earlierStep(name: StrategyStep, state: StepState): SwitchStep {
  const s = step(name, state.status === 'skipped' ? 'skipped' : 'ok', state.detail ?? '', state.lines);
  s.earlier = true;
  if (state.startedAt) s.startedAt = state.startedAt;
  if (state.startedAt && state.endedAt) s.seconds = (new Date(state.endedAt).getTime() - new Date(state.startedAt).getTime()) / 1000;
  if (state.until) s.until = state.until;
  return s;
}

export async function runStrategy(ctx: StrategyContext, journal: Journal, states: Map<StrategyStep, StepState>): Promise<{ steps: SwitchStep[]; status: 'done' | 'waiting' | 'failed' }> {
  const steps: SwitchStep[] = [];
  for (const name of STRATEGY_STEPS[ctx.strategy]) {
    const state = states.get(name)!;
    if (nextStep(ctx.strategy, states) !== name) { steps.push(earlierStep(name, state)); continue; }
    const started = ctx.clock();
    if (state.status === 'pending') await journal.append({ type: 'switch-step', zone: ctx.zone, step: name, status: 'started', detail: 'started' }, started);
    let outcome: StepOutcome;
    try {
      outcome = await runStep(ctx, name, state);
    } catch (error) {
      outcome = { status: 'failed', detail: errorText(error) };
    }
    const ended = ctx.clock();
    await journal.append({ type: 'switch-step', zone: ctx.zone, step: name, status: outcome.status, detail: outcome.detail, ...(outcome.until ? { until: outcome.until } : {}), ...(outcome.lines?.length ? { lines: outcome.lines } : {}) }, ended);
    const s = step(name, REPORTED[outcome.status], outcome.detail, outcome.lines ?? []);
    s.startedAt = state.startedAt ?? started.toISOString();
    s.seconds = (ended.getTime() - started.getTime()) / 1000;
    if (outcome.until) s.until = outcome.until;
    steps.push(s);
    state.status = outcome.status;
    if (outcome.until) state.until ??= outcome.until;
    if (outcome.status === 'waiting' || outcome.status === 'failed') {
      for (const rest of STRATEGY_STEPS[ctx.strategy].slice(STRATEGY_STEPS[ctx.strategy].indexOf(name) + 1)) steps.push(step(rest, 'skipped', `not run yet: ${name} is ${outcome.status}`));
      return { steps, status: outcome.status };
    }
  }
  return { steps, status: 'done' };
}
