import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { useMotoBehindProxy } from '../providers/route53-fixtures.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #22 on Route 53 through bin/run.js: a hosted zone signed with a KSK from the configured
 * KMS key (moto plus the proxy's DNSSEC operations) shows its KSK and DS in the plan; a second,
 * unsigned zone shows `not signed`. A bad dnssecKmsKeyArn is a config error with its place.
 */

const KMS = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666';
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const ctx = useMotoBehindProxy();
let ws: Workspace;

const yaml = (arn: string) => [
  'providers:',
  `  r53: { type: route53, endpoint: '${ctx.proxy.endpoint}', region: us-east-1, nameservers: [], dnssecKmsKeyArn: '${arn}' }`,
  'zones:',
  '  signed.example: { file: zones/signed.example.yaml, targets: [r53] }',
  '  plain.example: { file: zones/plain.example.yaml, targets: [r53] }',
  '',
].join('\n');

beforeAll(async () => {
  ws = await makeWorkspace({
    'zonesync.yaml': yaml(KMS),
    'zones/signed.example.yaml': "www:\n  type: A\n  ttl: 300\n  value: 192.0.2.1\n",
    'zones/plain.example.yaml': "www:\n  type: A\n  ttl: 300\n  value: 192.0.2.2\n",
  });
});
afterAll(async () => {
  await ws?.cleanup();
});

describe('zonesync plan shows Route 53 DNSSEC', () => {
  it('prints the ACTIVE KSK with its DS for a signing zone and "not signed" for the other', async () => {
    const p = createRoute53Provider('r53', { type: 'route53', endpoint: ctx.proxy.endpoint, dnssecKmsKeyArn: KMS }, { credentials: MOTO_CREDENTIALS });
    await p.createZone('signed.example.');
    await p.createZone('plain.example.');
    const [ksk] = (await p.signZone('signed.example.')).keys;
    await p.close();

    const plan = await runCli(['plan'], { cwd: ws.dir, env: env() });
    expect(plan.code, plan.stderr).toBe(0);
    const lines = plan.stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('dnssec:'));
    expect(lines).toEqual(expect.arrayContaining([
      `dnssec: signed: ${ksk?.keyTag}/13 KSK (DS ${ksk?.ds[0]}) (Route 53 GetDNSSEC: SIGNING; its ZSK is not listed)`,
      'dnssec: not signed (Route 53 GetDNSSEC: NOT_SIGNING)',
    ]));
  });

  it('refuses a KMS key outside us-east-1 at config time, with file, line and column', async () => {
    await ws.write('zonesync.yaml', yaml(KMS.replace('us-east-1', 'eu-west-1')));
    const plan = await runCli(['plan'], { cwd: ws.dir, env: env() });
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toMatch(/zonesync\.yaml:2:\d+/);
    expect(plan.stderr).toContain('in us-east-1');
  });
});
