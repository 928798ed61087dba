import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS, motoZonesyncYaml, startMoto, type Moto } from '../harness/moto.js';
import { startRoute53Proxy, type Route53Proxy } from '../providers/route53-proxy.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #24, Route 53 list-call budget, through bin/run.js with a real zonesync.yaml and moto behind
 * a counting proxy: 2,500 creates go in 3 chunks of at most 1,000 in list order, each chunk's
 * read-back lists its range of the zone (a live rrset the run does not touch included), and the
 * final drift check is made from those ranges, with no whole read at the end.
 */

const N = 2500;
let moto: Moto;
let proxy: Route53Proxy;
let ws: Workspace;
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const label = (i: number) => `h${String(i).padStart(4, '0')}`;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startRoute53Proxy(moto.endpoint);
  const sdk = new Route53Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  const zone = await sdk.send(new CreateHostedZoneCommand({ Name: 'example.com.', CallerReference: 'ranges' }));
  // Live before the run, in the zone file too: sits between two chunks' names and is not changed.
  await sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone?.Id, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'h1500x.example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"kept"' }] } }] } }));
  sdk.destroy();
  const lines = ['h1500x:', '  type: TXT', '  ttl: 300', '  value: kept'];
  // Written in reverse: the engine sends them in Route 53's list order all the same.
  for (let i = N - 1; i >= 0; i--) lines.push(`${label(i)}:`, '  type: A', '  ttl: 300', `  value: 192.0.2.${(i % 250) + 1}`);
  ws = await makeWorkspace({ 'zonesync.yaml': motoZonesyncYaml(proxy.endpoint), 'zones/example.com.yaml': `${lines.join('\n')}\n` });
}, 60_000);
afterAll(async () => {
  await ws?.cleanup();
  await proxy?.stop();
  await moto?.stop();
});

describe('apply to Route 53: read-back ranges make the final drift check', () => {
  it(`${N} creates: 3 change calls, one list of each range, a drift check with no whole read`, async () => {
    const run = await runCli(['apply', '--yes', '--verify', 'api', '--chunk-size', '1000', '--json'], { cwd: ws.dir, env: env() });
    expect(run.stderr).not.toContain('testing');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.status).toBe('done');
    const journal = readFileSync(join(ws.dir, '.zonesync/runs', out.runId, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const starts = journal.filter((e) => e.type === 'chunk-start');
    expect(starts.map((e) => e.changes.length)).toEqual([1000, 1000, 500]);
    // list order: chunk 1 starts at h0000, chunk 2 at h1000, chunk 3 at h2000
    expect(starts.map((e) => e.changes[0])).toEqual(['create h0000.example.com. A', 'create h1000.example.com. A', 'create h2000.example.com. A']);
    // Each chunk says how it was read back: its range, in ListResourceRecordSets pages (300 a page, as counted below).
    expect(journal.filter((e) => e.type === 'chunk-verified').map((e) => e.readBack)).toEqual([{ method: 'range', calls: 4 }, { method: 'range', calls: 4 }, { method: 'range', calls: 2 }]);
    const drift = journal.find((e) => e.type === 'drift-checked');
    expect(drift).toMatchObject({ problems: [], rrsets: N + 2, method: `ranges read back after each of 3 chunk(s) + count ${N + 3} of ${N + 3}` });
    const calls = (action: string) => proxy.calls.filter((c) => c.action === action).length;
    expect(calls('ChangeResourceRecordSets')).toBe(3);
    // plan read + read under the lock (1 page each: 3 rrsets), then the ranges at 300 a page:
    // [^, h1000) = SOA, NS, h0000–h0999 → 4; [h1000, h2000) = 1,000 + h1500x → 4; [h2000, $) = 500 → 2.
    expect(calls('ListResourceRecordSets')).toBe(2 + 4 + 4 + 2);
    expect(calls('GetHostedZone')).toBe(1);
  }, 120_000);

  it('a second plan finds nothing to do', async () => {
    const run = await runCli(['plan', '--format', 'json'], { cwd: ws.dir, env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).zones[0].changes).toEqual([]);
  }, 60_000);
});
