import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS, motoZonesyncYaml, startMoto, type Moto } from '../harness/moto.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #19, what a provider keeps: through bin/run.js with a real zonesync.yaml, a weighted pair a
 * person made in Route 53 (moto) is listed by plan as left alone, kept by the provider, and never
 * becomes a change.
 */

let moto: Moto;
let ws: Workspace;
let sdk: Route53Client;
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: env() });
const weighted = (id: string, weight: number, ip: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: 'api.example.com', Type: 'A' as const, SetIdentifier: id, Weight: weight, TTL: 60, ResourceRecords: [{ Value: ip }] } });

beforeAll(async () => {
  moto = await startMoto();
  sdk = new Route53Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  const zone = await sdk.send(new CreateHostedZoneCommand({ Name: 'example.com.', CallerReference: 'routing' }));
  await sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone?.Id, ChangeBatch: { Changes: [weighted('eu-1', 10, '192.0.2.10'), weighted('eu-2', 90, '192.0.2.20')] } }));
  ws = await makeWorkspace({
    'zonesync.yaml': motoZonesyncYaml(moto.endpoint),
    'zones/example.com.yaml': ['www:', '  type: A', '  ttl: 300', '  value: 192.0.2.11', ''].join('\n'),
  });
});
afterAll(async () => {
  sdk?.destroy();
  await ws?.cleanup();
  await moto?.stop();
});

describe('Route 53 routing policies in the plan', () => {
  it('lists the weighted records under leftAlone in JSON, with their set identifiers, and only www as a change', async () => {
    const run = await cli('plan', '--format', 'json');
    expect(run.code).toBe(0);
    const [zone] = JSON.parse(run.stdout).zones;
    expect(zone.leftAlone).toEqual([
      { name: 'api.example.com.', type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "eu-1")' },
      { name: 'api.example.com.', type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "eu-2")' },
    ]);
    expect(zone.changes.map((c: { kind: string; after?: { name: string } }) => `${c.kind} ${c.after?.name}`)).toEqual(['create www.example.com.']);
  });

  it('shows the section in the text plan, the names under --full', async () => {
    const text = await cli('plan');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('left alone: 2 rrsets (not changed, deleted or counted by the safety rules)');
    expect(text.stdout).toContain('2 × kept by the provider (Route 53 routing policies and aliases zonesync does not model; not written or deleted)');
    expect(text.stdout).not.toContain('SetIdentifier');
    const full = await cli('plan', '--full');
    expect(full.stdout).toContain('api.example.com. A: weighted record (SetIdentifier "eu-1")');
    expect(full.stdout).toContain('api.example.com. A: weighted record (SetIdentifier "eu-2")');
  });
});
