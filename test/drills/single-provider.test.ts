import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import type { Problem } from '../../src/core/problem.js';

/**
 * Drill 5 — "the only internal DNS server ran on the database host; when it crashed, failover tools
 * could not resolve names". `validate` must warn (single-provider) and still exit 0; `verify` reaches
 * the nameserver by IP and names it when it dies; with a second target the warning is gone and the
 * zone is still served after the first server is lost.
 */

const ZONE = 'internal.example';
const ZONE_FILE = ["'':", '  type: A', '  value: 192.0.2.1', 'db:', '  type: A', '  value: 192.0.2.5', 'api:', '  type: CNAME', `  value: db.${ZONE}.`, ''].join('\n');

let dbHost: PowerDnsServer;
let spare: PowerDnsServer;
let ws: Workspace;
let env: Record<string, string>;

const configText = (targets: string[]) =>
  [
    'providers:',
    ...powerdnsBlock('dbhost', { url: dbHost.url, nameservers: [dbHost.dns], apiKeyVar: 'DBHOST_KEY' }),
    ...powerdnsBlock('spare', { url: spare.url, nameservers: [spare.dns], apiKeyVar: 'SPARE_KEY' }),
    'zones:',
    ...zoneBlock(ZONE, { targets }),
    '',
  ].join('\n');

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });

beforeAll(async () => {
  [dbHost, spare] = await Promise.all([startPowerDns(), startPowerDns()]);
  env = { DBHOST_KEY: dbHost.apiKey, SPARE_KEY: spare.apiKey };
  ws = await makeWorkspace({ 'zonesync.yaml': configText(['dbhost']), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([dbHost?.stop(), spare?.stop()]);
  await ws?.cleanup();
});

describe('drill: a zone served by one provider', () => {
  it('validate warns single-provider, names the provider, and exits 0', async () => {
    const text = await cli('validate');
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain(`warning: ${ZONE}. is served by one provider only (dbhost); an outage of it takes the zone down — add a second target [single-provider]`);
    expect(text.stdout).toContain('1 zone checked: no errors, 1 warning');

    const json = await cli('validate', '--json');
    expect(json.code).toBe(0);
    const problems = JSON.parse(json.stdout).zones[0].problems as Problem[];
    expect(problems.map((p) => `${p.severity} ${p.rule}`)).toEqual(['warning single-provider']);
  });

  it('when the only server crashes, verify reaches it by IP, names it, exits 3 — and validate still works', async () => {
    expect((await cli('verify')).code).toBe(0);
    await dbHost.stop();

    const verify = await cli('verify', '--timeout', '300');
    expect(verify.code, verify.stdout + verify.stderr).toBe(3);
    expect(verify.stdout).toContain(`${ZONE}. FAILED: 1 provider, 1 nameserver`);
    expect(verify.stdout).toContain(`SILENT 127.0.0.1:${dbHost.dns.port} — did not answer (unreachable)`);

    // Touches no provider: the dead one does not stop it.
    const validate = await cli('validate');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain('[single-provider]');
  }, 30_000);

  it('with a second target the warning is gone, and the zone is served without the dead host', async () => {
    await ws.write('zonesync.yaml', configText(['dbhost', 'spare']));
    const validate = await cli('validate', '--json');
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ errors: 0, warnings: 0, zones: [{ zone: `${ZONE}.`, problems: [] }] });
    const text = await cli('validate');
    expect(text.stdout).not.toContain('single-provider');

    const applied = await cli('apply', '--yes', '--target', 'spare');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const verify = await cli('verify', '--target', 'spare');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${ZONE}. OK: 1 provider, 1 nameserver`);
  }, 30_000);
});
