import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axfr } from '../../src/dns/axfr.js';
import { query } from '../../src/dns/client.js';
import { TsigError } from '../../src/dns/error.js';
import type { WireType } from '../../src/dns/rdata-wire.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE, sendUpdate, type DnsUpdate } from '../../src/dns/update.js';
import { startBind, type BindServer } from '../harness/bind.js';

const Z = 'upd.test.';

/** One record of every type zonesync writes, in canonical form: what named stores must come back identical. */
const everyType: Array<[string, WireType, string]> = [
  ['a', 'A', '192.0.2.1'],
  ['aaaa', 'AAAA', '2001:db8::1'],
  ['caa', 'CAA', '0 issue "letsencrypt.org"'],
  ['cname', 'CNAME', 'target.example.net.'],
  ['sub', 'NS', 'ns.example.net.'],
  ['sub', 'DS', '12345 13 2 49fd46e6c4b45c55d4ac69cbd3cd34ac1afe51de62e03ecd38b8a41a6d1e7a4d'],
  ['https', 'HTTPS', '1 . alpn=h2,h3 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1'],
  ['mx', 'MX', '10 mail.example.net.'],
  ['ptr', 'PTR', 'host.example.net.'],
  ['_sip._tcp', 'SRV', '10 20 5060 sip.example.net.'],
  ['sshfp', 'SSHFP', '4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['svc', 'SVCB', '2 svc.example.net. port=8443'],
  ['_443._tcp', 'TLSA', '3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['txt', 'TXT', '"v=spf1 -all" "say \\"hi\\"" "caf\\195\\169"'],
];

describe('RFC 2136 UPDATE against BIND with TSIG', () => {
  let bind: BindServer;
  const update = (u: Omit<DnsUpdate, 'zone'>): Promise<{ rcode: string }> => sendUpdate(bind.dns, { zone: Z, ...u }, { tsig: bind.tsig });
  const values = async (name: string, type: string): Promise<string[]> => (await query(bind.dns, `${name}.${Z}`, type)).answers.filter((r) => r.type === type).map((r) => r.value).sort();
  beforeAll(async () => {
    bind = await startBind({ zones: [Z] });
  });
  afterAll(async () => {
    await bind?.stop();
  });

  it('adds one record of every type, and a transfer gives each back in canonical form', async () => {
    const result = await update({ prerequisites: [], updates: everyType.map(([name, type, value]) => ({ kind: 'add', name: `${name}.${Z}`, type, ttl: 120, value })) });
    expect(result).toEqual({ rcode: 'NOERROR' });
    const transfer = await axfr(bind.dns, Z, { tsig: bind.tsig });
    for (const [name, type, value] of everyType) expect(transfer.records).toContainEqual({ name: `${name}.${Z}`, type, ttl: 120, value });
    expect(await values('txt', 'TXT')).toEqual([everyType.at(-1)?.[2]]);
  });

  it('replaces an rrset only while it still holds the values we read (a concurrent edit gives NXRRSET)', async () => {
    expect((await update({ prerequisites: [{ kind: 'name-absent', name: `www.${Z}` }], updates: [{ kind: 'add', name: `www.${Z}`, type: 'A', ttl: 60, value: '192.0.2.10' }, { kind: 'add', name: `www.${Z}`, type: 'A', ttl: 60, value: '192.0.2.11' }] })).rcode).toBe('NOERROR');
    const replace = (expected: string[], next: string): Promise<{ rcode: string }> => update({
      prerequisites: [{ kind: 'rrset-exists-value', name: `www.${Z}`, type: 'A', values: expected }],
      updates: [{ kind: 'delete-rrset', name: `www.${Z}`, type: 'A' }, { kind: 'add', name: `www.${Z}`, type: 'A', ttl: 60, value: next }],
    });
    expect((await replace(['192.0.2.10'], '198.51.100.1')).rcode).toBe('NXRRSET');
    expect(await values('www', 'A')).toEqual(['192.0.2.10', '192.0.2.11']);
    expect((await replace(['192.0.2.11', '192.0.2.10'], '198.51.100.1')).rcode).toBe('NOERROR');
    expect(await values('www', 'A')).toEqual(['198.51.100.1']);
  });

  it('checks absence and presence of rrsets and names', async () => {
    const add = { kind: 'add', name: `new.${Z}`, type: 'A', ttl: 60, value: '192.0.2.20' } as const;
    expect((await update({ prerequisites: [{ kind: 'rrset-absent', name: `www.${Z}`, type: 'A' }], updates: [add] })).rcode).toBe('YXRRSET');
    expect((await update({ prerequisites: [{ kind: 'name-absent', name: `www.${Z}` }], updates: [add] })).rcode).toBe('YXDOMAIN');
    expect((await update({ prerequisites: [{ kind: 'name-in-use', name: `nowhere.${Z}` }], updates: [add] })).rcode).toBe('NXDOMAIN');
    expect(await values('new', 'A')).toEqual([]);
    expect((await update({ prerequisites: [{ kind: 'rrset-absent', name: `new.${Z}`, type: 'A' }, { kind: 'name-in-use', name: `www.${Z}` }], updates: [add] })).rcode).toBe('NOERROR');
    expect(await values('new', 'A')).toEqual(['192.0.2.20']);
  });

  it('deletes one record of an rrset', async () => {
    await update({ prerequisites: [], updates: [{ kind: 'add', name: `two.${Z}`, type: 'TXT', ttl: 60, value: '"a"' }, { kind: 'add', name: `two.${Z}`, type: 'TXT', ttl: 60, value: '"b"' }] });
    expect((await update({ prerequisites: [], updates: [{ kind: 'delete-rr', name: `two.${Z}`, type: 'TXT', value: '"a"' }] })).rcode).toBe('NOERROR');
    expect(await values('two', 'TXT')).toEqual(['"b"']);
  });

  it('rejects a whole message when one prerequisite fails', async () => {
    const result = await update({
      prerequisites: [{ kind: 'name-in-use', name: `www.${Z}` }, { kind: 'rrset-absent', name: `www.${Z}`, type: 'A' }],
      updates: [{ kind: 'add', name: `atomic.${Z}`, type: 'A', ttl: 60, value: '192.0.2.30' }],
    });
    expect(result.rcode).toBe('YXRRSET');
    expect(await values('atomic', 'A')).toEqual([]);
  });

  it('answers NOTZONE for names outside the zone, REFUSED without a key', async () => {
    expect((await update({ prerequisites: [], updates: [{ kind: 'add', name: 'www.elsewhere.test.', type: 'A', ttl: 60, value: '192.0.2.1' }] })).rcode).toBe('NOTZONE');
    const unsigned = await sendUpdate(bind.dns, { zone: Z, prerequisites: [], updates: [{ kind: 'add', name: `x.${Z}`, type: 'A', ttl: 60, value: '192.0.2.1' }] });
    expect(unsigned.rcode).toBe('REFUSED');
  });

  it('throws a TSIG error for a wrong secret, never showing it', async () => {
    const wrong = { ...bind.tsig, secret: Buffer.alloc(32, 9).toString('base64') };
    const error = await sendUpdate(bind.dns, { zone: Z, prerequisites: [], updates: [{ kind: 'add', name: `x.${Z}`, type: 'A', ttl: 60, value: '192.0.2.1' }] }, { tsig: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TsigError);
    expect((error as TsigError).code).toBe('BADSIG');
    expect((error as Error).message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${bind.dns.port} upd\\.test\\. UPDATE: TSIG BADSIG: the server rejected our signature`));
    expect((error as Error).message).not.toContain(wrong.secret);
    expect(await values('x', 'A')).toEqual([]);
  });

  it('measures an update so callers can keep it in one message', async () => {
    const big: DnsUpdate = { zone: Z, prerequisites: [], updates: Array.from({ length: 300 }, (_, i) => ({ kind: 'add', name: `bulk${i}.${Z}`, type: 'TXT', ttl: 60, value: `"${'y'.repeat(250)}"` })) };
    expect(encodedUpdateSize(big)).toBeGreaterThan(MAX_MESSAGE_SIZE);
    await expect(sendUpdate(bind.dns, big, { tsig: bind.tsig })).rejects.toThrow(/larger than one DNS message \(65535\); split it/);
    const half: DnsUpdate = { ...big, updates: big.updates.slice(0, 150) };
    expect(encodedUpdateSize(half, bind.tsig)).toBeLessThan(MAX_MESSAGE_SIZE);
    expect((await sendUpdate(bind.dns, half, { tsig: bind.tsig })).rcode).toBe('NOERROR');
  });
});
