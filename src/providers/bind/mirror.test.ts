import { describe, expect, it } from 'vitest';
import type { Soa } from '../../core/model.js';
import type { WireRecord } from '../../dns/client.js';
import { ZoneMirror } from './mirror.js';

const Z = 'm.test.';
const soa = (serial: number): Soa => ({ mname: `ns1.${Z}`, rname: `hostmaster.${Z}`, serial, refresh: 3600, retry: 600, expire: 86400, minimum: 60, ttl: 300 });
const rec = (name: string, type: string, ttl: number, value: string): WireRecord => ({ name: `${name}.${Z}`, type, ttl, value });

describe('ZoneMirror', () => {
  const base = () => ZoneMirror.fromTransfer(Z, soa(1), [rec('www', 'A', 300, '192.0.2.1'), rec('www', 'A', 300, '192.0.2.2'), rec('www', 'TXT', 60, '"t"'), rec('x', 'TYPE65534', 0, '\\# 1 01')], 'bind');

  it('holds what the transfer held, named\'s signing state left out, and answers by key and by name', () => {
    const mirror = base();
    expect(mirror.serial).toBe(1);
    expect(mirror.rrsets([{ name: `www.${Z}`, type: 'A' }, { name: `www.${Z}`, type: 'A' }, { name: `gone.${Z}`, type: 'A' }])).toEqual([{ name: `www.${Z}`, type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] }]);
    expect(mirror.atNames([`www.${Z}`, `x.${Z}`]).map((r) => r.type)).toEqual(['A', 'TXT']);
  });

  it('applies differences in order: a value removed, a TTL changed, an rrset gone, one added', () => {
    const mirror = base();
    mirror.applyDiffs([
      { from: 1, to: 2, deleted: [rec('www', 'A', 300, '192.0.2.1'), rec('www', 'TXT', 60, '"t"')], added: [rec('new', 'AAAA', 120, '2001:db8::1')] },
      { from: 2, to: 3, deleted: [rec('www', 'A', 300, '192.0.2.2')], added: [rec('www', 'A', 30, '192.0.2.2'), rec('www', 'A', 30, '192.0.2.3')] },
      { from: 3, to: 4, deleted: [rec('new', 'AAAA', 120, '2001:db8::1')], added: [rec('new', 'AAAA', 120, '2001:DB8:0::1')] },
    ], soa(4));
    expect(mirror.serial).toBe(4);
    expect(mirror.atNames([`www.${Z}`, `new.${Z}`])).toEqual([
      { name: `new.${Z}`, type: 'AAAA', ttl: 120, values: ['2001:db8::1'] },
      { name: `www.${Z}`, type: 'A', ttl: 30, values: ['192.0.2.2', '192.0.2.3'] },
    ]);
    expect(mirror.rrsets([{ name: `www.${Z}`, type: 'TXT' }])).toEqual([]);
  });

  it('rejects a record it cannot read, naming it', () => {
    expect(() => ZoneMirror.fromTransfer(Z, soa(1), [rec('bad', 'A', 300, 'not-an-address')], 'bind1')).toThrow(/^bind1: m\.test\.: bad\.m\.test\. A: the transfer holds "not-an-address"/);
  });
});
