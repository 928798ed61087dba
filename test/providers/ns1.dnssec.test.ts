import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { dsFor, formatDs } from '../../src/dns/dnssec/index.js';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';
import { useNs1 } from './ns1-fixture.js';

const ns1 = useNs1('sec');

async function dnssecAnswer(zone: string): Promise<{ status: number; body: { keys?: { dnskey: string[][] }; delegation?: { ds: string[][] }; message?: string } }> {
  const res = await fetch(`${ns1.sim.baseUrl}/zones/${zone.replace(/\.$/, '')}/dnssec`, { headers: { 'X-NSONE-Key': ns1.sim.apiKey } });
  return { status: res.status, body: await res.json() as never };
}

describe('NS1 DNSSEC through the zone flag and /zones/{zone}/dnssec', () => {
  it('reports an unsigned zone, signs it with the KSK and ZSK NS1 makes, and unsigns it', async () => {
    const { provider, zone } = ns1;
    expect(await provider.dnssec(zone)).toEqual({ signed: false, keys: [], source: 'NS1 zone dnssec: false' });
    expect((await dnssecAnswer(zone)).body.message).toBe('DNSSEC is not enabled on the zone');

    const signed = await provider.signZone(zone);
    expect(signed.signed).toBe(true);
    expect(signed.keys.map((k) => k.role).sort()).toEqual(['KSK', 'ZSK']);
    const { body } = await dnssecAnswer(zone);
    // The DS zonesync computes for the KSK from its public key is the one NS1 gives for the parent.
    const ksk = dnskeyFromText((body.keys?.dnskey[0] ?? []).join(' '));
    expect(signed.keys.find((k) => k.role === 'KSK')?.ds).toEqual([(body.delegation?.ds[0] ?? []).join(' ')]);
    expect(formatDs(dsFor(zone, ksk))).toBe((body.delegation?.ds[0] ?? []).join(' '));
    expect(signed.keys.find((k) => k.role === 'ZSK')?.ds).toEqual([]);

    const writes = ns1.sim.counters.writes;
    expect(await provider.signZone(zone)).toEqual(signed);
    expect(ns1.sim.counters.writes).toBe(writes);

    expect(await provider.unsignZone(zone)).toEqual({ signed: false, keys: [], source: 'NS1 zone dnssec: false' });
    expect((await dnssecAnswer(zone)).status).toBe(400);
  });

  it('says why when the account has no DNSSEC, and names the provider', async () => {
    ns1.sim.dnssecAllowed = false;
    try {
      const failure = await ns1.provider.signZone(ns1.zone).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ProviderError);
      expect((failure as Error).message).toMatch(/ns1.*DNSSEC support is not enabled for this account/s);
      expect((await ns1.provider.dnssec(ns1.zone)).signed).toBe(false);
    } finally {
      ns1.sim.dnssecAllowed = true;
    }
  });

  it('after a whole read, an unsigned zone\'s DNSSEC line costs no call (the read saw the flag); a signed one reads only its keys', async () => {
    await ns1.provider.read(ns1.zone);
    let reads = ns1.sim.counters.reads;
    expect((await ns1.provider.dnssec(ns1.zone)).signed).toBe(false);
    expect(ns1.sim.counters.reads).toBe(reads);
    await ns1.provider.signZone(ns1.zone);
    await ns1.provider.read(ns1.zone);
    reads = ns1.sim.counters.reads;
    expect((await ns1.provider.dnssec(ns1.zone)).signed).toBe(true);
    expect(ns1.sim.counters.reads).toBe(reads + 1);
  });

  it('a zone NS1 does not have is an error, not "unsigned"', async () => {
    await expect(ns1.provider.dnssec('absent.example.')).rejects.toThrow(/absent\.example\. does not exist on NS1/);
  });

  it('the simulator refuses a dnssec flag that is not a boolean', async () => {
    const res = await fetch(`${ns1.sim.baseUrl}/zones/${ns1.zone.replace(/\.$/, '')}`, { method: 'POST', headers: { 'X-NSONE-Key': ns1.sim.apiKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ dnssec: 'yes' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('dnssec must be a boolean');
  });
});
