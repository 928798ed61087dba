import type { Config, ZoneConfig } from '../config/load.js';
import { interpolate } from '../config/interpolate.js';
import { redactor } from '../config/secrets.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { createRegistrar, registrarConfigSchema, type Registrar, type RegistrarChange } from '../registrars/index.js';
import { errorText, step, withDeadline, type SwitchStep, type SwitchTimeouts } from './switch-report.js';

/** Step 4 of `switch`: the registrar tells the parent zone the new delegation. */

export interface RegistrarResult {
  step: SwitchStep;
  exitCode?: ExitCodeValue;
}

const bare = (name: string): string => name.replace(/\.$/, '');

/** What an operator must give a registrar zonesync cannot drive. */
export function manualEntries(zone: string, names: string[]): string[] {
  return [`At the registrar of ${bare(zone)}, replace the nameservers with exactly these ${names.length}, one per field:`, ...names.map(bare)];
}

export function buildRegistrar(config: Config, id: string, env: Record<string, string | undefined>, timeouts: SwitchTimeouts): Registrar {
  const block = config.registrars[id];
  if (!block) throw new ZonesyncError(`Unknown registrar "${id}" (configured: ${Object.keys(config.registrars).join(', ') || 'none'})`);
  const interpolated = interpolate(block.raw, env, `registrars.${id}`);
  for (const secret of interpolated.fromEnv) redactor.add(secret);
  if (interpolated.missing.length > 0) {
    throw new ZonesyncError(`Registrar "${id}" cannot be built`, { details: interpolated.missing.map((m) => `${m.path}: ${m.message}`) });
  }
  const parsed = registrarConfigSchema.safeParse(interpolated.value);
  if (!parsed.success) {
    throw new ZonesyncError(`Invalid config for registrar "${id}" (${config.path})`, {
      details: parsed.error.issues.map((issue) => `registrars.${id}.${issue.path.map(String).join('.')}: ${issue.message}`),
    });
  }
  return createRegistrar(id, parsed.data, { operationTimeoutMs: timeouts.registrarMs, requestTimeoutMs: timeouts.apiMs });
}

function changeStep(change: RegistrarChange, zone: string): SwitchStep {
  switch (change.kind) {
    case 'unchanged':
      return step('registrar', 'ok', `registrar ${change.registrar} already lists ${change.nameservers.join(' ')}`, [], change);
    case 'submitted': {
      const done = change.status === 'SUCCESSFUL';
      const detail = done
        ? `registrar ${change.registrar} now lists ${change.nameservers.join(' ')} (operation ${change.operationId})`
        : `registrar ${change.registrar} accepted ${change.nameservers.join(' ')}; operation ${change.operationId} is still ${change.status}`;
      return step('registrar', 'ok', detail, [], change);
    }
    case 'manual':
      return step('registrar', 'skipped', `registrar ${change.registrar} is driven by hand: enter the new delegation yourself`, manualEntries(zone, change.nameservers), change);
  }
}

export async function updateRegistrar(
  config: Config,
  zone: ZoneConfig,
  names: string[],
  options: { yes: boolean; timeouts: SwitchTimeouts; env: Record<string, string | undefined> },
): Promise<RegistrarResult> {
  if (zone.registrar === undefined) {
    return { step: step('registrar', 'skipped', `no registrar configured for ${zone.name} (zones.${bare(zone.name)}.registrar): give your registrar the new delegation`, manualEntries(zone.name, names)) };
  }
  let registrar: Registrar | undefined;
  try {
    registrar = buildRegistrar(config, zone.registrar, options.env, options.timeouts);
    const built = registrar;
    if (!options.yes) {
      if (built.type === 'manual') return { step: step('registrar', 'dry-run', `registrar ${built.id} is driven by hand: you would enter`, manualEntries(zone.name, names)) };
      const current = await withDeadline(`registrar ${built.id}: reading ${zone.name}`, options.timeouts.apiMs * 3, () => built.getNameservers(zone.name));
      if (current.join(' ') === names.join(' ')) return { step: step('registrar', 'ok', `registrar ${built.id} already lists ${names.join(' ')}`) };
      return { step: step('registrar', 'dry-run', `would change registrar ${built.id} from ${current.join(' ') || '(none)'} to ${names.join(' ')}`, [], { current, wanted: names }) };
    }
    const change = await withDeadline(`registrar ${built.id}: setting ${zone.name}`, options.timeouts.registrarMs + options.timeouts.apiMs * 3, () => built.setNameservers(zone.name, names));
    return { step: changeStep(change, zone.name) };
  } catch (error) {
    return { step: step('registrar', 'failed', `registrar ${zone.registrar}: ${errorText(error)}`, manualEntries(zone.name, names)), exitCode: ExitCode.error };
  } finally {
    await registrar?.close?.().catch(() => undefined);
  }
}
