import type { RecordType } from './model.js';
import { canonicalName } from './name.js';
import { canonicalIPv4, canonicalIPv6 } from './address.js';
import { tokenizeRdata, quoteCharacterString, type RdataToken } from './rdata-text.js';
import { canonicalSvcParams } from './svcb.js';

/**
 * Canonical presentation form of one record's rdata, so that equal data compares equal whatever
 * the source spelled (IPv6 compression, relative names, TXT quoting and splitting, case).
 */
export type RdataResult = { ok: true; value: string } | { ok: false; error: string };

const MAX_CHARACTER_STRING = 255;

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

function canonicalTxt(tokens: RdataToken[]): RdataResult {
  if (tokens.length === 0) return fail('missing text');
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const pieces = splitCharacterString((tokens[i] as RdataToken).bytes);
    for (let j = 0; j < pieces.length; j++) parts.push(quoteCharacterString(pieces[j] as Buffer));
  }
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

const CANONICALISERS: Record<RecordType, Canonicaliser> = {
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
  DS: hexTail([['key tag', 65535], ['algorithm', 255], ['digest type', 255]], 'digest'),
  TLSA: hexTail([['usage', 255], ['selector', 255], ['matching type', 255]], 'certificate data'),
  SSHFP: hexTail([['algorithm', 255], ['fingerprint type', 255]], 'fingerprint'),
  SVCB: canonicalSvcb,
  HTTPS: canonicalSvcb,
};

function canonicalSvcb(tokens: RdataToken[], origin: string): RdataResult {
  if (tokens.length < 2) return fail('expected "priority target [params…]"');
  const priority = uint(tokens[0], 'priority', 65535);
  if (typeof priority === 'string') return fail(priority);
  const target = name(tokens[1], 'target', origin);
  if (typeof target !== 'string') return fail(target.error);
  const params = canonicalSvcParams(tokens.slice(2));
  if (!params.ok) return fail(params.error);
  if (priority === 0 && params.value !== '') return fail('alias mode (priority 0) takes no parameters');
  return { ok: true, value: [String(priority), target, params.value].filter((s) => s !== '').join(' ') };
}

/** Canonicalise presentation rdata `text` of `type`; relative names resolve against `origin`. */
export function canonicalRdata(type: RecordType, text: string, origin: string): RdataResult {
  // An address the address parser takes whole is one token with nothing to unescape: skip the tokenizer.
  if (type === 'A' || type === 'AAAA') {
    const ip = ADDRESSES[type].parse(text);
    if (ip !== undefined) return { ok: true, value: ip };
  }
  const tokens = tokenizeRdata(text);
  if (!tokens.ok) return fail(tokens.error);
  return CANONICALISERS[type](tokens.tokens, origin);
}

/**
 * The fields of a canonical value, unquoted and unescaped: MX → [preference, exchange],
 * SRV → [priority, weight, port, target], CAA → [flags, tag, value], TXT → its strings.
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
