import type { Config, ZoneConfig } from '../config/load.js';
import type { Change } from '../core/change.js';
import { ProviderError } from '../core/errors.js';
import { buildPlan, planDelegation } from '../core/plan.js';
import type { RRset } from '../core/model.js';
import type { ProviderSet } from '../providers/registry.js';
import { buildRegistrar } from '../registrars/build.js';
import type { ParentZoneAccess, Registrar } from '../registrars/index.js';
import { applyPlan, type ApplyOptions } from './apply.js';
import { verifierFor } from './run/verifiers.js';

/**
 * Registrars as the engine builds them. A `type: zone` registrar writes the child's NS and DS
 * rrsets in its parent zone through applyPlan: one run per change, planned against the live
 * parent, chunked, verified and journaled under `.zonesync/runs/` like any apply.
 */

export interface RegistrarTimeouts {
  /** How long a registrar operation may run before it is reported as still in progress. */
  registrarMs: number;
  /** One API call. */
  apiMs: number;
  /** How long the parent's nameservers may take to serve a written delegation. */
  verifyMs?: number;
  /** How long the parent's provider may take to report a change in sync. */
  syncMs?: number;
}

export const DEFAULT_REGISTRAR_TIMEOUTS: RegistrarTimeouts = { registrarMs: 300_000, apiMs: 5000, verifyMs: 30_000, syncMs: 300_000 };

/** What the parent zone's runs are applied with: the config's chunking and verify level, no pause, forced (the change is the child's two rrsets by construction). */
function parentApplyOptions(config: Config, timeouts: RegistrarTimeouts, now?: () => Date): ApplyOptions {
  return {
    chunkSize: config.defaults.chunkSize,
    pauseSeconds: 0,
    verify: config.defaults.verify,
    rollbackOnFailure: false,
    force: true,
    maxWaitSeconds: 0,
    syncTimeoutMs: timeouts.syncMs ?? 300_000,
    verifier: verifierFor(config.defaults.verify, timeouts.verifyMs ?? 30_000),
    ...(now ? { now } : {}),
  };
}

/** Reads and writes of a parent zone on the provider `providerId`, the writes as apply runs. */
export function parentZoneAccess(config: Config, providers: ProviderSet, registrarId: string, providerId: string, timeouts: RegistrarTimeouts, now?: () => Date): ParentZoneAccess {
  return {
    async read(parent: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]> {
      const provider = await providers.get(providerId);
      if (provider.readRRsets) return provider.readRRsets(parent, keys);
      const live = await provider.read(parent);
      if (!live) throw new ProviderError(registrarId, `${providerId} does not have the parent zone ${parent}`);
      const wanted = new Set(keys.map((k) => `${k.name} ${k.type}`));
      return live.rrsets.filter((r) => wanted.has(`${r.name} ${r.type}`));
    },
    async write(parent: string, changes: Change[]): Promise<{ runId: string }> {
      const provider = await providers.get(providerId);
      const live = await provider.read(parent);
      if (!live) throw new ProviderError(registrarId, `${providerId} does not have the parent zone ${parent}`);
      const at = now?.() ?? new Date();
      const plan = buildPlan([planDelegation({ zone: parent, target: providerId, providerType: provider.type, live, changes, limits: config.defaults.safety })], at);
      const report = await applyPlan(config, providers, plan, parentApplyOptions(config, timeouts, now));
      if (report.status === 'done') return { runId: report.runId ?? '' };
      const failed = report.zones.find((z) => z.failed)?.failed;
      const why = failed ? `: chunk ${failed.chunk} failed at ${failed.stage}: ${failed.error}${failed.details.length > 0 ? ` — ${failed.details.slice(0, 3).join('; ')}` : ''}` : '';
      throw new ProviderError(registrarId, `writing ${parent} on ${providerId} ${report.status}${report.runId ? ` (run ${report.runId})` : ''}${why}`);
    },
  };
}

/** The registrar `id` of the config, ready to use: `type: zone` gets its parent zone through `providers` and the run machinery. */
export function openRegistrar(
  config: Config,
  providers: ProviderSet,
  id: string,
  options: { env: Record<string, string | undefined>; timeouts?: RegistrarTimeouts; now?: () => Date },
): Registrar {
  const timeouts = options.timeouts ?? DEFAULT_REGISTRAR_TIMEOUTS;
  const block = config.registrars[id];
  const providerId = block?.type === 'zone' && typeof block.raw.provider === 'string' ? block.raw.provider : undefined;
  const access = providerId === undefined ? undefined : parentZoneAccess(config, providers, id, providerId, timeouts, options.now);
  return buildRegistrar(config, id, options.env, timeouts, access);
}

/** The registrar of a zone, when its config names one. */
export function zoneRegistrar(config: Config, providers: ProviderSet, zone: ZoneConfig, options: { env: Record<string, string | undefined>; timeouts?: RegistrarTimeouts; now?: () => Date }): Registrar | undefined {
  return zone.registrar === undefined ? undefined : openRegistrar(config, providers, zone.registrar, options);
}
