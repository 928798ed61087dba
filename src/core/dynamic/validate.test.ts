import { describe, expect, it } from 'vitest';
import { continentOf, geoCodeProblem } from './geo.js';
import type { Dynamic, DynamicRule } from './model.js';
import { parseNetwork, validateDynamic } from './validate.js';

const health = { host: 'www.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' } as const;
const one = (value: string) => ({ values: [{ value, weight: 1, status: 'obey' as const }] });
const steering = (rules: DynamicRule[], pools: Dynamic['pools'] = { a: one('192.0.2.1'), b: one('192.0.2.2'), c: one('192.0.2.3') }): Dynamic => ({ pools, rules, healthcheck: health });
const messages = (d: Dynamic) => validateDynamic(d).map((i) => `${i.rule} ${JSON.stringify(i.path)} ${i.message}`);

describe('validateDynamic: octoDNS _validate_pools and _validate_rules', () => {
  it('passes a subnet rule, a geo rule and a catch-all', () => {
    expect(messages(steering([{ pool: 'c', subnets: ['10.0.0.0/8'] }, { pool: 'a', geos: ['EU', 'NA-US-CA'] }, { pool: 'b' }]))).toEqual([]);
  });

  it.each<[string, Dynamic, string[]]>([
    ['a geo twice', steering([{ pool: 'a', geos: ['EU-DE'] }, { pool: 'c', geos: ['EU-DE'] }, { pool: 'b' }]), ['dynamic-geo-overlap ["rules",1,"geos",0] rule 2 targets geo EU-DE which has previously been seen in rule 1']],
    ['the broader geo first', steering([{ pool: 'a', geos: ['NA-US'] }, { pool: 'c', geos: ['NA-US-CA'] }, { pool: 'b' }]), ['dynamic-geo-overlap ["rules",1,"geos",0] rule 2 targets geo NA-US-CA which is more specific than the previously seen NA-US in rule 1']],
    ['the narrower geo first is fine', steering([{ pool: 'a', geos: ['NA-US-CA'] }, { pool: 'c', geos: ['NA-US'] }, { pool: 'b' }]), []],
    ['a continent and its country in one rule', steering([{ pool: 'a', geos: ['EU-DE', 'EU'] }, { pool: 'b' }], { a: one('192.0.2.1'), b: one('192.0.2.2') }), ['dynamic-geo-overlap ["rules",0,"geos",0] rule 1 targets geo EU-DE which is more specific than the previously seen EU in rule 1']],
    ['bad geo codes', steering([{ pool: 'a', geos: ['eu', 'EU-XX', 'NA-US-ZZ', 'NA-US-CA-SF'] }, { pool: 'b' }], { a: one('192.0.2.1'), b: one('192.0.2.2') }), [
      'dynamic-geo ["rules",0,"geos",1] rule 1 unknown country code "EU-XX"',
      'dynamic-geo ["rules",0,"geos",3] rule 1 invalid geo code "NA-US-CA-SF"',
      'dynamic-geo ["rules",0,"geos",2] rule 1 unknown province code "NA-US-ZZ"',
      'dynamic-geo ["rules",0,"geos",0] rule 1 unknown continent code "eu"',
    ]],
    ['subnets: invalid, host bits, seen, more specific', steering([{ pool: 'a', subnets: ['10.0.0.0/8', 'ten/8', '10.0.0.1/8'] }, { pool: 'c', subnets: ['10.1.0.0/16', '10.0.0.0/8'] }, { pool: 'b' }]), [
      'dynamic-subnet ["rules",0,"subnets",1] rule 1 invalid subnet "ten/8"',
      'dynamic-subnet ["rules",0,"subnets",2] rule 1 invalid subnet "10.0.0.1/8"',
      'dynamic-subnet-overlap ["rules",1,"subnets",1] rule 2 targets subnet 10.0.0.0/8 which has previously been seen in rule 1',
      'dynamic-subnet-overlap ["rules",1,"subnets",0] rule 2 targets subnet 10.1.0.0/16 which is more specific than the previously seen 10.0.0.0/8 in rule 2',
    ]],
    ['IPv6 subnets do not overlap IPv4 ones', steering([{ pool: 'a', subnets: ['::/0'] }, { pool: 'c', subnets: ['0.0.0.0/0'] }, { pool: 'b' }]), []],
    ['a rule after the catch-all, and two catch-alls', steering([{ pool: 'a' }, { pool: 'b' }, { pool: 'c', geos: ['EU'] }]), [
      'dynamic-catch-all ["rules",1] rule 2 duplicate default',
      'dynamic-catch-all ["rules",2] final rule has "subnets" and/or "geos" and is not catchall',
    ]],
    ['a subnet rule after a geo rule', steering([{ pool: 'a', geos: ['EU'] }, { pool: 'c', subnets: ['10.0.0.0/8'] }, { pool: 'b' }]), ['dynamic-rule-order ["rules",1] rule 2 with only subnet targeting should appear before all geo targeting rules']],
    ['unknown and reused pools', steering([{ pool: 'a', geos: ['EU'] }, { pool: 'a', geos: ['AS'] }, { pool: 'x' }]), [
      'dynamic-pool-reused ["rules",1,"pool"] rule 2 invalid, target pool "a" reused',
      'dynamic-unknown-pool ["rules",2,"pool"] rule 3 undefined pool "x"',
      'dynamic-unused-pool ["pools","b"] unused pools: "b", "c"',
    ]],
    ['a fallback used only as a fallback is used', steering([{ pool: 'a' }], { a: { ...one('192.0.2.1'), fallback: 'b' }, b: one('192.0.2.2') }), []],
    ['an undefined fallback and a loop of three', steering([{ pool: 'a' }], { a: { ...one('192.0.2.1'), fallback: 'b' }, b: { ...one('192.0.2.2'), fallback: 'c' }, c: { ...one('192.0.2.3'), fallback: 'a' }, d: { ...one('192.0.2.4'), fallback: 'zz' } }), [
      'dynamic-fallback-loop ["pools","a","fallback"] loop in pool fallbacks: a -> b -> c',
      'dynamic-fallback-loop ["pools","b","fallback"] loop in pool fallbacks: b -> c -> a',
      'dynamic-fallback-loop ["pools","c","fallback"] loop in pool fallbacks: c -> a -> b',
      'dynamic-unknown-pool ["pools","d","fallback"] undefined fallback "zz" for pool "d"',
      'dynamic-unused-pool ["pools","d"] unused pools: "d"',
    ]],
    ['weights out of 1..100, and a single value weighted', steering([{ pool: 'a' }], { a: { values: [{ value: '192.0.2.1', weight: 0, status: 'up' }, { value: '192.0.2.2', weight: 101, status: 'up' }] }, b: { values: [{ value: '192.0.2.3', weight: 7, status: 'up' }] } }), [
      'dynamic-weight ["pools","a","values",0,"weight"] invalid weight "0" in pool "a" value 1',
      'dynamic-weight ["pools","a","values",1,"weight"] invalid weight "101" in pool "a" value 2',
      'dynamic-weight ["pools","b","values",0,"weight"] pool "b" has single value with weight!=1',
      'dynamic-unused-pool ["pools","b"] unused pools: "b"',
    ]],
    ['no pools, no rules', steering([], {}), ['dynamic-missing-pools ["pools"] missing pools', 'dynamic-missing-rules ["rules"] missing rules']],
  ])('%s', (_, dynamic, want) => expect(messages(dynamic)).toEqual(want));
});

describe('geo codes and networks', () => {
  it.each([['EU', undefined], ['NA-CA-QC', undefined], ['AN-AQ', undefined], ['EU-US', 'unknown country code "EU-US"'], ['ZZ', 'unknown continent code "ZZ"'], ['EU-DE-BY', 'unknown province code "EU-DE-BY"']])('%s', (code, want) => expect(geoCodeProblem(code)).toBe(want));
  it('files a country under its continent', () => {
    expect([continentOf('DE'), continentOf('BR'), continentOf('QQ')]).toEqual(['EU', 'SA', undefined]);
  });
  it.each([['10.0.0.0/8', true], ['192.0.2.7', true], ['2001:db8::/32', true], ['2001:db8::1/32', false], ['10.0.0.0/33', false]])('%s parses: %s', (text, ok) => expect(parseNetwork(text) !== undefined).toBe(ok));
});
