import type { Config } from '../config/load.js';
import { resolveBlock } from '../config/block.js';
import { ZonesyncError } from '../core/errors.js';
import { registrarConfigSchema } from './config.js';
import { createRegistrar } from './index.js';
import type { Registrar } from './registrar.js';
import type { ParentZoneAccess } from './zone.js';

/** The registrar `id` of the config, its `${VAR}`s filled from `env`: the registrar counterpart of buildProvider. */
export function buildRegistrar(
  config: Config,
  id: string,
  env: Record<string, string | undefined>,
  timeouts: { registrarMs: number; apiMs: number },
  parentZone?: ParentZoneAccess,
): Registrar {
  const block = config.registrars[id];
  if (!block) throw new ZonesyncError(`Unknown registrar "${id}" (configured: ${Object.keys(config.registrars).join(', ') || 'none'})`);
  const parsed = resolveBlock('registrar', id, block.raw, registrarConfigSchema, env, config);
  return createRegistrar(id, parsed, { operationTimeoutMs: timeouts.registrarMs, requestTimeoutMs: timeouts.apiMs, ...(parentZone ? { parentZone } : {}) });
}
