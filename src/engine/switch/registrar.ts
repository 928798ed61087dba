import type { Config, ZoneConfig } from '../../config/load.js';
import { ExitCode, type ExitCodeValue } from '../../core/errors.js';
import type { ProviderSet } from '../../providers/registry.js';
import { openRegistrar } from '../registrar.js';
import type { Registrar, RegistrarChange } from '../../registrars/index.js';
import { errorText, step, withDeadline, type SwitchStep, type SwitchTimeouts } from './report.js';

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
  providers: ProviderSet,
  zone: ZoneConfig,
  names: string[],
  options: { yes: boolean; timeouts: SwitchTimeouts; env: Record<string, string | undefined> },
): Promise<RegistrarResult> {
  if (zone.registrar === undefined) {
    return { step: step('registrar', 'skipped', `no registrar configured for ${zone.name} (zones.${bare(zone.name)}.registrar): give your registrar the new delegation`, manualEntries(zone.name, names)) };
  }
  let registrar: Registrar | undefined;
  try {
    registrar = openRegistrar(config, providers, zone.registrar, { env: options.env, timeouts: options.timeouts });
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
