import { CreateKeySigningKeyCommand, DeactivateKeySigningKeyCommand, DeleteKeySigningKeyCommand, DisableHostedZoneDNSSECCommand, EnableHostedZoneDNSSECCommand, GetDNSSECCommand, Route53Client } from '@aws-sdk/client-route-53';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';
import { dsMatches, parseDsValue } from '../../src/dns/dnssec/index.js';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { useMotoBehindProxy } from './route53-fixtures.js';

const KMS = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666';
const ctx = useMotoBehindProxy();

beforeEach(async () => {
  await ctx.moto.reset();
  ctx.proxy.calls.length = 0;
  ctx.proxy.dnssec.changePolls = 0;
});

function provider(kms?: string) {
  return createRoute53Provider('r53', { type: 'route53', endpoint: ctx.proxy.endpoint, ...(kms ? { dnssecKmsKeyArn: kms } : {}) }, { credentials: MOTO_CREDENTIALS });
}

const sdk = () => new Route53Client({ region: 'us-east-1', endpoint: ctx.proxy.endpoint, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });

async function failureOf(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const error = await promise.then(() => undefined, (e: unknown) => e as { name: string; $metadata?: { httpStatusCode?: number } });
  expect(error).toBeDefined();
  return { name: error?.name ?? '', status: error?.$metadata?.httpStatusCode };
}

describe('Route 53 DNSSEC (GetDNSSEC, key-signing keys, enable/disable) against moto and the proxy', () => {
  it('reports an unsigned zone, signs it with a KSK from the KMS key, and unsigns it again', async () => {
    const p = provider(KMS);
    await p.createZone('sign.example.');
    const zoneId = await p.hostedZoneId('sign.example.');
    expect(await p.dnssec('sign.example.')).toEqual({ signed: false, keys: [], source: 'Route 53 GetDNSSEC: NOT_SIGNING' });

    const signed = await p.signZone('sign.example.');
    expect(signed.signed).toBe(true);
    expect(signed.keys).toHaveLength(1);
    const [ksk] = signed.keys;
    expect(ksk).toMatchObject({ algorithm: 13, role: 'KSK' });
    // The DS zonesync computes from the DNSKEYRecord is Route 53's DSRecord, and it names that key.
    const out = await sdk().send(new GetDNSSECCommand({ HostedZoneId: zoneId }));
    const record = out.KeySigningKeys?.[0];
    expect(ksk?.ds).toEqual([record?.DSRecord]);
    expect(dsMatches('sign.example.', parseDsValue(record?.DSRecord ?? ''), dnskeyFromText(record?.DNSKEYRecord ?? ''))).toBe(true);
    expect(ctx.proxy.calls.map((c) => c.action).filter((a) => a === 'CreateKeySigningKey' || a === 'EnableHostedZoneDNSSEC')).toEqual(['CreateKeySigningKey', 'EnableHostedZoneDNSSEC']);
    // Each change was PENDING once, then INSYNC, and signZone came back only after both were INSYNC.
    const afterSign = ctx.proxy.calls.map((c) => c.action);
    expect(afterSign.slice(afterSign.indexOf('EnableHostedZoneDNSSEC'), afterSign.indexOf('EnableHostedZoneDNSSEC') + 6)).toEqual(['EnableHostedZoneDNSSEC', 'GetChange', 'GetChange', 'GetChange', 'GetChange', 'GetDNSSEC']);
    expect(ctx.proxy.dnssec.changePolls).toBe(4);

    ctx.proxy.calls.length = 0;
    expect(await p.signZone('sign.example.')).toEqual(signed);
    expect(ctx.proxy.calls.map((c) => c.action)).toEqual(['GetDNSSEC']);

    expect((await p.unsignZone('sign.example.')).signed).toBe(false);
    expect(ctx.proxy.dnssec.stateOf(zoneId)).toEqual({ signing: false, keys: [] });
    expect(ctx.proxy.calls.map((c) => c.action).slice(1, 5)).toEqual(['GetDNSSEC', 'DisableHostedZoneDNSSEC', 'DeactivateKeySigningKey', 'DeleteKeySigningKey']);
    // Three changes, each asked until INSYNC, before unsignZone read the status again.
    expect(ctx.proxy.calls.map((c) => c.action).slice(5)).toEqual(['GetChange', 'GetChange', 'GetChange', 'GetChange', 'GetChange', 'GetChange', 'GetDNSSEC']);
  });

  it('refuses to sign without dnssecKmsKeyArn, saying what to set, and sends no write', async () => {
    const p = provider();
    await p.createZone('nokms.example.');
    ctx.proxy.calls.length = 0;
    const failure = await p.signZone('nokms.example.').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as Error).message).toMatch(/r53.*set dnssecKmsKeyArn/s);
    expect(ctx.proxy.calls.map((c) => c.action)).toEqual(['GetDNSSEC']);
  });

  it('the proxy answers with the errors the API reference documents', async () => {
    const p = provider(KMS);
    await p.createZone('errors.example.');
    const zoneId = await p.hostedZoneId('errors.example.');
    const client = sdk();
    const create = (Name: string, arn = KMS) => client.send(new CreateKeySigningKeyCommand({ CallerReference: `r-${Name}`, HostedZoneId: zoneId, KeyManagementServiceArn: arn, Name, Status: 'ACTIVE' }));

    expect(await failureOf(client.send(new EnableHostedZoneDNSSECCommand({ HostedZoneId: zoneId })))).toEqual({ name: 'KeySigningKeyWithActiveStatusNotFound', status: 400 });
    expect(await failureOf(client.send(new DisableHostedZoneDNSSECCommand({ HostedZoneId: zoneId })))).toEqual({ name: 'DNSSECNotFound', status: 400 });
    expect(await failureOf(create('ksk_one', 'arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666'))).toEqual({ name: 'InvalidKMSArn', status: 400 });
    expect(await failureOf(create('no'))).toEqual({ name: 'InvalidKeySigningKeyName', status: 400 });
    await create('ksk_one');
    expect(await failureOf(create('ksk_one', KMS.replace('6666', '7777')))).toEqual({ name: 'KeySigningKeyAlreadyExists', status: 409 });
    await client.send(new EnableHostedZoneDNSSECCommand({ HostedZoneId: zoneId }));
    expect(await failureOf(client.send(new DeactivateKeySigningKeyCommand({ HostedZoneId: zoneId, Name: 'ksk_one' })))).toEqual({ name: 'KeySigningKeyInUse', status: 400 });
    expect(await failureOf(client.send(new DeleteKeySigningKeyCommand({ HostedZoneId: zoneId, Name: 'ksk_one' })))).toEqual({ name: 'InvalidKeySigningKeyStatus', status: 400 });
    expect(await failureOf(client.send(new DeleteKeySigningKeyCommand({ HostedZoneId: zoneId, Name: 'ksk_none' })))).toEqual({ name: 'NoSuchKeySigningKey', status: 404 });
    await create('ksk_two', KMS.replace('6666', '8888'));
    expect(await failureOf(create('ksk_three', KMS.replace('6666', '9999')))).toEqual({ name: 'TooManyKeySigningKeys', status: 400 });
    // A second ACTIVE KSK: the first may now be deactivated (the rollover path).
    await client.send(new DeactivateKeySigningKeyCommand({ HostedZoneId: zoneId, Name: 'ksk_one' }));
    expect(ctx.proxy.dnssec.stateOf(zoneId).keys.map((k) => [k.name, k.status])).toEqual([['ksk_one', 'INACTIVE'], ['ksk_two', 'ACTIVE']]);
    expect((await p.dnssec('errors.example.')).keys).toHaveLength(1);
    expect((await failureOf(client.send(new GetDNSSECCommand({ HostedZoneId: 'ZNOSUCHZONE' })))).name).toBe('NoSuchHostedZone');
  });
});
