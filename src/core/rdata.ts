import { isGenericType, type NamedType, type RecordType } from './model.js';
import { fromWire, genericText, genericToWire, toWire, type FieldType } from './rdata-codec.js';
import { canonicalName } from './name.js';
import { canonicalIPv4, canonicalIPv6 } from './address.js';
import { tokenizeRdata, quoteCharacterString, type RdataToken } from './rdata-text.js';
import { MAX_RDATA_BYTES } from './rdata-length.js';
import { canonicalSvcParams } from './svcb.js';
import { canonicalUrlfwd } from './urlfwd.js';

/**
 * Canonical presentation form of one record's rdata, so that equal data compares equal whatever
 * the source spelled (IPv6 compression, relative names, TXT quoting and splitting, case).
 */
/** `at`: the index of the rdata token at fault, where one is (the zone-file reader reports its column). */
export type RdataResult = { ok: true; value: string } | { ok: false; error: string; at?: number };

export const MAX_CHARACTER_STRING = 255;

function fail(error: string): RdataResult {
  return { ok: false, error };
}

function uint(token: RdataToken | undefined, what: string, max: number): number | string {
  if (!token || token.quoted) return `missing ${what}`;
  if (!/^\d+$/.test(token.text)) return `${what} "${token.text}" is not a number`;
  const n = Number(token.text);
  if (n > max) return `${what} ${n} is larger than ${max}`;
  return n;
}

function name(token: RdataToken | undefined, what: string, origin: string): string | { error: string } {
  if (!token || token.quoted) return { error: `missing ${what}` };
  const result = canonicalName(token.text, origin);
  return result.ok ? result.name : { error: `${what}: ${result.error}` };
}

function hex(tokens: RdataToken[], what: string): string | { error: string } {
  const joined = tokens.map((t) => t.text).join('');
  if (joined === '') return { error: `missing ${what}` };
  if (!/^[0-9a-fA-F]+$/.test(joined) || joined.length % 2 !== 0) return { error: `${what} "${joined}" is not hexadecimal` };
  return joined.toLowerCase();
}

function expectCount(tokens: RdataToken[], count: number, shape: string): string | undefined {
  if (tokens.length < count) return `expected "${shape}", got ${tokens.length} field${tokens.length === 1 ? '' : 's'}`;
  if (tokens.length > count) return `expected "${shape}", got extra "${tokens.slice(count).map((t) => t.text).join(' ')}"`;
  return undefined;
}

/** Split one long string into 255-byte character-strings, never cutting a UTF-8 sequence. */
export function splitCharacterString(bytes: Buffer): Buffer[] {
  if (bytes.length <= MAX_CHARACTER_STRING) return [bytes];
  const parts: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_CHARACTER_STRING, bytes.length);
    while (end < bytes.length && end > start && ((bytes[end] as number) & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end));
    start = end;
  }
  return parts;
}

/** TXT from one unquoted string (octoDNS style): split into 255-byte strings. */
export function txtFromText(text: string): string {
  return splitCharacterString(Buffer.from(text, 'utf8')).map(quoteCharacterString).join(' ');
}

/**
 * TXT: character-strings of at most 255 bytes (RFC 1035 §3.3). A longer string is cut into 255-byte
 * strings, never inside a UTF-8 sequence, as octoDNS cuts its values (octodns/record/chunked.py) and
 * as providers that take long text serve it; the zone-file reader refuses one instead, as BIND does.
 */
function canonicalTxt(tokens: RdataToken[]): RdataResult {
  if (tokens.length === 0) return fail('missing text');
  const parts: string[] = [];
  let wire = 0;
  for (let i = 0; i < tokens.length; i++) {
    const pieces = splitCharacterString((tokens[i] as RdataToken).bytes);
    for (const piece of pieces) {
      wire += 1 + piece.length;
      parts.push(quoteCharacterString(piece));
    }
  }
  if (wire > MAX_RDATA_BYTES) return fail(`the strings are ${wire} bytes on the wire, more than the ${MAX_RDATA_BYTES} one record holds (RFC 1035 §3.2.1)`);
  return { ok: true, value: parts.join(' ') };
}

type Canonicaliser = (tokens: RdataToken[], origin: string) => RdataResult;

function single(kind: 'name'): Canonicaliser {
  void kind;
  return (tokens, origin) => {
    const error = expectCount(tokens, 1, 'target');
    if (error) return fail(error);
    const target = name(tokens[0], 'target', origin);
    return typeof target === 'string' ? { ok: true, value: target } : fail(target.error);
  };
}

function hexTail(fields: Array<[string, number]>, hexWhat: string): Canonicaliser {
  return (tokens) => {
    if (tokens.length < fields.length + 1) return fail(`expected "${[...fields.map((f) => f[0]), hexWhat].join(' ')}"`);
    const numbers: number[] = [];
    for (const [index, [what, max]] of fields.entries()) {
      const n = uint(tokens[index], what, max);
      if (typeof n === 'string') return fail(n);
      numbers.push(n);
    }
    const data = hex(tokens.slice(fields.length), hexWhat);
    if (typeof data !== 'string') return fail(data.error);
    return { ok: true, value: `${numbers.join(' ')} ${data}` };
  };
}

/** The address parsers: canonical text, or undefined for anything that is not an address of the kind. */
const ADDRESSES = {
  A: { parse: canonicalIPv4, what: 'IPv4 address' },
  AAAA: { parse: canonicalIPv6, what: 'IPv6 address' },
} as const;

function address(type: keyof typeof ADDRESSES): Canonicaliser {
  const { parse, what } = ADDRESSES[type];
  return (tokens) => {
    const error = expectCount(tokens, 1, what);
    if (error) return fail(error);
    const text = (tokens[0] as RdataToken).text;
    const ip = parse(text);
    return ip ? { ok: true, value: ip } : fail(`"${text}" is not an ${what}`);
  };
}

/** Digest lengths in octets per DS digest type (RFC 4034, 4509, 5933, 6605): what BIND and Knot check. */
const DS_DIGEST_BYTES: Record<number, number> = { 1: 20, 2: 32, 3: 32, 4: 48 };
/** SSHFP fingerprint lengths per fingerprint type (RFC 4255, 6594). */
const SSHFP_BYTES: Record<number, number> = { 1: 20, 2: 32 };

/** hexTail, then the length the numbered field (by index) asks of the data, where it names one. */
function checkedHexTail(fields: Array<[string, number]>, hexWhat: string, by: number, lengths: Record<number, number>, allowDelete = false): Canonicaliser {
  const plain = hexTail(fields, hexWhat);
  return (tokens, origin) => {
    const result = plain(tokens, origin);
    if (!result.ok) return result;
    const parts = result.value.split(' ');
    const kind = Number(parts[by]);
    const bytes = (parts[fields.length] as string).length / 2;
    // RFC 8078 §4: CDS `0 0 0 00` asks the parent to delete the DS set.
    if (allowDelete && result.value === '0 0 0 00') return result;
    const want = lengths[kind];
    if (want !== undefined && bytes !== want) return fail(`${hexWhat} is ${bytes} bytes; ${fields[by]?.[0]} ${kind} takes ${want}`);
    return result;
  };
}

/** A type described field by field (rdata-codec.ts): canonical text is the decoding of its encoding. */
function byFields(type: FieldType): Canonicaliser {
  return (tokens, origin) => {
    const wire = tokens[0]?.text === '\\#' && !tokens[0].quoted ? genericToWire(tokens) : toWire(type, tokens, origin);
    if (!wire.ok) return fail(wire.error);
    const text = fromWire(type, wire.bytes);
    return text === undefined ? fail(`rdata does not fit ${type}`) : { ok: true, value: text };
  };
}

function generic(tokens: RdataToken[]): RdataResult {
  const wire = genericToWire(tokens);
  return wire.ok ? { ok: true, value: genericText(wire.bytes) } : fail(wire.error);
}

const CANONICALISERS: Record<NamedType, Canonicaliser> = {
  A: address('A'),
  AAAA: address('AAAA'),
  ALIAS: single('name'),
  CNAME: single('name'),
  NS: single('name'),
  PTR: single('name'),
  MX: (tokens, origin) => {
    const error = expectCount(tokens, 2, 'preference exchange');
    if (error) return fail(error);
    const preference = uint(tokens[0], 'preference', 65535);
    if (typeof preference === 'string') return fail(preference);
    const exchange = name(tokens[1], 'exchange', origin);
    return typeof exchange === 'string' ? { ok: true, value: `${preference} ${exchange}` } : fail(exchange.error);
  },
  SRV: (tokens, origin) => {
    const error = expectCount(tokens, 4, 'priority weight port target');
    if (error) return fail(error);
    const priority = uint(tokens[0], 'priority', 65535);
    if (typeof priority === 'string') return fail(priority);
    const weight = uint(tokens[1], 'weight', 65535);
    if (typeof weight === 'string') return fail(weight);
    const port = uint(tokens[2], 'port', 65535);
    if (typeof port === 'string') return fail(port);
    const target = name(tokens[3], 'target', origin);
    return typeof target === 'string' ? { ok: true, value: `${priority} ${weight} ${port} ${target}` } : fail(target.error);
  },
  CAA: (tokens) => {
    const error = expectCount(tokens, 3, 'flags tag "value"');
    if (error) return fail(error);
    const flags = uint(tokens[0], 'flags', 255);
    if (typeof flags === 'string') return fail(flags);
    const tag = (tokens[1] as RdataToken).text.toLowerCase();
    if (!/^[a-z0-9]+$/.test(tag)) return fail(`tag "${tag}" must be letters and digits`);
    return { ok: true, value: `${flags} ${tag} ${quoteCharacterString((tokens[2] as RdataToken).bytes)}` };
  },
  TXT: (tokens) => canonicalTxt(tokens),
  DS: checkedHexTail([['key tag', 65535], ['algorithm', 255], ['digest type', 255]], 'digest', 2, DS_DIGEST_BYTES),
  CDS: checkedHexTail([['key tag', 65535], ['algorithm', 255], ['digest type', 255]], 'digest', 2, DS_DIGEST_BYTES, true),
  TLSA: hexTail([['usage', 255], ['selector', 255], ['matching type', 255]], 'certificate data'),
  SSHFP: checkedHexTail([['algorithm', 255], ['fingerprint type', 255]], 'fingerprint', 1, SSHFP_BYTES),
  SMIMEA: hexTail([['usage', 255], ['selector', 255], ['matching type', 255]], 'certificate data'),
  SPF: (tokens) => canonicalTxt(tokens),
  NAPTR: byFields('NAPTR'),
  LOC: byFields('LOC'),
  DNAME: byFields('DNAME'),
  URI: byFields('URI'),
  HINFO: byFields('HINFO'),
  RP: byFields('RP'),
  OPENPGPKEY: byFields('OPENPGPKEY'),
  CDNSKEY: byFields('CDNSKEY'),
  CERT: byFields('CERT'),
  SVCB: canonicalSvcb,
  HTTPS: canonicalSvcb,
  URLFWD: canonicalUrlfwd,
};

function canonicalSvcb(tokens: RdataToken[], origin: string): RdataResult {
  if (tokens.length < 2) return fail('expected "priority target [params…]"');
  const priority = uint(tokens[0], 'priority', 65535);
  if (typeof priority === 'string') return fail(priority);
  const target = name(tokens[1], 'target', origin);
  if (typeof target !== 'string') return fail(target.error);
  const params = canonicalSvcParams(tokens.slice(2));
  if (!params.ok) return { ok: false, error: params.error, at: 2 + (params.at ?? 0) };
  if (priority === 0 && params.value !== '') return fail('alias mode (priority 0) takes no parameters');
  return { ok: true, value: [String(priority), target, params.value].filter((s) => s !== '').join(' ') };
}

/** Types whose generic (`\\#`) form zonesync reads back to their own form. */
const FIELD_CANONICAL: Partial<Record<NamedType, true>> = { NAPTR: true, LOC: true, DNAME: true, URI: true, HINFO: true, RP: true, OPENPGPKEY: true, CDNSKEY: true, CERT: true };

/** Canonicalise presentation rdata `text` of `type`; relative names resolve against `origin`. */
export function canonicalRdata(type: RecordType, text: string, origin: string): RdataResult {
  // An address the address parser takes whole is one token with nothing to unescape: skip the tokenizer.
  if (type === 'A' || type === 'AAAA') {
    const ip = ADDRESSES[type].parse(text);
    if (ip !== undefined) return { ok: true, value: ip };
  }
  const tokens = tokenizeRdata(text);
  if (!tokens.ok) return fail(tokens.error);
  return canonicalTokens(type, tokens.tokens, origin);
}

/** canonicalRdata of tokens already lexed (the zone-file reader hands its tokens over as they are). */
export function canonicalTokens(type: RecordType, tokens: RdataToken[], origin: string): RdataResult {
  if (isGenericType(type)) return generic(tokens);
  if (tokens[0]?.text === '\\#' && !tokens[0].quoted && !(type in FIELD_CANONICAL)) {
    return fail(`RFC 3597 generic rdata for ${type}: write ${type} in its own presentation form`);
  }
  return CANONICALISERS[type](tokens, origin);
}

/**
 * The fields of a canonical value, unquoted and unescaped: MX → [preference, exchange],
 * SRV → [priority, weight, port, target], CAA → [flags, tag, value], TXT → its strings,
 * URLFWD → [path, target, code, masking, query].
 * What an API that takes structured rdata (NS1 answers, Cloudflare data) needs.
 */
export function rdataFields(value: string): string[] {
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(`not canonical rdata: ${value}`);
  return tokens.tokens.map((t) => t.bytes.toString('utf8'));
}

/** True when a TXT value's strings are one text cut at 255 bytes (every string but the last is full). */
export function isSplitOfOneText(value: string): boolean {
  return rdataFields(value).slice(0, -1).every((s) => Buffer.byteLength(s) === 255);
}
