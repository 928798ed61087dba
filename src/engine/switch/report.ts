import type { Nameserver } from '../../dns/nameserver.js';
import { ZonesyncError, type ExitCodeValue } from '../../core/errors.js';
import type { Registrar } from '../../registrars/registrar.js';
import type { JournalObserver } from '../run/journal.js';
import type { DnssecStrategy, StrategyStep } from './steps.js';

/** What `switch` reports: plain data, rendered by src/render/switch.ts. */

export type SwitchStepName = 'health' | 'parity' | 'dnssec' | 'apex-ns' | 'registrar' | 'propagation' | StrategyStep;
/** `waiting`: a `--dnssec` step waits out a TTL, or an operator at a registrar zonesync cannot drive. */
export type SwitchStepStatus = 'ok' | 'failed' | 'skipped' | 'dry-run' | 'waiting';

export interface SwitchStep {
  name: SwitchStepName;
  status: SwitchStepStatus;
  /** One sentence: what happened, or what would happen. */
  detail: string;
  /** Further lines to show under the detail (per provider, the plan, what to type at a registrar). */
  lines: string[];
  data?: unknown;
  /** A `--dnssec` step: when it started and how long it took (seconds), as its run's journal says. */
  startedAt?: string;
  seconds?: number;
  /** True when an earlier invocation of the same run did it (`--resume`). */
  earlier?: boolean;
  /** A wait's end. */
  until?: string;
}

/** A provider's state as the health step found it. */
export type ProviderState = 'healthy' | 'api-down-serving' | 'serving-wrong-data' | 'down';

export interface ProviderHealth {
  id: string;
  type?: string;
  delegate: boolean;
  api: 'up' | 'down';
  apiError?: string;
  /** serving: every nameserver answered the sample right; wrong-data: they answer, not all right; down: none answers. */
  dns: 'serving' | 'wrong-data' | 'down';
  dnsDetail: string;
  state: ProviderState;
  nameservers: Array<{ nameserver: string; ok: boolean; answered: boolean; summary: string }>;
  /** The apex NS its nameservers serve, asked over DNS (works with the API down). */
  servedApexNs?: string[];
}

export interface SwitchTimeouts {
  /** One DNS answer in the health check (then one retry). */
  dnsMs: number;
  /** One provider or registrar API call that the switch makes directly. */
  apiMs: number;
  /** How long `--to` may take to serve the declared zone after parity. */
  verifyMs: number;
  /** How long a provider may take to report a change in sync. */
  syncMs: number;
  /** How long a registrar operation may run before it is reported as still in progress. */
  registrarMs: number;
}

export const DEFAULT_SWITCH_TIMEOUTS: SwitchTimeouts = { dnsMs: 1000, apiMs: 5000, verifyMs: 30_000, syncMs: 300_000, registrarMs: 300_000 };

export interface SwitchOptions {
  to: string;
  from?: string;
  /** Without it nothing is written: every writing step reports what it would do. */
  yes: boolean;
  now: Date;
  timeouts?: Partial<SwitchTimeouts>;
  env?: Record<string, string | undefined>;
  /** The parent zone's nameservers, asked for the zone's DS set before the delegation moves. */
  parentNameservers?: Nameserver[];
  /** `--dnssec`: move a signed zone by a DNSSEC-safe strategy, as a journaled, resumable run. */
  dnssec?: DnssecStrategy;
  /** `--resume`: continue this zone's unfinished `--dnssec` run at its first step not done. */
  resume?: boolean;
  /** `--wait`: sleep through a strategy's TTL waits instead of stopping until `--resume`. */
  wait?: boolean;
  /** The clock of a `--dnssec` run (each step's time); defaults to the real one. */
  clock?: () => Date;
  /** How a `--wait` sleeps; defaults to a real sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** The registrar to use instead of the configured one (tests). */
  registrar?: Registrar;
  journalObserver?: JournalObserver;
}

export interface SwitchReport {
  zone: string;
  to: string;
  from?: string;
  dryRun: boolean;
  startedAt: string;
  /** The host names the delegation lists after the switch (or would list). */
  delegation: string[];
  steps: SwitchStep[];
  warnings: string[];
  ok: boolean;
  exitCode: ExitCodeValue;
  /** A `--dnssec` run: its id, strategy and where it stands. */
  run?: { id: string; strategy: DnssecStrategy; status: 'done' | 'waiting' | 'failed'; resumeWith: string };
}

/** Bound a call that may hang on a dead provider; the call itself is left to its own timeout. */
export async function withDeadline<T>(what: string, ms: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ZonesyncError(`${what}: no answer within ${formatMs(ms)}`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([run(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

const formatMs = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function step(name: SwitchStepName, status: SwitchStepStatus, detail: string, lines: string[] = [], data?: unknown): SwitchStep {
  return data === undefined ? { name, status, detail, lines } : { name, status, detail, lines, data };
}
