import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBind, type BindServer } from '../harness/bind.js';
import { bindBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/** BIND cannot create a zone: bin/run.js against a real named that serves one zone of two. */

let bind: BindServer;
let ws: Workspace;
const zoneFile = (host: string) => ["ns1:", '  type: A', '  ttl: 300', '  value: 127.0.0.1', `${host}:`, '  type: A', '  ttl: 300', '  value: 192.0.2.7', ''].join('\n');
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { TSIG_SECRET: bind.tsig.secret } });

beforeAll(async () => {
  bind = await startBind({ zones: ['present.test'] });
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:', ...bindBlock('bind', { dns: bind.dns, tsig: bind.tsig }), 'zones:', ...zoneBlock('present.test', { targets: ['bind'] }), ...zoneBlock('missing.test', { targets: ['bind'] }), ''].join('\n'),
    'zones/present.test.yaml': zoneFile('www'),
    'zones/missing.test.yaml': zoneFile('app'),
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await bind?.stop();
});

describe('a zone missing on BIND', () => {
  it('plan prints the named.conf stanza to add, with the TSIG key', async () => {
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('  zone missing.test. is not at bind (bind), which cannot create it: add it by hand, then plan again');
    expect(plan.stdout).toContain(`    zone "missing.test" { type primary; file "missing.test.zone"; allow-update { key "${bind.tsig.name}"; }; allow-transfer { key "${bind.tsig.name}"; }; };`);
  });

  it('apply stops for that zone, saying what to add, and applies the rest (exit 1)', async () => {
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('missing.test. on bind: not applied: bind (bind) does not have the zone and cannot create it');
    expect(applied.stdout).toContain('  zone "missing.test" { type primary;');
    expect(applied.stdout).toContain('present.test. on bind: done');
  });

  it('once the zone is in named.conf, apply writes it and the next plan is empty', async () => {
    await bind.addZone('missing.test');
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('missing.test. on bind: done');
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });
});
