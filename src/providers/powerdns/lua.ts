import type { Change } from '../../core/change.js';
import { canonicalDynamic } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicPool } from '../../core/dynamic/model.js';
import type { RecordType, RRset } from '../../core/model.js';
import { canonicalRdata } from '../../core/rdata.js';
import type { ApiRecord, ApiRRset, ApiRRsetPatch } from './convert.js';

/**
 * Traffic steering (octoDNS `dynamic`) as PowerDNS LUA records (`enable-lua-records`). Pure.
 *
 * A steered A, AAAA or CNAME rrset is one record `TYPE "<lua>"` in the LUA rrset at its name (PowerDNS
 * keeps every LUA record of a name in one rrset, so a steered A and a steered AAAA share it, and its
 * TTL). The Lua, run for each query:
 * - rules in order: a subnet rule is `netmask({...})` (the EDNS Client Subnet when the server runs
 *   with `edns-subnet-processing=yes`, else the resolver's address); the catch-all last;
 * - a rule's pool, then its `fallback` chain: the first pool with a value up answers with one value
 *   picked by weight (`pickwrandom`); values `up` always count, `down` never, `obey` when the health
 *   check says so (`ifportup` for TCP, `ifurlup` for HTTP/HTTPS, every address of the pool in one
 *   call with `selector='all'`); the end of the chain, and no rule matching, is the record's `values`.
 * - `ifportup`/`ifurlup` answer every address when none is up (their backupSelector): a sentinel
 *   that can never be up (the broadcast address, ff02::1) is checked with them, and its presence in
 *   the answer means "none up".
 * - CNAME targets are names, which PowerDNS cannot health-check: `obey` counts as up there.
 * - Geo rules need a GeoIP database: refused (`powerdnsRefusesDynamic`).
 *
 * The record starts with a Lua block comment `--[[zonesync:dynamic {...}]]` holding the values and the
 * canonical `dynamic` as JSON. Reading takes a LUA record with that comment as zonesync's; when the Lua
 * regenerated from it is not exactly what is stored (edited by hand), the rrset reads back marked
 * `providerHealthcheck.powerdns.edited`, so the plan shows it changed and apply rewrites it. A LUA
 * record without the comment is someone else's: left alone (`kept`), and it refuses a write of its
 * name and type.
 */

const MARKER = 'zonesync:dynamic ';
/** PowerDNS splits LUA content into 255-byte strings on AXFR: written that way, a secondary gets the same code. */
const SEGMENT = 255;
const SENTINEL: Record<string, string> = { A: '255.255.255.255', AAAA: 'ff02::1' };
const STEERABLE: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME']);
/** What may stand inside a single-quoted Lua string or the record's quoted content without escaping. */
const SAFE = /^[A-Za-z0-9._~!$&()*+,;=:@%/\-[\]]*$/;

/** Why PowerDNS cannot serve this steered rrset as written; undefined when it can. */
export function powerdnsRefusesDynamic(rrset: RRset): string | undefined {
  const dynamic = rrset.dynamic;
  if (!dynamic) return undefined;
  if (!STEERABLE.has(rrset.type)) return `${rrset.type} cannot be steered (octoDNS allows A, AAAA and CNAME)`;
  const geo = dynamic.rules.findIndex((rule) => (rule.geos?.length ?? 0) > 0);
  if (geo >= 0) {
    return `rule ${geo + 1} (pool ${dynamic.rules[geo]?.pool}) routes by geos, which PowerDNS LUA records answer only from a GeoIP database (geoip backend), and none is configured here; use subnets, or target a provider that serves geo rules`;
  }
  const texts = [...rrset.values, ...Object.values(dynamic.pools).flatMap((p) => p.values.map((v) => v.value)), dynamic.healthcheck.host, dynamic.healthcheck.path];
  const odd = texts.find((text) => !SAFE.test(text));
  if (odd !== undefined) return `"${odd}" has a character zonesync does not write into a LUA record (quote, backslash, space)`;
  for (const rule of dynamic.rules) if (!dynamic.pools[rule.pool]) return `rule names pool "${rule.pool}", which is not declared`;
  return undefined;
}

/** The Lua program (`;`-prefixed: statements, not an expression) for one steered rrset; `dynamic` canonical. */
export function luaCode(type: string, values: string[], dynamic: Dynamic): string {
  const json = markerText({ values, dynamic });
  let level = '';
  while (json.includes(`]${level}]`)) level += '=';
  const names = Object.keys(dynamic.pools);
  const index = (pool: string) => names.indexOf(pool) + 1;
  const q = (text: string) => `'${text}'`;
  const list = (items: string[]) => `{${items.join(',')}}`;
  const weighted = (vs: DynamicPool['values']) => list(vs.map((v) => `{${v.weight},${q(v.value)}}`));
  const checked = STEERABLE.has(type) && type !== 'CNAME';
  const parts: string[] = [`;--[${level}[${MARKER}${json}]${level}]`, `local F=${list(values.map(q))}`];
  if (checked) {
    const hc = dynamic.healthcheck;
    const options = `{selector='all',backupSelector='all'}`;
    const probe = hc.protocol === 'TCP' ? `ifportup(${hc.port},a,${options})` : `ifurlup(${q(`${hc.protocol.toLowerCase()}://${hc.host}:${hc.port}${hc.path}`)},{a},${options})`;
    parts.push(
      `local S=${q(SENTINEL[type] ?? '')}`,
      `local function up(a) local u={} for _,x in ipairs(${probe}) do u[x]=true end if u[S] then return {} end return u end`,
      'local function pool(h,o) if #o>0 then local a={S} for _,v in ipairs(o) do a[#a+1]=v[2] end local u=up(a) for _,v in ipairs(o) do if u[v[2]] then h[#h+1]=v end end end if #h==0 then return nil end return pickwrandom(h) end',
    );
  } else {
    parts.push('local function pool(h,o) for _,v in ipairs(o) do h[#h+1]=v end if #h==0 then return nil end return pickwrandom(h) end');
  }
  parts.push('local P={}');
  names.forEach((name, i) => {
    const pool = dynamic.pools[name] as DynamicPool;
    parts.push(`P[${i + 1}]=function() return pool(${weighted(pool.values.filter((v) => v.status === 'up'))},${weighted(pool.values.filter((v) => v.status === 'obey'))}) end`);
  });
  parts.push('local function serve(c) for _,i in ipairs(c) do local r=P[i]() if r then return r end end return F end');
  for (const rule of dynamic.rules) {
    const chain = list(fallbackChain(dynamic, rule.pool).map((pool) => String(index(pool))));
    if (rule.subnets && rule.subnets.length > 0) parts.push(`if netmask(${list(rule.subnets.map(q))}) then return serve(${chain}) end`);
    else if (!rule.geos || rule.geos.length === 0) parts.push(`return serve(${chain})`);
  }
  if (!dynamic.rules.some((rule) => !rule.subnets?.length && !rule.geos?.length)) parts.push('return F');
  return parts.join(' ');
}

/**
 * The marker's JSON as it may stand in a LUA record: PowerDNS cuts the stored content at every `"`
 * (LUARecordContent::getCode joins the quoted strings without unescaping), so `"` and `\` never
 * appear in the code: they, `%` and spaces are percent-encoded; non-ASCII is `\u` escaped first, so the
 * 255-byte segments are 255 characters.
 */
function markerText(data: unknown): string {
  const ascii = JSON.stringify(data).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ascii.replace(/[%"\\ ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function markerData(text: string): unknown {
  return JSON.parse(text.replace(/\s+/g, '').replace(/%(25|22|5C|20)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** A pool and the pools its `fallback` leads to, each once (validation refuses loops; this never spins). */
function fallbackChain(dynamic: Dynamic, first: string): string[] {
  const chain: string[] = [];
  for (let pool: string | undefined = first; pool !== undefined && dynamic.pools[pool] && !chain.includes(pool); pool = dynamic.pools[pool]?.fallback) chain.push(pool);
  return chain;
}

/** The LUA record's content: `TYPE "seg" "seg"…`, each segment at most 255 bytes (the code is ASCII). */
export function luaContent(rrset: RRset): string {
  const code = luaCode(rrset.type, rrset.values, rrset.dynamic as Dynamic);
  const segments: string[] = [];
  // PowerDNS 4.7 runs the strings joined with a space between them: the code is cut after a space
  // (a second one changes nothing in Lua), the marker, which has none, anywhere (read strips spaces).
  for (let i = 0; i < code.length; ) {
    let end = Math.min(code.length, i + SEGMENT);
    if (end < code.length) {
      const space = code.lastIndexOf(' ', end - 1);
      if (space >= i) end = space + 1;
      // Inside the marker: never between the brackets of the comment's end (`]]`, `]=]`).
      else while (end > i + 1 && (code[end - 1] === ']' || code[end - 1] === '=')) end--;
    }
    segments.push(`"${code.slice(i, end)}"`);
    i = end;
  }
  return `${rrset.type} ${segments.join(' ')}`;
}

/** `TYPE "a" "b"` → type and the code as PowerDNS runs it (the parts between quotes, joined); undefined when not that shape. */
export function parseLuaContent(content: string): { type: string; code: string } | undefined {
  const head = /^([A-Za-z0-9]+)\s+"/.exec(content);
  if (!head) return undefined;
  const code = content
    .slice(head[0].length - 1)
    .split('"')
    .filter((part) => part !== '' && part !== ' ')
    .join('');
  return { type: (head[1] as string).toUpperCase(), code };
}

/** A LUA rrset as read: the steered rrsets zonesync wrote, and the records it did not. */
export interface LuaRead {
  rrsets: RRset[];
  foreign: Array<{ type: string; content: string; reason: string }>;
}

/** One LUA rrset from the API (its enabled records) → zonesync's steered rrsets and the foreign records. */
export function luaFromApi(name: string, set: ApiRRset, records: ApiRecord[], zone: string): LuaRead {
  const out: LuaRead = { rrsets: [], foreign: [] };
  for (const record of records) {
    const parsed = parseLuaContent(record.content);
    const steered = parsed && ours(name, parsed, set.ttl, zone);
    if (steered && record.content === luaContent(steered)) out.rrsets.push(steered);
    else if (steered) out.rrsets.push(edited(steered));
    else {
      const type = parsed?.type ?? record.content.split(/\s/)[0] ?? '?';
      out.foreign.push({ type, content: record.content, reason: `LUA ${type} record zonesync did not write; left alone` });
    }
  }
  return out;
}

/** What a read says of a record zonesync wrote whose Lua (or marker) was changed by hand since. */
export const EDITED = 'the LUA record was changed outside zonesync: it may answer other than this declares';

/**
 * zonesync's record, edited by hand: the rrset its marker declares, with `providerHealthcheck.powerdns.edited`
 * so it differs from the zone file's and the plan rewrites it (the hand-made Lua itself is not kept).
 */
function edited(rrset: RRset): RRset {
  const dynamic = rrset.dynamic as Dynamic;
  return { ...rrset, dynamic: { ...dynamic, providerHealthcheck: { ...dynamic.providerHealthcheck, powerdns: { edited: EDITED } } } };
}

function ours(name: string, parsed: { type: string; code: string }, ttl: number, zone: string): RRset | undefined {
  const match = /^;--\[(=*)\[zonesync:dynamic (.*?)\]\1\]/s.exec(parsed.code);
  if (!match || !STEERABLE.has(parsed.type)) return undefined;
  let data: { values?: unknown; dynamic?: unknown };
  try {
    data = markerData(match[2] as string) as typeof data;
  } catch {
    return undefined;
  }
  if (!Array.isArray(data.values) || typeof data.dynamic !== 'object' || data.dynamic === null) return undefined;
  const type = parsed.type as RecordType;
  const values: string[] = [];
  for (const value of data.values) {
    const canonical = canonicalRdata(type, String(value), zone);
    if (!canonical.ok) return undefined;
    values.push(canonical.value);
  }
  try {
    return { name, type, ttl, values: [...new Set(values)].sort(), dynamic: canonicalDynamic(name, type, data.dynamic as Dynamic, zone) };
  } catch {
    return undefined;
  }
}

/**
 * Bytes of PATCH body one chunk may spend on LUA records: a steered rrset is kilobytes of Lua where a
 * plain one is tens of bytes, and the webserver refuses bodies above webserver-max-bodysize (2 MB by
 * default); the rest is left for the plain rrsets of the chunk.
 */
export const LUA_BYTES_PER_PATCH = 1_000_000;

/** A change's share of one PATCH (see Provider.batchShare): its LUA record against LUA_BYTES_PER_PATCH; 0 when it writes none. */
export function luaBatchShare(change: Change): number {
  if (change.kind === 'delete' || !change.after.dynamic) return 0;
  return luaContent(change.after).length / LUA_BYTES_PER_PATCH;
}

/** The LUA rrset at one name as the provider last saw or wrote it. */
export interface LuaAtName {
  ttl: number;
  records: ApiRecord[];
}

/**
 * A chunk's changes as PATCH rrsets. Changes without steering on either side go through `plain`
 * (convert.rrsetPatch). A steered rrset replaces its own record in the LUA rrset of its name and keeps
 * the others there (`live`: that rrset as last read); plain ↔ steered deletes the other form in the
 * same PATCH, so the name never serves both and the change stays one transaction.
 * Returns the LUA rrsets as they will be after the PATCH, for the provider to remember.
 */
export function patchesWithLua(
  changes: Change[],
  live: (name: string) => LuaAtName | undefined,
  plain: (change: Change) => ApiRRsetPatch,
): { patches: ApiRRsetPatch[]; lua: Map<string, LuaAtName | undefined> } {
  const patches: ApiRRsetPatch[] = [];
  const lua = new Map<string, LuaAtName | undefined>();
  for (const change of changes) {
    const before = change.kind === 'create' ? undefined : change.before;
    const after = change.kind === 'delete' ? undefined : change.after;
    if (!before?.dynamic && !after?.dynamic) {
      patches.push(plain(change));
      continue;
    }
    const { name, type } = (after ?? before) as RRset;
    const current = lua.has(name) ? lua.get(name) : live(name);
    const records = (current?.records ?? []).filter((r) => parseLuaContent(r.content)?.type !== type);
    let ttl = current?.ttl ?? (after ?? before)?.ttl ?? 0;
    if (after?.dynamic) {
      records.push({ content: luaContent(after), disabled: false });
      ttl = after.ttl;
      if (before && !before.dynamic) patches.push({ name, type, changetype: 'DELETE' });
    } else if (after) {
      patches.push(plain({ kind: 'create', after }));
    }
    lua.set(name, records.length > 0 ? { ttl, records } : undefined);
  }
  for (const [name, set] of lua) {
    patches.push(set ? { name, type: 'LUA', ttl: set.ttl, changetype: 'REPLACE', records: set.records } : { name, type: 'LUA', changetype: 'DELETE' });
  }
  return { patches, lua };
}
