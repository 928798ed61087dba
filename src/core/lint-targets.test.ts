import { describe, expect, it } from 'vitest';
import { lintZone } from './lint.js';
import { danglingTargets } from './lint-targets.js';
import type { RRset } from './model.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], values: string[]): RRset => ({ name: name ? `${name}.${Z}` : Z, type, ttl: 300, values });
const messages = (rrsets: RRset[]) => lintZone({ name: Z, rrsets }, { targets: ['a', 'b'] }, [danglingTargets]).map((p) => `${p.record}: ${p.message}`);

describe('dangling-target', () => {
  it('MX, SRV and NS at in-zone hosts without an address; CNAME and ALIAS at names that do not exist', () => {
    expect(
      messages([
        rr('', 'MX', ['10 mail.example.com.', '20 mx.example.net.']),
        rr('_sip._tcp', 'SRV', ['0 0 5060 sip.example.com.']),
        rr('sub', 'NS', ['ns9.example.com.']),
        rr('www', 'CNAME', ['web.example.com.']),
        rr('', 'ALIAS', ['lb.example.com.']),
      ]),
    ).toEqual([
      'example.com. MX: the mail exchange mail.example.com. has no address record (A or AAAA) in this zone: mail for it cannot be delivered there',
      '_sip._tcp.example.com. SRV: the SRV target sip.example.com. has no address record (A or AAAA) in this zone: clients cannot connect to it',
      'sub.example.com. NS: the nameserver ns9.example.com. has no address record (A or AAAA) in this zone: resolvers cannot reach it',
      'www.example.com. CNAME: the target web.example.com. does not exist in this zone: resolvers following this CNAME get NXDOMAIN',
      'example.com. ALIAS: the target lb.example.com. does not exist in this zone: resolvers following this ALIAS get NXDOMAIN',
    ]);
  });

  it('is quiet where the name is answered: an address, AAAA only, a wildcard, a CNAME to data, outside the zone, null MX and SRV', () => {
    expect(
      messages([
        rr('', 'MX', ['10 mail.example.com.', '20 v6.example.com.', '30 x.wild.example.com.', '40 a.b.wild.example.com.', '50 mx.example.net.']),
        rr('null', 'MX', ['0 .']),
        rr('_none._tcp', 'SRV', ['0 0 0 .']),
        rr('mail', 'A', ['192.0.2.1']),
        rr('v6', 'AAAA', ['2001:db8::1']),
        rr('*.wild', 'A', ['192.0.2.5']),
        rr('www', 'CNAME', ['mail.example.com.']),
        rr('txt', 'CNAME', ['info.example.com.']),
        rr('info', 'TXT', ['"x"']),
      ]),
    ).toEqual([]);
  });

  it('a host that is a CNAME (RFC 2181 §10.3), an empty non-terminal, and a delegation whose nameserver lies inside it without glue', () => {
    expect(
      messages([
        rr('', 'MX', ['10 alias.example.com.', '20 ent.example.com.']),
        rr('alias', 'CNAME', ['mail.example.net.']),
        rr('deep.ent', 'A', ['192.0.2.9']),
        rr('go', 'CNAME', ['ent.example.com.']),
        rr('sub', 'NS', ['ns.sub.example.com.', 'ns2.sub.example.com.']),
        rr('ns2.sub', 'A', ['192.0.2.7']),
      ]),
    ).toEqual([
      'example.com. MX: the mail exchange alias.example.com. is a CNAME: RFC 2181 §10.3 allows no alias there (named-checkzone: "is a CNAME (illegal)")',
      'example.com. MX: the mail exchange ent.example.com. has no address record (A or AAAA) in this zone: mail for it cannot be delivered there',
      'go.example.com. CNAME: the target ent.example.com. holds no records (only names below it do): resolvers following this CNAME get no data',
      'sub.example.com. NS: the nameserver ns.sub.example.com. is at or inside the delegation sub.example.com. and needs glue: an A or AAAA record at ns.sub.example.com. in this zone (named-checkzone: "has no REQUIRED GLUE address records")',
    ]);
  });

  it('leaves another zone\'s names alone: below a delegation (other than the NS\'s own glue), below a DNAME, and records that are glue themselves', () => {
    expect(
      messages([
        rr('', 'MX', ['10 host.sub.example.com.', '20 x.old.example.com.']),
        rr('www', 'CNAME', ['www.sub.example.com.']),
        rr('sub', 'NS', ['ns.other.example.com.']),
        rr('other', 'NS', ['ns.other.example.com.']),
        rr('ns.other', 'A', ['192.0.2.8']),
        rr('x.sub', 'MX', ['10 nothing.example.com.']),
        rr('old', 'DNAME', ['new.example.net.']),
      ]),
    ).toEqual([]);
  });

  it('names each bad target once per rrset, at the rrset\'s place, and is a warning that can be disabled', () => {
    const rrset = { ...rr('', 'MX', ['10 gone.example.com.', '20 gone.example.com.']), source: { file: 'zones/example.com.zone', line: 7, column: 1 } };
    const problems = lintZone({ name: Z, rrsets: [rrset] }, { targets: ['a', 'b'] });
    expect(problems.map((p) => [p.rule, p.severity, p.location?.line])).toEqual([['dangling-target', 'warning', 7]]);
    expect(lintZone({ name: Z, rrsets: [rrset] }, { targets: ['a', 'b'], disabled: ['dangling-target'] })).toEqual([]);
  });
});
