import { canonicalName, labelText, nameLabels } from './name.js';
import { quoteCharacterString, type RdataToken } from './rdata-text.js';
import { locFromWire, locToWire } from './rdata-loc.js';

/**
 * Wire form of the types described field by field (NAPTR, LOC, DNAME, URI, SPF, HINFO, RP,
 * OPENPGPKEY, SMIMEA, CDS, CDNSKEY, CERT, and RFC 3597 generic `TYPEnnn`). Presentation text is
 * canonicalised by encoding it and decoding the bytes again, so the canonical text is what a
 * server would send back, and the same bytes always give the same text.
 */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'name' | 'string' | 'strings' | 'hex' | 'base64' | 'rest' | 'certtype' | 'secalg';

export const FIELD_TYPES = {
  NAPTR: ['u16', 'u16', 'string', 'string', 'string', 'name'],
  DNAME: ['name'],
  URI: ['u16', 'u16', 'rest'],
  SPF: ['strings'],
  HINFO: ['string', 'string'],
  RP: ['name', 'name'],
  OPENPGPKEY: ['base64'],
  SMIMEA: ['u8', 'u8', 'u8', 'hex'],
  CDS: ['u16', 'u8', 'u8', 'hex'],
  CDNSKEY: ['u16', 'u8', 'u8', 'base64'],
  CERT: ['certtype', 'u16', 'secalg', 'base64'],
  // Canonicalised in rdata.ts (digest, fingerprint and string checks); here for their wire form only.
  SMIMEA_WIRE: ['u8', 'u8', 'u8', 'hex'],
  CDS_WIRE: ['u16', 'u8', 'u8', 'hex'],
  SPF_WIRE: ['strings'],
} as const satisfies Record<string, readonly FieldKind[]>;

export type FieldType = keyof typeof FIELD_TYPES | 'LOC';

export type WireResult = { ok: true; bytes: Buffer } | { ok: false; error: string };
export type TextResult = { ok: true; value: string } | { ok: false; error: string };

/** RFC 4398 §2.1 certificate types and RFC 4034 / IANA DNSSEC algorithm mnemonics. */
const CERT_TYPES: Record<string, number> = { PKIX: 1, SPKI: 2, PGP: 3, IPKIX: 4, ISPKI: 5, IPGP: 6, ACPKIX: 7, IACPKIX: 8, URI: 253, OID: 254 };
const ALGORITHMS: Record<string, number> = {
  RSAMD5: 1, DH: 2, DSA: 3, RSASHA1: 5, 'DSA-NSEC3-SHA1': 6, 'RSASHA1-NSEC3-SHA1': 7, RSASHA256: 8, RSASHA512: 10,
  'ECC-GOST': 12, ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16, INDIRECT: 252, PRIVATEDNS: 253, PRIVATEOID: 254,
};

const MAX = { u8: 255, u16: 65535, u32: 4294967295, certtype: 65535, secalg: 255 } as const;

/** Wire bytes of an absolute canonical name, uncompressed. */
export function nameToWire(name: string): Buffer {
  const labels = nameLabels(name);
  return Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
}

/** An uncompressed name at `offset`: its canonical text and where it ends. */
export function nameFromWire(bytes: Buffer, offset: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let i = offset;
  for (;;) {
    if (i >= bytes.length) return undefined;
    const length = bytes[i] as number;
    if (length === 0) break;
    if (length > 63 || i + 1 + length > bytes.length) return undefined;
    labels.push(labelText(bytes.subarray(i + 1, i + 1 + length)));
    i += 1 + length;
  }
  const text = labels.length === 0 ? '.' : `${labels.join('.')}.`;
  const canonical = canonicalName(text, '.');
  return canonical.ok ? { name: canonical.name, end: i + 1 } : undefined;
}

function number(token: RdataToken | undefined, kind: 'u8' | 'u16' | 'u32' | 'certtype' | 'secalg', what: string): number | string {
  if (!token || token.quoted) return `missing ${what}`;
  const upper = token.text.toUpperCase();
  const mnemonic = kind === 'certtype' ? CERT_TYPES[upper] : kind === 'secalg' ? ALGORITHMS[upper] : undefined;
  if (mnemonic !== undefined) return mnemonic;
  if (!/^\d+$/.test(token.text)) return `${what} "${token.text}" is not a number`;
  const n = Number(token.text);
  return n > MAX[kind] ? `${what} ${n} is larger than ${MAX[kind]}` : n;
}

function uintBytes(n: number, size: 1 | 2 | 4): Buffer {
  const b = Buffer.alloc(size);
  b.writeUIntBE(n, 0, size);
  return b;
}

const SIZES = { u8: 1, u16: 2, u32: 4, certtype: 2, secalg: 1 } as const;

export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

/** Encode presentation tokens field by field; names resolve against `origin`. */
export function fieldsToWire(type: keyof typeof FIELD_TYPES, tokens: RdataToken[], origin: string): WireResult {
  const kinds: readonly FieldKind[] = FIELD_TYPES[type];
  const out: Buffer[] = [];
  let t = 0;
  for (const [index, kind] of kinds.entries()) {
    const what = `field ${index + 1} (${kind})`;
    const token = tokens[t];
    switch (kind) {
      case 'u8':
      case 'u16':
      case 'u32':
      case 'certtype':
      case 'secalg': {
        const n = number(token, kind, what);
        if (typeof n === 'string') return { ok: false, error: n };
        out.push(uintBytes(n, SIZES[kind]));
        t++;
        break;
      }
      case 'name': {
        if (!token || token.quoted) return { ok: false, error: `missing ${what}` };
        const name = canonicalName(token.text, origin);
        if (!name.ok) return { ok: false, error: `${what}: ${name.error}` };
        out.push(nameToWire(name.name));
        t++;
        break;
      }
      case 'string': {
        if (!token) return { ok: false, error: `missing ${what}` };
        if (token.bytes.length > 255) return { ok: false, error: `${what} is ${token.bytes.length} bytes, longer than a character-string's 255` };
        out.push(Buffer.from([token.bytes.length]), token.bytes);
        t++;
        break;
      }
      case 'strings': {
        if (!token) return { ok: false, error: `missing ${what}` };
        for (; t < tokens.length; t++) {
          const bytes = (tokens[t] as RdataToken).bytes;
          if (bytes.length > 255) return { ok: false, error: `a string of ${bytes.length} bytes is longer than a character-string's 255` };
          out.push(Buffer.from([bytes.length]), bytes);
        }
        break;
      }
      case 'rest': {
        if (!token) return { ok: false, error: `missing ${what}` };
        if (tokens.length > t + 1) return { ok: false, error: `extra "${tokens.slice(t + 1).map((x) => x.text).join(' ')}"` };
        out.push(token.bytes);
        t++;
        break;
      }
      case 'hex':
      case 'base64': {
        const joined = tokens.slice(t).map((x) => x.text).join('');
        t = tokens.length;
        if (joined === '') return { ok: false, error: `missing ${what}` };
        if (kind === 'hex' ? !/^([0-9a-fA-F]{2})+$/.test(joined) : !isBase64(joined)) return { ok: false, error: `"${joined}" is not ${kind === 'hex' ? 'hexadecimal' : 'base64'}` };
        out.push(Buffer.from(joined, kind));
        break;
      }
    }
  }
  if (t < tokens.length) return { ok: false, error: `extra "${tokens.slice(t).map((x) => x.text).join(' ')}"` };
  return { ok: true, bytes: Buffer.concat(out) };
}

/** Canonical presentation of wire bytes, field by field; undefined when the bytes do not fit the type. */
export function fieldsFromWire(type: keyof typeof FIELD_TYPES, bytes: Buffer): string | undefined {
  const kinds: readonly FieldKind[] = FIELD_TYPES[type];
  const parts: string[] = [];
  let i = 0;
  for (const kind of kinds) {
    switch (kind) {
      case 'u8':
      case 'u16':
      case 'u32':
      case 'certtype':
      case 'secalg': {
        const size = SIZES[kind];
        if (i + size > bytes.length) return undefined;
        parts.push(String(bytes.readUIntBE(i, size)));
        i += size;
        break;
      }
      case 'name': {
        const name = nameFromWire(bytes, i);
        if (!name) return undefined;
        parts.push(name.name);
        i = name.end;
        break;
      }
      case 'string':
      case 'strings': {
        do {
          const length = bytes[i];
          if (length === undefined || i + 1 + length > bytes.length) return undefined;
          parts.push(quoteCharacterString(bytes.subarray(i + 1, i + 1 + length)));
          i += 1 + length;
        } while (kind === 'strings' && i < bytes.length);
        break;
      }
      case 'rest':
        parts.push(quoteCharacterString(bytes.subarray(i)));
        i = bytes.length;
        break;
      case 'hex':
      case 'base64':
        if (i >= bytes.length) return undefined;
        parts.push(bytes.subarray(i).toString(kind));
        i = bytes.length;
        break;
    }
  }
  return i === bytes.length ? parts.join(' ') : undefined;
}

/** RFC 3597 §5 generic rdata `\# len hex` from tokens: the bytes, checked against the length. */
export function genericToWire(tokens: RdataToken[]): WireResult {
  const [mark, length, ...data] = tokens;
  if (!mark || mark.quoted || mark.text !== '\\#') return { ok: false, error: 'RFC 3597 generic rdata starts with \\#' };
  if (!length || !/^\d+$/.test(length.text)) return { ok: false, error: 'expected "\\# length hex"' };
  const hex = data.map((d) => d.text).join('');
  if (hex !== '' && !/^([0-9a-fA-F]{2})+$/.test(hex)) return { ok: false, error: `"${hex}" is not hexadecimal` };
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length !== Number(length.text)) return { ok: false, error: `generic rdata says ${length.text} bytes but has ${bytes.length}` };
  if (bytes.length > 65535) return { ok: false, error: 'rdata longer than 65,535 bytes' };
  return { ok: true, bytes };
}

export function genericText(bytes: Buffer): string {
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${bytes.toString('hex')}`;
}

export function toWire(type: FieldType, tokens: RdataToken[], origin: string): WireResult {
  return type === 'LOC' ? locToWire(tokens) : fieldsToWire(type, tokens, origin);
}

export function fromWire(type: FieldType, bytes: Buffer): string | undefined {
  return type === 'LOC' ? locFromWire(bytes) : fieldsFromWire(type, bytes);
}

export function isFieldType(type: string): type is FieldType {
  return type === 'LOC' || type in FIELD_TYPES;
}

/** Wire types of canonical values: the described types, CDS, SMIMEA, SPF and RFC 3597 generic. */
export function wireTypeOf(type: string): FieldType | 'generic' | undefined {
  if (type === 'CDS' || type === 'SMIMEA' || type === 'SPF') return `${type}_WIRE`;
  if (isFieldType(type)) return type;
  return /^TYPE\d+$/.test(type) ? 'generic' : undefined;
}
