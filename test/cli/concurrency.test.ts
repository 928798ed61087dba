import { spawn } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { CLI, makeWorkspace, runCli, type CliResult, type Workspace } from '../support/workspace.js';
import { zoneAuditEnv } from '../support/zone-audit/env.js';

const ZONE = 'two-writers.example';
const HOSTS = 6;
const zoneYaml = (value: (i: number) => string) => Array.from({ length: HOSTS }, (_, i) => `h${i + 1}: { type: A, ttl: 60, value: ${value(i + 1)} }`).join('\n') + '\n';

let pdns: PowerDnsServer;
const spaces: Workspace[] = [];

async function checkout(zone: string): Promise<Workspace> {
  const ws = await makeWorkspace({
    'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "${pdns.url}", apiKey: "\${PDNS_KEY}" }\nzones:\n  ${ZONE}: { file: zones/z.yaml, targets: [pdns] }\n`,
    'zones/z.yaml': zone,
  });
  spaces.push(ws);
  return ws;
}

beforeAll(async () => {
  pdns = await startPowerDns();
});

afterAll(async () => {
  await pdns?.stop();
  for (const ws of spaces) await ws.cleanup();
});

/** Run the CLI and resolve `seen` once stderr shows `marker`, so a second writer can step in mid-run. */
function runUntil(args: string[], cwd: string, marker: string): { seen: Promise<void>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: '/tmp', NO_COLOR: '1', PDNS_KEY: pdns.apiKey, ...zoneAuditEnv() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (markSeen = resolve));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes(marker)) markSeen();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      markSeen();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { seen, done };
}

describe('two checkouts applying one PowerDNS zone at once', () => {
  it('the writer whose plan went stale stops at the conflicting chunk, names it, writes nothing of it; the other succeeds', async () => {
    const env = { PDNS_KEY: pdns.apiKey };
    const a = await checkout(zoneYaml((i) => `192.0.2.${i}`));
    const first = await runCli(['apply', '--yes', '--verify', 'api'], { cwd: a.dir, env });
    expect(first.code, first.stderr).toBe(0);

    // Checkout A changes every host, one chunk at a time; checkout B changes h6 while A is on chunk 1.
    const b = await checkout(zoneYaml((i) => (i === HOSTS ? '203.0.113.66' : `192.0.2.${i}`)));
    await a.write('zones/z.yaml', zoneYaml((i) => `198.51.100.${i}`));
    const runA = runUntil(['apply', '--yes', '--verify', 'api', '--chunk-size', '1', '--pause', '2'], a.dir, 'change chunk 1 live');
    await runA.seen;
    const runB = await runCli(['apply', '--yes', '--verify', 'api'], { cwd: b.dir, env });
    const resultA = await runA.done;

    expect(runB.code, runB.stdout + runB.stderr).toBe(0);
    expect(resultA.code, resultA.stdout + resultA.stderr).toBe(1);
    const conflict = `${ZONE}. on pdns: conflict on h6.${ZONE}. A: changed at the provider since the plan was made (another writer?); nothing of chunk 6 of 6 (change) was written — make a new plan`;
    expect(resultA.stdout).toContain(`${ZONE}. on pdns: failed, 5 of 6 chunk(s) live, read back by API, not asked over DNS`);
    expect(resultA.stdout).toContain(`chunk 6 (change) failed at conflict: ${conflict}`);
    expect(resultA.stdout).toContain(`    - h6.${ZONE}. A: expected ttl 60 [192.0.2.6], found ttl 60 [203.0.113.66]`);
    expect(resultA.stdout).toContain('chunk 6 is not applied: nothing of this chunk was sent; chunks after it were not sent');
    expect(resultA.stderr).not.toContain('Internal error');

    // B's h6 survived: A did not overwrite it.
    const plan = await runCli(['plan', '--format', 'json'], { cwd: b.dir, env });
    expect(plan.stdout).not.toContain(`h6.${ZONE}.`);
  }, 60_000);
});

describe('state folder problems', () => {
  it('a dangling .zonesync symlink is a clean error, no stack trace, exit 1', async () => {
    const ws = await makeWorkspace({
      'zonesync.yaml': 'providers:\n  local: { type: file, directory: served, delegation: [ns1.example.net.] }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [local] }\n',
      'zones/example.com.yaml': 'www: { type: A, value: 192.0.2.1 }\n',
    });
    spaces.push(ws);
    await symlink('/nonexistent/zonesync-state', join(ws.dir, '.zonesync'));
    const result = await runCli(['apply', '--yes', '--verify', 'api'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Cannot create the run folder at ${join(ws.dir, '.zonesync', 'runs').replace(/\./g, '\\.')}/[^:]+: ${join(ws.dir, '.zonesync').replace(/\./g, '\\.')} is a symlink to /nonexistent/zonesync-state, which does not exist \\(E[A-Z]+\\); nothing was changed`));
    expect(result.stderr).not.toMatch(/Internal error| {4}at /);
  }, 30_000);
});
