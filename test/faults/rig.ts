import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { applyPlan, type ApplyOptions, type ApplyReport } from '../../src/engine/apply.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import { readJournal, type JournalEntry, type JournalRecord } from '../../src/engine/run/journal.js';
import { planConfiguredZones } from '../../src/engine/plan.js';
import { resumeRun } from '../../src/engine/resume.js';
import { findRun } from '../../src/engine/run/runs.js';
import { ProviderSet } from '../../src/providers/registry.js';
import type { FaultProxy, HttpFaults } from '../support/fault-proxy.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

/**
 * The fault matrix, shared by every provider: one zone of HOSTS rrsets applied in chunks of
 * CHUNK through the engine, with the provider's API behind a fault proxy.
 */

export const HOSTS = 8;
export const CHUNK = 2;
export const CHUNKS = HOSTS / CHUNK;

/** Faults a provider may retry by itself; those it does not must end in a clean abort. */
export type TransientFault = 'writeReset' | 'write429' | 'write503' | 'readReset';

export interface ProviderRig {
  /** Provider id in zonesync.yaml. */
  id: string;
  proxy: FaultProxy;
  /** The provider block (YAML flow map) pointing at the proxy; secrets through ${VAR}. */
  block(): string;
  env: Record<string, string>;
  /** Which proxied requests are writes. */
  writes: NonNullable<HttpFaults['match']>;
  /** Writes the target itself received so far (counted at the target where it can count). */
  writesAtTarget(): number;
  /** Duplicates at the target (rrsets or records held twice): always [] when nothing was written twice. */
  duplicates(zone: string): Promise<string[]>;
}

export function zoneYaml(value: string): string {
  return Array.from({ length: HOSTS }, (_, i) => `h${i}: { type: A, ttl: 300, value: ${value} }`).join('\n') + '\n';
}

export interface Scenario {
  ws: Workspace;
  config: Config;
  zone: string;
  providers(): ProviderSet;
  apply(extra?: Partial<ApplyOptions>): Promise<ApplyReport>;
  resume(): Promise<ApplyReport>;
  /** Changes a fresh plan still finds (none when the provider holds exactly the zone). */
  remaining(): Promise<number>;
  journal(): Promise<JournalRecord[]>;
  cleanup(): Promise<void>;
}

export const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  chunkSize: CHUNK,
  pauseSeconds: 0,
  verify: 'api',
  rollbackOnFailure: false,
  force: true,
  maxWaitSeconds: 0,
  syncTimeoutMs: 5000,
  verifier: apiVerifier,
  ...extra,
});

export async function scenario(rig: ProviderRig, zone: string, value = '192.0.2.1'): Promise<Scenario> {
  const config = `providers:\n  ${rig.id}: ${rig.block()}\nzones:\n  ${zone}: { file: zones/${zone}.yaml, targets: [${rig.id}] }\n`;
  const ws = await makeWorkspace({ 'zonesync.yaml': config, [`zones/${zone}.yaml`]: zoneYaml(value) });
  const loaded = await loadConfig(join(ws.dir, 'zonesync.yaml'), rig.env);
  const open: ProviderSet[] = [];
  const providers = () => {
    const set = new ProviderSet(loaded, rig.env);
    open.push(set);
    return set;
  };
  const plan = async (set: ProviderSet) => (await planConfiguredZones(loaded, set, loaded.zones, { now: new Date() })).plan;
  return {
    ws,
    config: loaded,
    zone: `${zone}.`,
    providers,
    async apply(extra = {}) {
      const set = providers();
      return applyPlan(loaded, set, await plan(set), options(extra));
    },
    resume: () => resumeRun(loaded, providers(), options()),
    async remaining() {
      return (await plan(providers())).zones.reduce((n, z) => n + z.changes.length, 0);
    },
    async journal() {
      return readJournal((await findRun(loaded.stateDir, undefined)).journal);
    },
    async cleanup() {
      await Promise.all(open.map((set) => set.close()));
      await ws.cleanup();
    },
  };
}

/** Set the next fault after a given chunk is verified (1-based); `0` means before the first write. */
export function faultSchedule(proxy: FaultProxy, steps: Record<number, (faults: HttpFaults) => void>): (entry: JournalEntry) => void {
  steps[0]?.(proxy.faults);
  return (entry) => {
    if (entry.type === 'chunk-verified') steps[entry.chunk]?.(proxy.faults);
  };
}

/** Chunk entries of the journal, as `type chunk` strings, for exact assertions. */
export function chunkTrail(journal: JournalRecord[]): string[] {
  return journal.filter((e) => e.type.startsWith('chunk-')).map((e) => `${e.type} ${'chunk' in e ? e.chunk : ''}`);
}

/** What the last chunk-failed entry says, or undefined. */
export function lastFailure(journal: JournalRecord[]): Extract<JournalRecord, { type: 'chunk-failed' }> | undefined {
  const failed = journal.filter((e) => e.type === 'chunk-failed');
  return failed.at(-1) as Extract<JournalRecord, { type: 'chunk-failed' }> | undefined;
}

/** A run that aborted at `chunk`: earlier chunks verified and live, that one failed and named, nothing after it started. */
export function expectAbortAt(journal: JournalRecord[], chunk: number): void {
  const trail = chunkTrail(journal);
  const expected: string[] = [];
  for (let n = 1; n < chunk; n++) expected.push(`chunk-start ${n}`, `chunk-applied ${n}`, `chunk-verified ${n}`);
  expected.push(`chunk-start ${chunk}`, `chunk-failed ${chunk}`);
  expect(trail).toEqual(expected);
  expect(lastFailure(journal)).toMatchObject({ chunk, stage: 'apply' });
  expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
}
