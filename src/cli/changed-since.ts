import { Flags } from '@oclif/core';
import type { Config, ZoneConfig } from '../config/load.js';
import { changedSinceLines, zonesChangedSince } from '../engine/changed-since.js';

/** `--changed-since REF` on plan and apply: only the zones a change since REF touches. */
export const changedSinceFlag = (exclusive: string[] = []) => ({
  'changed-since': Flags.string({
    exclusive,
    description: 'only zones whose zone file, $INCLUDEd files or config blocks (zone, its providers, defaults) changed between this git commit and the work tree, untracked files included',
    helpValue: 'REF',
  }),
});

/** The zones `ref` leaves (all of `zones` without it), saying on stderr which and why unless quiet. */
export async function narrowToChanged(config: Config, zones: ZoneConfig[], ref: string | undefined, say: ((line: string) => void) | undefined): Promise<ZoneConfig[]> {
  if (ref === undefined) return zones;
  const result = await zonesChangedSince(config, zones, ref);
  if (say) for (const line of changedSinceLines(result, zones.length)) say(line);
  return result.zones;
}
