// test-project: slow
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/lib/map-limit.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { CLI, makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { zoneAuditEnv } from '../support/zone-audit/env.js';

/**
 * SIGKILL at random moments — mid-write, mid-verify, mid-journal — across many multi-chunk
 * applies; after `apply --resume` or `rollback`, the provider holds exactly the intended zone.
 */

const HOSTS = 6;
const zoneYaml = (value: string) => Array.from({ length: HOSTS }, (_, i) => `h${i}: { type: A, ttl: 60, value: ${value} }`).join('\n') + '\n';
const expected = (value: string) => Array.from({ length: HOSTS }, (_, i) => `h${i}.crash.example. 60 ${value}`).sort();

async function held(provider: Provider): Promise<string[]> {
  const live = await provider.read('crash.example.');
  return (live?.rrsets ?? []).filter((r) => r.type === 'A').map((r) => `${r.name} ${r.ttl} ${r.values.join(',')}`).sort();
}

const runCount = (ws: Workspace) => {
  const runs = join(ws.dir, '.zonesync', 'runs');
  // Only whole runs count: a folder still being built (.tmp-…) is not a run yet.
  return existsSync(runs) ? readdirSync(runs).filter((n) => !n.startsWith('.')).length : 0;
};

/** Start an apply, and kill it with SIGKILL `delayMs` after its run folder appears (or let it end, whichever is first). */
function applyKilledAfter(ws: Workspace, env: Record<string, string>, delayMs: number): Promise<void> {
  const before = runCount(ws);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'apply', '--yes', '--chunk-size', '1', '--verify', 'api', '--force'], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...zoneAuditEnv(), ...env },
      stdio: 'ignore',
    });
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!timer && runCount(ws) > before) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    }, 2);
    child.on('exit', () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
}

async function trial(i: number, setup: () => Promise<{ ws: Workspace; env: Record<string, string>; provider: Provider; cleanup(): Promise<void> }>, maxDelayMs: number): Promise<void> {
  const { ws, env, provider, cleanup } = await setup();
  try {
    const first = await runCli(['apply', '--yes', '--verify', 'api'], { cwd: ws.dir, env });
    expect(first.code, first.stderr).toBe(0);
    await ws.write('zones/crash.yaml', zoneYaml('192.0.2.2'));
    // Deterministic spread of kill moments over the run, from its first journal line to its end.
    const runsBefore = runCount(ws);
    await applyKilledAfter(ws, env, ((i * 37) % 100) * (maxDelayMs / 100));
    const resume = i % 2 === 0;
    if (runCount(ws) > runsBefore) {
      const recovery = resume ? ['apply', '--resume', '--yes', '--verify', 'api', '--force'] : ['rollback', '--yes', '--verify', 'api'];
      const result = await runCli(recovery, { cwd: ws.dir, env });
      expect(result.code, `trial ${i} ${recovery[0]}: ${result.stderr}`).toBe(0);
    }
    // Killed before its run folder existed, the apply wrote nothing: the zone is as it was.
    const value = resume && runCount(ws) > runsBefore ? '192.0.2.2' : '192.0.2.1';
    expect(await held(provider), `trial ${i} (${resume ? 'resume' : 'rollback'})`).toEqual(expected(value));
  } finally {
    await cleanup();
  }
}

describe('SIGKILL at random moments', () => {
  it('100 multi-chunk applies on the file provider end exactly right after resume or rollback', async () => {
    const setup = async () => {
      const ws = await makeWorkspace({
        'zonesync.yaml': 'providers:\n  local: { type: file, directory: served, delegation: [ns1.example.net.] }\nzones:\n  crash.example: { file: zones/crash.yaml, targets: [local] }\n',
        'zones/crash.yaml': zoneYaml('192.0.2.1'),
      });
      const provider = createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, ws.dir);
      return { ws, env: {}, provider, cleanup: () => ws.cleanup() };
    };
    await mapLimit(Array.from({ length: 100 }, (_, i) => i), 3, (i) => trial(i, setup, 400));
  }, 600_000);

  describe('against a real PowerDNS', () => {
    let pdns: PowerDnsServer;
    beforeAll(async () => {
      pdns = await startPowerDns();
    });
    afterAll(async () => {
      await pdns?.stop();
    });

    it('20 more applies end exactly right after resume or rollback', async () => {
      const provider = createPowerDnsProvider('pdns', { type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, server: 'localhost', nameservers: [], timeoutMs: 10_000 } as Parameters<typeof createPowerDnsProvider>[1]);
      const setup = async () => {
        await fetch(`${pdns.url}/api/v1/servers/localhost/zones/crash.example.`, { method: 'DELETE', headers: { 'X-API-Key': pdns.apiKey } });
        const ws = await makeWorkspace({
          'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "${pdns.url}", apiKey: "\${PDNS_KEY}", nameserverNames: [ns1.example.net.] }\nzones:\n  crash.example: { file: zones/crash.yaml, targets: [pdns] }\n`,
          'zones/crash.yaml': zoneYaml('192.0.2.1'),
        });
        return { ws, env: { PDNS_KEY: pdns.apiKey }, provider, cleanup: () => ws.cleanup() };
      };
      for (let i = 0; i < 20; i++) await trial(i, setup, 500);
    }, 600_000);
  });
});
