import { defaultHealthcheck } from '../dynamic/canonical.js';
import type { Dynamic } from '../dynamic/model.js';
import type { RRset, Zone } from '../model.js';
import { relativeName } from '../name.js';
import { splitCharacterString } from '../rdata.js';
import { tokenizeRdata } from '../rdata-text.js';
import { STRUCTURED_FIELDS } from './yaml-values.js';
import { DEFAULT_TTL } from './zone-file.js';
import { sortRRsets } from './order.js';

/**
 * A zone in the octoDNS YAML format (what `import` writes), which parseYamlZone reads back to
 * the same Zone. Apex NS and SOA are left out: they are `delegate`'s and the provider's.
 */
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

const LIST_PARAMS = new Set(['mandatory', 'alpn', 'ipv4hint', 'ipv6hint']);
const NUMBER_LIKE = /^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;
const KEYWORDS = /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** True when `text` reads back as the same string written plain (no quotes). */
function isPlainString(text: string): boolean {
  if (!/^[A-Za-z0-9_][\x20-\x7e]*$/.test(text) || text.endsWith(' ') || text.endsWith(':')) return false;
  if (text.includes(': ') || text.includes(' #') || text.includes("'") || text.includes('"')) return false;
  return !NUMBER_LIKE.test(text) && !KEYWORDS.test(text);
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) as number;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

export function yamlScalar(value: Exclude<Plain, Plain[] | { [key: string]: Plain }>): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (isPlainString(value)) return value;
  // Single quotes hold anything printable; control characters need double-quoted escapes.
  if (![...value].some(isControl)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

function emit(lines: string[], indent: string, key: string | undefined, value: Plain): void {
  const head = key === undefined ? `${indent}-` : `${indent}${yamlScalar(key)}:`;
  if (Array.isArray(value)) {
    lines.push(head);
    for (const item of value) emit(lines, `${indent}  `, undefined, item);
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (key === undefined && entries.length > 0) {
      // A map inside a list starts on the dash line, octoDNS style.
      const start = lines.length;
      for (const [k, v] of entries) emit(lines, `${indent}  `, k, v);
      lines[start] = `${indent}- ${(lines[start] as string).slice(indent.length + 2)}`;
    } else {
      lines.push(head);
      for (const [k, v] of entries) emit(lines, `${indent}  `, k, v);
    }
  } else lines.push(`${head} ${yamlScalar(value)}`);
}

/** TXT bytes as an octoDNS string: `\;` for `;`, `\\` for `\`, `\DDD` for what is not printable UTF-8. */
function octodnsText(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      if (b < 0x20 || b === 0x7f) out += `\\${String(b).padStart(3, '0')}`;
      else if (b === 0x5c) out += '\\\\';
      else if (b === 0x3b) out += '\\;';
      else if (b === 0x22 && i === 0) out += '\\"';
      else out += String.fromCharCode(b);
      i++;
      continue;
    }
    const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    const slice = bytes.subarray(i, i + width);
    const char = slice.toString('utf8');
    const code = char.codePointAt(0) ?? 0;
    if (width > 1 && slice.length === width && [...char].length === 1 && Buffer.from(char, 'utf8').equals(slice) && !(code >= 0x80 && code <= 0x9f)) {
      out += char;
      i += width;
    } else {
      out += `\\${String(b).padStart(3, '0')}`;
      i++;
    }
  }
  return out;
}

function txtYaml(value: string): string {
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(`not canonical TXT rdata: ${value}`);
  const strings = tokens.tokens.map((t) => t.bytes);
  const joined = Buffer.concat(strings);
  const standard = splitCharacterString(joined);
  const isStandard = joined.length > 0 && standard.length === strings.length && standard.every((part, i) => part.equals(strings[i] as Buffer));
  // Strings split elsewhere than every 255 bytes keep their split as presentation text.
  return isStandard ? octodnsText(joined) : value.replace(/;/g, '\\;');
}

function valueYaml(type: RRset['type'], value: string): Plain {
  if (type === 'TXT' || type === 'SPF') return txtYaml(value);
  const fields = STRUCTURED_FIELDS[type];
  if (!fields) return value;
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(`not canonical ${type} rdata: ${value}`);
  const parts = tokens.tokens.map((t) => t.bytes.toString('utf8'));
  const out: { [key: string]: Plain } = {};
  for (const [i, field] of fields.entries()) {
    const key = field.keys[0] as string;
    if (field.kind === 'params') {
      const params: { [key: string]: Plain } = {};
      for (const param of parts.slice(i)) {
        const eq = param.indexOf('=');
        if (eq < 0) params[param] = null;
        else {
          const name = param.slice(0, eq);
          const text = param.slice(eq + 1);
          params[name] = LIST_PARAMS.has(name) ? text.split(',') : name === 'port' ? Number(text) : text;
        }
      }
      if (Object.keys(params).length > 0) out[key] = params;
    } else {
      const part = parts[i] as string;
      out[key] = field.kind === 'uint' || field.kind === 'setting' ? Number(part) : field.kind === 'decimal' ? Number(part.replace(/m$/, '')) : part;
    }
  }
  return out;
}

function recordYaml(rrset: RRset): { [key: string]: Plain } {
  const record: { [key: string]: Plain } = { type: rrset.type };
  if (rrset.ttl !== DEFAULT_TTL) record.ttl = rrset.ttl;
  const values = rrset.values.map((v) => valueYaml(rrset.type, v));
  if (values.length === 1) record.value = values[0] as Plain;
  else record.values = values;
  const octodns = octodnsYaml(rrset);
  if (rrset.dynamic) {
    record.dynamic = dynamicYaml(rrset.type, rrset.dynamic);
    Object.assign(octodns, healthYaml(rrset.name, rrset.dynamic));
  }
  if (Object.keys(octodns).length > 0) record.octodns = octodns;
  return record;
}

/** `dynamic:` as octoDNS writes it: pools (values with weight and status where not the defaults, fallback), rules in order. */
function dynamicYaml(type: RRset['type'], dynamic: Dynamic): Plain {
  const pools: { [key: string]: Plain } = {};
  for (const [id, pool] of Object.entries(dynamic.pools)) {
    const values = pool.values.map((v) => {
      const out: { [key: string]: Plain } = { value: valueYaml(type, v.value) };
      if (v.weight !== 1) out.weight = v.weight;
      if (v.status !== 'obey') out.status = v.status;
      return out;
    });
    pools[id] = pool.fallback === undefined ? { values } : { fallback: pool.fallback, values };
  }
  const rules = dynamic.rules.map((rule) => {
    const out: { [key: string]: Plain } = {};
    if (rule.geos) out.geos = rule.geos;
    out.pool = rule.pool;
    if (rule.subnets) out.subnets = rule.subnets;
    return out;
  });
  return { pools, rules };
}

/** `octodns.healthcheck` (what differs from octoDNS's defaults) and the provider blocks' `healthcheck`, merged into the record's `octodns:`. */
function healthYaml(name: string, dynamic: Dynamic): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  const defaults = defaultHealthcheck(name);
  const health: { [key: string]: Plain } = {};
  for (const key of ['host', 'path', 'port', 'protocol'] as const) if (dynamic.healthcheck[key] !== defaults[key]) health[key] = dynamic.healthcheck[key];
  if (Object.keys(health).length > 0) out.healthcheck = health;
  return out;
}

/** The record's `octodns:` block: provider settings, with each provider's steering health check (`octodns.route53.healthcheck`) inside its block. */
function octodnsYaml(rrset: RRset): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [provider, settings] of Object.entries(rrset.providerSettings ?? {})) out[provider] = { ...(settings as { [key: string]: Plain }) };
  for (const [provider, health] of Object.entries(rrset.dynamic?.providerHealthcheck ?? {})) out[provider] = { ...(out[provider] as { [key: string]: Plain } | undefined), healthcheck: health as { [key: string]: Plain } };
  return out;
}

export function renderYamlZone(zone: Zone): string {
  const byName = new Map<string, RRset[]>();
  for (const rrset of sortRRsets(zone.rrsets)) {
    if (rrset.type === 'NS' && rrset.name === zone.name) continue;
    const list = byName.get(rrset.name);
    if (list) list.push(rrset);
    else byName.set(rrset.name, [rrset]);
  }
  const lines = ['---'];
  for (const [name, rrsets] of byName) {
    const records = rrsets.map(recordYaml);
    emit(lines, '', relativeName(name, zone.name), records.length === 1 ? (records[0] as Plain) : records);
  }
  return `${lines.join('\n')}\n`;
}
