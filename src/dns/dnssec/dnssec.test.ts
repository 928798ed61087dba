import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureValue, readSignedZone } from '../../../test/support/signed-zone.js';
import type { WireRecord } from '../rdata-wire.js';
import { dsMatches, nsec3Hash, base32hex, signatureValid } from './crypto.js';
import { checkAnswer, checkDnskeySet, checkRrset, type ValidationContext } from './validate.js';
import { isKsk, parseDnskey, parseDsValue, parseRrsig, rdataOf } from './wire.js';

const record = (name: string, type: string, ttl: number, text: string, origin = name): WireRecord => ({ name, type, ttl, value: fixtureValue(type, text.split(/\s+/), origin) });
const at = (iso: string): number => Date.parse(iso) / 1000;

describe('published vectors', () => {
  it('RFC 6605 §6.1 ECDSAP256SHA256: key tag, SHA-256 DS, RRSIG over www.example.net A', () => {
    const key = parseDnskey(rdataOf(record('example.net.', 'DNSKEY', 3600, '257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==')));
    expect(key.keyTag).toBe(55648);
    expect(dsMatches('example.net.', parseDsValue('55648 13 2 b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17'), key)).toBe(true);
    const a = [record('www.example.net.', 'A', 3600, '192.0.2.1')];
    const sig = parseRrsig(rdataOf(record('www.example.net.', 'RRSIG', 3600, 'A 13 3 3600 20100909100439 20100812100439 55648 example.net. qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==')));
    expect(signatureValid(sig, a, key)).toBe(true);
    expect(signatureValid(sig, [record('www.example.net.', 'A', 3600, '192.0.2.2')], key)).toBe(false);
  });

  it('RFC 6605 §6.2 ECDSAP384SHA384: SHA-384 DS and RRSIG', () => {
    const key = parseDnskey(rdataOf(record('example.net.', 'DNSKEY', 3600, '257 3 14 xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40')));
    expect(key.keyTag).toBe(10771);
    expect(dsMatches('example.net.', parseDsValue('10771 14 4 72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6'), key)).toBe(true);
    const sig = parseRrsig(rdataOf(record('www.example.net.', 'RRSIG', 3600, 'A 14 3 3600 20100909102025 20100812102025 10771 example.net. /L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm')));
    expect(signatureValid(sig, [record('www.example.net.', 'A', 3600, '192.0.2.1')], key)).toBe(true);
  });

  it('RFC 8080 §6.1 (errata 4935) Ed25519: DS and RRSIG over example.com MX', () => {
    const key = parseDnskey(rdataOf(record('example.com.', 'DNSKEY', 3600, '257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=')));
    expect(key.keyTag).toBe(3613);
    expect(dsMatches('example.com.', parseDsValue('3613 15 2 3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b'), key)).toBe(true);
    expect(dsMatches('example.org.', parseDsValue('3613 15 2 3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b'), key)).toBe(false);
    const sig = parseRrsig(rdataOf(record('example.com.', 'RRSIG', 3600, 'MX 15 2 3600 1440021600 1438207200 3613 example.com. oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==')));
    expect(signatureValid(sig, [record('example.com.', 'MX', 3600, '10 mail.example.com.')], key)).toBe(true);
    expect(signatureValid(sig, [record('example.com.', 'MX', 3600, '20 mail.example.com.')], key)).toBe(false);
  });

  it('RFC 5155 Appendix A: NSEC3 hash of example with salt aabbccdd, 12 iterations', () => {
    expect(base32hex(nsec3Hash('example.', Buffer.from('aabbccdd', 'hex'), 12))).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
    expect(base32hex(nsec3Hash('a.example.', Buffer.from('aabbccdd', 'hex'), 12))).toBe('35mthgpgcu1qg68fab165klnsnk3dpvl');
  });
});

const ALGORITHMS = ['RSASHA256', 'ECDSAP256SHA256', 'ECDSAP384SHA384', 'ED25519'] as const;

function byRrset(records: WireRecord[]): Map<string, WireRecord[]> {
  const sets = new Map<string, WireRecord[]>();
  for (const r of records) {
    const key = r.type === 'RRSIG' ? `${r.name} RRSIG` : `${r.name} ${r.type}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  return sets;
}

describe.each(ALGORITHMS)('a zone signed by dnssec-signzone with %s', (algorithm) => {
  const records = readSignedZone(join(FIXTURES, `${algorithm}.db`));
  const keys = records.filter((r) => r.type === 'DNSKEY').map((r) => parseDnskey(rdataOf(r)));
  const context: ValidationContext = { zone: 'example.test.', keys, now: at('2027-06-01T00:00:00Z'), warnSeconds: 7 * 86400 };
  const sets = byRrset(records);
  const typeNumber = (type: string) => ({ A: 1, NS: 2, SOA: 6, MX: 15, TXT: 16, AAAA: 28, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51 })[type] as number;
  const sigs = (name: string, type: string) => (sets.get(`${name} RRSIG`) ?? []).map((r) => parseRrsig(rdataOf(r))).filter((s) => s.typeCovered === typeNumber(type));
  const signedSets = [...sets.entries()].filter(([key]) => !key.endsWith(' RRSIG') && !(key.startsWith('sub.') && key.endsWith(' NS')));

  it('the DS lines dnssec-dsfromkey printed (SHA-256 and SHA-384) match its KSK', () => {
    const ksk = keys.filter(isKsk);
    expect(ksk).toHaveLength(1);
    const lines = readFileSync(join(FIXTURES, `${algorithm}.ds`), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(dsMatches('example.test.', parseDsValue(line.split(/\s+/).slice(3).join(' ')), ksk[0]!)).toBe(true);
    const zsk = keys.find((k) => !isKsk(k))!;
    expect(dsMatches('example.test.', parseDsValue(lines[0]!.split(/\s+/).slice(3).join(' ')), zsk)).toBe(false);
  });

  it('every rrset verifies, the DNSKEY set too, and a changed value does not', () => {
    expect(signedSets.length).toBeGreaterThan(8);
    for (const [, rrset] of signedSets) {
      const first = rrset[0]!;
      expect(checkRrset(rrset, sigs(first.name, first.type), context), `${first.name} ${first.type}`).toEqual([]);
    }
    expect(checkDnskeySet(records, context)).toEqual([]);
    const www = sets.get('www.example.test. A')!;
    const changed = [{ ...www[0]!, value: '192.0.2.99' }, www[1]!];
    expect(checkRrset(changed, sigs('www.example.test.', 'A'), context)).toEqual([{ name: 'www.example.test.', type: 'A', severity: 'error', reason: expect.stringMatching(/^RRSIG \d+\/\d+ does not verify$/) }]);
  });

  it('a wildcard expansion verifies under the asked name (RRSIG labels)', () => {
    const wild = sets.get('*.wild.example.test. A')!.map((r) => ({ ...r, name: 'x.wild.example.test.' }));
    expect(checkRrset(wild, sigs('*.wild.example.test.', 'A'), context)).toEqual([]);
  });

  it('names the expiry date when expired, and warns inside the window', () => {
    const www = sets.get('www.example.test. A')!;
    expect(checkRrset(www, sigs('www.example.test.', 'A'), { ...context, now: at('2036-02-01T00:00:00Z') })[0]?.reason).toBe('RRSIG expired 2036-01-01');
    expect(checkRrset(www, sigs('www.example.test.', 'A'), { ...context, now: at('2025-12-01T00:00:00Z') })[0]?.reason).toBe('RRSIG not valid before 2026-01-01');
    expect(checkRrset(www, sigs('www.example.test.', 'A'), { ...context, now: at('2035-12-28T00:00:00Z') })).toEqual([{ name: 'www.example.test.', type: 'A', severity: 'warning', reason: 'RRSIG expires 2036-01-01 (in 4 days)' }]);
  });

  it('a key the zone does not publish fails the signature, named by tag', () => {
    const www = sets.get('www.example.test. A')!;
    expect(checkRrset(www, sigs('www.example.test.', 'A'), { ...context, keys: keys.filter(isKsk) })[0]?.reason).toMatch(/^RRSIG \d+\/\d+ matches no DNSKEY$/);
  });

  const denial = records.filter((r) => r.type === 'NSEC' || r.type === 'NSEC3' || (r.type === 'RRSIG' && /^\\# \d+ 00(2f|32)/.test(r.value)));
  const soa = records.filter((r) => r.type === 'SOA' || (r.type === 'RRSIG' && r.name === 'example.test.' && /^\\# \d+ 0006/.test(r.value)));

  it('NXDOMAIN and NODATA answers carry a valid proof', () => {
    expect(checkAnswer({ rcode: 'NXDOMAIN', answers: [], authorities: [...soa, ...denial] }, 'nope.example.test.', 'A', context)).toEqual([]);
    expect(checkAnswer({ rcode: 'NOERROR', answers: [], authorities: [...soa, ...denial] }, 'www.example.test.', 'MX', context)).toEqual([]);
  });

  it('fails NXDOMAIN without proof, and NODATA for a type the proof lists', () => {
    expect(checkAnswer({ rcode: 'NXDOMAIN', answers: [], authorities: soa }, 'nope.example.test.', 'A', context)).toEqual([{ name: 'nope.example.test.', type: 'A', severity: 'error', reason: 'NXDOMAIN without an NSEC or NSEC3 proof' }]);
    const lie = checkAnswer({ rcode: 'NOERROR', answers: [], authorities: [...soa, ...denial] }, 'www.example.test.', 'A', context);
    expect(lie).toHaveLength(1);
    expect(lie[0]?.reason).toMatch(/lists the type it denies/);
  });

  it('fails when the denial records are not signed', () => {
    const unsigned = denial.filter((r) => r.type !== 'RRSIG');
    const findings = checkAnswer({ rcode: 'NXDOMAIN', answers: [], authorities: [...soa, ...unsigned] }, 'nope.example.test.', 'A', context);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.reason === 'no RRSIG' && (f.type === 'NSEC' || f.type === 'NSEC3'))).toBe(true);
  });

  it('a signed positive answer passes; an unsigned twin\'s fails', () => {
    const www = [...sets.get('www.example.test. A')!, ...(sets.get('www.example.test. RRSIG') ?? [])];
    expect(checkAnswer({ rcode: 'NOERROR', answers: www, authorities: [] }, 'www.example.test.', 'A', context)).toEqual([]);
    expect(checkAnswer({ rcode: 'NOERROR', answers: sets.get('www.example.test. A')!, authorities: [] }, 'www.example.test.', 'A', context)).toEqual([{ name: 'www.example.test.', type: 'A', severity: 'error', reason: 'no RRSIG' }]);
  });
});

describe('NSEC3 closest encloser proof', () => {
  const records = readSignedZone(join(FIXTURES, 'ECDSAP256SHA256.db'));
  const keys = records.filter((r) => r.type === 'DNSKEY').map((r) => parseDnskey(rdataOf(r)));
  const context: ValidationContext = { zone: 'example.test.', keys, now: at('2027-06-01T00:00:00Z'), warnSeconds: 0 };
  it('fails when only the encloser matches and nothing covers the next closer name', () => {
    const apexHash = base32hex(nsec3Hash('example.test.', Buffer.from('abcd', 'hex'), 0));
    const only = records.filter((r) => r.type === 'NSEC3' && r.name.startsWith(apexHash));
    expect(only).toHaveLength(1);
    const findings = checkAnswer({ rcode: 'NXDOMAIN', answers: [], authorities: only }, 'nope.example.test.', 'A', { ...context, keys: [] });
    expect(findings.map((f) => f.reason)).toContain('no NSEC3 covers the next closer name nope.example.test.');
  });
});
