import { Errors, Flags } from '@oclif/core';
import type { Config } from '../config/load.js';
import type { ApplyOptions } from '../engine/apply.js';
import { verifierFor } from '../engine/run/verifiers.js';
import type { JournalEntry } from '../engine/run/journal.js';
import { crashTestObserver } from './test-seams.js';

/** Longest wait a flag takes: 30 days (every wait is slept in pieces, see io/sleep.ts). */
export const MAX_WAIT_SECONDS = 30 * 86_400;

/** A flag's seconds, fractions allowed, from 0 to 30 days; anything else is refused by name. */
export function parseSeconds(flag: string, input: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(input.trim()) ? Number(input) : Number.NaN;
  if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) throw new Errors.CLIError(`${flag}: expected seconds from 0 to ${MAX_WAIT_SECONDS} (30 days), e.g. 0.5; got "${input}"`);
  return seconds;
}

/** Flags shared by apply and rollback: how changes are pushed and checked. */
export const pushFlags = {
  'chunk-size': Flags.integer({ description: 'changes per chunk (default: defaults.chunkSize, capped by each provider\'s batch limit)', min: 1 }),
  pause: Flags.custom<number>({ description: 'seconds to wait between chunks (fractions allowed: 0.5)', helpValue: 'SECONDS', parse: async (input) => parseSeconds('--pause', input) })(),
  verify: Flags.string({ options: ['dns', 'api', 'none'], description: 'how each chunk is checked: dns = read back from the API and ask every nameserver (default), api = read back only, none = not checked; the report says which each chunk got' }),
  yes: Flags.boolean({ char: 'y', description: 'do not ask before writing', default: false }),
  force: Flags.boolean({ description: 'apply even when a safety rule refuses, or overwrite rrsets changed by someone else', default: false }),
  'sync-timeout': Flags.integer({ description: 'seconds to wait for a provider to report a chunk in sync', default: 300, min: 1 }),
  'verify-timeout': Flags.integer({ description: 'seconds nameservers may take to serve a chunk before it counts as failed', default: 30, min: 1 }),
  // Here so apply and rollback, which both print a plan before they push it, share it.
  full: Flags.boolean({ description: 'print every change of the plan (above 200 changes in a zone, the text shows counts by type and the first 50)', default: false }),
};

export function applyOptionsFrom(
  config: Config,
  flags: { 'chunk-size'?: number; pause?: number; verify?: string; force: boolean; 'sync-timeout': number; 'verify-timeout': number },
  extra: { lowerTtl?: number; rollbackOnFailure: boolean; maxWaitSeconds: number; onEvent?: (e: JournalEntry) => void; confirm?: ApplyOptions['confirm'] },
): ApplyOptions {
  const verify = (flags.verify ?? config.defaults.verify) as ApplyOptions['verify'];
  const options: ApplyOptions = {
    chunkSize: flags['chunk-size'] ?? config.defaults.chunkSize,
    pauseSeconds: flags.pause ?? config.defaults.pause,
    verify,
    rollbackOnFailure: extra.rollbackOnFailure,
    force: flags.force,
    maxWaitSeconds: extra.maxWaitSeconds,
    syncTimeoutMs: flags['sync-timeout'] * 1000,
    verifier: verifierFor(verify, flags['verify-timeout'] * 1000, config.defaults.verifyRate),
  };
  if (extra.lowerTtl !== undefined) options.lowerTtl = extra.lowerTtl;
  if (extra.onEvent) options.onEvent = extra.onEvent;
  if (extra.confirm) options.confirm = extra.confirm;
  const observer = crashTestObserver();
  if (observer) options.journalObserver = observer;
  return options;
}
