import { dnskeysAt } from '../../dns/dnssec/status.js';
import { dsMatches, dsOfKey, dnskeyText, isKsk, parseDsValue, type Dnskey } from '../../dns/dnssec/index.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';
import type { Nameserver } from '../../dns/nameserver.js';
import { setParentDs } from './parent-ds.js';
import { readParentDs, readSigner, signersOf, type Signer } from './signers.js';
import type { StepOutcome } from './steps.js';
import type { StrategyContext } from './strategy.js';

/**
 * Removing the old signer once the delegation has moved off it (RFC 8901 model 2, in the order that
 * keeps every cached answer validating): its DS out of the parent (ds-retire), then its keys out of
 * the remaining signers' DNSKEY sets (keys-retire). Only the old signer's DS and keys are removed:
 * each is matched to a key it signed with, and a key a remaining signer also holds is kept.
 */

const tags = (keys: Dnskey[]): string => keys.map((k) => `${k.keyTag}/${k.algorithm}`).join(', ');

/** The old signer's keys: those recorded when the run began and those it names now, less any a remaining signer holds as its own. */
export function oldSignerKeys(recorded: Dnskey[], live: Dnskey[], remainingOwn: Dnskey[]): Dnskey[] {
  const kept = new Set(remainingOwn.map(dnskeyText));
  const old = new Map<string, Dnskey>();
  for (const key of [...recorded, ...live]) if (!kept.has(dnskeyText(key))) old.set(dnskeyText(key), key);
  return [...old.values()];
}

/**
 * The DS set the parent keeps: every DS but those made from an old key (SHA-1 ones too). Refused when a delegated
 * signer would be left with no DS matching one of its keys (resolvers could no longer validate it).
 */
export function dsAfterRetire(zone: string, parentDs: string[], old: Dnskey[], delegated: Signer[]): { keep: string[]; removed: string[] } | { refusal: string } {
  const isOld = (ds: string): boolean => old.some((key) => dsOfKey(zone, parseDsValue(ds), key));
  const keep = parentDs.filter((ds) => !isOld(ds));
  const removed = parentDs.filter(isOld);
  const orphaned = delegated.filter((s) => !keep.some((ds) => s.keys.some((key) => dsMatches(zone, parseDsValue(ds), key))));
  if (removed.length > 0 && orphaned.length > 0) {
    return { refusal: `refused: without the old signer's ${removed.join(', ')} the parent would hold no DS for the keys of ${orphaned.map((s) => `${s.id} (${tags(s.keys)})`).join(', ')}; nothing was changed` };
  }
  return { keep, removed };
}

/** What a signer's DNSKEY set keeps besides its own keys: every foreign key it serves but the old signer's. */
export function foreignAfterRetire(served: Dnskey[], own: Dnskey[], old: Dnskey[]): { keep: Dnskey[]; removed: Dnskey[] } {
  const ownIds = new Set(own.map(dnskeyText));
  const oldIds = new Set(old.map(dnskeyText));
  const foreign = served.filter((k) => !ownIds.has(dnskeyText(k)));
  return { keep: foreign.filter((k) => !oldIds.has(dnskeyText(k))), removed: foreign.filter((k) => oldIds.has(dnskeyText(k))) };
}

/** The old signer's keys and the remaining signers, read before anything is written; a refusal when either cannot be told. */
async function identify(ctx: StrategyContext, from: string): Promise<{ old: Dnskey[]; remaining: Signer[] } | { refusal: string }> {
  const timeoutMs = ctx.timeouts.dnsMs * 2;
  const read = await signersOf(ctx, ctx.signers.filter((id) => id !== from));
  const unread = [...read.problems, ...read.unsigned.map((id) => `${id} does not sign ${ctx.zone}`)];
  if (unread.length > 0) return { refusal: `refused: the remaining signers' keys could not be read: ${unread.join('; ')}; nothing was changed` };
  const recorded = (ctx.oldKeys ?? []).map(dnskeyFromText);
  const live = await readSigner(ctx.providers, from, ctx.zone, ctx.nameservers.get(from) ?? [], timeoutMs);
  const old = oldSignerKeys(recorded, live.signer?.keys ?? [], read.signers.flatMap((s) => s.keys));
  if (old.length === 0) {
    const why = [recorded.length === 0 ? 'none were recorded when the run began' : 'each one recorded is also a remaining signer\'s', live.signer ? 'it names none of its own' : live.problem ?? `${from} cannot be read`];
    return { refusal: `refused: the keys of ${from}, the old signer, cannot be identified (${why.join('; ')}); nothing was changed` };
  }
  return { old, remaining: read.signers };
}

/** ds-retire: the parent's DS set without the old signer's DS. */
export async function retireDs(ctx: StrategyContext, from: string): Promise<StepOutcome> {
  const found = await identify(ctx, from);
  if ('refusal' in found) return { status: 'failed', detail: found.refusal };
  const parent = await readParentDs(ctx.zone, ctx.registrar, ctx.parentNameservers, ctx.timeouts.dnsMs * 2);
  const delegated = found.remaining.filter((s) => ctx.delegated.includes(s.id));
  const plan = dsAfterRetire(ctx.zone, parent.ds, found.old, delegated);
  if ('refusal' in plan) return { status: 'failed', detail: plan.refusal };
  if (plan.removed.length === 0) return { status: 'done', detail: `the parent holds no DS of ${from}'s keys ${tags(found.old)} (${parent.source}: ${parent.ds.join(', ') || 'no DS'})` };
  const outcome = await setParentDs(ctx, plan.keep, delegated.flatMap((s) => s.keys.filter(isKsk).map(dnskeyText)));
  return { ...outcome, lines: [`removes ${plan.removed.join(', ')} (${from}'s), keeps ${plan.keep.join(', ')}`, ...(outcome.lines ?? [])] };
}

/** The DNSKEY set the first answering nameserver serves; undefined when none answers. */
async function servedAt(nameservers: Nameserver[], zone: string, timeoutMs: number): Promise<Dnskey[] | undefined> {
  for (const ns of nameservers) {
    try {
      return await dnskeysAt(ns, zone, timeoutMs);
    } catch {
      // The next nameserver.
    }
  }
  return undefined;
}

/** keys-retire: each remaining signer publishes the foreign keys it did, less the old signer's; then its nameservers are asked again. */
export async function retireKeys(ctx: StrategyContext, from: string): Promise<StepOutcome> {
  const found = await identify(ctx, from);
  if ('refusal' in found) return { status: 'failed', detail: found.refusal };
  const timeoutMs = ctx.timeouts.dnsMs * 2;
  const plans: Array<{ signer: Signer; keep: Dnskey[]; removed: Dnskey[] }> = [];
  for (const signer of found.remaining) {
    const provider = await ctx.providers.get(signer.id);
    if (!provider.publishForeignKeys) return { status: 'failed', detail: `refused: ${signer.id} (${provider.type}) cannot change the other signers' keys it publishes; nothing was changed` };
    const served = await servedAt(ctx.nameservers.get(signer.id) ?? [], ctx.zone, timeoutMs);
    if (!served) return { status: 'failed', detail: `refused: no nameserver of ${signer.id} answered DNSKEY, so the keys it publishes cannot be read; nothing was changed` };
    plans.push({ signer, ...foreignAfterRetire(served, signer.keys, found.old) });
  }
  const lines: string[] = [];
  for (const { signer, keep, removed } of plans) {
    if (removed.length === 0) { lines.push(`${signer.id}: publishes none of ${from}'s keys`); continue; }
    await (await ctx.providers.get(signer.id)).publishForeignKeys!(ctx.zone, keep.map(dnskeyText));
    const after = await servedAt(ctx.nameservers.get(signer.id) ?? [], ctx.zone, timeoutMs);
    const left = (after ?? []).filter((k) => removed.some((r) => dnskeyText(r) === dnskeyText(k)));
    if (!after || left.length > 0) return { status: 'failed', detail: `${signer.id} ${after ? `still serves ${from}'s ${tags(left)}` : 'did not answer DNSKEY'} after the change; run the same command with --resume to try again`, lines };
    lines.push(`${signer.id}: no longer publishes ${from}'s ${tags(removed)}${keep.length > 0 ? `; still publishes ${tags(keep)}` : ''}`);
  }
  return { status: 'done', detail: `the remaining signers (${found.remaining.map((s) => s.id).join(', ')}) serve none of ${from}'s keys ${tags(found.old)}`, lines };
}
