import { expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { chunkChanges } from '../../src/core/chunk.js';
import { converge, forwardGoals } from '../../src/core/converge.js';
import { isProviderOwned } from '../../src/core/diff.js';
import { rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import type { SharePolicy } from '../../src/core/ownership/index.js';
import { planZone } from '../../src/core/plan.js';
import { planZoneRollback } from '../../src/core/rollback-plan.js';
import type { Provider } from '../../src/providers/provider.js';
import { CONFORMANCE_ZONE } from './scenario.js';

/**
 * Issue #19 on every provider: a zone seeded with other writers' records (an ACME TXT, an
 * external-dns-owned A with its registry TXT, a console-made CNAME). With the matching rules the
 * first plan is empty; apply, a resume after a stop between chunks, and a rollback leave every
 * foreign record as the provider read it; without the rules the plan deletes them and the safety
 * rule counts them. Names under `share.`, apart from every other scenario.
 */

const ZONE = CONFORMANCE_ZONE;
const at = (name: string) => `${name}.share.${ZONE}`;
const rr = (name: string, type: RRset['type'], ...values: string[]): RRset => ({ name: at(name), type, ttl: 300, values });

export const FOREIGN: RRset[] = [
  rr('_acme-challenge.www', 'TXT', '"acme-token-1"'),
  rr('web', 'A', '192.0.2.7'),
  rr('a-web', 'TXT', '"heritage=external-dns,external-dns/owner=k8s,external-dns/resource=ingress/default/web"'),
  rr('console', 'CNAME', 'elsewhere.example.net.'),
];

const RULES: SharePolicy = {
  ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s' }, { name: 'console.share', type: ['CNAME'] }],
  purge: true,
};
// Any delete trips the rule: the zone may hold every other scenario's state, so 4 deletes can be a small share of it.
const LIMITS = { maxUpdatePercent: 30, maxDeletePercent: 0, minExistingRecords: 1 };
const OWN_V1 = [rr('own', 'A', '192.0.2.10'), rr('own', 'TXT', '"mine"'), rr('own2', 'AAAA', '2001:db8::10')];
// Updates and creates only: moto 5.2.1 refuses to create again an rrset deleted earlier in the run (Tried to create … but it already exists), which a rollback of a delete would do.
const OWN_V2 = [rr('own', 'A', '192.0.2.11', '192.0.2.12'), rr('own3', 'CNAME', 'own.share.conformance.example.'), rr('own', 'TXT', '"mine, changed"'), rr('own2', 'AAAA', '2001:db8::10')];

const isShare = (r: { name: string }) => r.name.endsWith(`.share.${ZONE}`);

async function send(provider: Provider, changes: Change[], chunks = Infinity): Promise<void> {
  let sent = 0;
  for (const chunk of chunkChanges(changes, 1, provider.batchShare?.bind(provider))) {
    if (sent++ >= chunks) return;
    const receipt = await provider.apply(ZONE, chunk);
    if (provider.waitInSync) await provider.waitInSync(ZONE, receipt, 60_000);
  }
}

/** The foreign rrsets exactly as the provider holds them (settings included; the file provider's line numbers are where, not what). */
async function foreignLive(provider: Provider): Promise<RRset[]> {
  const keys = new Set(FOREIGN.map(rrsetKey));
  const held = ((await provider.read(ZONE))?.rrsets ?? []).filter((r) => keys.has(rrsetKey(r)));
  return held.map(({ source: _where, ...rrset }) => rrset).sort((a, b) => rrsetKey(a).localeCompare(rrsetKey(b)));
}

/** What is declared: everything live outside `share.` as it is (other scenarios' state), and `own`. */
async function desiredWith(provider: Provider, own: RRset[]): Promise<{ desired: Zone; live: Zone | undefined }> {
  const live = await provider.read(ZONE);
  const rest = (live?.rrsets ?? []).filter((r) => !isShare(r) && !isProviderOwned(r, ZONE));
  return { desired: { name: ZONE, rrsets: [...rest, ...own] }, live };
}

const plan = (provider: Provider, desired: Zone, live: Zone | undefined, policy?: SharePolicy) =>
  planZone({ target: provider.id, providerType: provider.type, desired, live, limits: LIMITS, ignoreTtl: provider.capabilities.aliasHasTtl === false ? ['ALIAS'] : [], ...(policy ? { policy } : {}) });

/** The sharing states, run after the suite's rounds against the provider of `context()`. */
export function sharingTransitions(context: () => Provider): void {
  let before: RRset[] = [];

  it('sharing: seeded with foreign records, the first plan with the matching rules is empty', async () => {
    const provider = context();
    const first = await desiredWith(provider, OWN_V1);
    await send(provider, plan(provider, first.desired, first.live).changes.filter((c) => isShare(c.kind === 'delete' ? c.before : c.after)));
    await send(provider, FOREIGN.map((after) => ({ kind: 'create', after })));
    before = await foreignLive(provider);
    expect(before.map(rrsetKey)).toEqual(FOREIGN.map(rrsetKey).sort());
    const { desired, live } = await desiredWith(provider, OWN_V1);
    const zp = plan(provider, desired, live, RULES);
    expect(zp.changes).toEqual([]);
    expect(zp.leftAlone?.map((l) => `${rrsetKey(l)} ${l.reason}`).sort()).toEqual([
      `_acme-challenge.www.share.${ZONE} TXT rule`,
      `a-web.share.${ZONE} TXT external-dns`,
      `console.share.${ZONE} CNAME rule`,
      `web.share.${ZONE} A external-dns`,
    ]);
  });

  it('sharing: without the rules, the plan deletes the foreign records and the safety rule counts them', async () => {
    const provider = context();
    const { desired, live } = await desiredWith(provider, OWN_V1);
    const zp = plan(provider, desired, live);
    expect(zp.changes.map((c) => `${c.kind} ${rrsetKey(c.kind === 'delete' ? c.before : c.after)}`).sort()).toEqual(FOREIGN.map((f) => `delete ${rrsetKey(f)}`).sort());
    expect(zp.safety.reasons.find((r) => r.startsWith('deletes'))).toMatch(new RegExp(`^deletes 4 of ${zp.liveRRsets} rrsets`));
  });

  it('sharing: apply stopped after one chunk, then resumed, leaves every foreign record byte for byte', async () => {
    const provider = context();
    const { desired, live } = await desiredWith(provider, OWN_V2);
    const zp = plan(provider, desired, live, RULES);
    expect(zp.changes.length).toBeGreaterThan(1);
    await send(provider, zp.changes, 1);
    const resumed = converge(forwardGoals(zp.changes), await provider.read(ZONE), provider.type);
    expect(resumed.conflicts).toEqual([]);
    await send(provider, resumed.changes);
    expect(await foreignLive(provider)).toEqual(before);
    const again = await desiredWith(provider, OWN_V2);
    expect(plan(provider, again.desired, again.live, RULES).changes).toEqual([]);

    const rollback = planZoneRollback(zp, await provider.read(ZONE), undefined);
    expect(rollback.conflicts).toEqual([]);
    await send(provider, rollback.plan.changes);
    expect(await foreignLive(provider)).toEqual(before);
    const back = await desiredWith(provider, OWN_V1);
    expect(plan(provider, back.desired, back.live, RULES).changes).toEqual([]);
  });

  it('sharing: cleaned up (own and foreign records deleted)', async () => {
    const provider = context();
    const live = (await provider.read(ZONE))?.rrsets ?? [];
    await send(provider, live.filter(isShare).map((before) => ({ kind: 'delete', before })));
    expect(((await provider.read(ZONE))?.rrsets ?? []).filter(isShare)).toEqual([]);
  });
}
