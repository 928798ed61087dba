import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { steeredZone } from '../support/steered-zone.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #21 through bin/run.js with a real zonesync.yaml: a zone file with a weighted pool, a geo
 * rule, a subnet rule and a failover pool, targeted at the Cloudflare simulator (which cannot
 * steer) and at the file provider. `plan` refuses, naming the rrset, the target and why; with
 * `dynamic: fallback` it plans and applies the plain fallback values and says so; `validate`
 * reports a bad block at its line and column.
 */

const TOKEN = 'zsDynamicCfToken7Qw2Er5Ty';
const STEERED = steeredZone();

const config = (dynamic: string) => `providers:
  cf:
    type: cloudflare
    apiToken: \${CLOUDFLARE_API_TOKEN}
    endpoint: ${cf.baseUrl}
  local: { type: file, directory: served }
zones:
  example.com:
    file: zones/example.com.yaml
    targets: [cf]
${dynamic}  files.example:
    file: zones/files.example.yaml
    targets: [local]
`;

let cf: CloudflareSimulator;
let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });

beforeAll(async () => {
  cf = await startCloudflareSimulator({ token: TOKEN });
  cf.addZone('example.com');
  ws = await makeWorkspace({ 'zonesync.yaml': config(''), 'zones/example.com.yaml': STEERED, 'zones/files.example.yaml': STEERED });
});
afterAll(async () => {
  await ws?.cleanup();
  await cf?.close();
});

describe('a steered record on targets that cannot steer', () => {
  it('plan refuses it, naming the rrset, the target and the reason, and writes nothing', async () => {
    const run = await cli('plan', 'example.com');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('example.com. cannot be served by cf');
    expect(run.stderr).toContain('cf (cloudflare) cannot steer www.example.com. A (dynamic): Cloudflare DNS records answer the same to every client');
    expect(run.stderr).toContain('set zones.example.com.dynamic: fallback');
    const file = await cli('plan', 'files.example');
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('local (file) cannot steer www.files.example. A (dynamic): a zone file holds plain records');
    expect(cf.records('example.com').filter((r) => r.type === 'A')).toEqual([]);
  });

  it('validate warns first, at the record, that the plan will refuse it', async () => {
    const run = await cli('validate', 'example.com');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain('zones/example.com.yaml:1:1: warning: www.example.com. A: steered (dynamic), but cf (cloudflare) cannot steer it: Cloudflare DNS records answer the same to every client');
  });

  it('with dynamic: fallback the plan serves the fallback values and says so; apply pushes them and a re-plan is empty', async () => {
    await ws.write('zonesync.yaml', config('    dynamic: fallback\n'));
    const plan = await cli('plan', 'example.com');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('www.example.com. A: served as its fallback values on cf');
    expect(plan.stdout).toContain('+ www.example.com. 60 IN A 192.0.2.250');
    expect(plan.stdout).not.toContain('dynamic pool');
    const json = JSON.parse((await cli('plan', 'example.com', '--format', 'json')).stdout);
    expect(json.zones[0].steeringFallback).toEqual([{ name: 'www.example.com.', type: 'A', reason: expect.stringContaining('Cloudflare DNS records answer the same') }]);
    const apply = await cli('apply', 'example.com', '--yes', '--verify', 'api');
    expect(apply.code, apply.stderr).toBe(0);
    expect(cf.records('example.com').filter((r) => r.name === 'www.example.com').map((r) => r.content)).toEqual(['192.0.2.250']);
    const again = await cli('plan', 'example.com', '--detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('served as its fallback values on cf');
  });

  it('dynamic: { fallback: [...] } names targets of the zone only', async () => {
    await ws.write('zonesync.yaml', config('    dynamic: { fallback: [local] }\n'));
    const run = await cli('validate');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/zonesync\.yaml:\d+:\d+: .*zones\.example\.com\.dynamic\.fallback: "local" is not one of the zone's targets \(cf\)/);
    await ws.write('zonesync.yaml', config(''));
  });

  it('validate reports a bad dynamic block at its line and column, and exits non-zero', async () => {
    await ws.write('zones/files.example.yaml', STEERED.replace('fallback: us', 'fallback: asia').replace('- EU-FR', '- EU-XX'));
    const run = await cli('validate', 'files.example');
    expect(run.code).toBe(1);
    const out = run.stdout + run.stderr;
    expect(out).toContain('zones/files.example.yaml:16:19: error: Invalid record "www.files.example." A: undefined fallback "asia" for pool "eu" [dynamic-unknown-pool]');
    expect(out).toContain('zones/files.example.yaml:30:13: error: Invalid record "www.files.example." A: rule 2 unknown country code "EU-XX" [dynamic-geo]');
    await ws.write('zones/files.example.yaml', STEERED);
  });

  it('fmt rewrites the steered record in canonical form; fmt --check then passes and the plan is the same', async () => {
    await ws.write('zonesync.yaml', config('    dynamic: fallback\n'));
    const before = JSON.parse((await cli('plan', 'example.com', '--format', 'json')).stdout).zones[0];
    const fmt = await cli('fmt', 'zones/example.com.yaml');
    expect(fmt.code, fmt.stderr).toBe(0);
    expect(fmt.stdout).toContain('formatted zones/example.com.yaml');
    expect((await cli('fmt', '--check', 'zones/example.com.yaml')).code).toBe(0);
    const after = JSON.parse((await cli('plan', 'example.com', '--format', 'json')).stdout).zones[0];
    expect(after.changes).toEqual(before.changes);
    expect(after.steeringFallback).toEqual(before.steeringFallback);
    expect((await cli('validate', 'example.com')).code).toBe(0);
  });
});
