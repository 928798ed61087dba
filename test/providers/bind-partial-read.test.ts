import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { rrsetKey, type RecordType, type RRset } from '../../src/core/model.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { ixfr } from '../../src/dns/axfr.js';
import { sendUpdate } from '../../src/dns/update.js';
import { bindConfigSchema, createBindProvider } from '../../src/providers/bind/provider.js';
import type { Provider, ReadBack } from '../../src/providers/provider.js';
import { startBind, type BindServer } from '../harness/bind.js';

/**
 * BIND's partial read (readRRsets: IXFR from the serial of the last read into the zone that read
 * left) against a real named: for every key it gives exactly what an AXFR gives, where a DNS query
 * would not (a delegation's referral and glue, a wildcard's synthesis, a CNAME, an empty non-terminal).
 */

const ZONE = 'shape.test.';

function rrset(name: string, type: RecordType, ttl: number, values: string[]): RRset {
  const canonical = values.map((text) => {
    const result = canonicalRdata(type, text, ZONE);
    if (!result.ok) throw new Error(`${name} ${type} "${text}": ${result.error}`);
    return result.value;
  });
  return { name: name === '@' ? ZONE : `${name}.${ZONE}`, type, ttl, values: [...new Set(canonical)].sort() };
}

/** A zone with every shape a query answers differently from an AXFR. */
const SHAPES: RRset[] = [
  rrset('www', 'A', 300, ['192.0.2.1']),
  rrset('alias', 'CNAME', 300, ['www']),
  rrset('sub', 'NS', 3600, ['ns.sub']),
  rrset('sub', 'DS', 3600, ['12345 13 2 ' + 'ab'.repeat(32)]),
  // glue below the delegation: a query gets a referral, AXFR the record
  rrset('ns.sub', 'A', 3600, ['192.0.2.53']),
  rrset('deep.sub', 'TXT', 300, ['"occluded"']),
  rrset('*.wild', 'A', 300, ['192.0.2.99']),
  rrset('real.wild', 'A', 300, ['192.0.2.7']),
  // a.b.ent exists, so b.ent and ent are empty non-terminals
  rrset('a.b.ent', 'TXT', 300, ['"leaf"']),
];

/** Keys at every shape, present and absent: what an AXFR gives for each is the oracle. */
const KEYS = [
  ...SHAPES.map((r) => ({ name: r.name, type: r.type })),
  { name: `alias.${ZONE}`, type: 'A' },
  { name: `sub.${ZONE}`, type: 'A' },
  { name: `x.sub.${ZONE}`, type: 'A' },
  { name: `nothere.wild.${ZONE}`, type: 'A' },
  { name: `b.ent.${ZONE}`, type: 'TXT' },
  { name: `ent.${ZONE}`, type: 'A' },
  { name: `missing.${ZONE}`, type: 'AAAA' },
];

describe('bind readRRsets by IXFR against a real named', () => {
  let bind: BindServer;
  let provider: Provider;

  beforeAll(async () => {
    bind = await startBind({ zones: [ZONE, 'fresh.test.'] });
    provider = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
  });
  afterAll(async () => {
    await bind?.stop();
  });

  async function axfrOf(keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]> {
    // A provider of its own, so its AXFR does not refresh the mirror under test.
    const oracle = createBindProvider('oracle', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
    const wanted = new Set(keys.map(rrsetKey));
    return ((await oracle.read(ZONE))?.rrsets ?? []).filter((r) => wanted.has(rrsetKey(r)));
  }

  async function partial(keys: ReadonlyArray<{ name: string; type: string }>): Promise<{ rrsets: RRset[]; told: ReadBack[] }> {
    const told: ReadBack[] = [];
    const rrsets = await provider.readRRsets?.(ZONE, keys, (how) => told.push(how));
    return { rrsets: rrsets ?? [], told };
  }

  it('reads with one AXFR when there is no read to start from, then incrementally: the same rrsets as an AXFR for every shape', async () => {
    const first = await partial(KEYS);
    expect(first.told).toEqual([{ method: 'whole', calls: 1 }]);
    expect(first.rrsets).toEqual([]);

    await provider.apply(ZONE, SHAPES.map((after): Change => ({ kind: 'create', after })));
    const after = await partial(KEYS);
    expect(after.told).toEqual([{ method: 'partial', calls: 1 }]);
    expect(after.rrsets).toEqual(await axfrOf(KEYS));
    // Every shape is there as written, and the keys a query would answer by referral or wildcard are absent.
    expect(after.rrsets.map(rrsetKey).sort()).toEqual(SHAPES.map(rrsetKey).sort());
  });

  it('follows another writer, deletes and TTL changes included, and stays exact', async () => {
    const theirs = await sendUpdate(bind.dns, {
      zone: ZONE,
      prerequisites: [],
      updates: [
        { kind: 'delete-rrset', name: `real.wild.${ZONE}`, type: 'A' },
        { kind: 'delete-rr', name: `www.${ZONE}`, type: 'A', value: '192.0.2.1' },
        { kind: 'add', name: `www.${ZONE}`, type: 'A', ttl: 60, value: '192.0.2.2' },
        { kind: 'add', name: `new.ent.${ZONE}`, type: 'AAAA', ttl: 120, value: '2001:db8::1' },
      ],
    }, { tsig: bind.tsig });
    expect(theirs.rcode).toBe('NOERROR');
    const keys = [...KEYS, { name: `new.ent.${ZONE}`, type: 'AAAA' }];
    const read = await partial(keys);
    expect(read.told).toEqual([{ method: 'partial', calls: 1 }]);
    expect(read.rrsets).toEqual(await axfrOf(keys));
    expect(read.rrsets.find((r) => r.name === `www.${ZONE}`)).toEqual(rrset('www', 'A', 60, ['192.0.2.2']));
    expect(read.rrsets.some((r) => r.name === `real.wild.${ZONE}`)).toBe(false);
  });

  it('answers an unchanged zone with one SOA: the IXFR carries nothing', async () => {
    const { soa } = (await provider.read(ZONE)) ?? {};
    const result = await ixfr(bind.dns, ZONE, soa?.serial ?? 0, { tsig: bind.tsig });
    expect(result).toEqual({ kind: 'current', soa });
    const read = await partial([{ name: `www.${ZONE}`, type: 'A' }]);
    expect(read).toEqual({ rrsets: [rrset('www', 'A', 60, ['192.0.2.2'])], told: [{ method: 'partial', calls: 1 }] });
  });

  it('IXFR from a serial named\'s journal does not hold gives the whole zone, as an AXFR would', async () => {
    const zone = 'fresh.test.';
    const fresh = createBindProvider('bind2', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
    await fresh.read(zone);
    await fresh.apply(zone, [{ kind: 'create', after: { name: `a.${zone}`, type: 'A', ttl: 300, values: ['192.0.2.3'] } }]);
    const now = await fresh.read(zone);
    const result = await ixfr(bind.dns, zone, 0, { tsig: bind.tsig });
    expect(result.kind).toBe('full');
    expect(result.soa.serial).toBe(now?.soa?.serial);
    expect(result.kind === 'full' && result.records.map((r) => `${r.name} ${r.type} ${r.value}`).sort()).toEqual(['a.fresh.test. A 192.0.2.3', 'fresh.test. NS ns1.fresh.test.', 'ns1.fresh.test. A 127.0.0.1']);
    // named sends the whole zone, too, where the differences would be larger (max-ixfr-ratio, 100%
    // by default): from the serial before this 1-record change to a 23-record zone, the one difference.
    await fresh.apply(zone, Array.from({ length: 20 }, (_, i): Change => ({ kind: 'create', after: { name: `n${i}.${zone}`, type: 'A', ttl: 300, values: ['192.0.2.4'] } })));
    const before = (await fresh.read(zone))?.soa?.serial ?? 0;
    await fresh.apply(zone, [{ kind: 'delete', before: { name: `a.${zone}`, type: 'A', ttl: 300, values: ['192.0.2.3'] } }]);
    const step = await ixfr(bind.dns, zone, before, { tsig: bind.tsig });
    expect(step.kind === 'incremental' && step.diffs.map((d) => [d.from, d.to, d.deleted.map((r) => `${r.name} ${r.type}`), d.added.length])).toEqual([[before, before + 1, ['a.fresh.test. A'], 0]]);
  });

  it('refuses an answer not signed with the key, and never shows the secret', async () => {
    const secret = randomBytes(32).toString('base64');
    const wrong = createBindProvider('bind1', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: { ...bind.tsig, secret } }));
    const error = await wrong.readRRsets?.(ZONE, [{ name: `www.${ZONE}`, type: 'A' }]).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/did not accept TSIG key "zonesync-test"/);
    expect(JSON.stringify([(error as Error).message, (error as Error).stack])).not.toContain(secret);
  });
});
