import { generateKeyPairSync } from 'node:crypto';
import { RegisterDomainCommand, Route53DomainsClient, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createRegistrar, registrarConfigSchema } from '../../src/registrars/index.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startRoute53Proxy, type Route53Proxy } from '../providers/route53-proxy.js';
import { domainsDnssec, type DomainsDnssec } from '../simulators/route53domains-dnssec.js';
import { dsFor, formatDs } from '../../src/dns/dnssec/index.js';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';

let moto: Moto;
let proxy: Route53Proxy;
let dnssec: DomainsDnssec;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startRoute53Proxy(moto.endpoint);
  dnssec = domainsDnssec(moto.endpoint);
  proxy.handle = dnssec.handle;
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.inject = () => undefined;
  proxy.calls.length = 0;
  dnssec.reset();
});

const contact: ContactDetail = {
  FirstName: 'Ada', LastName: 'Lovelace', ContactType: 'PERSON', OrganizationName: 'Example', AddressLine1: '1 Main St', City: 'Seattle', State: 'WA',
  CountryCode: 'US', ZipCode: '98101', PhoneNumber: '+1.2065550100', Email: 'ada@example.com',
};

async function register(domain: string): Promise<void> {
  const client = new Route53DomainsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  await client.send(new RegisterDomainCommand({ DomainName: domain, DurationInYears: 2, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
  client.destroy();
}

const registrar = (endpoint = moto.endpoint) => createRegistrar('domains', { type: 'route53domains', endpoint }, { credentials: MOTO_CREDENTIALS, pollMs: 10, backoff: { maxAttempts: 3, baseMs: 1, maxMs: 5 } });

describe('Route 53 Domains registrar against moto', () => {
  it('reads the nameservers, replaces them, waits for the operation, and does nothing when already right', async () => {
    await register('zonesync-example.com');
    const domains = registrar();
    expect(domains.type).toBe('route53domains');
    const before = await domains.getNameservers('zonesync-example.com');
    expect(before.every((ns) => ns.endsWith('.'))).toBe(true);
    const wanted = ['ns-2.awsdns-02.net.', 'NS1.example.net', 'ns-1.awsdns-01.org'];
    const change = await domains.setNameservers('zonesync-example.com.', wanted);
    expect(change).toMatchObject({ kind: 'submitted', registrar: 'domains', domain: 'zonesync-example.com.', nameservers: ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.net.', 'ns1.example.net.'], status: 'SUCCESSFUL' });
    expect(change.kind === 'submitted' && change.operationId).toMatch(/\S/);
    expect(await domains.getNameservers('zonesync-example.com')).toEqual(['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.net.', 'ns1.example.net.']);
    expect(await domains.setNameservers('zonesync-example.com', wanted)).toEqual({ kind: 'unchanged', registrar: 'domains', domain: 'zonesync-example.com.', nameservers: ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.net.', 'ns1.example.net.'] });
  });

  it('fails clearly when the operation ends in ERROR', async () => {
    await register('zonesync-broken.com');
    const domains = registrar(proxy.endpoint);
    proxy.inject = (_action, _index, target) => (target.endsWith('.GetOperationDetail') ? { status: 200, body: JSON.stringify({ OperationId: 'op-1', Status: 'ERROR', Message: 'registry refused the update' }) } : undefined);
    const error = await domains.setNameservers('zonesync-broken.com', ['ns1.example.net.', 'ns2.example.net.']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/^domains: domain zonesync-broken\.com: nameserver update \S+ ended ERROR: registry refused the update; the registrar still lists the old nameservers$/);
  });

  it('names the domain when it is not registered here, and refuses an empty list', async () => {
    const domains = registrar();
    await expect(domains.getNameservers('not-mine.com')).rejects.toThrow(/^domains: domain not-mine\.com: reading its nameservers: InvalidInput/);
    await expect(domains.setNameservers('not-mine.com', [])).rejects.toThrow('domains: domain not-mine.com: refusing to set an empty nameserver list');
  });
});

describe('registrar config', () => {
  it('is a union on type, and a manual registrar prints exactly what to enter', async () => {
    expect(registrarConfigSchema.safeParse({ type: 'route53domains', endpoint: 'http://127.0.0.1:5001' }).success).toBe(true);
    expect(registrarConfigSchema.safeParse({ type: 'gandi' }).success).toBe(false);
    expect(registrarConfigSchema.safeParse({ type: 'manual', apiKey: 'x' }).success).toBe(false);
    expect(registrarConfigSchema.safeParse({ type: 'zone', zone: 'example.com.', provider: 'pdns', ttl: 300 }).success).toBe(true);
    expect(registrarConfigSchema.safeParse({ type: 'zone', zone: 'example.com.', provider: 'pdns', nameservers: [] }).success).toBe(false);
    expect(() => createRegistrar('parent', { type: 'zone', zone: 'example.com.', provider: 'pdns' })).toThrow(/needs the engine/);
    const manual = createRegistrar('by-hand', { type: 'manual' });
    expect(await manual.getNameservers('example.com')).toEqual([]);
    const change = await manual.setNameservers('Example.com', ['ns2.example.net.', 'ns1.example.net', 'NS1.example.net.']);
    expect(change).toEqual({
      kind: 'manual',
      registrar: 'by-hand',
      domain: 'example.com.',
      nameservers: ['ns1.example.net.', 'ns2.example.net.'],
      entries: 'ns1.example.net\nns2.example.net',
      instructions: 'At the registrar of example.com, replace the nameservers with exactly these 2, one per field:\nns1.example.net\nns2.example.net',
    });
    expect(await manual.getDs!('example.com')).toBeUndefined();
    const digest = 'ab'.repeat(32);
    const ds = await manual.setDs!('Example.com', [`2371 13 2 ${digest}`, `2371 13 2 ${digest.toUpperCase()}`]);
    expect(ds).toEqual({
      kind: 'manual',
      registrar: 'by-hand',
      domain: 'example.com.',
      ds: [`2371 13 2 ${digest.toUpperCase()}`],
      entries: `example.com. IN DS 2371 13 2 ${digest.toUpperCase()}`,
      instructions: `At the registrar of example.com, make the DS records (DNSSEC delegation signer) exactly these 1, removing any other; each is key tag, algorithm, digest type, digest:\nexample.com. IN DS 2371 13 2 ${digest.toUpperCase()}`,
    });
    expect(await manual.setDs!('example.com', [])).toMatchObject({ kind: 'manual', ds: [], entries: '', instructions: expect.stringMatching(/remove every DS record/) });
    await expect(manual.setDs!('example.com', ['2371 13 2 abc'])).rejects.toThrow(/^by-hand: example\.com\.: DS 2371 13 2 abc: /);
  });
});

/** A fresh ECDSA P-256 KSK as DNSKEY presentation rdata (`257 3 13 base64`), and its type 2 DS at `owner`. */
function ksk(owner: string): { dnskey: string; ds: string } {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-64);
  const dnskey = `257 3 13 ${raw.toString('base64')}`;
  return { dnskey, ds: formatDs(dsFor(owner, dnskeyFromText(dnskey), 2)) };
}

describe('Route 53 Domains DS records (simulated Associate/DisassociateDelegationSigner in front of moto)', () => {
  it('adds the new DS before removing the old one, reads them back from DnssecKeys, and does nothing when already right', async () => {
    await register('zonesync-signed.com');
    const domains = registrar(proxy.endpoint);
    expect(await domains.getDs!('zonesync-signed.com')).toEqual([]);
    const first = ksk('zonesync-signed.com.');
    const set = await domains.setDs!('zonesync-signed.com.', [first.ds], [first.dnskey]);
    expect(set).toMatchObject({ kind: 'submitted', registrar: 'domains', domain: 'zonesync-signed.com.', ds: [first.ds], status: 'SUCCESSFUL' });
    expect(await domains.getDs!('zonesync-signed.com')).toEqual([first.ds]);
    // The registry computed the same DS from the key: tag, algorithm, SHA-256 digest.
    expect(dnssec.keys.get('zonesync-signed.com')?.[0]).toMatchObject({ Flags: 257, Algorithm: 13, DigestType: 2 });
    expect(await domains.setDs!('zonesync-signed.com', [first.ds.toLowerCase()])).toEqual({ kind: 'unchanged', registrar: 'domains', domain: 'zonesync-signed.com.', ds: [first.ds] });

    const second = ksk('zonesync-signed.com.');
    dnssec.calls.length = 0;
    await domains.setDs!('zonesync-signed.com', [second.ds], [first.dnskey, second.dnskey]);
    expect(dnssec.calls.filter((c) => c !== 'GetOperationDetail' && c !== 'GetDomainDetail')).toEqual(['AssociateDelegationSignerToDomain', 'DisassociateDelegationSignerFromDomain']);
    expect(await domains.getDs!('zonesync-signed.com')).toEqual([second.ds]);

    const removed = await domains.setDs!('zonesync-signed.com', []);
    expect(removed).toMatchObject({ kind: 'submitted', ds: [] });
    expect(await domains.getDs!('zonesync-signed.com')).toEqual([]);
  });

  it('refuses a DS it cannot make (no key given, digest type 4) before any call, and names the registry\'s errors', async () => {
    await register('zonesync-refused.com');
    const domains = registrar(proxy.endpoint);
    const key = ksk('zonesync-refused.com.');
    await expect(domains.setDs!('zonesync-refused.com', [key.ds])).rejects.toThrow(`domains: domain zonesync-refused.com: DS ${key.ds}: Route 53 Domains takes the public key, not the DS, and no DNSKEY given matches it`);
    const sha384 = formatDs(dsFor('zonesync-refused.com.', dnskeyFromText(key.dnskey), 4));
    await expect(domains.setDs!('zonesync-refused.com', [sha384], [key.dnskey])).rejects.toThrow(/digest type 2/);
    await expect(domains.setDs!('zonesync-refused.com', ['1 13 2 abcd'])).rejects.toThrow(/^domains: domain zonesync-refused\.com: DS 1 13 2 abcd: digest is 2 bytes; digest type 2 takes 32$/);
    expect(dnssec.calls.filter((c) => c.startsWith('Associate'))).toEqual([]);

    dnssec.limit = 1;
    const other = ksk('zonesync-refused.com.');
    await expect(domains.setDs!('zonesync-refused.com', [key.ds, other.ds], [key.dnskey, other.dnskey])).rejects.toThrow(/associating DS .*: DnssecLimitExceeded: The domain zonesync-refused\.com has reached the maximum number of DS records \(1\)/);
    // The first (in DS order) went in; the second was refused: the registry holds what GetDomainDetail says.
    expect(await domains.getDs!('zonesync-refused.com')).toEqual([[key.ds, other.ds].sort()[0]]);
    await expect(registrar(proxy.endpoint).setDs!('not-registered.com', [key.ds], [key.dnskey])).rejects.toThrow(/^domains: domain not-registered\.com: reading its DS records: InvalidInput/);
  });

  it('reports DuplicateRequest while an operation for the domain is in progress', async () => {
    await register('zonesync-busy.com');
    const key = ksk('zonesync-busy.com.');
    dnssec.pollsUntilDone = 1000;
    const slow = createRegistrar('domains', { type: 'route53domains', endpoint: proxy.endpoint }, { credentials: MOTO_CREDENTIALS, pollMs: 1, operationTimeoutMs: 30, backoff: { maxAttempts: 1, baseMs: 1, maxMs: 1 } });
    const pending = await slow.setDs!('zonesync-busy.com', [key.ds], [key.dnskey]);
    expect(pending).toMatchObject({ kind: 'submitted', status: 'IN_PROGRESS' });
    const other = ksk('zonesync-busy.com.');
    await expect(slow.setDs!('zonesync-busy.com', [key.ds, other.ds], [key.dnskey, other.dnskey])).rejects.toThrow(/DuplicateRequest: The request is already in progress for the domain zonesync-busy\.com\./);
  });
});
