import type { Nameserver } from '../../dns/nameserver.js';
import type { Registrar } from '../../registrars/registrar.js';
import type { SwitchTimeouts } from './report.js';
import { readParentDs, sameDs } from './signers.js';
import type { StepOutcome } from './steps.js';

/** The DS steps of `switch --dnssec` (ds-remove, ds-publish, ds-retire): the parent made to hold a DS set, and read back. */

/** Where the DS set of `zone` is set and read: its registrar, and the parent's nameservers. */
export interface ParentDsTarget {
  zone: string;
  registrar?: Registrar;
  parentNameservers?: Nameserver[];
  timeouts: SwitchTimeouts;
}

const RESUME_LINE = 'then run the same command with --resume: it reads the parent again before going on';

const dsManual = (zone: string, registrar: Registrar | undefined, ds: string[]): string[] => [
  `${registrar ? `registrar ${registrar.id} (${registrar.type}) cannot set DS records` : 'no registrar is configured'}: at the registrar of ${zone.replace(/\.$/, '')}, make the DS set exactly:`,
  ...(ds.length === 0 ? ['(none: delete every DS record)'] : ds),
  RESUME_LINE,
];

/** Make the parent hold exactly `wanted`, through the registrar where it can, then read the parent back. */
export async function setParentDs(target: ParentDsTarget, wanted: string[], keys: string[] = []): Promise<StepOutcome> {
  const { zone, registrar } = target;
  const what = wanted.length === 0 ? 'no DS' : `DS ${wanted.join(', ')}`;
  const before = await readParentDs(zone, registrar, target.parentNameservers, target.timeouts.dnsMs * 2);
  if (sameDs(before.ds, wanted)) return { status: 'done', detail: `the parent holds ${what} (${before.source})` };
  let lines: string[] = [];
  if (registrar?.setDs) {
    const change = await registrar.setDs(zone, wanted, keys);
    if (change.kind === 'manual') lines = [...change.instructions.split('\n'), RESUME_LINE];
  } else {
    lines = dsManual(zone, registrar, wanted);
  }
  const after = await readParentDs(zone, registrar, target.parentNameservers, target.timeouts.dnsMs * 2);
  if (sameDs(after.ds, wanted)) return { status: 'done', detail: `the parent now holds ${what} (${after.source}; it held ${before.ds.join(', ') || 'none'})` };
  return { status: 'waiting', detail: `the parent still holds ${after.ds.join(', ') || 'no DS'} (${after.source}); wanted ${what}`, lines };
}
