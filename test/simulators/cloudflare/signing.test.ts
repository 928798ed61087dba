import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../../src/dns/client.js';
import { checkAnswer, checkDnskeySet, parseDnskey, parseNsec, rdataOf, type ValidationContext } from '../../../src/dns/dnssec/index.js';
import { createCloudflareProvider } from '../../../src/providers/cloudflare/provider.js';
import { makeSimKey } from '../../support/dnssec-key.js';
import { startCloudflareSimulator, type CloudflareSimulator } from './index.js';

/**
 * The simulator's nameserver signs as Cloudflare's edge does, checked by zonesync's own validator
 * (src/dns/dnssec): the keys the API reports, RRSIGs only with DO, compact denial (RFC 9824).
 */

const ZONE = 'signing.example';
let sim: CloudflareSimulator;

const provider = () => createCloudflareProvider('cf', { type: 'cloudflare', apiToken: sim.token, endpoint: sim.baseUrl, nameservers: [] });
const ask = (name: string, type: string, dnssec = true) => query(sim.dns, name, type, { dnssec, edns: true, tcp: true, timeoutMs: 2000, retries: 0 });

async function context(): Promise<ValidationContext> {
  const keys = (await ask(`${ZONE}.`, 'DNSKEY')).answers.filter((r) => r.type === 'DNSKEY').map((r) => parseDnskey(rdataOf(r)));
  return { zone: `${ZONE}.`, keys, now: Date.now() / 1000, warnSeconds: 0 };
}

beforeAll(async () => {
  sim = await startCloudflareSimulator();
  sim.addZone(ZONE);
  await provider().apply(`${ZONE}.`, [
    { kind: 'create', after: { name: `www.${ZONE}.`, type: 'A', ttl: 300, values: ['192.0.2.1'] } },
    { kind: 'create', after: { name: `a.b.${ZONE}.`, type: 'TXT', ttl: 300, values: ['"deep"'] } },
    { kind: 'create', after: { name: `*.wild.${ZONE}.`, type: 'A', ttl: 300, values: ['192.0.2.9'] } },
  ]);
});
afterAll(async () => {
  await sim.close();
});

describe('the Cloudflare simulator\'s nameserver as a signer', () => {
  it('serves no DNSKEY and no RRSIG while DNSSEC is off', async () => {
    expect((await ask(`${ZONE}.`, 'DNSKEY')).answers).toEqual([]);
    expect((await ask(`www.${ZONE}.`, 'A')).answers.map((r) => r.type)).toEqual(['A']);
  });

  it('once signing (pending), serves the API\'s KSK and ZSK as a DNSKEY set signed by the KSK', async () => {
    const status = await provider().signZone(`${ZONE}.`);
    const answer = await ask(`${ZONE}.`, 'DNSKEY');
    const keys = answer.answers.filter((r) => r.type === 'DNSKEY').map((r) => parseDnskey(rdataOf(r)));
    expect(keys.map((k) => `${k.keyTag}/${k.algorithm} ${k.flags}`).sort()).toEqual(status.keys.map((k) => `${k.keyTag}/${k.algorithm} ${k.role === 'KSK' ? 257 : 256}`).sort());
    expect(answer.answers.find((r) => r.type === 'DNSKEY')?.ttl).toBe(3600);
    const ctx = await context();
    expect(checkDnskeySet(answer.answers, ctx)).toEqual([]);
    // Signed by the KSK alone.
    expect(checkDnskeySet(answer.answers, { ...ctx, keys: keys.filter((k) => k.flags === 256) })).toEqual([expect.objectContaining({ reason: expect.stringMatching(/matches no DNSKEY/) })]);
  });

  it('signs answers with the ZSK, only for queries with DO', async () => {
    const ctx = await context();
    const signed = await ask(`www.${ZONE}.`, 'A');
    expect(signed.answers.map((r) => r.type)).toEqual(['A', 'RRSIG']);
    expect(checkAnswer(signed, `www.${ZONE}.`, 'A', ctx)).toEqual([]);
    expect(checkAnswer(signed, `www.${ZONE}.`, 'A', { ...ctx, keys: ctx.keys.filter((k) => k.flags === 257) })).toEqual([expect.objectContaining({ reason: expect.stringMatching(/matches no DNSKEY/) })]);
    expect((await ask(`www.${ZONE}.`, 'A', false)).answers.map((r) => r.type)).toEqual(['A']);
    // A wildcard's answer is signed as the name asked, so it verifies without a proof.
    const wild = await ask(`x.wild.${ZONE}.`, 'A');
    expect(checkAnswer(wild, `x.wild.${ZONE}.`, 'A', ctx)).toEqual([]);
  });

  it('answers a name that does not exist NOERROR with one NSEC at it listing NXNAME (RFC 9824 §3.1), NXDOMAIN without DO', async () => {
    const ctx = await context();
    const name = `nope.${ZONE}.`;
    const answer = await ask(name, 'A');
    expect(answer.rcode).toBe('NOERROR');
    expect(answer.answers).toEqual([]);
    const nsec = answer.authorities.filter((r) => r.type === 'NSEC');
    expect(nsec.map((r) => r.name)).toEqual([name]);
    const parsed = parseNsec(rdataOf(nsec[0]!));
    expect(parsed.next).toBe(`\u0000.${name}`);
    expect([...parsed.types].sort((a, b) => a - b)).toEqual([46, 47, 128]);
    expect(answer.authorities.filter((r) => r.type === 'RRSIG')).toHaveLength(2);
    expect(checkAnswer(answer, name, 'A', ctx)).toEqual([]);
    expect((await ask(name, 'A', false)).rcode).toBe('NXDOMAIN');
  });

  it('answers NODATA with the NSEC listing the types at the name (§3.2), none at an empty non-terminal', async () => {
    const ctx = await context();
    const nodata = await ask(`www.${ZONE}.`, 'TXT');
    const types = (name: string, records: typeof nodata.authorities) => [...parseNsec(rdataOf(records.find((r) => r.type === 'NSEC' && r.name === name)!)).types].sort((a, b) => a - b);
    expect(types(`www.${ZONE}.`, nodata.authorities)).toEqual([1, 46, 47]);
    expect(checkAnswer(nodata, `www.${ZONE}.`, 'TXT', ctx)).toEqual([]);
    const ent = await ask(`b.${ZONE}.`, 'A');
    expect(ent.rcode).toBe('NOERROR');
    expect(types(`b.${ZONE}.`, ent.authorities)).toEqual([46, 47]);
    expect(checkAnswer(ent, `b.${ZONE}.`, 'A', ctx)).toEqual([]);
    const apex = await ask(`${ZONE}.`, 'TXT');
    expect(types(`${ZONE}.`, apex.authorities)).toEqual([2, 6, 46, 47, 48]);
  });

  it('with multi-signer on, signs the other signers\' apex DNSKEY records into its DNSKEY set', async () => {
    const other = makeSimKey(ZONE, 256);
    await provider().publishForeignKeys(`${ZONE}.`, [`256 3 13 ${other.publicKey}`]);
    const answer = await ask(`${ZONE}.`, 'DNSKEY');
    const tags = answer.answers.filter((r) => r.type === 'DNSKEY').map((r) => parseDnskey(rdataOf(r)).keyTag);
    expect(tags).toHaveLength(3);
    expect(tags).toContain(other.keyTag);
    expect(checkDnskeySet(answer.answers, await context())).toEqual([]);
  });

  it('its two-day signatures draw no --sig-warn 7 warning while fresh, and one in their last quarter', async () => {
    const ctx = { ...(await context()), warnSeconds: 7 * 86400 };
    const signed = await ask(`www.${ZONE}.`, 'A');
    expect(checkAnswer(signed, `www.${ZONE}.`, 'A', ctx)).toEqual([]);
    // 49 h of validity left when signed (50 h in all): 40 h later, 9 h are left, under a quarter.
    const later = checkAnswer(signed, `www.${ZONE}.`, 'A', { ...ctx, now: ctx.now + 40 * 3600 });
    expect(later).toEqual([expect.objectContaining({ severity: 'warning', reason: expect.stringMatching(/^RRSIG expires \d{4}-\d\d-\d\d \(in (8|9) hours\)$/) })]);
    expect(checkAnswer(signed, `www.${ZONE}.`, 'A', { ...ctx, now: ctx.now + 30 * 3600 })).toEqual([]);
  });

  it('stops signing once DNSSEC is disabled', async () => {
    await provider().unsignZone(`${ZONE}.`);
    expect((await ask(`${ZONE}.`, 'DNSKEY')).answers).toEqual([]);
    expect((await ask(`nope.${ZONE}.`, 'A')).rcode).toBe('NXDOMAIN');
  });
});
