import { describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import { monitorFor, monitorMatches, ns1HealthcheckProblems, obeyingValues, ownMonitorValue } from './monitors.js';

function rrset(type: 'A' | 'AAAA' | 'CNAME', value: string, extra: { healthcheck?: Partial<DynamicHealthcheck>; providerHealthcheck?: Dynamic['providerHealthcheck'] } = {}): RRset & { dynamic: Dynamic } {
  const name = 'www.example.com.';
  const dynamic = { pools: { a: { values: [{ value, weight: 1, status: 'obey' }, { value: type === 'CNAME' ? 'up.example.net.' : type === 'A' ? '192.0.2.99' : '2001:db8::99', weight: 1, status: 'up' }] } }, rules: [{ pool: 'a' }], ...extra };
  return { name, type, ttl: 60, values: [value], dynamic: canonicalDynamic(name, type, dynamic as unknown as Dynamic, 'example.com.') } as RRset & { dynamic: Dynamic };
}

describe('NS1 monitors: the job for an obeying value', () => {
  it('is an HTTP job for octoDNS\'s default HTTPS check, named and noted as zonesync\'s', () => {
    expect(monitorFor(rrset('A', '192.0.2.10'), '192.0.2.10', ['lga'])).toEqual({
      active: true,
      name: 'www.example.com - A - 192.0.2.10',
      notes: 'by:zonesync host:www.example.com type:A value:192.0.2.10',
      policy: 'quorum',
      frequency: 60,
      rapid_recheck: false,
      region_scope: 'fixed',
      regions: ['lga'],
      job_type: 'http',
      config: { url: 'https://192.0.2.10:443/_dns', virtual_host: 'www.example.com', user_agent: 'NS1', tls_add_verify: false, follow_redirect: false, connect_timeout: 2, idle_timeout: 10 },
      rules: [{ comparison: '==', key: 'status_code', value: '200' }],
    });
  });

  it.each([
    ['TCP on port 5432, in milliseconds', rrset('A', '192.0.2.10', { healthcheck: { protocol: 'TCP', port: 5432 } }), '192.0.2.10', { job_type: 'tcp', config: { host: '192.0.2.10', port: 5432, connect_timeout: 2000, response_timeout: 10000, ssl: false } }],
    ['HTTP with host and path', rrset('A', '192.0.2.10', { healthcheck: { protocol: 'HTTP', port: 80, path: '/health', host: 'api.example.com' } }), '192.0.2.10', { config: expect.objectContaining({ url: 'http://192.0.2.10:80/health', virtual_host: 'api.example.com' }) }],
    ['AAAA bracketed, ipv6', rrset('AAAA', '2001:db8::1'), '2001:db8::1', { config: expect.objectContaining({ url: 'https://[2001:db8::1]:443/_dns', ipv6: true }) }],
    ['CNAME without the trailing dot', rrset('CNAME', 'a.example.net.'), 'a.example.net.', { name: 'www.example.com - CNAME - a.example.net', config: expect.objectContaining({ url: 'https://a.example.net:443/_dns' }) }],
    ['octodns.ns1.healthcheck settings', rrset('A', '192.0.2.10', { providerHealthcheck: { ns1: { policy: 'all', frequency: 20, rapid_recheck: true, connect_timeout: 4 } } }), '192.0.2.10', { policy: 'all', frequency: 20, rapid_recheck: true, config: expect.objectContaining({ connect_timeout: 4 }) }],
  ])('%s', (_what, set, value, expected) => {
    expect(monitorFor(set, value, ['lga'])).toMatchObject(expected);
  });

  it('lists each obeying value once', () => {
    expect(obeyingValues(rrset('A', '192.0.2.10'))).toEqual(['192.0.2.10']);
  });
});

describe('NS1 monitors: whose a job is, and whether it matches', () => {
  const set = rrset('CNAME', 'a.example.net.');
  const job = monitorFor(set, 'a.example.net.', ['lga']);

  it('zonesync\'s job names the value it watches (a CNAME with its dot back)', () => {
    expect(ownMonitorValue(job, set)).toBe('a.example.net.');
  });

  it.each([
    ['notes without zonesync\'s mark', { ...job, notes: 'host:www.example.com type:CNAME value:a.example.net' }],
    ['a person\'s notes', { ...job, notes: 'ops team' }],
    ['another record\'s', { ...job, notes: job.notes.replace('host:www.example.com', 'host:api.example.com') }],
    ['a renamed job', { ...job, name: 'db check' }],
  ])('is not zonesync\'s: %s', (_what, other) => {
    expect(ownMonitorValue(other, set)).toBeUndefined();
  });

  it('matches on the keys zonesync sets, regions in any order, and not on a changed port', () => {
    const wide = monitorFor(set, 'a.example.net.', ['lga', 'sjc']);
    expect(monitorMatches(wide, { ...wide, id: 'j1', notify_list: 'l1', regions: ['sjc', 'lga'], config: { ...wide.config, extra: 1 } })).toBe(true);
    expect(monitorMatches(wide, { ...wide, regions: ['lga'] })).toBe(false);
    expect(monitorMatches(wide, { ...wide, config: { ...wide.config, url: 'https://a.example.net:8443/_dns' } })).toBe(false);
    expect(monitorMatches(wide, { ...wide, frequency: 30 })).toBe(false);
  });
});

describe('NS1 monitors: octodns.ns1.healthcheck as a zone file writes it', () => {
  it('takes octoDNS\'s keys with their types, and names any other key or a wrong type (the plan refuses on each)', () => {
    const ok = rrset('A', '192.0.2.10', { providerHealthcheck: { ns1: { policy: 'all', frequency: 30, rapid_recheck: true, connect_timeout: 3, response_timeout: 5 } } });
    expect(ns1HealthcheckProblems(ok.dynamic)).toEqual([]);
    const bad = rrset('A', '192.0.2.10', { providerHealthcheck: { ns1: { policy: 'most', frequency: '60; rm -rf', rapid_recheck: 'yes', connect_timeout: 0, script: 'x' } } });
    expect(ns1HealthcheckProblems(bad.dynamic)).toEqual([
      'octodns.ns1.healthcheck.policy "most": takes all, quorum or one',
      'octodns.ns1.healthcheck.frequency "60; rm -rf": takes a whole number of seconds',
      'octodns.ns1.healthcheck.rapid_recheck "yes": takes true or false',
      'octodns.ns1.healthcheck.connect_timeout 0: takes a whole number of seconds',
      'octodns.ns1.healthcheck.script is not a setting NS1 monitors take (policy, frequency, rapid_recheck, connect_timeout, response_timeout)',
    ]);
  });
});
