import { describe, expect, it } from 'vitest';
import { delegationChange, delegationValues, dsPresentation, isBelow } from './delegation.js';

const D = 'ab'.repeat(32);

describe('delegation rrsets', () => {
  it('is below only strictly under the parent', () => {
    expect(isBelow('corp.example.com.', 'example.com.')).toBe(true);
    expect(isBelow('example.com.', 'example.com.')).toBe(false);
    expect(isBelow('badexample.com.', 'example.com.')).toBe(false);
    expect(isBelow('example.com.', '.')).toBe(true);
  });

  it('canonicalises NS and DS values, sorted and unique, and names a bad one', () => {
    expect(delegationValues('NS', ['NS2.Example.net', 'ns1.example.net.', 'ns2.example.net.'], 'example.com.')).toEqual(['ns1.example.net.', 'ns2.example.net.']);
    expect(delegationValues('DS', [`2371 13 2 ${D.toUpperCase()}`, `2371 13 2 ${D}`], 'example.com.')).toEqual([`2371 13 2 ${D}`]);
    expect(() => delegationValues('DS', ['2371 13 2 abcd'], 'example.com.')).toThrow(/^DS 2371 13 2 abcd: digest is 2 bytes; digest type 2 takes 32$/);
    expect(dsPresentation(`2371 13 2 ${D}`)).toBe(`2371 13 2 ${D.toUpperCase()}`);
  });

  it('makes the one change to the rrset: create with the TTL given, update keeping the live TTL, delete, or none', () => {
    const live = { name: 'corp.example.com.', type: 'NS' as const, ttl: 86400, values: ['ns1.example.net.'] };
    expect(delegationChange('corp.example.com.', 'NS', undefined, ['ns1.example.net.'], 600)).toEqual({ kind: 'create', after: { name: 'corp.example.com.', type: 'NS', ttl: 600, values: ['ns1.example.net.'] } });
    expect(delegationChange('corp.example.com.', 'NS', live, ['ns2.example.net.'], 600)).toEqual({ kind: 'update', before: live, after: { ...live, values: ['ns2.example.net.'] } });
    expect(delegationChange('corp.example.com.', 'NS', live, ['ns1.example.net.'], 600)).toBeUndefined();
    expect(delegationChange('corp.example.com.', 'NS', live, [], 600)).toEqual({ kind: 'delete', before: live });
    expect(delegationChange('corp.example.com.', 'DS', undefined, [], 600)).toBeUndefined();
  });
});
