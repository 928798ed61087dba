import { isIPv4, isIPv6 } from 'node:net';

/**
 * Input validation of the NS1 simulator: what NS1 API v1 rejects with 400 "Input validation
 * failed". Written independently of src/ so a provider bug is not mirrored here.
 */

export type Part = string | number;

/** Record types the simulator accepts (NS1's list; SSHFP is not among them — octoDNS PR #54). */
// CDNSKEY, CDS and SMIMEA are user-created types too — ibm.com/docs/en/ns1-connect?topic=answers-reference-dns-record-types.
export const SIM_TYPES = new Set(['A', 'AAAA', 'AFSDB', 'ALIAS', 'CAA', 'CDNSKEY', 'CDS', 'CERT', 'CNAME', 'DNAME', 'DS', 'HINFO', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'RP', 'SMIMEA', 'SPF', 'SRV', 'SVCB', 'TLSA', 'TXT']);

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

type Shape = Array<'host' | 'text' | 'hex' | 'base64' | 'tag' | 'ipv4' | 'ipv6' | number>;

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
    const valid =
      kind === 'ipv4' ? isIPv4(text) :
      kind === 'ipv6' ? isIPv6(text) :
      kind === 'host' ? isHostname(text) :
      kind === 'hex' ? /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0 :
      kind === 'base64' ? /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0 :
      kind === 'tag' ? /^[a-z0-9]+$/i.test(text) :
      true;
    if (!valid) return { ok: false, error: `${type} field ${index + 1} "${text}" is not a valid ${kind === 'ipv4' ? 'IPv4 address' : kind === 'ipv6' ? 'IPv6 address' : kind}` };
    out.push(text);
  }
  return { ok: true, parts: out };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** filters: a list of `{ filter: string, config?: object, disabled?: boolean }`. */
export function checkFilters(filters: unknown): string | undefined {
  if (!Array.isArray(filters)) return 'filters must be an array';
  for (const f of filters) {
    if (!isObject(f) || typeof f['filter'] !== 'string') return 'each filter needs a "filter" name';
    if (f['config'] !== undefined && !isObject(f['config'])) return `filter ${f['filter']}: config must be an object`;
  }
  return undefined;
}
