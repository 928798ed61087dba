import type { RecordType } from './model.js';
import { tokenizeRdata, type RdataToken } from './rdata-text.js';
import { toWire } from './rdata-codec.js';

/** RFC 1035 §3.2.1: RDLENGTH is 16 bits, so no rdata is longer than this on the wire. */
export const MAX_RDATA_BYTES = 65535;

/** Wire length of an absolute canonical name (`example.com.` is 13 bytes: 7example3com0). */
function nameBytes(name: string): number {
  return name === '.' ? 1 : Buffer.byteLength(name) + 1;
}

const hexBytes = (tokens: RdataToken[], from: number): number => tokens.slice(from).reduce((n, t) => n + Math.floor(t.text.length / 2), 0);

/** One SvcParam's value on the wire (RFC 9460 §7), from its presentation bytes. */
function svcParamBytes(key: string, value: Buffer): number {
  const text = value.toString('utf8');
  const items = text === '' ? 0 : text.split(',').length;
  switch (key) {
    case 'mandatory':
      return 2 * items;
    case 'alpn':
      return value.length + 1 - (items > 0 ? 0 : 1);
    case 'port':
      return 2;
    case 'ipv4hint':
      return 4 * items;
    case 'ipv6hint':
      return 16 * items;
    case 'ech':
      return Math.floor((text.replace(/=+$/, '').length * 3) / 4);
    default:
      return value.length;
  }
}

/**
 * The length on the wire of a canonical presentation value (src/core/rdata.ts): pure arithmetic,
 * so lint can refuse what no server could carry before any provider sees it.
 */
export function rdataWireLength(type: RecordType, value: string): number {
  const tokenized = tokenizeRdata(value);
  if (!tokenized.ok) return 0;
  const t = tokenized.tokens;
  const text = (i: number): string => t[i]?.text ?? '';
  switch (type) {
    case 'A':
      return 4;
    case 'AAAA':
      return 16;
    case 'ALIAS':
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return nameBytes(text(0));
    case 'MX':
      return 2 + nameBytes(text(1));
    case 'SRV':
      return 6 + nameBytes(text(3));
    // URLFWD has no wire form (not a DNS type): its fields counted as character-strings bound it for lint.
    case 'TXT':
    case 'SPF':
    case 'URLFWD':
      return t.reduce((n, s) => n + 1 + s.bytes.length, 0);
    case 'CAA':
      return 2 + text(1).length + (t[2]?.bytes.length ?? 0);
    case 'DS':
    case 'CDS':
      return 4 + hexBytes(t, 3);
    case 'TLSA':
    case 'SMIMEA':
      return 3 + hexBytes(t, 3);
    case 'SSHFP':
      return 2 + hexBytes(t, 2);
    case 'SVCB':
    case 'HTTPS':
      return (
        2 +
        nameBytes(text(1)) +
        t.slice(2).reduce((n, p) => {
          const eq = p.bytes.indexOf(0x3d);
          const key = (eq < 0 ? p.bytes : p.bytes.subarray(0, eq)).toString('utf8');
          let raw = eq < 0 ? Buffer.alloc(0) : p.bytes.subarray(eq + 1);
          if (raw.length >= 2 && raw[0] === 0x22 && raw[raw.length - 1] === 0x22) raw = raw.subarray(1, -1);
          return n + 4 + svcParamBytes(key, raw);
        }, 0)
      );
    case 'NAPTR':
    case 'LOC':
    case 'DNAME':
    case 'URI':
    case 'HINFO':
    case 'RP':
    case 'OPENPGPKEY':
    case 'CDNSKEY':
    case 'CERT': {
      const wire = toWire(type, t, '.');
      return wire.ok ? wire.bytes.length : 0;
    }
    default:
      // RFC 3597 generic: `\# len hex`.
      return Number(text(1));
  }
}

/** True when `value` may be longer than MAX_RDATA_BYTES: a UTF-16 unit is at most 3 bytes, so shorter text never is. */
export function mayExceedRdata(value: string): boolean {
  return value.length * 3 + 16 > MAX_RDATA_BYTES;
}
