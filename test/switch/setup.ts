import { RegisterDomainCommand, Route53DomainsClient, type ContactDetail } from '@aws-sdk/client-route-53-domains';
import { createBindProvider } from '../../src/providers/bind/provider.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import type { BindServer } from '../harness/bind.js';
import { pdnsApi, type PowerDnsServer } from '../harness/pdns.js';
import type { Moto } from '../harness/moto.js';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { bindBlock, powerdnsBlock, route53domainsBlock, zoneBlock } from '../support/config-blocks.js';

/** A zone served by a real PowerDNS and a real BIND, delegated to both, registered at moto's Route 53 Domains. */

export const ZONE = 'zonesync-switch.com';
export const PDNS_NS = 'ns1.pdns-dns.net.';
export const BIND_NS = 'ns1.bind-dns.net.';

export const ZONE_FILE = [
  "'':",
  '  - type: A',
  '    ttl: 300',
  '    values: [192.0.2.10, 192.0.2.11]',
  '  - type: MX',
  '    value: { preference: 10, exchange: mail.zonesync-switch.com. }',
  '  - type: TXT',
  '    value: v=spf1 -all',
  'www:',
  '  type: A',
  '  ttl: 300',
  '  value: 192.0.2.20',
  'mail:',
  '  type: A',
  '  value: 192.0.2.25',
  'archive:',
  '  type: A',
  '  ttl: 604800',
  '  value: 192.0.2.99',
  '',
].join('\n');

export const CLI_ENV = (pdns: PowerDnsServer, bind: BindServer): Record<string, string> => ({
  PDNS_API_KEY: pdns.apiKey,
  TSIG_SECRET: bind.tsig.secret,
  AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
});

export function configYaml(pdns: PowerDnsServer, bind: BindServer, moto: Moto): string {
  return [
    'providers:',
    ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS], timeoutMs: 3000 }),
    ...bindBlock('bind', bind),
    'registrars:',
    ...route53domainsBlock('domains', moto.endpoint),
    'zones:',
    ...zoneBlock(ZONE, { targets: ['pdns', 'bind'], delegate: ['pdns', 'bind'], registrar: 'domains' }),
    '',
  ].join('\n');
}

export async function workspaceFor(pdns: PowerDnsServer, bind: BindServer, moto: Moto): Promise<Workspace> {
  return makeWorkspace({ 'zonesync.yaml': configYaml(pdns, bind, moto), [`zones/${ZONE}.yaml`]: ZONE_FILE });
}

const contact: ContactDetail = {
  FirstName: 'Ada', LastName: 'Lovelace', ContactType: 'PERSON', OrganizationName: 'Example', AddressLine1: '1 Main St', City: 'Seattle', State: 'WA',
  CountryCode: 'US', ZipCode: '98101', PhoneNumber: '+1.2065550100', Email: 'ada@example.com',
};

export async function registerDomain(moto: Moto, domain: string): Promise<void> {
  const client = new Route53DomainsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  try {
    await client.send(new RegisterDomainCommand({ DomainName: domain, DurationInYears: 2, AdminContact: contact, RegistrantContact: contact, TechContact: contact }));
  } finally {
    client.destroy();
  }
}

/** The providers as the test reads them directly (not through the CLI under test). */
export function directProviders(pdns: PowerDnsServer, bind: BindServer): { pdns: Provider; bind: Provider } {
  return {
    pdns: createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`127.0.0.1:${pdns.dns.port}`] }),
    bind: createBindProvider('bind', { type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }),
  };
}

/** Set a provider's apex NS as an operator of a multi-provider zone would: every delegate's names. */
export async function setApexNs(provider: Provider, zone: string, names: string[]): Promise<void> {
  const live = await provider.read(zone);
  const before = live?.rrsets.find((r) => r.type === 'NS' && r.name === zone);
  if (!before) throw new Error(`${provider.id} has no apex NS for ${zone}`);
  await provider.apply(zone, [{ kind: 'update', before, after: { ...before, values: [...names].sort() } }]);
}

export async function apexNs(provider: Provider, zone: string): Promise<string[] | undefined> {
  const live = await provider.read(zone);
  return live?.rrsets.find((r) => r.type === 'NS' && r.name === zone)?.values;
}

/** Create `zone` on a PowerDNS through its API, signed (`dnssec: true`) or not, as an operator would before zonesync manages it. */
export async function createPdnsZone(server: PowerDnsServer, zone: string, nameservers: string[], signed: boolean): Promise<void> {
  const created = await fetch(`${server.url}/api/v1/servers/localhost/zones`, {
    method: 'POST', headers: { 'X-API-Key': server.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: zone.endsWith('.') ? zone : `${zone}.`, kind: 'Native', nameservers, dnssec: signed }),
  });
  if (!created.ok) throw new Error(`creating ${zone}: ${created.status} ${await created.text()}`);
}

/** The zone of the multi-signer tests and its two signers' nameserver names. */
export const MULTI_ZONE = 'zonesync-multi.com';
export const SIGNER_A_NS = 'ns1.signer-a.net.';
export const SIGNER_B_NS = 'ns1.signer-b.net.';

/**
 * TTLs of a second on a PowerDNS zone's SOA (its minimum sets the DNSKEY TTL) and apex NS, so a
 * switch's waits can be slept for real in a test.
 */
export async function shortApexTtls(server: PowerDnsServer, zone: string, nameservers: string[]): Promise<void> {
  await pdnsApi(server, 'PATCH', `/zones/${zone}.`, {
    rrsets: [
      { name: `${zone}.`, type: 'SOA', ttl: 1, changetype: 'REPLACE', records: [{ content: `${nameservers[0]} hostmaster.${zone}. 1 10800 3600 604800 1`, disabled: false }] },
      { name: `${zone}.`, type: 'NS', ttl: 1, changetype: 'REPLACE', records: nameservers.map((content) => ({ content, disabled: false })) },
    ],
  });
}
