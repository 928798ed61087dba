import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config/load.js';
import { SecretRedactor } from '../src/config/secrets.js';
import type { RRset, Zone } from '../src/core/model.js';
import { buildPlan, planZone } from '../src/core/plan.js';
import { applyPlan, type ApplyReport } from '../src/engine/apply.js';
import type { ChunkVerifier } from '../src/engine/run/chunk-verifier.js';
import type { JournalEntry } from '../src/engine/run/journal.js';
import type { Provider } from '../src/providers/provider.js';
import { ProviderSet } from '../src/providers/registry.js';

/** Plan and apply a desired zone to one ready-made provider through the real engine (applyPlan). */

export const bulkRRset = (zone: string, i: number, version = 0): RRset => ({
  name: `h${i}.${zone}`,
  type: 'A',
  ttl: 300,
  values: [`10.${(i >> 8) & 255}.${i & 255}.${1 + version}`],
});

/** `records` one-value A rrsets; the first `changed` of them at `version`. */
export function bulkZone(zone: string, records: number, changed = 0, version = 0): Zone {
  return { name: zone, rrsets: Array.from({ length: records }, (_, i) => bulkRRset(zone, i, i < changed ? version : 0)) };
}

export interface Pushed {
  report: ApplyReport;
  changes: number;
  chunks: number;
  /** Σ ChunkReceipt.apiCalls the provider reported per chunk. */
  receiptCalls: number;
  /** Wall time of applyPlan alone. */
  applyMs: number;
  /** CPU time (user + system) of this process during applyPlan. */
  applyCpuMs: number;
}

export async function pushZone(provider: Provider, desired: Zone, options: { chunkSize: number; verifier: ChunkVerifier; verify: 'dns' | 'api' | 'none'; onEvent?: (entry: JournalEntry) => void }): Promise<Pushed> {
  const dir = await mkdtemp(join(tmpdir(), 'zonesync-bench-'));
  try {
    const config: Config = {
      path: join(dir, 'zonesync.yaml'),
      dir,
      providers: { [provider.id]: { type: provider.type, raw: {} } },
      registrars: {},
      zones: [],
      defaults: { chunkSize: options.chunkSize, pause: 0, verify: options.verify, safety: { maxUpdatePercent: 100, maxDeletePercent: 100, minExistingRecords: 0 } },
      stateDir: join(dir, '.zonesync'),
      redactor: new SecretRedactor(),
    };
    const providers = new ProviderSet(config, {}, { [provider.id]: provider });
    const live = await provider.read(desired.name);
    const zp = planZone({ target: provider.id, providerType: provider.type, desired, live, limits: config.defaults.safety });
    const plan = buildPlan([zp], new Date());
    let receiptCalls = 0;
    let chunks = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await applyPlan(config, providers, plan, {
      chunkSize: options.chunkSize,
      verify: options.verify,
      pauseSeconds: 0,
      rollbackOnFailure: false,
      force: true,
      maxWaitSeconds: 0,
      syncTimeoutMs: 120_000,
      verifier: options.verifier,
      onEvent: (entry: JournalEntry) => {
        options.onEvent?.(entry);
        if (entry.type === 'chunk-applied') {
          chunks++;
          receiptCalls += entry.apiCalls;
        }
      },
    });
    const applyMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    if (report.status !== 'done') {
      const failed = report.zones.find((z) => z.failed)?.failed;
      throw new Error(`apply to ${provider.id} ended ${report.status}: ${failed ? `${failed.error} ${failed.details.slice(0, 3).join('; ')}` : ''}`);
    }
    return { report, changes: zp.changes.length, chunks, receiptCalls, applyMs, applyCpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
