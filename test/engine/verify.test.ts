// test-project: unit
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ProviderError } from '../../src/core/errors.js';
import { verifyZones } from '../../src/engine/verify.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { steerZone } from '../cli/steer-zone.js';

const CONFIG = `providers:
  local: { type: file, directory: served }
  other: { type: file, directory: other }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local, other] }
`;
const ZONE = 'www: { type: A, value: 192.0.2.1 }\n';

let ws: Workspace | undefined;
let dns: TestDnsServer | undefined;
afterEach(async () => {
  await dns?.close();
  dns = undefined;
  await ws?.cleanup();
  ws = undefined;
});

async function setup() {
  ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': ZONE });
  const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), {});
  const dir = ws.dir;
  const file = (id: string, nameservers: string[]) => createFileProvider(id, { type: 'file', directory: id, delegation: [], nameservers }, dir);
  return { config, file };
}

describe('verifyZones asks something or says it did not', () => {
  it('a target without nameservers makes the zone not OK and exits 3, with the sentence on that provider', async () => {
    const { config, file } = await setup();
    dns = await startDnsServer();
    dns.setZone({ name: 'example.com.', rrsets: [{ name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] }] });
    const providers = new ProviderSet(config, {}, { local: file('local', [`127.0.0.1:${dns.port}`]), other: file('other', []) });
    const run = await verifyZones(config, providers, config.zones, { timeoutMs: 300 });
    expect(run.ok).toBe(false);
    expect(run.exitCode).toBe(3);
    const [asked, unasked] = run.reports[0]?.providers ?? [];
    expect(asked?.nameservers[0]?.ok).toBe(true);
    expect(asked?.nothingAsked).toBeUndefined();
    expect(unasked).toEqual({ id: 'other', nameservers: [], nothingAsked: { message: 'nothing was asked for example.com. on other: set providers.other.nameservers to the address:port of each server that answers for it (no nameserver addresses configured or found)', error: false } });
  });

  it('a provider whose nameservers cannot be learned (API down) is an error: exit 1, unless something asked failed', async () => {
    const { config, file } = await setup();
    const down = { ...file('other', []), nameservers: async () => { throw new ProviderError('other', 'listing nameservers: connect ECONNREFUSED 127.0.0.1:1'); } };
    const providers = new ProviderSet(config, {}, { local: file('local', []), other: down });
    const run = await verifyZones(config, providers, config.zones, { targets: ['other'], timeoutMs: 300 });
    expect(run.exitCode).toBe(1);
    expect(run.ok).toBe(false);
    expect(run.reports[0]?.providers[0]?.nothingAsked).toEqual({ message: 'nothing was asked for example.com. on other: set providers.other.nameservers to the address:port of each server that answers for it (other: listing nameservers: connect ECONNREFUSED 127.0.0.1:1)', error: true });
    // With the other target unconfigured as well, the missing config decides: 3.
    expect((await verifyZones(config, providers, config.zones, { timeoutMs: 300 })).exitCode).toBe(3);
  });

  it('no zone with a target to verify asks nothing and says so: exit 3', async () => {
    const { config, file } = await setup();
    const providers = new ProviderSet(config, {}, { local: file('local', []), other: file('other', []) });
    const run = await verifyZones(config, providers, [], {});
    expect(run).toEqual({ reports: [], nothingAsked: 'nothing was asked: no zone has a target to verify', ok: false, exitCode: 3 });
  });

  it('a --shard that takes none of the config\'s zones asks nothing and fails nothing: exit 0, saying so', async () => {
    const { config, file } = await setup();
    const providers = new ProviderSet(config, {}, { local: file('local', []), other: file('other', []) });
    const run = await verifyZones(config, providers, [], { shard: '2/2' });
    expect(run).toEqual({ reports: [], emptyShard: "shard 2/2 holds none of the config's zones: nothing to verify in it (the other shards verify them)", ok: true, exitCode: 0 });
    await expect(verifyZones(config, providers, [], { shard: '2/2', targets: ['elsewhere'] })).rejects.toThrow('--target elsewhere: unknown provider');
  });

  it('an unknown --target is refused before anything is asked', async () => {
    const { config, file } = await setup();
    const providers = new ProviderSet(config, {}, { local: file('local', []), other: file('other', []) });
    await expect(verifyZones(config, providers, config.zones, { targets: ['elsewhere'] })).rejects.toThrow('--target elsewhere: unknown provider (configured: local, other)');
  });

  it('a nameserver that never answers did not answer: no mismatch, exit 3', async () => {
    const { config, file } = await setup();
    dns = await startDnsServer();
    dns.faults.drop = true;
    const providers = new ProviderSet(config, {}, { local: file('local', [`127.0.0.1:${dns.port}`]) });
    const run = await verifyZones(config, providers, config.zones, { targets: ['local'], timeoutMs: 100, retries: 0 });
    expect(run.exitCode).toBe(3);
    const ns = run.reports[0]?.providers[0]?.nameservers[0];
    expect(ns).toMatchObject({ ok: false, status: 'did-not-answer', mismatches: [] });
    expect(ns?.unanswered.length).toBeGreaterThan(0);
  });
});

describe('verifyZones and a steered rrset on a target that cannot steer', () => {
  it('expects its fallback values there (dynamic: fallback), exactly, and asks no steering checks', async () => {
    ws = await makeWorkspace({
      'zonesync.yaml': 'providers:\n  local: { type: file, directory: served }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [local], dynamic: fallback }\nverify:\n  ecs: { EU-DE: 192.0.2.0/24 }\n',
      'zones/example.com.yaml': steerZone(3),
    });
    const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), {});
    dns = await startDnsServer();
    const serve = (value: string) => dns?.setZone({ name: 'example.com.', rrsets: [{ name: 'www.example.com.', type: 'A', ttl: 60, values: [value] }] });
    const local = createFileProvider('local', { type: 'file', directory: 'served', delegation: [], nameservers: [`127.0.0.1:${dns.port}`] }, ws.dir);
    const providers = new ProviderSet(config, {}, { local });
    serve('192.0.2.1');
    const run = await verifyZones(config, providers, config.zones, { timeoutMs: 300 });
    expect(run.exitCode).toBe(0);
    expect(run.reports[0]?.providers[0]?.nameservers[0]?.steering).toBeUndefined();
    // A pool's value is right only where the rrset is steered: here it is wrong.
    serve('192.0.2.10');
    const wrong = await verifyZones(config, providers, config.zones, { timeoutMs: 300 });
    expect(wrong.exitCode).toBe(3);
    expect(wrong.reports[0]?.providers[0]?.nameservers[0]?.mismatches[0]).toMatchObject({ name: 'www.example.com.', type: 'A', expected: 'A 192.0.2.1', got: 'A 192.0.2.10' });
  });
});
