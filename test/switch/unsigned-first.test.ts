import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnskeysAt, keySummary } from '../../src/dns/dnssec/status.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { startZoneNamed, type FileServingNamed } from '../harness/named-files.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { bindBlock, powerdnsBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { parseConfig } from '../../src/config/parse.js';
import { switchZone } from '../../src/engine/switch/index.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { BIND_NS, CLI_ENV, PDNS_NS, ZONE, createPdnsZone, directProviders, setApexNs } from './setup.js';

/**
 * `switch --dnssec unsigned-first` through bin/run.js, from a PowerDNS that signs to a BIND that
 * does not, with a registrar driven by hand (manual) and a parent zone on its own named: the DS
 * goes first, each step is journaled, and `--resume` goes on at the first step not done.
 */

let pdns: PowerDnsServer;
let bind: BindServer;
let parent: FileServingNamed;
let ws: Workspace;
let dir: string;
let env: Record<string, string>;
let parentNs: string;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });
const ARGS = ['switch', ZONE, '--to', 'bind', '--from', 'pdns', '--dnssec', 'unsigned-first', '--yes', '--format', 'json'];

const SMALL_ZONE = ["'':", '  type: A', '  ttl: 2', '  value: 192.0.2.10', 'www:', '  type: A', '  ttl: 2', '  value: 192.0.2.20', ''].join('\n');

async function writeParent(ds: string[]): Promise<void> {
  const lines = ['$ORIGIN com.', '$TTL 1', '@ SOA ns.com. hostmaster.com. 1 3600 600 604800 1', '@ NS ns.com.', 'ns A 127.0.0.1',
    `zonesync-switch NS ${PDNS_NS}`, `zonesync-switch NS ${BIND_NS}`, ...ds.map((line) => `zonesync-switch DS ${line}`)];
  await writeFile(join(dir, 'parent', 'served', 'com.zone'), `${lines.join('\n')}\n`);
  execFileSync(parent.reload[0]!, parent.reload.slice(1).map((a) => a.replace('{zone}', 'com')), { stdio: 'ignore' });
}

async function journal(): Promise<Array<{ type: string; step?: string; status?: string; until?: string }>> {
  const runs = (await readdir(join(ws.dir, '.zonesync/runs'))).filter((n) => !n.startsWith('.')).sort();
  for (const id of runs.reverse()) {
    const text = await readFile(join(ws.dir, '.zonesync/runs', id, 'journal.jsonl'), 'utf8');
    if (text.includes('"kind":"switch"')) return text.trim().split('\n').map((l) => JSON.parse(l));
  }
  throw new Error('no switch run');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-unsigned-first-'));
  [pdns, bind] = await Promise.all([startPowerDns({ dnssec: true }), startBind({ zones: [ZONE], apexNameserver: BIND_NS })]);
  await createPdnsZone(pdns, ZONE, [PDNS_NS], true);
  env = CLI_ENV(pdns, bind);
  ws = await makeWorkspace({
    'zonesync.yaml': ['providers:', ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], names: [PDNS_NS] }), ...bindBlock('bind', bind),
      'registrars:', '  by-hand: { type: manual }', 'zones:', ...zoneBlock(ZONE, { targets: ['pdns', 'bind'], registrar: 'by-hand', nsTtl: 1, parentNsTtl: 1 }), ''].join('\n'),
    [`zones/${ZONE}.yaml`]: SMALL_ZONE,
  });
  const applied = await cli('apply', '--yes');
  if (applied.code !== 0) throw new Error(`apply failed:\n${applied.stdout}\n${applied.stderr}`);
  await setApexNs(directProviders(pdns, bind).bind, `${ZONE}.`, [PDNS_NS, BIND_NS]);
  const ds = (await dnskeysAt(pdns.dns, `${ZONE}.`)).flatMap((key) => keySummary(`${ZONE}.`, key).ds);
  parent = await startZoneNamed(join(dir, 'parent'), 'com.', ['$ORIGIN com.', '$TTL 1', '@ SOA ns.com. hostmaster.com. 1 3600 600 604800 1', '@ NS ns.com.', `zonesync-switch DS ${ds[0]}`]);
  parentNs = `${parent.dns.address}:${parent.dns.port}`;
  await writeParent(ds);
}, 90_000);

afterAll(async () => {
  await parent?.stop();
  await Promise.allSettled([pdns?.stop(), bind?.stop()]);
  await ws?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('switch --dnssec unsigned-first (bin/run.js)', () => {
  it('a dry run lists the journaled steps with their waits', async () => {
    const result = await cli('switch', ZONE, '--to', 'bind', '--from', 'pdns', '--dnssec', 'unsigned-first', '--parent-ns', parentNs, '--format', 'json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const plan = report.steps.find((s: { name: string }) => s.name === 'dnssec');
    expect(plan.status).toBe('dry-run');
    expect(plan.lines[0]).toBe('1. ds-remove: remove the DS at the parent (the delegation goes insecure)');
    expect(plan.lines[1]).toMatch(/^2\. ds-wait: wait .+ \(DS TTL 1s \+ longest TTL/);
    expect(plan.lines.at(-1)).toBe('8. ds-publish: publish the DS');
  }, 60_000);

  it('removes the DS first (waiting for the operator at a manual registrar), then resumes step by step', async () => {
    // Killed (SIGKILL) right after the journal says ds-remove started: the run is left open.
    const crashed = await runCli([...ARGS, '--parent-ns', parentNs], { cwd: ws.dir, env: { ...env, ZONESYNC_CRASH_AFTER_ENTRY: '2' } });
    expect(crashed.code).not.toBe(0);
    expect((await journal()).map((e) => `${e.type}:${e.step ?? ''}:${e.status ?? ''}`)).toEqual(['run-start::', 'switch-step:ds-remove:started']);

    // plan names the open run and the command that continues it.
    expect((await cli('plan')).stderr).toMatch(/run \S+ \(a switch\) did not finish: continue it with zonesync switch zonesync-switch\.com --to bind --from pdns --dnssec unsigned-first --yes --resume/);

    const first = await cli(...ARGS, '--parent-ns', parentNs, '--resume');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    const removal = report.steps.find((s: { name: string }) => s.name === 'ds-remove');
    expect(removal.status).toBe('waiting');
    expect(removal.lines.join('\n')).toMatch(/remove every DS record[^\n]*\nthen run the same command with --resume/);
    expect(report.run.status).toBe('waiting');
    // Nothing moved while the DS is up.
    expect((await directProviders(pdns, bind).bind.delegationNameservers(`${ZONE}.`)).sort()).toEqual([BIND_NS, PDNS_NS].sort());

    // A second switch without --resume is refused: it would start the steps again.
    const again = await cli(...ARGS, '--parent-ns', parentNs);
    expect(again.code).toBe(1);
    expect(again.stderr + again.stdout).toMatch(/has not finished: continue it with zonesync switch zonesync-switch\.com --to bind --from pdns --dnssec unsigned-first --yes --resume/);

    // The operator removes the DS; the delegation is insecure and verify passes.
    await writeParent([]);
    const verified = await cli('verify', '--parent-ns', parentNs);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const second = await cli(...ARGS, '--parent-ns', parentNs, '--resume');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const resumed = JSON.parse(second.stdout);
    const byName = new Map(resumed.steps.map((s: { name: string }) => [s.name, s]));
    expect(byName.get('ds-remove')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^the parent holds no DS/) });
    const wait = byName.get('ds-wait') as { status: string; until: string };
    expect(wait.status).toBe('waiting');
    const dnskeyTtl = (await dnskeysAt(pdns.dns, `${ZONE}.`)).length > 0;
    expect(dnskeyTtl).toBe(true);

    // Resumed again before the wait is over: the same end, and ds-remove is not repeated.
    const third = await cli(...ARGS, '--parent-ns', parentNs, '--resume');
    const thirdWait = JSON.parse(third.stdout).steps.find((s: { name: string }) => s.name === 'ds-wait');
    expect(thirdWait.until).toBe(wait.until);
    const steps = (await journal()).filter((e) => e.type === 'switch-step').map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual(['ds-remove:started', 'ds-remove:waiting', 'ds-remove:done', 'ds-wait:started', 'ds-wait:waiting', 'ds-wait:waiting']);

    // Past the wait (an injected clock: the DNSKEY TTL is an hour), the run goes on to its end.
    let now = new Date(wait.until).getTime() + 1000;
    const slept: number[] = [];
    const config = parseConfig(await readFile(join(ws.dir, 'zonesync.yaml'), 'utf8'), join(ws.dir, 'zonesync.yaml'), env);
    const [address, port] = parentNs.split(':');
    const done = await switchZone(config, new ProviderSet(config, env), ZONE, {
      to: 'bind', from: 'pdns', yes: true, now: new Date(), env, dnssec: 'unsigned-first', resume: true, wait: true,
      clock: () => new Date(now), sleep: async (ms) => { slept.push(ms); now += ms; }, parentNameservers: [{ address: address!, port: Number(port) }],
    });
    expect(done.steps.map((s) => `${s.name}:${s.status}${s.earlier ? ' (earlier)' : ''}`)).toEqual([
      'health:ok', 'parity:ok', 'ds-remove:ok (earlier)', 'ds-wait:ok', 'dnssec:ok', 'apex-ns:ok', 'registrar:ok', 'sign:skipped', 'delegation-wait:ok', 'ds-publish:skipped', 'propagation:ok',
    ]);
    expect(done.steps.find((s) => s.name === 'sign')?.detail).toBe('bind (bind) cannot be signed through zonesync: zonesync-switch.com. stays insecure (no DS) until you sign it there and publish its DS');
    expect(done.run?.status).toBe('done');
    expect(slept).toEqual([1000]);
    expect(await directProviders(pdns, bind).bind.delegationNameservers(`${ZONE}.`)).toEqual([BIND_NS]);
    const after = await cli('verify', '--parent-ns', parentNs);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    const finalSteps = (await journal()).filter((e) => e.type === 'switch-step' && e.status !== 'started').map((e) => `${e.step}:${e.status}`);
    expect(finalSteps.slice(-6)).toEqual(['dnssec:done', 'apex-ns:done', 'registrar:done', 'sign:skipped', 'delegation-wait:done', 'ds-publish:skipped']);
  }, 120_000);
});
