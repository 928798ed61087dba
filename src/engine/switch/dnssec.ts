import { query } from '../../dns/client.js';
import { parseDnskey, rdataOf } from '../../dns/dnssec/wire.js';
import { dsMatches, formatDs, type Dnskey, type Ds } from '../../dns/dnssec/index.js';
import type { Nameserver } from '../../dns/nameserver.js';
import { parentDsSet } from '../verify-dnssec.js';
import { errorText, step, type SwitchStep } from './report.js';

/**
 * The DNSSEC guard of `switch`: every provider in the new delegation must serve a DNSKEY that a DS
 * at the parent matches, or validating resolvers get SERVFAIL for the whole zone once they follow.
 */

export const DNSSEC_STRATEGIES = [
  '--dnssec unsigned-first: remove the DS at the parent, wait out the DS TTL plus the zone\'s longest TTL, switch, sign at the new provider, then publish its DS (works with the old signer down)',
  '--dnssec multi-signer (RFC 8901 model 2): every provider publishes the other signers\' ZSKs in its DNSKEY set, the parent holds a DS for every signer\'s KSK, and the DNSKEY and DS TTLs are waited out before the NS change; then the old signer\'s DS and keys are removed (needs the old signer up)',
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
  /** `--from`, the old signer. */
  from?: string;
}

/** TTLs the guard saw, for the propagation estimate: the DS at the parent, the longest DNSKEY served. */
export interface DnssecTtls {
  dsTtl?: number;
  dnskeyTtl?: number;
  /** Whether `--from`, when it signs, answered DNSKEY: only then can its ZSK be published at the new provider. */
  oldSignerUp?: boolean;
}

/** The DNSKEY set of a provider and its TTL, from the first of its nameservers that answers; undefined when none does. */
async function keysOf(zone: string, nameservers: Nameserver[], timeoutMs: number): Promise<{ keys: Dnskey[]; ttl: number } | undefined> {
  for (const ns of nameservers) {
    try {
      const answer = await query(ns, zone, 'DNSKEY', { dnssec: true, tcp: true, timeoutMs, retries: 0 });
      if (answer.rcode !== 'NOERROR') continue;
      const records = answer.answers.filter((r) => r.type === 'DNSKEY' && r.name === zone);
      return { keys: records.map((r) => parseDnskey(rdataOf(r))), ttl: records.reduce((max, r) => Math.max(max, r.ttl), 0) };
    } catch {
      // The next nameserver; a provider none of whose nameservers answers is judged by its API elsewhere.
    }
  }
  return undefined;
}

/** The TTL of the DS set at the first parent nameserver that answers it; undefined when none does. */
async function dsTtlAt(zone: string, parents: Nameserver[], timeoutMs: number): Promise<number | undefined> {
  for (const ns of parents) {
    try {
      const answer = await query(ns, zone, 'DS', { dnssec: true, timeoutMs });
      const ds = answer.answers.filter((r) => r.type === 'DS' && r.name === zone);
      if (ds.length > 0) return Math.max(...ds.map((r) => r.ttl));
    } catch {
      // The next parent nameserver.
    }
  }
  return undefined;
}

const dsText = (ds: Ds): string => `DS ${ds.keyTag}/${ds.algorithm}`;

export async function dnssecGuard(input: DnssecGuardInput): Promise<SwitchStep> {
  const keys = new Map<string, Dnskey[] | undefined>();
  const ttls: DnssecTtls = {};
  for (const [id, nameservers] of input.nameservers) {
    const found = await keysOf(input.zone, nameservers, input.timeoutMs);
    keys.set(id, found?.keys);
    if (found && found.keys.length > 0) ttls.dnskeyTtl = Math.max(ttls.dnskeyTtl ?? 0, found.ttl);
  }
  // The old signer is down when none of its nameservers answers; one that answers with no key is no signer.
  if (input.from !== undefined && keys.has(input.from) && keys.get(input.from)?.length !== 0) ttls.oldSignerUp = keys.get(input.from) !== undefined;
  let parentDs: Ds[] | undefined;
  let dsSource = '';
  if (input.parentNameservers?.length) {
    try {
      const set = await parentDsSet(input.zone, input.parentNameservers, input.timeoutMs);
      parentDs = set?.records ?? [];
      dsSource = set?.source ?? '';
      if (parentDs.length > 0) ttls.dsTtl = await dsTtlAt(input.zone, input.parentNameservers, input.timeoutMs);
    } catch (error) {
      return step('dnssec', 'failed', `the DS set at the parent could not be read: ${errorText(error)}`);
    }
  }
  const signers = [...keys].filter(([, k]) => (k?.length ?? 0) > 0).map(([id]) => id);
  const lines = [...keys].map(([id, k]) => `${id}: ${k === undefined ? 'no nameserver answered DNSKEY' : k.length === 0 ? 'serves no DNSKEY (unsigned)' : `serves DNSKEY ${k.map((key) => `${key.keyTag}/${key.algorithm}`).join(', ')}`}`);
  if (parentDs !== undefined) lines.push(`parent DS: ${parentDs.length === 0 ? 'none' : parentDs.map(formatDs).join(', ')} (${dsSource})`);

  if (parentDs !== undefined && parentDs.length === 0) return step('dnssec', 'ok', 'the parent holds no DS for the zone: the delegation is insecure, resolvers do not validate it', lines, ttls);
  if (parentDs === undefined && signers.length === 0) return step('dnssec', 'ok', 'no target serves DNSKEY: the zone is not signed', lines, ttls);

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
  if (broken.length === 0) return step('dnssec', 'ok', parentDs === undefined ? `every delegated provider serves DNSKEY (parent DS not read: pass --parent-ns to match it)` : 'every delegated provider serves a DNSKEY the parent\'s DS matches', lines, ttls);
  return step('dnssec', 'failed', `refused: validating resolvers would get SERVFAIL for ${input.zone} after the switch: ${broken.join('; ')}`, [...lines, 'use one of:', ...DNSSEC_STRATEGIES.map((s) => `  ${s}`)], ttls);
}
