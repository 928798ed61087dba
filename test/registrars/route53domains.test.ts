import { RegisterDomainCommand, Route53DomainsClient, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createRegistrar, registrarConfigSchema } from '../../src/registrars/index.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startRoute53Proxy, type Route53Proxy } from '../providers/route53-proxy.js';

let moto: Moto;
let proxy: Route53Proxy;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startRoute53Proxy(moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.inject = () => undefined;
  proxy.calls.length = 0;
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
  });
});
