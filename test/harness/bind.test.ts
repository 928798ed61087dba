import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/client.js';
import { startBind, type BindServer } from './bind.js';

describe('startBind', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind({ zones: ['one.test', 'two.test.'] });
  });
  afterAll(async () => {
    await bind?.stop();
  });

  it('serves every zone it was given, authoritatively, on a loopback port', async () => {
    expect(bind.dns.address).toBe('127.0.0.1');
    for (const zone of ['one.test.', 'two.test.']) {
      const response = await query(bind.dns, zone, 'SOA');
      expect(response.rcode).toBe('NOERROR');
      expect(response.authoritative).toBe(true);
      expect(response.answers.map((r) => r.value)).toEqual([`ns1.${zone} hostmaster.${zone} 1 3600 600 604800 300`]);
    }
  });

  it('adds a zone while running', async () => {
    await bind.addZone('three.test');
    const response = await query(bind.dns, 'three.test.', 'NS');
    expect(response.answers.map((r) => r.value)).toEqual(['ns1.three.test.']);
  });

  it('lets the TSIG key transfer the zone and refuses a transfer without it', () => {
    const dig = (...args: string[]): string => execFileSync('dig', ['+noall', '+answer', '+comments', '-p', String(bind.dns.port), '@127.0.0.1', ...args]).toString();
    const signed = dig('-y', `${bind.tsig.algorithm}:${bind.tsig.name}:${bind.tsig.secret}`, 'one.test', 'AXFR');
    expect(signed).toMatch(/ns1\.one\.test\.\s+300\s+IN\s+A\s+127\.0\.0\.1/);
    expect(dig('one.test', 'AXFR')).toMatch(/REFUSED/);
  });

  it('can give every zone an apex NS outside it, with no address record to keep', async () => {
    const other = await startBind({ zones: ['five.test'], apexNameserver: 'ns1.elsewhere.example.' });
    try {
      expect((await query(other.dns, 'five.test.', 'NS')).answers.map((r) => r.value)).toEqual(['ns1.elsewhere.example.']);
      expect((await query(other.dns, 'ns1.five.test.', 'A')).rcode).toBe('NXDOMAIN');
    } finally {
      await other.stop();
    }
  });

  it('stops named and frees the port', async () => {
    const other = await startBind({ zones: ['four.test'] });
    await other.stop();
    await expect(query(other.dns, 'four.test.', 'SOA', { tcp: true, timeoutMs: 500 })).rejects.toThrow();
  });
});
