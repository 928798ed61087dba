import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #22 through bin/run.js with a real zonesync.yaml: the plan shows each target's DNSSEC state
 * as the Cloudflare and NS1 simulators report it (key tag, algorithm, DS computed from the key),
 * and an unsigned target as `not signed`. No token in the output.
 */

let cf: CloudflareSimulator;
let ns1: Ns1Simulator;
let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { CF_TOKEN: cf.token, NS1_KEY: ns1.apiKey } });

beforeAll(async () => {
  cf = await startCloudflareSimulator();
  ns1 = await startNs1Simulator();
  cf.addZone('signed.example');
  ns1.addZone('signed.example');
  ns1.addZone('plain.example');
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      `  cf: { type: cloudflare, apiToken: '\${CF_TOKEN}', endpoint: '${cf.baseUrl}', nameservers: [] }`,
      `  ns1: { type: ns1, apiKey: '\${NS1_KEY}', endpoint: '${ns1.baseUrl}', nameservers: [] }`,
      'zones:',
      '  signed.example: { file: zones/signed.example.yaml, targets: [cf, ns1] }',
      '  plain.example: { file: zones/plain.example.yaml, targets: [ns1] }',
      '',
    ].join('\n'),
    'zones/signed.example.yaml': "www:\n  type: A\n  ttl: 300\n  value: 192.0.2.1\n",
    'zones/plain.example.yaml': "www:\n  type: A\n  ttl: 300\n  value: 192.0.2.2\n",
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await cf?.close();
  await ns1?.close();
});

describe('zonesync plan shows the DNSSEC state of Cloudflare and NS1 targets', () => {
  it('prints the keys and DS each signer reports, and "not signed" for an unsigned zone', async () => {
    const cfStatus = await createCloudflareProvider('cf', { type: 'cloudflare', apiToken: cf.token, endpoint: cf.baseUrl }).signZone('signed.example.');
    const ns1Status = await createNs1Provider('ns1', { type: 'ns1', apiKey: ns1.apiKey, endpoint: ns1.baseUrl }).signZone('signed.example.');
    const cfKey = cfStatus.keys.find((k) => k.role === 'KSK');
    const cfZsk = cfStatus.keys.find((k) => k.role === 'ZSK');
    const ns1Ksk = ns1Status.keys.find((k) => k.role === 'KSK');
    const ns1Zsk = ns1Status.keys.find((k) => k.role === 'ZSK');

    const plan = await cli('plan', '--no-color');
    expect(plan.code, plan.stderr).toBe(0);
    const lines = plan.stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('dnssec:'));
    // Cloudflare's ZSK comes from GET …/dnssec/zsk.
    expect(cfZsk).toBeDefined();
    expect(lines).toContain(`dnssec: signed: ${cfKey?.keyTag}/13 KSK (DS ${cfKey?.ds[0]}), ${cfZsk?.keyTag}/13 ZSK (Cloudflare DNSSEC API, status pending)`);
    expect(lines).toContain(`dnssec: signed: ${ns1Ksk?.keyTag}/13 KSK (DS ${ns1Ksk?.ds[0]}), ${ns1Zsk?.keyTag}/13 ZSK (NS1 DNSSEC API)`);
    expect(lines).toContain('dnssec: not signed (NS1 zone dnssec: false)');
    expect(plan.stdout).not.toContain(cf.token);
    expect(plan.stdout + plan.stderr).not.toContain(ns1.apiKey);
  });
});
