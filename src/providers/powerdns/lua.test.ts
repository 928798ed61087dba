import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import { canonicalDynamic, sameDynamic } from '../../core/dynamic/canonical.js';
import type { Dynamic } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import { rrsetPatch, zoneFromApi } from './convert.js';
import { chunkChanges } from '../../core/chunk.js';
import { EDITED, LUA_BYTES_PER_PATCH, luaBatchShare, luaCode, luaContent, luaFromApi, parseLuaContent, patchesWithLua, powerdnsRefusesDynamic } from './lua.js';

const zone = 'example.test.';
const name = 'www.example.test.';

function steering(overrides: Partial<Dynamic> = {}): Dynamic {
  return canonicalDynamic(
    name,
    'A',
    {
      pools: {
        east: { values: [{ value: '192.0.2.1', weight: 3, status: 'obey' }, { value: '192.0.2.2', weight: 1, status: 'up' }], fallback: 'west' },
        west: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }, { value: '198.51.100.2', weight: 1, status: 'down' }] },
      },
      rules: [{ pool: 'east', subnets: ['10.1.0.0/16'] }, { pool: 'west' }],
      healthcheck: { host: 'www.example.test', path: '/_dns', port: 443, protocol: 'TCP' },
      ...overrides,
    },
    zone,
  );
}

function steered(type: 'A' | 'AAAA' = 'A', dynamic: Dynamic = steering(), ttl = 60): RRset {
  return { name, type, ttl, values: type === 'A' ? ['203.0.113.9'] : ['2001:db8::9'], dynamic };
}

describe('LUA record of a steered rrset', () => {
  it('reads back as the same rrset: values, canonical dynamic and the LUA rrset TTL', () => {
    const rrset = steered();
    const content = luaContent(rrset);
    const read = luaFromApi(name, { name, type: 'LUA', ttl: 60, records: [] }, [{ content }], zone);
    expect(read).toEqual({ rrsets: [rrset], foreign: [] });
  });

  it('writes the rules in order: netmask for the subnet rule, the fallback chain, the catch-all, the record values last', () => {
    const code = luaCode('A', ['203.0.113.9'], steering());
    expect(code.startsWith(';--[[zonesync:dynamic {')).toBe(true);
    expect(code).toContain("local F={'203.0.113.9'}");
    // east is pool 1 and falls back to west, pool 2; the down value is in no list.
    expect(code).toContain("if netmask({'10.1.0.0/16'}) then return serve({1,2}) end return serve({2})");
    expect(code).toContain("P[1]=function() return pool({{1,'192.0.2.2'}},{{3,'192.0.2.1'}}) end");
    expect(code).toContain("P[2]=function() return pool({},{{1,'198.51.100.1'}}) end");
    // Only in the comment (the declaration), never in the program.
    expect(code.slice(code.indexOf(']] '))).not.toContain('198.51.100.2');
    expect(code).toContain("ifportup(443,a,{selector='all',backupSelector='all'})");
    expect(code).not.toMatch(/return F$/);
  });

  it('health-checks HTTP(S) with ifurlup on the health-check URL, and ends with the record values without a catch-all', () => {
    const dynamic = steering({ rules: [{ pool: 'east', subnets: ['10.1.0.0/16'] }], healthcheck: { host: 'check.example.test', path: '/health', port: 8443, protocol: 'HTTPS' } });
    const code = luaCode('A', ['203.0.113.9'], dynamic);
    expect(code).toContain("ifurlup('https://check.example.test:8443/health',{a},{selector='all',backupSelector='all'})");
    expect(code).toMatch(/ return F$/);
  });

  it('does not health-check CNAME targets (names): obey counts as up', () => {
    const dynamic = canonicalDynamic(name, 'CNAME', { pools: { a: { values: [{ value: 'a.example.org.', weight: 1, status: 'obey' }] } }, rules: [{ pool: 'a' }], healthcheck: steering().healthcheck }, zone);
    const code = luaCode('CNAME', ['fallback.example.org.'], dynamic);
    expect(code).not.toContain('ifportup');
    expect(code).toContain("P[1]=function() return pool({},{{1,'a.example.org.'}}) end");
  });

  it('splits the content into quoted segments of at most 255 characters, joined back exactly', () => {
    const content = luaContent(steered());
    const segments = content.slice(2).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    expect(segments.length).toBeGreaterThan(2);
    for (const segment of segments) expect(segment.replace(/\\(.)/g, '$1').length - 2).toBeLessThanOrEqual(255);
    expect(parseLuaContent(content)?.code).toBe(luaCode('A', ['203.0.113.9'], steering()));
  });

  it('keeps a pool name with quotes and brackets inside the comment', () => {
    const dynamic = steering({
      pools: { 'we"ird]]': { values: [{ value: '192.0.2.1', weight: 1, status: 'up' }] } },
      rules: [{ pool: 'we"ird]]' }],
    });
    const rrset = steered('A', canonicalDynamic(name, 'A', dynamic, zone));
    const read = luaFromApi(name, { name, type: 'LUA', ttl: 60, records: [] }, [{ content: luaContent(rrset) }], zone);
    expect(read.rrsets).toEqual([rrset]);
    expect(luaCode('A', rrset.values, rrset.dynamic as Dynamic).startsWith(';--[=[')).toBe(true);
  });

  it('reads a record whose Lua was edited by hand as changed (so the plan rewrites it), one zonesync never wrote as foreign', () => {
    const edited = luaContent(steered()).replace("'198.51.100.1'}}) end", "'192.0.2.66'}}) end");
    expect(edited).not.toBe(luaContent(steered()));
    const read = luaFromApi(name, { name, type: 'LUA', ttl: 60, records: [] }, [{ content: edited }, { content: `TXT "return 'hi'"` }], zone);
    const marked = { ...steered(), dynamic: { ...steering(), providerHealthcheck: { powerdns: { edited: EDITED } } } };
    expect(read.rrsets).toEqual([marked]);
    expect(sameDynamic(read.rrsets[0]?.dynamic, steered().dynamic)).toBe(false);
    expect(read.foreign).toEqual([{ type: 'TXT', content: `TXT "return 'hi'"`, reason: 'LUA TXT record zonesync did not write; left alone' }]);
    // Written back as it read (a rollback of the repair): it reads back the same, not edited twice.
    const again = luaFromApi(name, { name, type: 'LUA', ttl: 60, records: [] }, [{ content: luaContent(marked) }], zone);
    expect(again.rrsets).toEqual([marked]);
  });

  it('zoneFromApi: a LUA rrset with a steered A and a foreign TXT gives the A rrset, the foreign record, and the raw set', () => {
    const a = steered();
    const api = { name: zone, rrsets: [{ name, type: 'LUA', ttl: 60, records: [{ content: luaContent(a), disabled: false }, { content: `TXT "return 'x'"`, disabled: false }] }] };
    const read = zoneFromApi(api, zone);
    expect(read.zone.rrsets).toEqual([a]);
    expect(read.foreignLua).toEqual([{ name, type: 'TXT', reason: 'LUA TXT record zonesync did not write; left alone' }]);
    expect(read.lua.get(name)?.records).toHaveLength(2);
    expect(read.skipped).toEqual([{ name, type: 'LUA', reason: `LUA TXT record zonesync did not write; left alone (TXT "return 'x'")` }]);
  });
});

describe('powerdnsRefusesDynamic', () => {
  it('refuses geo rules with the reason, naming the rule', () => {
    const dynamic = steering({ rules: [{ pool: 'east', geos: ['EU-DE'] }, { pool: 'west' }] });
    expect(powerdnsRefusesDynamic(steered('A', dynamic))).toMatch(/^rule 1 \(pool east\) routes by geos, which PowerDNS LUA records answer only from a GeoIP database/);
  });

  it('accepts subnets, weights, health and fallbacks; refuses a value it would have to quote', () => {
    expect(powerdnsRefusesDynamic(steered())).toBeUndefined();
    expect(powerdnsRefusesDynamic({ name, type: 'A', ttl: 60, values: ['192.0.2.1'] })).toBeUndefined();
    const odd = steering({ healthcheck: { host: "x'y", path: '/', port: 80, protocol: 'HTTP' } });
    expect(powerdnsRefusesDynamic(steered('A', odd))).toMatch(/"x'y" has a character/);
  });
});

describe('patchesWithLua', () => {
  const plainA: RRset = { name, type: 'A', ttl: 60, values: ['203.0.113.9'] };
  const run = (changes: Change[], live?: { ttl: number; records: Array<{ content: string }> }) => patchesWithLua(changes, () => live, rrsetPatch).patches;

  it('plain → steered: the A rrset deleted and the LUA rrset written in one PATCH', () => {
    const patches = run([{ kind: 'update', before: plainA, after: steered() }]);
    expect(patches).toEqual([
      { name, type: 'A', changetype: 'DELETE' },
      { name, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [{ content: luaContent(steered()), disabled: false }] },
    ]);
  });

  it('steered → plain: the A rrset written and the LUA rrset deleted', () => {
    const live = { ttl: 60, records: [{ content: luaContent(steered()) }] };
    const patches = run([{ kind: 'update', before: steered(), after: plainA }], live);
    expect(patches).toEqual([rrsetPatch({ kind: 'create', after: plainA }), { name, type: 'LUA', changetype: 'DELETE' }]);
  });

  it('a steered A and AAAA at one name go into one LUA rrset, beside a LUA record zonesync did not write', () => {
    const foreign = { content: `TXT "return 'x'"` };
    const patches = run([{ kind: 'create', after: steered('A') }, { kind: 'create', after: steered('AAAA') }], { ttl: 60, records: [foreign] });
    expect(patches).toEqual([
      { name, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [foreign, { content: luaContent(steered('A')), disabled: false }, { content: luaContent(steered('AAAA')), disabled: false }] },
    ]);
  });

  it('deleting one steered rrset keeps the other LUA records of its name', () => {
    const aaaa = { content: luaContent(steered('AAAA')) };
    const patches = run([{ kind: 'delete', before: steered('A') }], { ttl: 60, records: [{ content: luaContent(steered('A')) }, aaaa] });
    expect(patches).toEqual([{ name, type: 'LUA', ttl: 60, changetype: 'REPLACE', records: [aaaa] }]);
  });

  it('leaves changes without steering to the plain conversion', () => {
    const other: RRset = { name: 'mail.example.test.', type: 'A', ttl: 300, values: ['192.0.2.7'] };
    expect(run([{ kind: 'create', after: other }])).toEqual([rrsetPatch({ kind: 'create', after: other })]);
  });
});

describe('luaBatchShare', () => {
  it('counts a steered write by its LUA record, nothing else; chunks of 500 steered rrsets stay under the byte budget', () => {
    const plain: RRset = { name, type: 'A', ttl: 60, values: ['192.0.2.1'] };
    expect(luaBatchShare({ kind: 'create', after: plain })).toBe(0);
    expect(luaBatchShare({ kind: 'delete', before: steered() })).toBe(0);
    const one = luaBatchShare({ kind: 'create', after: steered() });
    expect(one).toBeCloseTo(luaContent(steered()).length / LUA_BYTES_PER_PATCH, 12);
    const big = steering({ pools: { east: { values: Array.from({ length: 60 }, (_, i) => ({ value: `192.0.2.${i + 1}`, weight: 1, status: 'obey' as const })) } }, rules: [{ pool: 'east' }] });
    const changes: Change[] = Array.from({ length: 500 }, (_, i) => ({ kind: 'create', after: { ...steered('A', big), name: `h${i}.example.test.` } }));
    const chunks = chunkChanges(changes, 500, luaBatchShare);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.reduce((sum, c) => sum + luaContent((c as { after: RRset }).after).length, 0)).toBeLessThanOrEqual(LUA_BYTES_PER_PATCH);
  });
});
