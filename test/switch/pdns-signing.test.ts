import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeysAt } from '../../src/dns/dnssec/status.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';

/** signZone / unsignZone of PowerDNS against a real pdns_server: the cryptokeys API, then what its nameserver serves. */

const ZONE = 'zonesync-sign.com.';
let pdns: PowerDnsServer;
let provider: Provider;

beforeAll(async () => {
  pdns = await startPowerDns({ dnssec: true, directDnskey: true });
  const created = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
    method: 'POST', headers: { 'X-API-Key': pdns.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: ZONE, kind: 'Native', nameservers: ['ns1.zonesync-sign.com.'] }),
  });
  if (!created.ok) throw new Error(`creating the zone: ${created.status} ${await created.text()}`);
  provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`127.0.0.1:${pdns.dns.port}`] });
}, 60_000);

afterAll(async () => {
  await pdns?.stop();
});

describe('PowerDNS signZone and unsignZone', () => {
  it('signs an unsigned zone with one CSK, serves it, does nothing the second time, and unsigns', async () => {
    expect(await dnskeysAt(pdns.dns, ZONE)).toEqual([]);
    expect((await provider.dnssec!(ZONE)).signed).toBe(false);

    const signed = await provider.signZone!(ZONE);
    expect(signed).toMatchObject({ signed: true, source: 'cryptokeys API' });
    expect(signed.keys).toHaveLength(1);
    expect(signed.keys[0]).toMatchObject({ algorithm: 13, role: 'KSK' });
    const served = await dnskeysAt(pdns.dns, ZONE);
    expect(served.map((k) => k.keyTag)).toEqual([signed.keys[0]!.keyTag]);

    expect((await provider.signZone!(ZONE)).keys.map((k) => k.keyTag)).toEqual([signed.keys[0]!.keyTag]);

    expect(await provider.unsignZone!(ZONE)).toMatchObject({ signed: false, keys: [] });
    expect(await dnskeysAt(pdns.dns, ZONE)).toEqual([]);
  }, 60_000);

  it('publishes another signer\'s key next to its own (multi-signer), and exactly the list given', async () => {
    const own = await provider.signZone!(ZONE);
    const foreign = 'zonesync-foreign.com.';
    const made = await fetch(`${pdns.url}/api/v1/servers/localhost/zones`, {
      method: 'POST', headers: { 'X-API-Key': pdns.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: foreign, kind: 'Native', nameservers: ['ns1.zonesync-foreign.com.'], dnssec: true }),
    });
    expect(made.ok).toBe(true);
    const [other] = await dnskeysAt(pdns.dns, foreign);
    const otherText = `${other!.flags} 3 ${other!.algorithm} ${Buffer.from(other!.publicKey).toString('base64')}`;
    await provider.publishForeignKeys!(ZONE, [otherText]);
    const served = (await dnskeysAt(pdns.dns, ZONE)).map((k) => k.keyTag).sort();
    expect(served).toEqual([own.keys[0]!.keyTag, other!.keyTag].sort());
    await provider.publishForeignKeys!(ZONE, []);
    expect((await dnskeysAt(pdns.dns, ZONE)).map((k) => k.keyTag)).toEqual([own.keys[0]!.keyTag]);
    await provider.unsignZone!(ZONE);
  }, 60_000);

  it('says which zone when it does not exist', async () => {
    await expect(provider.signZone!('absent-zone.com.')).rejects.toThrow(/absent-zone\.com\./);
  });
});
