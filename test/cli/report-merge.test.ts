import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/core/shard.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

// `plan --report` / `verify --report` in three shards, then `zonesync report merge`, through bin/run.js.

const names = Array.from({ length: 12 }, (_, i) => `m${i}.example`);
const zoneYaml = (i: number) => `'':\n  type: A\n  ttl: 300\n  value: 192.0.2.${i + 1}\n`;
const config = (directory = '.zonesync/served') =>
  ['providers:', `  local: { type: file, directory: ${directory}, delegation: [ns1.example.net.] }`, 'zones:', ...names.map((n) => `  ${n}: { file: zones/${n}.yaml, targets: [local] }`), ''].join('\n');

let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir });

beforeAll(async () => {
  ws = await makeWorkspace({ 'zonesync.yaml': config(), ...Object.fromEntries(names.map((n, i) => [`zones/${n}.yaml`, zoneYaml(i)])) });
  for (const shard of ['1/3', '2/3', '3/3']) {
    const i = shard[0];
    const plan = await cli('plan', '--shard', shard, '--report', `plan-${i}.json`, '-q');
    expect(plan.code, plan.stderr).toBe(0);
    const verify = await cli('verify', '--shard', shard, '--report', `verify-${i}.json`, '--format', 'json');
    expect(verify.code, verify.stderr).toBe(3); // the file provider has no nameservers: NOT VERIFIED
  }
}, 120_000);
afterAll(async () => ws?.cleanup());

describe('report merge', () => {
  it('three plan shards make one plan with every zone, in zone order', async () => {
    const merged = await cli('report', 'merge', 'plan-1.json', 'plan-2.json', 'plan-3.json', '--format', 'markdown', '--out', 'merged.json', '--detailed-exitcode');
    expect(merged.code, merged.stderr).toBe(2);
    expect(merged.stdout).toContain('## zonesync plan');
    for (const n of names) expect(merged.stdout).toContain(`\`${n}.\``);
    const plan = JSON.parse(readFileSync(join(ws.dir, 'merged.json'), 'utf8')) as { checksum: string; zones: Array<{ zone: string }> };
    expect(plan.zones.map((z) => z.zone)).toEqual(names.map((n) => `${n}.`).sort());
    // The merged plan is a plan: its checksum holds, so `apply --plan` would take it.
    const applied = await cli('apply', '--plan', 'merged.json', '--yes', '--verify', 'api', '-q');
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('three verify shards make one status page and one summary; a missing shard is named and not green', async () => {
    const all = await cli('report', 'merge', 'verify-1.json', 'verify-2.json', 'verify-3.json', '--html', 'status.html', '--format', 'markdown');
    expect(all.code).toBe(3);
    const html = readFileSync(join(ws.dir, 'status.html'), 'utf8');
    expect(html).toContain(`${names.length} zones.`);
    for (const n of names) expect(html).toContain(`<code>${n}.</code>`);
    expect(all.stdout).toContain('## zonesync verify');
    expect(all.stdout.match(/^### /gm)).toHaveLength(names.length);

    const two = await cli('report', 'merge', 'verify-1.json', 'verify-3.json', '--html', 'partial.html', '--format', 'markdown');
    expect(two.stderr).toContain('warning: shard 2/3 has no report');
    expect(two.stdout).toContain('> shard 2/3 has no report: its zones are not in this status');
    const missing = names.filter((n) => shardOf(n, 3) === 2).length;
    expect(readFileSync(join(ws.dir, 'partial.html'), 'utf8')).toContain(`${names.length - missing} zones.`);
    expect(readFileSync(join(ws.dir, 'partial.html'), 'utf8')).toContain('shard 2/3 has no report');
  });

  it('refuses plan with verify reports, reports of another config, and --html of plans', async () => {
    const mixed = await cli('report', 'merge', 'plan-1.json', 'verify-2.json');
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('Error: report merge: verify-2.json is a verify report and plan-1.json a plan report: merge plan reports and verify reports separately');

    await ws.write('zonesync.yaml', config('.zonesync/elsewhere'));
    const other = await cli('plan', '--shard', '2/3', '--report', 'other-2.json', '-q');
    expect(other.code, other.stderr).toBe(0);
    const refused = await cli('report', 'merge', 'plan-1.json', 'other-2.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: report merge: other-2.json and plan-1.json were made with different configs');

    const html = await cli('report', 'merge', 'plan-1.json', '--html', 'x.html');
    expect(html.code).toBe(1);
    expect(html.stderr).toContain('only verify reports make a status page');
  });
});
