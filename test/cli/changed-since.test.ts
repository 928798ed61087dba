import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCountingProxy, type CountingProxy } from '../../bench/counting-proxy.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

// `plan --changed-since REF` through bin/run.js, in a real git repository of 400 zones on the NS1
// simulator: the zone reads are counted on the wire, by a proxy in front of the API.

const ZONES = 400;
const names = Array.from({ length: ZONES }, (_, i) => `z${String(i).padStart(3, '0')}.example`);
const zoneYaml = (address: string) => `'':\n  type: A\n  ttl: 300\n  value: ${address}\n`;

let sim: Ns1Simulator;
let proxy: CountingProxy;
let ws: Workspace;
let env: Record<string, string>;

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: ws.dir, encoding: 'utf8' }).trim();

/** Zones whose records the plan read (GET /v1/zones/<zone>), each once per plan. */
function zonesRead(): string[] {
  return [...proxy.counts.entries()].filter(([kind]) => kind.startsWith('read ')).flatMap(([kind, n]) => Array.from({ length: n }, () => `${kind.slice(5)}.`)).sort();
}

/** Back to the commit: tracked edits undone, untracked files gone. */
function reset(): void {
  git('checkout', '--quiet', '--', '.');
  git('clean', '--quiet', '-f');
}

async function plan(...args: string[]) {
  proxy.reset();
  const result = await runCli(['plan', '--format', 'json', ...args], { cwd: ws.dir, env });
  const planned = result.code === 0 ? (JSON.parse(result.stdout) as { zones: Array<{ zone: string }> }).zones.map((z) => z.zone) : [];
  return { ...result, planned, read: zonesRead() };
}

function config(defaults = 'chunkSize: 100', extra: string[] = []): string {
  return [
    'providers:',
    `  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${proxy.url}', nameservers: ['${sim.dns.address}:${sim.dns.port}'] }`,
    'zones:',
    ...names.map((n) => `  ${n}: { file: zones/${n}.yaml, targets: [ns1] }`),
    '  inc.example: { file: zones/inc.example.zone, targets: [ns1] }',
    ...extra,
    'defaults:',
    `  ${defaults}`,
    '',
  ].join('\n');
}

beforeAll(async () => {
  sim = await startNs1Simulator({ limits: { read: 100_000, write: 100_000, periodSeconds: 1 } });
  proxy = await startCountingProxy(sim.baseUrl, (method, path) => {
    const zone = /^\/v1\/zones\/([^/?]+)(\?|$)/.exec(path)?.[1];
    return method === 'GET' && zone ? `read ${decodeURIComponent(zone)}` : `${method} ${path.split('?')[0]}`;
  });
  env = { NS1_API_KEY: sim.apiKey };
  for (const n of [...names, 'inc.example']) sim.addZone(n);
  const files: Record<string, string> = { 'zonesync.yaml': config() };
  for (const n of names) files[`zones/${n}.yaml`] = zoneYaml('192.0.2.1');
  files['zones/inc.example.zone'] = '$ORIGIN inc.example.\n$TTL 300\n$INCLUDE common/mail.inc\nwww IN A 192.0.2.7\n';
  files['zones/common/mail.inc'] = 'mail IN A 192.0.2.8\n';
  ws = await makeWorkspace(files);
  git('init', '--quiet');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'base');
  git('tag', 'base');
}, 120_000);

afterAll(async () => {
  await ws?.cleanup();
  await proxy?.close();
  await sim?.close();
});

describe('plan --changed-since', () => {
  afterEach(reset);

  it('one changed zone of 400: that zone is read, and no other', async () => {
    await ws.write('zones/z123.example.yaml', zoneYaml('192.0.2.99'));
    const result = await plan('--changed-since', 'base');
    expect(result.code, result.stderr).toBe(0);
    expect(result.read).toEqual(['z123.example.']);
    expect(result.planned).toEqual(['z123.example.']);
    expect(result.stderr).toContain('--changed-since base (');
    expect(result.stderr).toContain('): 1 of 401 zones');
    expect(result.stderr).toContain('  z123.example.: zone file zones/z123.example.yaml changed');
  });

  it('without the flag, every zone is read (the count above is the flag\'s doing)', async () => {
    const result = await plan();
    expect(result.code, result.stderr).toBe(0);
    expect(result.read).toHaveLength(ZONES + 1);
    expect(new Set(result.read).size).toBe(ZONES + 1);
  });

  it('a changed $INCLUDEd file takes the zone that includes it', async () => {
    await ws.write('zones/common/mail.inc', 'mail IN A 192.0.2.9\n');
    const result = await plan('--changed-since', 'base');
    expect(result.code, result.stderr).toBe(0);
    expect(result.read).toEqual(['inc.example.']);
    expect(result.stderr).toContain('inc.example.: included file zones/common/mail.inc changed');
  });

  it('an untracked zone file with its new config block is taken; a changed defaults: block takes every zone', async () => {
    await ws.write('zones/new.example.yaml', zoneYaml('192.0.2.5'));
    await ws.write('zonesync.yaml', config('chunkSize: 100', ['  new.example: { file: zones/new.example.yaml, targets: [ns1] }']));
    sim.addZone('new.example');
    const added = await plan('--changed-since', 'base');
    expect(added.code, added.stderr).toBe(0);
    expect(added.read).toEqual(['new.example.']);
    expect(added.stderr).toContain('new.example.: zone file zones/new.example.yaml changed; new in the config');

    await ws.write('zonesync.yaml', config('chunkSize: 50'));
    const all = await plan('--changed-since', 'base', '--shard', '1/4');
    expect(all.code, all.stderr).toBe(0);
    expect(all.read.length).toBeGreaterThan(50);
    expect(all.read.length).toBeLessThan(ZONES / 2);
    expect(all.stderr).toContain('defaults: changed');
  });

  it('apply --changed-since writes only the changed zone', async () => {
    await ws.write('zones/z007.example.yaml', zoneYaml('192.0.2.77'));
    proxy.reset();
    const applied = await runCli(['apply', '--changed-since', 'base', '--yes', '--verify', 'api'], { cwd: ws.dir, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(zonesRead().filter((z) => z !== 'z007.example.')).toEqual([]);
    const writes = [...proxy.counts.keys()].filter((k) => /^(PUT|POST|DELETE) /.test(k));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((k) => k.includes('/zones/z007.example/'))).toBe(true);
    expect((sim.record('z007.example', 'z007.example', 'A') as { answers: Array<{ answer: string[] }> }).answers[0]?.answer).toEqual(['192.0.2.77']);
  });

  it('refuses a REF that is not a commit, before any provider is asked', async () => {
    for (const ref of ['no-such-branch', 'HEAD:zonesync.yaml']) {
      const result = await plan('--changed-since', ref);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Error: --changed-since ${ref}: not a commit in this repository`);
      expect(proxy.counts.size).toBe(0);
    }
    const option = await plan('--changed-since=--output=/tmp/x');
    expect(option.code).toBe(1);
    expect(option.stderr).toContain('expected a commit, branch or tag');
  });
});
