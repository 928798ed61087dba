import { isIPv4, isIPv6 } from 'node:net';

/**
 * Input validation of the NS1 simulator: what NS1 API v1 rejects with 400 "Input validation
 * failed". Written independently of src/ so a provider bug is not mirrored here.
 */

export type Part = string | number;

/** Record types the simulator accepts (NS1's list; SSHFP is not among them — octoDNS PR #54). */
// CDNSKEY, CDS and SMIMEA are user-created types too — ibm.com/docs/en/ns1-connect?topic=answers-reference-dns-record-types.
// URLFWD is NS1's URL forward (help.ns1.com "Managing URL forwarding (URLFWD) records").
export const SIM_TYPES = new Set(['A', 'AAAA', 'AFSDB', 'ALIAS', 'CAA', 'CDNSKEY', 'CDS', 'CERT', 'CNAME', 'DNAME', 'DS', 'HINFO', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'RP', 'SMIMEA', 'SPF', 'SRV', 'SVCB', 'TLSA', 'TXT', 'URLFWD']);

const LABEL = /^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/i;

export function isHostname(text: string): boolean {
  if (text === '.' || text === '') return text === '.';
  const body = text.endsWith('.') ? text.slice(0, -1) : text;
  return body.length <= 253 && body.split('.').every((label) => LABEL.test(label));
}

function uint(part: Part | undefined, max: number): number | undefined {
  const text = String(part ?? '');
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** A number up to its maximum, or one of a list (`{ oneOf }`): the kinds of parts an answer holds. */
type Shape = Array<'host' | 'text' | 'hex' | 'base64' | 'tag' | 'ipv4' | 'ipv6' | 'path' | 'url' | number | { oneOf: number[] }>;

/** Answer rdata split into parts as ns1-go's NewMXAnswer/NewSRVAnswer/NewCAAAnswer and DNSControl's buildRecord send them. */
const SHAPES: Record<string, Shape> = {
  A: ['ipv4'],
  AAAA: ['ipv6'],
  ALIAS: ['host'],
  CNAME: ['host'],
  DNAME: ['host'],
  NS: ['host'],
  PTR: ['host'],
  MX: [65535, 'host'],
  SRV: [65535, 65535, 65535, 'host'],
  CAA: [255, 'tag', 'text'],
  TXT: ['text'],
  SPF: ['text'],
  DS: [65535, 255, 255, 'hex'],
  TLSA: [255, 255, 255, 'hex'],
  // The RFC field order of each type's rdata, one part per field.
  SMIMEA: [255, 255, 255, 'hex'],
  CDS: [65535, 255, 255, 'hex'],
  CDNSKEY: [65535, 255, 255, 'base64'],
  CERT: [65535, 65535, 255, 'base64'],
  HINFO: ['text', 'text'],
  RP: ['host', 'host'],
  NAPTR: [65535, 65535, 'text', 'text', 'text', 'host'],
  SVCB: [65535, 'host', 'text'],
  HTTPS: [65535, 'host', 'text'],
  // From path, to URL, redirect code (301, 302), path forwarding mode (all, capture, none), query forwarding (off, on).
  URLFWD: ['path', 'url', { oneOf: [301, 302] }, { oneOf: [0, 1, 2] }, { oneOf: [0, 1] }],
};

/** Validate one answer's parts; numeric positions come back as numbers (as NS1 returns them). */
export function checkAnswer(type: string, parts: unknown): { ok: true; parts: Part[] } | { ok: false; error: string } {
  if (!Array.isArray(parts) || parts.length === 0) return { ok: false, error: 'answer must be a non-empty array' };
  if (!parts.every((p) => typeof p === 'string' || typeof p === 'number')) return { ok: false, error: 'answer parts must be strings or numbers' };
  const shape = SHAPES[type];
  if (!shape) return { ok: true, parts: parts as Part[] };
  if (parts.length !== shape.length) return { ok: false, error: `${type} answer needs ${shape.length} fields, got ${parts.length}` };
  const out: Part[] = [];
  for (const [index, kind] of shape.entries()) {
    const part = parts[index] as Part;
    const text = String(part);
    if (typeof kind === 'number') {
      const n = uint(part, kind);
      if (n === undefined) return { ok: false, error: `${type} field ${index + 1} "${text}" is not a number 0-${kind}` };
      out.push(n);
      continue;
    }
    if (typeof kind === 'object') {
      const n = uint(part, 65535);
      if (n === undefined || !kind.oneOf.includes(n)) return { ok: false, error: `${type} field ${index + 1} "${text}" is not one of ${kind.oneOf.join(', ')}` };
      out.push(n);
      continue;
    }
    const valid =
      kind === 'ipv4' ? isIPv4(text) :
      kind === 'ipv6' ? isIPv6(text) :
      kind === 'host' ? isHostname(text) :
      kind === 'hex' ? /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 :
      kind === 'base64' ? /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0 :
      kind === 'tag' ? /^[a-z0-9]+$/i.test(text) :
      // The portal's rule: a source path is never blank ("/" is the root); neither holds a blank.
      kind === 'path' || kind === 'url' ? text !== '' && !/\s/.test(text) :
      true;
    if (!valid) return { ok: false, error: `${type} field ${index + 1} "${text}" is not a valid ${kind === 'ipv4' ? 'IPv4 address' : kind === 'ipv6' ? 'IPv6 address' : kind}` };
    out.push(text);
  }
  return { ok: true, parts: out };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Filter types NS1's filter chain knows (NS1 API "filter chain" catalog, as octoDNS and ns1-go name them). */
export const FILTER_TYPES: ReadonlySet<string> = new Set([
  'up', 'geotarget_country', 'geotarget_regional', 'geotarget_latlong', 'geofence_country', 'geofence_regional',
  'netfence_asn', 'netfence_prefix', 'select_first_region', 'select_first_n', 'priority', 'shuffle', 'weighted_shuffle',
  'sticky', 'weighted_sticky', 'sticky_region', 'shed_load', 'cost', 'ipv4_prefix_shuffle',
  'pulsar_availability_threshold', 'pulsar_performance', 'pulsar_sort', 'pulsar_stabilize',
]);

/** filters: a list of `{ filter: string, config?: object, disabled?: boolean }` of known types. */
export function checkFilters(filters: unknown): string | undefined {
  if (!Array.isArray(filters)) return 'filters must be an array';
  for (const f of filters) {
    if (!isObject(f) || typeof f['filter'] !== 'string') return 'each filter needs a "filter" name';
    if (!FILTER_TYPES.has(f['filter'])) return `unknown filter type ${f['filter']}`;
    if (f['config'] !== undefined && !isObject(f['config'])) return `filter ${f['filter']}: config must be an object`;
    if (f['disabled'] !== undefined && typeof f['disabled'] !== 'boolean') return `filter ${f['filter']}: disabled must be a boolean`;
  }
  return undefined;
}

const GEOREGIONS = new Set(['US-EAST', 'US-CENTRAL', 'US-WEST', 'EUROPE', 'ASIAPAC', 'SOUTH-AMERICA', 'AFRICA']);
const META_LISTS: Record<string, (item: string) => boolean> = {
  country: (c) => /^[A-Z]{2}$/.test(c),
  us_state: (c) => /^[A-Z]{2}$/.test(c),
  ca_province: (c) => /^[A-Z]{2}$/.test(c),
  georegion: (r) => GEOREGIONS.has(r),
  ip_prefixes: (p) => isPrefix(p),
  asn: (a) => /^\d+$/.test(a),
};
const META_NUMBERS = new Set(['weight', 'priority', 'latitude', 'longitude', 'connections', 'requests', 'loadavg', 'cost', 'high_watermark', 'low_watermark']);

function isPrefix(text: string): boolean {
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined || address === undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  return (isIPv4(address) && Number(prefix) <= 32) || (isIPv6(address) && Number(prefix) <= 128);
}

/** Answer or region meta: NS1's known fields with their types; a data feed (`{feed: id}`) stands for any of them. */
export function checkMeta(meta: unknown, where: string): string | undefined {
  if (!isObject(meta)) return `${where} meta must be an object`;
  for (const [key, value] of Object.entries(meta)) {
    if (isObject(value) && typeof value['feed'] === 'string') continue;
    const bad = `${where} meta ${key}: invalid value ${JSON.stringify(value)}`;
    if (key === 'up') {
      if (typeof value !== 'boolean') return bad;
    } else if (key === 'note' || key === 'pulsar') {
      if (typeof value !== 'string') return bad;
    } else if (META_NUMBERS.has(key)) {
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) return bad;
    } else if (META_LISTS[key]) {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
      if (!items || !items.every((item) => META_LISTS[key]!(String(item)))) return bad;
    } else {
      return `${where} meta: unknown field ${key}`;
    }
  }
  return undefined;
}
