import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { dsMatches, parseDsValue } from '../../src/dns/dnssec/index.js';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { makeSimKey } from '../support/dnssec-key.js';

let sim: CloudflareSimulator;

beforeAll(async () => {
  sim = await startCloudflareSimulator();
});
afterAll(async () => {
  await sim.close();
});

function provider() {
  return createCloudflareProvider('cf', { type: 'cloudflare', apiToken: sim.token, endpoint: sim.baseUrl, nameservers: [] }, { retry: { backoffMs: 10, retryAfterCapMs: 1000 } });
}

async function dnssecAnswer(zone: string, what = 'dnssec'): Promise<Record<string, unknown>> {
  const id = (await (await fetch(`${sim.baseUrl}/zones?name=${zone}`, { headers: { authorization: `Bearer ${sim.token}` } })).json() as { result: Array<{ id: string }> }).result[0]?.id;
  const answer = await fetch(`${sim.baseUrl}/zones/${id}/${what}`, { headers: { authorization: `Bearer ${sim.token}` } });
  return (await answer.json() as { result: Record<string, unknown> }).result;
}

describe('Cloudflare DNSSEC through /zones/{id}/dnssec', () => {
  it('reports an unsigned zone, signs it (pending, then active once the registrar has the DS) and unsigns it', async () => {
    sim.addZone('sign.example');
    const p = provider();
    expect(await p.dnssec('sign.example.')).toEqual({ signed: false, keys: [], source: 'Cloudflare DNSSEC API, status disabled' });

    const signed = await p.signZone('sign.example.');
    expect(signed.signed).toBe(true);
    expect(signed.source).toBe('Cloudflare DNSSEC API, status pending');
    const answer = await dnssecAnswer('sign.example');
    const [key, zsk] = signed.keys;
    expect(key).toMatchObject({ keyTag: answer.key_tag, algorithm: 13, role: 'KSK' });
    // Its zone-signing key from GET …/dnssec/zsk, which other signers must publish; no DS for it,
    // and nothing of the encrypted private key the answer carries.
    const zsks = (await dnssecAnswer('sign.example', 'dnssec/zsk')) as unknown as Array<{ DNSKEY: { Flags: number; PublicKey: string } }>;
    expect(zsks).toHaveLength(1);
    expect(zsk).toEqual({ keyTag: dnskeyFromText(`256 3 13 ${zsks[0]?.DNSKEY.PublicKey ?? ''}`).keyTag, algorithm: 13, role: 'ZSK', ds: [] });
    expect(signed.keys).toHaveLength(2);
    expect(JSON.stringify(signed)).not.toContain('ENCRYPTED-PRIVATE-KEY-MATERIAL');
    // The DS zonesync computes is the one Cloudflare gives for the registrar, and it names the key it publishes.
    const dsText = String(answer.ds).replace(/^sign\.example\. 3600 IN DS /, '');
    expect(key?.ds).toEqual([dsText]);
    expect(dsMatches('sign.example.', parseDsValue(dsText), dnskeyFromText(`257 3 13 ${String(answer.public_key)}`))).toBe(true);

    sim.dsAtRegistrar('sign.example');
    sim.resetRequestCounts();
    const again = await p.signZone('sign.example.');
    expect(again.source).toBe('Cloudflare DNSSEC API, status active');
    expect(again.keys).toEqual(signed.keys);
    expect(sim.requestsByKind['dnssec.edit']).toBeUndefined();

    expect(await p.unsignZone('sign.example.')).toEqual({ signed: false, keys: [], source: 'Cloudflare DNSSEC API, status disabled' });
    expect((await dnssecAnswer('sign.example')).public_key).toBeNull();
    sim.resetRequestCounts();
    await p.unsignZone('sign.example.');
    expect(sim.requestsByKind['dnssec.edit']).toBeUndefined();
  });

  it('publishes other signers\' keys as apex DNSKEY records with multi-signer on, exactly those, and the zone reads without them', async () => {
    const id = sim.addZone('multi.example');
    const p = provider();
    await p.signZone('multi.example.');
    const text = (k: ReturnType<typeof makeSimKey>) => `${k.flags} 3 13 ${k.publicKey}`;
    const [a, b] = [makeSimKey('multi.example', 256), makeSimKey('multi.example', 256)];
    const dnskeys = () => sim.records('multi.example').filter((r) => r.type === 'DNSKEY').map((r) => r.content).sort();

    await p.publishForeignKeys('multi.example.', [text(a), text(b)]);
    expect(dnskeys()).toEqual([text(a), text(b)].sort());
    expect((await p.dnssec('multi.example.')).source).toBe('Cloudflare DNSSEC API, status pending, multi-signer');
    expect((await p.read('multi.example.'))?.rrsets.map((r): string => r.type)).not.toContain('DNSKEY');

    sim.resetRequestCounts();
    await p.publishForeignKeys('multi.example.', [text(b), text(a)]);
    expect(sim.requestsByKind['records.batch']).toBeUndefined();
    expect(sim.requestsByKind['dnssec.edit']).toBeUndefined();

    await p.publishForeignKeys('multi.example.', [text(b)]);
    expect(dnskeys()).toEqual([text(b)]);
    await p.publishForeignKeys('multi.example.', []);
    expect(dnskeys()).toEqual([]);

    // Without multi-signer, Cloudflare takes no DNSKEY record.
    const other = sim.addZone('single.example');
    const post = await fetch(`${sim.baseUrl}/zones/${other}/dns_records`, { method: 'POST', headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'DNSKEY', name: 'single.example', ttl: 3600, data: { flags: 256, protocol: 3, algorithm: 13, public_key: a.publicKey } }) });
    expect(post.status).toBe(400);
    expect(JSON.stringify(await post.json())).toContain('multi-signer DNSSEC');
    expect(id).not.toBe(other);
  });

  it('names the provider when the zone is not on Cloudflare', async () => {
    const failure = await provider().dnssec('absent.example.').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as Error).message).toContain('absent.example. does not exist on Cloudflare');
  });

  it('the simulator refuses a status the endpoint does not take, and unknown fields', async () => {
    const id = sim.addZone('refuse.example');
    const patch = (body: unknown) => fetch(`${sim.baseUrl}/zones/${id}/dnssec`, { method: 'PATCH', headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await patch({ status: 'on' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('must be active or disabled');
    expect((await patch({ keys: [] })).status).toBe(400);
    expect((await dnssecAnswer('refuse.example')).status).toBe('disabled');
  });
});
