import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkChanges } from '../../src/core/chunk.js';
import { diffZones, type DiffOptions } from '../../src/core/diff.js';
import { isRecordType, rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import { canonicalName } from '../../src/core/name.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { query } from '../../src/dns/client.js';
import type { Nameserver } from '../../src/dns/nameserver.js';
import type { Capabilities, CreatedZone, Provider } from '../../src/providers/provider.js';
import { createMissingZone } from '../../src/engine/zone-lifecycle.js';
import { conformancePlan, type PlannedTransition, type Round } from './plan.js';
import { CONFORMANCE_ZONE, type DeclaredRecord } from './scenario.js';
import { skipTable } from './summary.js';
import { sharingTransitions } from './sharing.js';

export interface ConformanceContext {
  provider: Provider;
  /** Where to ask over DNS after each round; [] when the provider serves no DNS here (moto). */
  nameservers: Nameserver[];
  /** Entries the provider's zone listing shows for an empty zone (Route 53: SOA and NS), so a zone-size round fills its pages exactly. */
  listedWhenEmpty?: number;
  /**
   * A server defect (not a provider capability): types it cannot create again at a name where one was
   * deleted. The refill round leaves them out, and the run says so.
   */
  noRecreate?: { types: string[]; why: string };
}

export interface ConformanceHooks {
  setup(): Promise<ConformanceContext>;
  teardown(): Promise<void>;
}

const ZONE = CONFORMANCE_ZONE;

function canonical(record: DeclaredRecord): RRset {
  if (!isRecordType(record.type)) throw new Error(`${record.type} is not a model type`);
  const type = record.type;
  const name = canonicalName(record.name === '' ? '@' : record.name, ZONE);
  if (!name.ok) throw new Error(`${record.name}: ${name.error}`);
  const values = record.values.map((v) => {
    const c = canonicalRdata(type, v, ZONE);
    if (!c.ok) throw new Error(`${record.name} ${type} ${v}: ${c.error}`);
    return c.value;
  });
  return { name: name.name, type, ttl: record.ttl, values: [...new Set(values)].sort() };
}

/** Declared records as the model holds them; two declarations of one rrset (in any spelling) must agree. */
function toRRsets(records: DeclaredRecord[]): RRset[] {
  const byKey = new Map<string, RRset>();
  for (const rrset of records.map(canonical)) {
    const seen = byKey.get(rrsetKey(rrset));
    if (seen && JSON.stringify(seen) !== JSON.stringify(rrset)) throw new Error(`${rrsetKey(rrset)} declared twice, differently`);
    byKey.set(rrsetKey(rrset), rrset);
  }
  return [...byKey.values()];
}

/** `count` one-value A rrsets under `bulk.`: a zone-size round's filler. */
function bulk(count: number): RRset[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => ({
    name: `e${String(i).padStart(4, '0')}.bulk.${ZONE}`, type: 'A' as const, ttl: 300, values: [`198.51.100.${i % 256}`],
  }));
}

/** As the engine plans: TTLs a provider does not keep (Route 53 ALIAS) are not compared. */
function diffOptions(provider: Provider): DiffOptions {
  return { providerType: provider.type, ignoreTtl: provider.capabilities.aliasHasTtl === false ? ['ALIAS'] : [] };
}

async function push(provider: Provider, desired: Zone): Promise<void> {
  const live = await provider.read(ZONE);
  const changes = diffZones(desired, live, diffOptions(provider));
  for (const chunk of chunkChanges(changes, provider.capabilities.maxChangesPerBatch, provider.batchShare?.bind(provider))) {
    const receipt = await provider.apply(ZONE, chunk);
    if (provider.waitInSync) await provider.waitInSync(ZONE, receipt, 60_000);
  }
}

/** What the server answers for an rrset (values and TTL); a delegation below the apex answers with a referral. */
async function askServer(ns: Nameserver, rrset: RRset): Promise<{ ttl: number | undefined; values: string[] }> {
  const response = await query(ns, rrset.name, rrset.type, { edns: true, timeoutMs: 2000, retries: 2 });
  const delegation = rrset.type === 'NS' && rrset.name !== ZONE;
  const found = (delegation ? response.authorities : response.answers).filter((r) => r.type === rrset.type && r.name === rrset.name);
  return { ttl: found[0]?.ttl, values: found.map((r) => r.value).sort() };
}

/** Ask until the answer is the declared one (a server reloading a file lags the write by a moment), then compare. */
async function expectServed(ns: Nameserver, rrset: RRset): Promise<void> {
  const want = { ttl: rrset.ttl, values: rrset.values };
  const deadline = Date.now() + 3000;
  let got = await askServer(ns, rrset);
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    got = await askServer(ns, rrset);
  }
  expect({ rrset: `${rrsetKey(rrset)} @${ns.address}:${ns.port}`, ...got }).toEqual({ rrset: `${rrsetKey(rrset)} @${ns.address}:${ns.port}`, ...want });
}

interface Outcome {
  /** The re-plan after the round: `kind name type` per change. */
  replan: Array<{ line: string; name: string }>;
  desired: RRset[];
}

/** The shape of the suite (titles, order) is the same for every provider; which transitions run is not. */
const NO_CAPABILITIES: Capabilities = { types: {}, maxChangesPerBatch: 1, atomicBatch: true, alias: 'none', minTtl: 0, dynamic: { supported: false } };

/** The names a transition answers for: its records' owners, or the whole zone for a zone-level transition. */
function owns(transition: PlannedTransition, name: string): boolean {
  if (transition.title.startsWith('zone:')) return true;
  return toRRsets(transition.records).some((r) => r.name === name);
}

/**
 * The shared provider suite: rounds of transitions, each round one plan applied from the state before;
 * after it, planning again gives no change for any transition of the round, and every rrset asked of
 * every nameserver comes back as declared. Transitions the provider cannot hold are skipped by rule
 * (rules.ts), with the capability data's reason.
 */
export function runConformance(label: string, hooks: ConformanceHooks): void {
  const shape = conformancePlan(NO_CAPABILITIES);
  describe(`${label}: conformance`, () => {
    let ctx: ConformanceContext;
    let plan: Round[];
    const outcomes = new Map<number, Promise<Outcome>>();
    const ran: string[] = [];
    const skipped: PlannedTransition[] = [];
    let created: CreatedZone | undefined;

    beforeAll(async () => {
      ctx = await hooks.setup();
      plan = conformancePlan(ctx.provider.capabilities);
      // As a run creates a zone it found missing (BIND's harness has it configured already).
      if (!(await ctx.provider.read(ZONE))) created = await createMissingZone(ctx.provider, ZONE);
      else await ctx.provider.ensureZone(ZONE);
    });

    it('creates a missing zone as its createZone capability says, and never twice', async () => {
      if ((ctx.provider.capabilities.createZone ?? 'server') === false) {
        expect(ctx.provider.createZone).toBeUndefined();
        expect(ctx.provider.manualZoneSteps?.(ZONE).join('\n')).toContain(`zone "${ZONE.slice(0, -1)}" {`);
        return;
      }
      expect(ctx.provider.createZone).toBeTypeOf('function');
      const nameservers = await ctx.provider.delegationNameservers(ZONE);
      if (created) expect(created.nameservers).toEqual(nameservers);
      // Asked again for a zone that is there: answered with the same nameservers, nothing created.
      expect(await ctx.provider.createZone?.(ZONE)).toEqual({ nameservers });
      expect((await ctx.provider.listZones?.())?.filter((z) => z === ZONE) ?? [ZONE]).toEqual([ZONE]);
    });

    afterAll(async () => {
      await hooks.teardown();
      if (plan) console.log(`${label}: ${ran.length} transitions run, ${skipped.length} skipped\n${skipTable([{ provider: label, skipped }])}`);
    });

    function outcome(index: number): Promise<Outcome> {
      let found = outcomes.get(index);
      if (!found) {
        const before = index > 0 ? outcome(index - 1).catch(() => undefined) : Promise.resolve(undefined);
        found = before.then(async () => {
          const round = plan[index] as Round;
          const fill = round.size === undefined ? [] : bulk(round.size - (ctx.listedWhenEmpty ?? 0));
          const recreatable = (x: RRset) => !(round.title === 'zone refilled' && ctx.noRecreate?.types.includes(x.type));
          const desired = [...toRRsets(round.desired).filter(recreatable), ...fill];
          if (desired.length < toRRsets(round.desired).length + fill.length) console.log(`${label}: ${round.title} without ${ctx.noRecreate?.types.join(', ')}: ${ctx.noRecreate?.why}`);
          const zone: Zone = { name: ZONE, rrsets: desired };
          await push(ctx.provider, zone);
          const again = diffZones(zone, await ctx.provider.read(ZONE), diffOptions(ctx.provider));
          const replan = again.map((c) => {
            const subject = c.kind === 'delete' ? c.before : c.after;
            return { line: `${c.kind} ${rrsetKey(subject)}`, name: subject.name };
          });
          return { replan, desired };
        });
        outcomes.set(index, found);
      }
      return found;
    }

    shape.forEach((shapeRound, r) => {
      shapeRound.transitions.forEach((shapeTransition, t) => {
        it(shapeTransition.title, async (test) => {
          const transition = (plan[r] as Round).transitions[t] as PlannedTransition;
          if (transition.skip) {
            skipped.push(transition);
            test.skip(`${transition.skip.rule}: ${transition.skip.reason ?? 'NO CAPABILITY REASON'}`);
            return;
          }
          ran.push(transition.title);
          const result = await outcome(r);
          expect(result.replan.filter((c) => owns(transition, c.name)).map((c) => c.line)).toEqual([]);
          const mine = transition.title.startsWith('zone:') ? result.desired : toRRsets(transition.records);
          if (transition.title.startsWith('zone:') && transition.records.length > 0) expect(result.desired.length).toBeGreaterThan(0);
          const cuts = result.desired.filter((x) => x.type === 'NS' && x.name !== ZONE).map((x) => x.name);
          // Glue below a delegation is not authoritative data: a server answers it with a referral.
          const occluded = (name: string) => cuts.some((cut) => name !== cut && name.endsWith(`.${cut}`));
          // ALIAS and URLFWD are not DNS types: a server answers A for them with data the zone does not hold.
          const asked = mine.filter((x) => x.type !== 'ALIAS' && x.type !== 'URLFWD' && !occluded(x.name));
          // A zone of a thousand rrsets is read back whole above; over DNS, a sample of its pages' edges.
          const sample = asked.length > 200 ? asked.filter((_, i) => i < 3 || i % 100 === 99 || i % 100 === 0 || i >= asked.length - 3) : asked;
          for (const ns of ctx.nameservers) {
            for (const rrset of sample) await expectServed(ns, rrset);
          }
        });
      });
    });

    sharingTransitions(() => ctx.provider);
  });
}
