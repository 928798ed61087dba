import { dnskeysAt } from '../../dns/dnssec/status.js';
import { dsMatches, formatDs, type Dnskey, type Ds } from '../../dns/dnssec/index.js';
import type { Nameserver } from '../../dns/nameserver.js';
import { parentDsSet } from '../verify-dnssec.js';
import { errorText, step, type SwitchStep } from './report.js';

/**
 * The DNSSEC guard of `switch`: every provider in the new delegation must serve a DNSKEY that a DS
 * at the parent matches, or validating resolvers get SERVFAIL for the whole zone once they follow.
 */

export const DNSSEC_STRATEGIES = [
  '--dnssec unsigned-first (not automated yet; by hand): remove the DS at the parent, wait out the DS TTL plus the zone\'s longest TTL, switch, sign at the new provider, then publish its DS',
  '--dnssec multi-signer (RFC 8901 model 2; not automated yet): every provider publishes the other signers\' ZSKs in its DNSKEY set, the parent holds a DS for every signer\'s KSK, and the DNSKEY and DS TTLs are waited out before the NS change',
];

export interface DnssecGuardInput {
  zone: string;
  /** The providers the new delegation lists. */
  delegated: string[];
  /** Nameserver addresses of every target, where known. */
  nameservers: Map<string, Nameserver[]>;
  /** Parent nameservers to ask for the DS set; without them the DS is not known. */
  parentNameservers?: Nameserver[];
  timeoutMs: number;
}

/** The DNSKEY set of a provider, from the first of its nameservers that answers; undefined when none does. */
async function keysOf(zone: string, nameservers: Nameserver[], timeoutMs: number): Promise<Dnskey[] | undefined> {
  for (const ns of nameservers) {
    try {
      return await dnskeysAt(ns, zone, timeoutMs);
    } catch {
      // The next nameserver; a provider none of whose nameservers answers is judged by its API elsewhere.
    }
  }
  return undefined;
}

const dsText = (ds: Ds): string => `DS ${ds.keyTag}/${ds.algorithm}`;

export async function dnssecGuard(input: DnssecGuardInput): Promise<SwitchStep> {
  const keys = new Map<string, Dnskey[] | undefined>();
  for (const [id, nameservers] of input.nameservers) keys.set(id, await keysOf(input.zone, nameservers, input.timeoutMs));
  let parentDs: Ds[] | undefined;
  let dsSource = '';
  if (input.parentNameservers?.length) {
    try {
      const set = await parentDsSet(input.zone, input.parentNameservers, input.timeoutMs);
      parentDs = set?.records ?? [];
      dsSource = set?.source ?? '';
    } catch (error) {
      return step('dnssec', 'failed', `the DS set at the parent could not be read: ${errorText(error)}`);
    }
  }
  const signers = [...keys].filter(([, k]) => (k?.length ?? 0) > 0).map(([id]) => id);
  const lines = [...keys].map(([id, k]) => `${id}: ${k === undefined ? 'no nameserver answered DNSKEY' : k.length === 0 ? 'serves no DNSKEY (unsigned)' : `serves DNSKEY ${k.map((key) => `${key.keyTag}/${key.algorithm}`).join(', ')}`}`);
  if (parentDs !== undefined) lines.push(`parent DS: ${parentDs.length === 0 ? 'none' : parentDs.map(formatDs).join(', ')} (${dsSource})`);

  if (parentDs !== undefined && parentDs.length === 0) return step('dnssec', 'ok', 'the parent holds no DS for the zone: the delegation is insecure, resolvers do not validate it', lines);
  if (parentDs === undefined && signers.length === 0) return step('dnssec', 'ok', 'no target serves DNSKEY: the zone is not signed', lines);

  const broken: string[] = [];
  for (const id of input.delegated) {
    const served = keys.get(id);
    if (parentDs === undefined) {
      // DS unknown but the zone is signed somewhere: a provider with no key at all is the outage.
      if (served !== undefined && served.length === 0) broken.push(`${id} serves no DNSKEY while ${signers.join(', ')} sign${signers.length === 1 ? 's' : ''} the zone (the parent's DS was not read: pass --parent-ns)`);
      continue;
    }
    if (served === undefined) broken.push(`${id}: no nameserver answered DNSKEY, so its keys cannot be matched to ${parentDs.map(dsText).join(', ')}`);
    else if (!parentDs.some((ds) => served.some((key) => dsMatches(input.zone, ds, key)))) broken.push(`${parentDs.map(dsText).join(', ')} at the parent match${parentDs.length === 1 ? 'es' : ''} no DNSKEY at ${id}${served.length === 0 ? ' (it serves none)' : ''}`);
  }
  if (broken.length === 0) return step('dnssec', 'ok', parentDs === undefined ? `every delegated provider serves DNSKEY (parent DS not read: pass --parent-ns to match it)` : 'every delegated provider serves a DNSKEY the parent\'s DS matches', lines);
  return step('dnssec', 'failed', `refused: validating resolvers would get SERVFAIL for ${input.zone} after the switch: ${broken.join('; ')}`, [...lines, 'use one of:', ...DNSSEC_STRATEGIES.map((s) => `  ${s}`)]);
}
