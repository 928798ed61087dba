import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkZone, pushZone } from '../../bench/push.js';
import type { Change } from '../../src/core/change.js';
import type { RRset, Zone } from '../../src/core/model.js';
import { query } from '../../src/dns/client.js';
import type { JournalEntry } from '../../src/engine/run/journal.js';
import { verifierFor } from '../../src/engine/run/verifiers.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import { RECTIFY_MARKER } from '../../src/providers/powerdns/rectify.js';
import { pdnsApi, startPowerDns, type PowerDnsServer } from '../harness/pdns.js';

/**
 * A run of several chunks on an unsigned PowerDNS zone turns api_rectify off, rectifies after the
 * chunks that change empty non-terminals or delegations and once at the end, and puts it back; a
 * run cut short leaves a marker the next run takes over. Real pdns_server, answers asked over DNS.
 */

let pdns: PowerDnsServer;

beforeAll(async () => {
  pdns = await startPowerDns({ dnssec: true });
}, 30_000);
afterAll(async () => {
  await pdns?.stop();
});

const providerFor = () => createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`${pdns.dns.address}:${pdns.dns.port}`] });
const metadata = async (zone: string) => new Map(((await pdnsApi(pdns, 'GET', `/zones/${zone}/metadata`)) as Array<{ kind: string; metadata: string[] }>).map((m) => [m.kind, m.metadata.join(',')]));
const rcode = async (name: string, type = 'A') => (await query(pdns.dns, name, type, { timeoutMs: 2000 })).rcode;
const withRRsets = (zone: Zone, more: RRset[]): Zone => ({ ...zone, rrsets: [...zone.rrsets, ...more] });

describe('PowerDNS: api_rectify off for a run of chunks, rectified where needed', () => {
  it('updates in 5 chunks: off during the run, one rectify at the end, on again; journaled', async () => {
    const zone = 'rect-updates.example.';
    const provider = providerFor();
    await provider.ensureZone(zone);
    await pushZone(provider, bulkZone(zone, 500), { chunkSize: 1000, verifier: verifierFor('api'), verify: 'api' });
    const events: JournalEntry[] = [];
    const pushed = await pushZone(provider, bulkZone(zone, 500, 500, 1), {
      chunkSize: 100,
      verifier: verifierFor('dns'),
      verify: 'dns',
      onEvent: (e) => events.push(e),
    });
    expect(pushed.chunks).toBe(5);
    const prepared = events.find((e) => e.type === 'zone-prepared');
    expect(prepared && 'detail' in prepared ? prepared.detail : '').toContain('api_rectify off for the run');
    const settled = events.find((e) => e.type === 'zone-settled');
    expect(settled && 'detail' in settled ? settled.detail : '').toMatch(/rectified once at the end; api_rectify on again \(it was the server default\)/);
    // Settled before the final drift check and zone-done.
    expect(events.map((e) => e.type).slice(-3)).toEqual(['zone-settled', 'drift-checked', 'zone-done']);
    // Updates change no name: no chunk was rectified on its own (one PATCH each).
    expect(events.filter((e) => e.type === 'chunk-applied').map((e) => ('apiCalls' in e ? e.apiCalls : 0))).toEqual([1, 1, 1, 1, 1]);
    const after = await metadata(zone);
    expect(after.get('API-RECTIFY')).toBe('1');
    expect(after.has(RECTIFY_MARKER)).toBe(false);
    await provider.close?.();
  }, 60_000);

  it('a chunk that makes an empty non-terminal is rectified at once: NOERROR for it before the next chunk, and NXDOMAIN once it goes', async () => {
    const zone = 'rect-ent.example.';
    const provider = providerFor();
    await provider.ensureZone(zone);
    const base = bulkZone(zone, 300);
    await pushZone(provider, base, { chunkSize: 1000, verifier: verifierFor('api'), verify: 'api' });
    // The deep name sorts first, so it is in chunk 1 of 4.
    const deep: RRset = { name: `x.ent.${zone}`, type: 'A', ttl: 60, values: ['192.0.2.9'] };
    const desired = withRRsets(bulkZone(zone, 300, 300, 1), [deep]);
    const seen: string[] = [];
    const events: JournalEntry[] = [];
    const probes: Array<Promise<void>> = [];
    await pushZone(provider, desired, {
      chunkSize: 100,
      verifier: verifierFor('dns'),
      verify: 'dns',
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'chunk-verified' && e.chunk === 1) probes.push(rcode(`ent.${zone}`).then((r) => void seen.push(r)));
      },
    });
    await Promise.all(probes);
    expect(seen).toEqual(['NOERROR']);
    const applied = events.filter((e) => e.type === 'chunk-applied').map((e) => ('apiCalls' in e ? e.apiCalls : 0));
    expect(applied[0]).toBe(2);
    expect(applied.slice(1)).toEqual([1, 1, 1]);
    expect((events.find((e) => e.type === 'zone-settled') as { detail: string }).detail).toContain('after 1 of its 4 chunk(s)');
    // Removing the only name below it: the ENT goes, at once.
    await pushZone(provider, withRRsets(bulkZone(zone, 300, 300, 2), []), { chunkSize: 100, verifier: verifierFor('dns'), verify: 'dns' });
    expect(await rcode(`ent.${zone}`)).toBe('NXDOMAIN');
    expect(await rcode(`h1.${zone}`)).toBe('NOERROR');
    await provider.close?.();
  }, 60_000);

  it('a run cut short leaves the marker; the next run takes it over and puts api_rectify back; a short run puts it right at once', async () => {
    const zone = 'rect-crash.example.';
    const provider = providerFor();
    await provider.ensureZone(zone);
    await pushZone(provider, bulkZone(zone, 300), { chunkSize: 1000, verifier: verifierFor('api'), verify: 'api' });
    // A run that dies after its start: rectify off, marker set, no finish.
    await provider.read(zone);
    expect(await provider.startZone?.(zone, 3)).toContain('api_rectify off');
    const changes: Change[] = [{ kind: 'create', after: { name: `y.gone.${zone}`, type: 'A', ttl: 60, values: ['192.0.2.1'] } }];
    await provider.apply(zone, changes);
    const left = await metadata(zone);
    expect(left.get('API-RECTIFY')).toBe('0');
    expect(left.get(RECTIFY_MARKER)).toBe('absent');

    // A fresh process: a run of one chunk finds the marker and puts things right before it starts.
    const next = providerFor();
    const events: JournalEntry[] = [];
    await pushZone(next, withRRsets(bulkZone(zone, 300, 1, 1), [{ name: `y.gone.${zone}`, type: 'A', ttl: 60, values: ['192.0.2.1'] }]), { chunkSize: 100, verifier: verifierFor('dns'), verify: 'dns', onEvent: (e) => events.push(e) });
    expect((events.find((e) => e.type === 'zone-prepared') as { detail: string }).detail).toContain('an interrupted run had left api_rectify off');
    const after = await metadata(zone);
    expect(after.get('API-RECTIFY')).toBe('1');
    expect(after.has(RECTIFY_MARKER)).toBe(false);
    expect(await rcode(`gone.${zone}`)).toBe('NOERROR');
    await provider.close?.();
    await next.close?.();
  }, 60_000);

  it('a zone signed since its last read (switch --dnssec) keeps rectify on', async () => {
    const zone = 'rect-signed-later.example.';
    const provider = providerFor();
    await provider.ensureZone(zone);
    await provider.read(zone);
    await provider.signZone?.(zone);
    expect(await provider.startZone?.(zone, 10)).toBeUndefined();
    expect((await metadata(zone)).has(RECTIFY_MARKER)).toBe(false);
    await provider.unsignZone?.(zone);
    expect(await provider.startZone?.(zone, 10)).toContain('api_rectify off');
    expect(await provider.finishZone?.(zone)).toContain('api_rectify on again');
    await provider.close?.();
  }, 60_000);

  it('left alone: a signed zone, and a zone whose operator turned api_rectify off', async () => {
    const signedZone = 'rect-signed.example.';
    await pdnsApi(pdns, 'POST', '/zones', { name: signedZone, kind: 'Native', nameservers: [`ns1.${signedZone}`], dnssec: true });
    const manual = 'rect-manual.example.';
    await pdnsApi(pdns, 'POST', '/zones', { name: manual, kind: 'Native', nameservers: [`ns1.${manual}`] });
    await pdnsApi(pdns, 'PUT', `/zones/${manual}`, { api_rectify: false });
    for (const [zone, rectify] of [[signedZone, undefined], [manual, '0']] as const) {
      const provider = providerFor();
      const events: JournalEntry[] = [];
      await pushZone(provider, bulkZone(zone, 300), { chunkSize: 100, verifier: verifierFor('api'), verify: 'api', onEvent: (e) => events.push(e) });
      expect(events.filter((e) => e.type === 'zone-prepared' || e.type === 'zone-settled')).toEqual([]);
      const meta = await metadata(zone);
      expect(meta.get('API-RECTIFY')).toBe(rectify);
      expect(meta.has(RECTIFY_MARKER)).toBe(false);
      await provider.close?.();
    }
  }, 60_000);
});
