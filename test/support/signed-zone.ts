import dnsPacket from 'dns-packet';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecordType } from '../../src/core/model.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { fromBase32hex } from '../../src/dns/dnssec/crypto.js';
import type { WireRecord } from '../../src/dns/rdata-wire.js';

/**
 * Test support: zones signed by a real signer (BIND's dnssec-signzone, `-O full`) read into the
 * records a server would send, DNSSEC rdata as RFC 3597 bytes. Only the unit tests import this.
 */

const codecs = dnsPacket as unknown as { record(type: string): { encode(data: unknown): Buffer } };

function sigTime(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return Number(text);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
}

const generic = (type: string, data: unknown): string => {
  const bytes = codecs.record(type).encode(data).subarray(2);
  return `\\# ${bytes.length} ${bytes.toString('hex')}`;
};

/** One presentation line's rdata as a verify-side WireRecord value. */
export function fixtureValue(type: string, fields: string[], origin: string): string {
  switch (type) {
    case 'SOA':
      return fields.map((f, i) => (i < 2 ? f.toLowerCase() : f)).join(' ');
    case 'DNSKEY':
    case 'CDNSKEY':
      return generic('DNSKEY', { flags: Number(fields[0]), algorithm: Number(fields[2]), key: Buffer.from(fields.slice(3).join(''), 'base64') });
    case 'RRSIG':
      return generic('RRSIG', {
        typeCovered: fields[0], algorithm: Number(fields[1]), labels: Number(fields[2]), originalTTL: Number(fields[3]),
        expiration: sigTime(fields[4] as string), inception: sigTime(fields[5] as string), keyTag: Number(fields[6]),
        signersName: (fields[7] as string).replace(/\.$/, ''), signature: Buffer.from(fields.slice(8).join(''), 'base64'),
      });
    case 'NSEC':
      return generic('NSEC', { nextDomain: (fields[0] as string).replace(/\.$/, ''), rrtypes: fields.slice(1) });
    case 'NSEC3':
      return generic('NSEC3', {
        algorithm: Number(fields[0]), flags: Number(fields[1]), iterations: Number(fields[2]),
        salt: fields[3] === '-' ? Buffer.alloc(0) : Buffer.from(fields[3] as string, 'hex'), nextDomain: fromBase32hex(fields[4] as string), rrtypes: fields.slice(5),
      });
    case 'NSEC3PARAM': {
      const salt = fields[3] === '-' ? Buffer.alloc(0) : Buffer.from(fields[3] as string, 'hex');
      const bytes = Buffer.concat([Buffer.from([Number(fields[0]), Number(fields[1])]), Buffer.from([Number(fields[2]) >> 8, Number(fields[2]) & 255, salt.length]), salt]);
      return `\\# ${bytes.length} ${bytes.toString('hex')}`;
    }
    default: {
      if (!isRecordType(type)) throw new Error(`fixture type ${type}`);
      const value = canonicalRdata(type, fields.join(' '), origin);
      if (!value.ok) throw new Error(value.error);
      return value.value;
    }
  }
}

/** Every record of a `-O full` signed zone file, by owner and type. */
export function readSignedZone(file: string): WireRecord[] {
  const text = readFileSync(file, 'utf8');
  const records: WireRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith(';')) continue;
    const fields = line.match(/"[^"]*"|\S+/g) ?? [];
    const [owner, ttl, klass, type, ...rest] = fields;
    if (klass !== 'IN' || !owner || !type) throw new Error(`fixture line "${line}"`);
    records.push({ name: owner.toLowerCase(), type, ttl: Number(ttl), value: fixtureValue(type, rest, 'example.test.') });
  }
  return records;
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'dnssec');
