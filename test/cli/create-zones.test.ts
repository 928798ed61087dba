import { CreateHostedZoneCommand, ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS, motoZonesyncYaml, startMoto, type Moto } from '../harness/moto.js';
import { CLI, makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/** Zone creation as a user meets it: bin/run.js, a real zonesync.yaml, Route 53 on moto. */

let moto: Moto;
let ws: Workspace;
let sdk: Route53Client;
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: env() });
const hostedZones = async () => ((await sdk.send(new ListHostedZonesCommand({}))).HostedZones ?? []).map((z) => z.Name).sort();

beforeAll(async () => {
  moto = await startMoto();
  sdk = new Route53Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  // A zone at the provider that no config names: plan lists it, nothing deletes it.
  await sdk.send(new CreateHostedZoneCommand({ Name: 'stray.example.', CallerReference: 'stray' }));
  ws = await makeWorkspace({
    'zonesync.yaml': motoZonesyncYaml(moto.endpoint),
    'zones/example.com.yaml': ["'':", '  type: A', '  ttl: 300', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 300', '  value: 192.0.2.11', ''].join('\n'),
  });
});
afterAll(async () => {
  sdk?.destroy();
  await ws?.cleanup();
  await moto?.stop();
});

describe('a zone missing at Route 53', () => {
  it('is a line of the plan, in text, markdown and JSON; the zones no config names are listed', async () => {
    const text = await cli('plan', '--detailed-exitcode');
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('  create zone example.com. at r53 (needs --create-zones, or a yes at the prompt)');
    expect(text.stdout).toContain('Zones at providers that no config names (zonesync never deletes a zone):\n  r53 (route53): 1: stray.example.');
    const md = await cli('plan', '--format', 'markdown');
    expect(md.stdout).toContain('- create zone `example.com.` at r53 (needs --create-zones, or a yes at the prompt)');
    expect(md.stdout).toContain('- r53 (route53): 1: `stray.example.`');
    const json = JSON.parse((await cli('plan', '--format', 'json')).stdout);
    expect(json.zones[0]).toMatchObject({ zone: 'example.com.', target: 'r53', zoneExists: false, zoneCreation: { by: 'apply', consent: true } });
  });

  it('is refused by apply --yes without --create-zones, and nothing is created', async () => {
    const refused = await cli('apply', '--yes', '--verify', 'api');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('The plan creates 1 zone (example.com. at r53); apply creates zones only with --create-zones (or a yes at the prompt). Nothing was written');
    expect(await hostedZones()).toEqual(['stray.example.']);
  });

  it('is created by apply --yes --create-zones, journaled, and the next plan is empty', async () => {
    const applied = await cli('apply', '--yes', '--create-zones', '--verify', 'api');
    expect(applied.code).toBe(0);
    expect(applied.stderr).toMatch(/^example\.com\. on r53: zone created \(nameservers ns-\S+\.(?: ns-\S+\.)+\)$/m);
    expect(applied.stdout).toContain('example.com. on r53: done');
    expect(await hostedZones()).toEqual(['example.com.', 'stray.example.']);
    const again = await cli('plan', '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('create zone');
  });

  it('stays when the run is rolled back: rollback says it never deletes a zone', async () => {
    const rolled = await cli('rollback', '--yes', '--verify', 'api');
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toContain('The run created zone example.com. at r53: rollback never deletes a zone, so it stays');
    expect(await hostedZones()).toEqual(['example.com.', 'stray.example.']);
  });
});

/** `apply` on a terminal (script(1) gives it a pty), answering `answer` at the prompt. */
function onTerminal(args: string[], answer: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ws.dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env() }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let answered = false;
    const take = (d: Buffer) => {
      out += d.toString();
      if (!answered && out.includes('[y/N]')) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('an interactive apply', () => {
  it('asks for the zones it creates in its confirmation: no writes nothing, yes creates them', async () => {
    await ws.write('zonesync.yaml', `${readFileSync(join(ws.dir, 'zonesync.yaml'), 'utf8')}  second.example:\n    file: zones/example.com.yaml\n    targets: [r53]\n`);
    const no = await onTerminal(['apply', 'second.example', '--verify', 'api'], 'n');
    expect(no.out).toContain('Apply these changes and create 1 zone (second.example. at r53)? [y/N]');
    expect(no.out).toContain('Cancelled: nothing was written.');
    expect(await hostedZones()).not.toContain('second.example.');
    const yes = await onTerminal(['apply', 'second.example', '--verify', 'api'], 'y');
    expect(yes.code, yes.out).toBe(0);
    expect(yes.out).toContain('second.example. on r53: done');
    expect(await hostedZones()).toContain('second.example.');
  });
});
