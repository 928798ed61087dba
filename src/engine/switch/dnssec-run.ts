import { createHash } from 'node:crypto';
import type { Config, ZoneConfig } from '../../config/load.js';
import { ZonesyncError } from '../../core/errors.js';
import type { RRset } from '../../core/model.js';
import { sleep } from '../../io/sleep.js';
import type { ProviderSet } from '../../providers/registry.js';
import { openRegistrar } from '../registrar.js';
import { capabilitiesOf } from '../../providers/table.js';
import type { Registrar } from '../../registrars/registrar.js';
import { readJournal } from '../run/journal.js';
import { runIds, summarizeRun } from '../run/run-status.js';
import { runFiles, type RunFiles } from '../run/runs.js';
import { withRun } from '../run/with-run.js';
import { readFile } from 'node:fs/promises';
import { dnssecGuard, type DnssecTtls } from './dnssec.js';
import { ASSUMED_PARENT_NS_TTL, ASSUMED_ZONE_NS_TTL, longestTtl } from './propagation.js';
import type { SwitchOptions, SwitchStep, SwitchTimeouts } from './report.js';
import { step } from './report.js';
import { dnskeyText, readSigner } from './signers.js';
import { stepStates, strategyTimeline, type DnssecStrategy, type StepRecord, type StrategyTtls } from './steps.js';
import { runStrategy, type StrategyContext } from './strategy.js';
import type { HealthResult } from './health.js';

/** `switch --dnssec`: the run a strategy's steps are journaled in, new or resumed. */

/** What `.com` and most TLDs give a DS set; assumed when the parent's DS TTL is not known. */
export const ASSUMED_DS_TTL = 86_400;

/** switch.json: the run's arguments, and what it measured before its first step (the DS TTL is gone once the DS is). */
export interface SwitchRunSpec {
  format: 'zonesync-switch/1';
  zone: string;
  to: string;
  from?: string;
  strategy: DnssecStrategy;
  delegated: string[];
  signers: string[];
  /** multi-signer: `from`'s DNSKEYs as read before the first step, the keys its retire steps remove. */
  oldKeys?: string[];
  ttls: StrategyTtls;
}

export interface DnssecRunResult {
  steps: SwitchStep[];
  status: 'done' | 'waiting' | 'failed' | 'dry-run' | 'refused';
  runId?: string;
}

const bare = (name: string): string => name.replace(/\.$/, '');

export function resumeCommand(spec: Pick<SwitchRunSpec, 'zone' | 'to' | 'from' | 'strategy'>): string {
  return `zonesync switch ${bare(spec.zone)} --to ${spec.to}${spec.from ? ` --from ${spec.from}` : ''} --dnssec ${spec.strategy} --yes --resume`;
}

/** The zone's newest switch run that has not finished, with its arguments. */
async function unfinishedSwitch(stateDir: string, zone: string): Promise<{ files: RunFiles; spec: SwitchRunSpec } | undefined> {
  for (const id of (await runIds(stateDir)).reverse()) {
    const summary = await summarizeRun(stateDir, id);
    if (summary.kind !== 'switch') continue;
    const files = runFiles(stateDir, id);
    const spec = JSON.parse(await readFile(files.switch, 'utf8')) as SwitchRunSpec;
    if (spec.zone !== zone) continue;
    return summary.ended === 'done' ? undefined : { files, spec };
  }
  return undefined;
}

export interface DnssecRunInput {
  config: Config;
  providers: ProviderSet;
  zone: ZoneConfig;
  rrsets: RRset[];
  health: HealthResult;
  delegated: string[];
  options: SwitchOptions & { dnssec: DnssecStrategy };
  timeouts: SwitchTimeouts;
  env: Record<string, string | undefined>;
  move: StrategyContext['move'];
}

async function measure(input: DnssecRunInput): Promise<{ ttls: StrategyTtls; guard: DnssecTtls }> {
  const checked = await dnssecGuard({ zone: input.zone.name, delegated: input.delegated, nameservers: input.health.nameservers, ...(input.options.parentNameservers ? { parentNameservers: input.options.parentNameservers } : {}), timeoutMs: input.timeouts.dnsMs, ...(input.options.from ? { from: input.options.from } : {}) });
  const guard = (checked.data ?? {}) as DnssecTtls;
  const ttls: StrategyTtls = {
    dsTtl: guard.dsTtl ?? ASSUMED_DS_TTL,
    dsAssumed: guard.dsTtl === undefined,
    dnskeyTtl: guard.dnskeyTtl ?? 0,
    longestTtl: longestTtl(input.zone.name, input.rrsets),
    delegationTtl: Math.max(input.zone.parentNsTtl ?? ASSUMED_PARENT_NS_TTL, input.zone.nsTtl ?? ASSUMED_ZONE_NS_TTL),
  };
  return { ttls, guard };
}

/** Multi-signer's refusals: every signer must answer with its keys (the old one above all) and publish the others'. */
async function multiSignerSigners(input: DnssecRunInput): Promise<{ signers: string[]; oldKeys?: string[]; refusal?: string }> {
  const zone = input.zone.name;
  const candidates = [...new Set([...(input.options.from ? [input.options.from] : []), ...input.zone.targets])];
  const signers: string[] = [];
  const problems: string[] = [];
  let oldKeys: string[] | undefined;
  for (const id of candidates) {
    const read = await readSigner(input.providers, id, zone, input.health.nameservers.get(id) ?? [], input.timeouts.dnsMs * 2);
    if (id === input.options.from && read.signer) oldKeys = read.signer.keys.map(dnskeyText);
    const provider = await input.providers.get(id).catch(() => undefined);
    const willSign = read.signer !== undefined || (input.delegated.includes(id) && read.unsigned === true && provider?.signZone !== undefined);
    if (!willSign) {
      if (id === input.options.from || input.delegated.includes(id)) problems.push(read.problem ?? `${id} cannot sign`);
      continue;
    }
    const why = capabilitiesOf(provider?.type ?? '')?.multiSigner;
    if (!provider?.publishForeignKeys || why !== true) problems.push(`${id} (${provider?.type ?? '?'}) cannot publish other signers' keys: ${typeof why === 'string' ? why : 'not implemented'}`);
    signers.push(id);
  }
  if (problems.length > 0) return { signers, refusal: `refused: --dnssec multi-signer needs every signer up and able to publish the others' keys: ${problems.join('; ')}; use --dnssec unsigned-first` };
  return { signers, ...(oldKeys ? { oldKeys } : {}) };
}

export async function dnssecRun(input: DnssecRunInput): Promise<DnssecRunResult> {
  const { config, options } = input;
  const strategy = options.dnssec;
  const zone = input.zone.name;
  const pending = await unfinishedSwitch(config.stateDir, zone);
  if (pending && !options.resume) throw new ZonesyncError(`run ${pending.files.id} (switch ${bare(zone)} --dnssec ${pending.spec.strategy}) has not finished: continue it with ${resumeCommand(pending.spec)}`);
  if (!pending && options.resume) throw new ZonesyncError(`no unfinished switch run of ${bare(zone)} to resume in ${config.stateDir}/runs`);
  if (pending && (pending.spec.to !== options.to || pending.spec.from !== options.from || pending.spec.strategy !== strategy)) {
    throw new ZonesyncError(`run ${pending.files.id} switches ${bare(zone)} with different arguments: continue it with ${resumeCommand(pending.spec)}`);
  }
  let registrar: Registrar | undefined = options.registrar;
  if (!registrar && input.zone.registrar) registrar = openRegistrar(config, input.providers, input.zone.registrar, { env: input.env, timeouts: input.timeouts });
  try {
    let spec = pending?.spec;
    if (!spec) {
      const { ttls } = await measure(input);
      const multi = strategy === 'multi-signer' ? await multiSignerSigners(input) : { signers: input.delegated };
      if (multi.refusal) return { status: 'refused', steps: [step('dnssec', 'failed', multi.refusal)] };
      spec = { format: 'zonesync-switch/1', zone, to: options.to, ...(options.from ? { from: options.from } : {}), strategy, delegated: input.delegated, signers: multi.signers, ...(multi.oldKeys ? { oldKeys: multi.oldKeys } : {}), ttls };
      if (!options.yes) {
        const timeline = strategyTimeline(strategy, ttls, options.from !== undefined);
        return { status: 'dry-run', steps: [step('dnssec', 'dry-run', `--dnssec ${strategy} would run these steps, journaled, waiting ${timeline.seconds} s in all`, timeline.lines, { ttls })] };
      }
    }
    if (!options.parentNameservers?.length && !registrar?.getDs) {
      throw new ZonesyncError(`--dnssec ${strategy} reads the DS set of ${zone} at its parent before and after every DS step: pass --parent-ns (a nameserver of the parent zone)${registrar ? `; registrar ${registrar.id} (${registrar.type}) cannot read DS` : ''}`);
    }
    const clock = options.clock ?? (() => new Date());
    const ctx: StrategyContext = {
      strategy, zone, to: options.to, ...(options.from ? { from: options.from } : {}), delegated: spec.delegated, signers: spec.signers, ...(spec.oldKeys ? { oldKeys: spec.oldKeys } : {}),
      nameservers: input.health.nameservers, ...(options.parentNameservers ? { parentNameservers: options.parentNameservers } : {}),
      ...(registrar ? { registrar } : {}), ttls: spec.ttls, providers: input.providers, timeouts: input.timeouts, clock,
      wait: options.wait === true, sleep: options.sleep ?? sleep, move: input.move,
    };
    const records = pending ? (await readJournal(pending.files.journal)) : [];
    const states = stepStates(strategy, records.flatMap((r): StepRecord[] => (r.type === 'switch-step' ? [{ step: r.step, status: r.status, at: r.at, detail: r.detail, ...(r.until ? { until: r.until } : {}), ...(r.lines ? { lines: r.lines } : {}) }] : [])));
    const open = pending ? { resume: pending.files, lastSeq: records.at(-1)?.seq ?? 0 } : { switch: spec, now: clock() };
    const planChecksum = createHash('sha256').update(JSON.stringify(spec)).digest('hex');
    let runId = '';
    const result = await withRun({
      stateDir: config.stateDir, redact: (t) => config.redactor.redact(t), open,
      start: { kind: 'switch', ...(pending ? { of: pending.files.id } : {}), planChecksum, resumeWith: resumeCommand(spec) },
      ...(options.journalObserver ? { observer: options.journalObserver } : {}),
    }, async (run) => {
      runId = run.files.id;
      return runStrategy(ctx, run.journal, states);
    });
    return { ...result, runId };
  } finally {
    if (!options.registrar) await registrar?.close?.().catch(() => undefined);
  }
}
