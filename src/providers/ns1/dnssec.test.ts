import { describe, expect, it } from 'vitest';
import { dsFor, formatDs } from '../../dns/dnssec/index.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';
import { ns1DnssecStatus } from './dnssec.js';

const KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const ksk = ['257', '3', '13', KEY];
const zsk = ['256', '3', '13', KEY];
const ds = formatDs(dsFor('example.com.', dnskeyFromText(ksk.join(' ')))).split(' ');

describe('ns1DnssecStatus', () => {
  it('reads every DNSKEY, KSK with its DS, ZSK without, and accepts number fields', () => {
    const status = ns1DnssecStatus('example.com.', { keys: { dnskey: [ksk, [256, 3, 13, KEY]] }, delegation: { dnskey: [ksk], ds: [ds] } });
    expect(status.keys.map((k) => [k.role, k.ds.length])).toEqual([['KSK', 1], ['ZSK', 0]]);
    expect(status.keys[0]?.ds[0]).toBe(ds.join(' '));
  });

  it('refuses a delegation DS that matches no key, a signed zone without keys, and malformed entries', () => {
    const wrong = [...ds.slice(0, 3), 'AA'.repeat(32)];
    expect(() => ns1DnssecStatus('example.com.', { keys: { dnskey: [ksk, zsk] }, delegation: { ds: [wrong] } })).toThrow(/matches no DNSKEY it publishes/);
    expect(() => ns1DnssecStatus('example.com.', { keys: { dnskey: [] } })).toThrow(/lists no DNSKEY/);
    expect(() => ns1DnssecStatus('example.com.', { keys: { dnskey: [['257', '3', '13']] } })).toThrow(/keys\.dnskey\[0\] is not a list of four fields/);
  });
});
