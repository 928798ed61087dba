import { ZonesyncError } from '../../core/errors.js';
import { dnskeysAt } from '../../dns/dnssec/status.js';
import { formatDs, type Dnskey } from '../../dns/dnssec/index.js';
import type { Nameserver } from '../../dns/nameserver.js';
import type { Provider } from '../../providers/provider.js';
import type { ProviderSet } from '../../providers/registry.js';
import type { Registrar } from '../../registrars/registrar.js';
import { parentDsSet } from '../verify-dnssec.js';
import { errorText, withDeadline, type SwitchTimeouts } from './report.js';

/** What `switch --dnssec` reads about signers and the parent: each provider's own keys, and the DS set the parent holds. */

/** `flags 3 alg base64`: DNSKEY presentation rdata, as publishForeignKeys takes it. */
export { dnskeyText } from '../../dns/dnssec/index.js';

/** A provider's own keys (from its API) with the DNSKEY rdata its nameservers serve for them. */
export interface Signer {
  id: string;
  keys: Dnskey[];
  /** DS (SHA-256) of its KSKs, presentation form. */
  ds: string[];
}

export interface SignerRead {
  signer?: Signer;
  /** Why it is no signer, or cannot be read. */
  problem?: string;
  /** True when the provider answered and does not sign. */
  unsigned?: boolean;
}

/** The keys `id` signs with: its API names them (dnssec()), its nameservers serve their rdata. */
export async function readSigner(providers: ProviderSet, id: string, zone: string, nameservers: Nameserver[], timeoutMs: number): Promise<SignerRead> {
  let provider: Provider;
  try {
    provider = await providers.get(id);
  } catch (error) {
    return { problem: `${id}: ${errorText(error)}` };
  }
  if (!provider.dnssec) return { problem: `${id} (${provider.type}) cannot say which keys it signs with` };
  let status;
  try {
    status = await withDeadline(`${id}: reading its DNSSEC keys`, timeoutMs * 3, () => provider.dnssec!(zone));
  } catch (error) {
    return { problem: `${id} is down: ${errorText(error)}` };
  }
  if (!status.signed || status.keys.length === 0) return { unsigned: true, problem: `${id} does not sign ${zone}` };
  const own = new Set(status.keys.map((k) => `${k.keyTag}/${k.algorithm}`));
  for (const ns of nameservers) {
    try {
      const served = await dnskeysAt(ns, zone, timeoutMs);
      const keys = served.filter((k) => own.has(`${k.keyTag}/${k.algorithm}`));
      if (keys.length === 0) continue;
      return { signer: { id, keys, ds: status.keys.flatMap((k) => k.ds) } };
    } catch {
      // The next nameserver.
    }
  }
  return { problem: `${id}'s nameservers do not serve its keys ${[...own].join(', ')} (none answered DNSKEY with them)` };
}

/** Each of `ids` read as a signer: the signers, the ones that answered unsigned, and why the others could not be read. */
export async function readSigners(providers: ProviderSet, ids: string[], zone: string, nameservers: Map<string, Nameserver[]>, timeoutMs: number): Promise<{ signers: Signer[]; problems: string[]; unsigned: string[] }> {
  const signers: Signer[] = [];
  const problems: string[] = [];
  const unsigned: string[] = [];
  for (const id of ids) {
    const read = await readSigner(providers, id, zone, nameservers.get(id) ?? [], timeoutMs);
    if (read.signer) signers.push(read.signer);
    else if (read.unsigned) unsigned.push(id);
    else problems.push(read.problem ?? id);
  }
  return { signers, problems, unsigned };
}

/** Where a switch reads its signers: the providers, the zone, each target's nameservers, and the timeouts. */
export interface SignerScope {
  providers: ProviderSet;
  zone: string;
  nameservers: Map<string, Nameserver[]>;
  timeouts: SwitchTimeouts;
}

/** readSigners over a switch's scope, with the time a signer read gets there (twice a DNS question's). */
export const signersOf = (scope: SignerScope, ids: string[]) => readSigners(scope.providers, ids, scope.zone, scope.nameservers, scope.timeouts.dnsMs * 2);

/** The keys other signers must publish for `signer`: its ZSKs, or its CSK when it has no ZSK. */
export function signingKeys(signer: Signer): Dnskey[] {
  const zsks = signer.keys.filter((k) => (k.flags & 1) === 0);
  return zsks.length > 0 ? zsks : signer.keys;
}

/** Sorted, upper-case DS presentation strings: a set to compare. */
export const dsSet = (ds: string[]): string[] => [...new Set(ds.map((d) => d.trim().replace(/\s+/g, ' ').toUpperCase()))].sort();

export const sameDs = (a: string[], b: string[]): boolean => dsSet(a).join('\n') === dsSet(b).join('\n');

/** The DS set the parent holds: the registrar's word where it can tell, else the parent's nameservers asked by address. */
export async function readParentDs(zone: string, registrar: Registrar | undefined, parents: Nameserver[] | undefined, timeoutMs: number): Promise<{ ds: string[]; source: string }> {
  const fromRegistrar = registrar?.getDs ? await registrar.getDs(zone) : undefined;
  if (fromRegistrar !== undefined) return { ds: dsSet(fromRegistrar), source: `registrar ${registrar!.id}` };
  if (!parents?.length) throw new ZonesyncError(`the DS set of ${zone} at its parent cannot be read: pass --parent-ns (a nameserver of the parent zone) so every --dnssec step is checked`);
  const set = await parentDsSet(zone, parents, timeoutMs);
  return { ds: dsSet((set?.records ?? []).map(formatDs)), source: set?.source ?? 'parent' };
}
