import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * `status: obey` on NS1, through bin/run.js with a real zonesync.yaml: apply makes a monitoring job
 * and a data feed for the obeying value (and leaves a job someone else made alone); with the job
 * down, the simulator's nameserver stops serving that value; forcing the value `up` removes
 * zonesync's job and feed, and the record re-plans empty each time. A job someone deletes or edits
 * is a change in the next plan (exit 2 with --detailed-exitcode), which apply mends.
 */

const run = promisify(execFile);

const zoneFile = (status: 'obey' | 'up') => `www:
  type: A
  ttl: 60
  values:
  - 192.0.2.1
  octodns:
    healthcheck:
      path: /up
  dynamic:
    pools:
      web:
        values:
        - value: 192.0.2.10
          status: ${status}
        - value: 192.0.2.11
          status: up
    rules:
    - pool: web
`;

let sim: Ns1Simulator;
let ws: Workspace;
let theirs: string;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { NS1_API_KEY: sim.apiKey } });
const ownJobs = () => [...sim.monitoring.jobs.values()].filter((job) => job.id !== theirs);
const feeds = () => [...sim.monitoring.sources.values()].flatMap((source) => [...source.feeds.values()]);

async function served(): Promise<Set<string>> {
  const args = [`@${sim.dns.address}`, '-p', String(sim.dns.port), '+short', '+time=2', '+tries=1', 'www.mon.example.', 'A'];
  return new Set(await Promise.all(Array.from({ length: 24 }, async () => (await run('dig', args)).stdout.trim())));
}

/** A person's call to the NS1 API, as the portal or a script makes it. */
async function ns1Api(method: string, path: string, body?: unknown): Promise<void> {
  const answer = await fetch(`${sim.baseUrl}${path}`, { method, headers: { 'X-NSONE-Key': sim.apiKey }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(answer.status, await answer.clone().text()).toBe(200);
}

const upOf = (value: string) => (sim.record('mon.example', 'www.mon.example', 'A') as { answers: Array<{ answer: string[]; meta: Record<string, unknown> }> }).answers.find((a) => a.answer[0] === value)?.meta['up'];

async function planned(): Promise<unknown[]> {
  const plan = await cli('plan', '--format', 'json');
  expect(plan.code, plan.stderr).toBe(0);
  return JSON.parse(plan.stdout).zones[0].changes;
}

beforeAll(async () => {
  sim = await startNs1Simulator();
  sim.addZone('mon.example');
  const made = await fetch(`${sim.baseUrl}/monitoring/jobs`, {
    method: 'PUT',
    headers: { 'X-NSONE-Key': sim.apiKey },
    body: JSON.stringify({ name: 'www.mon.example - A - 192.0.2.10', job_type: 'tcp', config: { host: '192.0.2.10', port: 22 }, regions: ['lga'], frequency: 60, notes: 'ops: ssh on web1' }),
  });
  theirs = ((await made.json()) as { id: string }).id;
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      `  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${sim.baseUrl}', nameservers: ['${sim.dns.address}:${sim.dns.port}'], monitorRegions: [lga, ams] }`,
      'zones:',
      '  mon.example: { file: zones/mon.example.yaml, targets: [ns1] }',
      '',
    ].join('\n'),
    'zones/mon.example.yaml': zoneFile('obey'),
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await sim?.close();
});

describe('zonesync with an obeying value on NS1', () => {
  it('makes its monitor and feed, stops serving the value while the monitor is down, and removes both when the value is forced up', async () => {
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain(sim.apiKey);
    const [job, ...more] = ownJobs();
    expect(more).toEqual([]);
    expect(job).toMatchObject({ name: 'www.mon.example - A - 192.0.2.10', job_type: 'http', regions: ['lga', 'ams'], config: { url: 'https://192.0.2.10:443/up', virtual_host: 'www.mon.example' } });
    const feed = feeds().find((f) => f.config['jobid'] === job?.id);
    const record = sim.record('mon.example', 'www.mon.example', 'A') as { answers: Array<{ answer: string[]; meta: Record<string, unknown> }> };
    expect(record.answers.find((a) => a.answer[0] === '192.0.2.10')?.meta['up']).toEqual({ feed: feed?.id });
    expect(await planned()).toEqual([]);

    expect(await served()).toEqual(new Set(['192.0.2.10', '192.0.2.11']));
    sim.setMonitorStatus(job!.id, 'down');
    expect(await served()).toEqual(new Set(['192.0.2.11']));

    await ws.write('zones/mon.example.yaml', zoneFile('up'));
    expect((await planned()).length).toBe(1);
    const forced = await cli('apply', '--yes', '--verify', 'api');
    expect(forced.code, forced.stderr).toBe(0);
    expect(ownJobs()).toEqual([]);
    expect(feeds().filter((f) => f.config['jobid'] === job?.id)).toEqual([]);
    expect(sim.monitoring.jobs.get(theirs)?.['notes']).toBe('ops: ssh on web1');
    expect(await served()).toEqual(new Set(['192.0.2.10', '192.0.2.11']));
    expect(await planned()).toEqual([]);
  });

  it('an octodns.ns1.healthcheck a monitor cannot take (a pull request wrote it) refuses the plan and makes nothing', async () => {
    const before = sim.monitoring.jobs.size;
    await ws.write('zones/mon.example.yaml', zoneFile('obey').replace('  octodns:\n', '  octodns:\n    ns1:\n      healthcheck:\n        frequency: "60; curl evil"\n'));
    const refused = await cli('apply', '--yes', '--verify', 'api');
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('octodns.ns1.healthcheck.frequency "60; curl evil": takes a whole number of seconds');
    expect(refused.stdout + refused.stderr).toContain('www.mon.example.');
    expect(sim.monitoring.jobs.size).toBe(before);
    await ws.write('zones/mon.example.yaml', zoneFile('up'));
  });

  it('a job of its own someone deleted or edited is a change in the plan, naming the monitor, and apply makes the value follow a check again', async () => {
    await ws.write('zones/mon.example.yaml', zoneFile('obey'));
    expect((await cli('apply', '--yes', '--verify', 'api')).code).toBe(0);
    const first = ownJobs()[0]!;
    await ns1Api('DELETE', `/monitoring/jobs/${first.id}`);

    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('mon.example. on ns1 (ns1): 1 change: 0 create, 1 update, 0 delete');
    expect(plan.stdout).toContain('~ www.mon.example. A: written again: NS1 monitor "www.mon.example - A - 192.0.2.10" is missing');
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code, applied.stderr).toBe(0);
    const [again, ...more] = ownJobs();
    expect(more).toEqual([]);
    expect(again?.id).not.toBe(first.id);
    expect(again).toMatchObject({ name: 'www.mon.example - A - 192.0.2.10', config: { url: 'https://192.0.2.10:443/up' } });
    const feed = feeds().find((f) => f.config['jobid'] === again?.id);
    expect(upOf('192.0.2.10')).toEqual({ feed: feed?.id });
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    sim.setMonitorStatus(again!.id, 'down');
    expect(await served()).toEqual(new Set(['192.0.2.11']));

    await ns1Api('POST', `/monitoring/jobs/${again!.id}`, { config: { ...again!.config, url: 'https://192.0.2.10:8080/up' } });
    const edited = await cli('plan', '--detailed-exitcode');
    expect(edited.code, edited.stderr).toBe(2);
    expect(edited.stdout).toContain('NS1 monitor "www.mon.example - A - 192.0.2.10" differs from what zonesync makes (config.url)');
    expect((await cli('apply', '--yes', '--verify', 'api')).code).toBe(0);
    expect(sim.monitoring.jobs.get(again!.id)?.config['url']).toBe('https://192.0.2.10:443/up');
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    expect(sim.monitoring.jobs.get(theirs)).toMatchObject({ notes: 'ops: ssh on web1', config: { host: '192.0.2.10', port: 22 } });
    await ws.write('zones/mon.example.yaml', zoneFile('up'));
  });
});
