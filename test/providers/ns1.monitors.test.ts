import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../../src/core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck } from '../../src/core/dynamic/model.js';
import type { RRset } from '../../src/core/model.js';
import { Ns1ChunkError, createNs1Provider } from '../../src/providers/ns1/provider.js';
import { useNs1 } from './ns1-fixture.js';

const ns1 = useNs1('mon');
const run = promisify(execFile);

function rrset(status: 'up' | 'obey', healthcheck?: Partial<DynamicHealthcheck>): RRset {
  const name = `www.${ns1.zone}`;
  const dynamic = {
    pools: { main: { values: [{ value: '192.0.2.10', weight: 1, status }, { value: '192.0.2.11', weight: 1, status: 'up' }] } },
    rules: [{ pool: 'main' }],
    ...(healthcheck ? { healthcheck } : {}),
  };
  return { name, type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic: canonicalDynamic(name, 'A', dynamic as unknown as Dynamic, ns1.zone) };
}

const host = () => `www.${ns1.zone.slice(0, -1)}`;
const ownJobs = () => [...ns1.sim.monitoring.jobs.values()].filter((job) => job.name.startsWith(`${host()} - `));
const allFeeds = () => [...ns1.sim.monitoring.sources.values()].flatMap((source) => [...source.feeds.values()]);
const stored = () => ns1.sim.record(ns1.zone, host(), 'A') as { answers: Array<{ answer: string[]; meta: Record<string, unknown> }> };

async function served(): Promise<Set<string>> {
  const answers = await Promise.all(
    Array.from({ length: 24 }, async () => (await run('dig', [`@${ns1.sim.dns.address}`, '-p', String(ns1.sim.dns.port), '+short', '+time=2', '+tries=1', host(), 'A'])).stdout.trim()),
  );
  return new Set(answers);
}

describe('NS1 provider: monitors for obeying values', () => {
  it('makes one HTTPS job, notify list and feed for the obeying value, points its answers at the feed, and reads it back as obey', async () => {
    const requests = ns1.sim.counters.requests;
    const receipt = await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const [job, ...others] = ownJobs();
    expect(others).toEqual([]);
    expect(job).toMatchObject({
      name: `${host()} - A - 192.0.2.10`,
      job_type: 'http',
      notes: `by:zonesync host:${host()} type:A value:192.0.2.10`,
      regions: ['lga', 'sjc', 'ams'],
      frequency: 60,
      policy: 'quorum',
      config: { url: 'https://192.0.2.10:443/_dns', virtual_host: host() },
    });
    const list = ns1.sim.monitoring.lists.get(String(job?.['notify_list']));
    expect(list?.name).toBe(job?.name);
    const source = [...ns1.sim.monitoring.sources.values()].find((s) => s.sourcetype === 'nsone_monitoring');
    expect(list?.notify_list).toEqual([{ type: 'datafeed', config: { sourceid: source?.id } }]);
    const feed = allFeeds().find((f) => f.config['jobid'] === job?.id);
    expect(feed).toBeDefined();
    const ups = stored().answers.filter((a) => a.answer[0] === '192.0.2.10').map((a) => a.meta['up']);
    expect(ups).toEqual([{ feed: feed?.id }]);
    expect(stored().answers.filter((a) => a.answer[0] === '192.0.2.11').map((a) => a.meta['up'])).toEqual([true]);
    // The receipt counts the monitoring calls beside the record's PUT.
    expect(receipt.apiCalls).toBe(ns1.sim.counters.requests - requests);
    expect(receipt.apiCalls).toBeGreaterThan(1);
    const read = (await ns1.provider.read(ns1.zone))?.rrsets.find((r) => r.name === `www.${ns1.zone}` && r.type === 'A');
    expect(read).toEqual(rrset('obey'));
  });

  it('with the job down, the nameserver stops serving that value; up again, serves it', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const job = ownJobs()[0]!;
    expect(await served()).toEqual(new Set(['192.0.2.10', '192.0.2.11']));
    ns1.sim.setMonitorStatus(job.id, 'down');
    expect(await served()).toEqual(new Set(['192.0.2.11']));
    ns1.sim.setMonitorStatus(job.id, 'up');
    expect((await served()).has('192.0.2.10')).toBe(true);
  });

  it('a changed port updates the job in place; TCP replaces it (NS1 cannot change a job type)', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const first = ownJobs()[0]!;
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset('obey'), after: rrset('obey', { port: 8443 }) }]);
    expect(ownJobs().map((j) => [j.id, j.config['url']])).toEqual([[first.id, 'https://192.0.2.10:8443/_dns']]);
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset('obey', { port: 8443 }), after: rrset('obey', { protocol: 'TCP', port: 5432 }) }]);
    const [tcp, ...rest] = ownJobs();
    expect(rest).toEqual([]);
    expect(tcp?.id).not.toBe(first.id);
    expect(tcp).toMatchObject({ job_type: 'tcp', config: { host: '192.0.2.10', port: 5432, connect_timeout: 2000, response_timeout: 10000 } });
    expect(allFeeds().filter((f) => f.config['jobid'] === first.id)).toEqual([]);
    const feed = allFeeds().find((f) => f.config['jobid'] === tcp?.id);
    expect(stored().answers.find((a) => a.answer[0] === '192.0.2.10')?.meta['up']).toEqual({ feed: feed?.id });
  });

  it('a value no longer obeying loses zonesync\'s job, feed and list; a job someone else made stays', async () => {
    const theirs = await fetch(`${ns1.sim.baseUrl}/monitoring/jobs`, {
      method: 'PUT',
      headers: { 'X-NSONE-Key': ns1.sim.apiKey },
      body: JSON.stringify({ name: `${host()} - A - 192.0.2.10`, job_type: 'tcp', config: { host: '192.0.2.10', port: 22 }, regions: ['lga'], frequency: 30, notes: 'ops team' }),
    });
    expect(theirs.status).toBe(200);
    const theirId = ((await theirs.json()) as { id: string }).id;
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const ours = ownJobs().find((j) => j.id !== theirId)!;
    const lists = ns1.sim.monitoring.lists.size;
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset('obey'), after: rrset('up') }]);
    expect(ns1.sim.monitoring.jobs.has(ours.id)).toBe(false);
    expect(ns1.sim.monitoring.jobs.has(theirId)).toBe(true);
    expect(allFeeds().filter((f) => f.config['jobid'] === ours.id)).toEqual([]);
    expect(ns1.sim.monitoring.lists.size).toBe(lists - 1);
    expect(stored().answers.find((a) => a.answer[0] === '192.0.2.10')?.meta['up']).toBe(true);
    const read = (await ns1.provider.read(ns1.zone))?.rrsets.find((r) => r.name === `www.${ns1.zone}` && r.type === 'A');
    expect(read).toEqual(rrset('up'));
  });

  it('a second job of zonesync\'s for the same value (an earlier answer lost) goes at the next change of the rrset', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const [kept] = ownJobs();
    const { id: _id, status: _status, ...copy } = kept as Record<string, unknown>;
    const twin = await fetch(`${ns1.sim.baseUrl}/monitoring/jobs`, { method: 'PUT', headers: { 'X-NSONE-Key': ns1.sim.apiKey }, body: JSON.stringify(copy) });
    expect(twin.status).toBe(200);
    expect(ownJobs()).toHaveLength(2);
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset('obey'), after: rrset('obey', { path: '/healthz' }) }]);
    expect(ownJobs().map((j) => j.id)).toEqual([kept?.id]);
  });

  it('a job NS1 refuses fails the change before its record is written, naming the reason', async () => {
    const provider = createNs1Provider('ns1', { type: 'ns1', apiKey: ns1.sim.apiKey, endpoint: ns1.sim.baseUrl, monitorRegions: ['mars'] });
    const error = await provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Ns1ChunkError);
    expect((error as Ns1ChunkError).applied).toEqual([]);
    expect((error as Error).message).toContain('PUT /monitoring/jobs: 400 Input validation failed (regions: unknown region "mars")');
    expect(ns1.sim.record(ns1.zone, host(), 'A')).toBeUndefined();
  });

  it('deleting the steered rrset removes its monitors', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const job = ownJobs()[0]!;
    await ns1.provider.apply(ns1.zone, [{ kind: 'delete', before: rrset('obey') }]);
    expect(ns1.sim.monitoring.jobs.has(job.id)).toBe(false);
    expect(allFeeds().filter((f) => f.config['jobid'] === job.id)).toEqual([]);
  });
});

describe('NS1 provider: plan-time repairs of zonesync\'s monitors', () => {
  const api = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${ns1.sim.baseUrl}${path}`, { method, headers: { 'X-NSONE-Key': ns1.sim.apiKey }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(answer.status).toBe(200);
  };
  const desired = () => ({ name: ns1.zone, rrsets: [rrset('obey')] });
  const repairs = async () => {
    const live = await ns1.provider.read(ns1.zone);
    return ns1.provider.repairs(ns1.zone, live, desired());
  };
  const mend = () => ns1.provider.apply(ns1.zone, [{ kind: 'update', before: rrset('obey'), after: rrset('obey') }]);
  const named = () => `NS1 monitor "${host()} - A - 192.0.2.10"`;
  const source = () => [...ns1.sim.monitoring.sources.values()].find((s) => s.sourcetype === 'nsone_monitoring')!;

  it.each([
    ['its job deleted', async (job: Record<string, unknown>) => api('DELETE', `/monitoring/jobs/${String(job['id'])}`), () => `${named()} is missing`],
    ['its job\'s path edited', async (job: Record<string, unknown>) => api('POST', `/monitoring/jobs/${String(job['id'])}`, { config: { ...(job['config'] as object), url: 'https://192.0.2.10:443/other' } }), () => `${named()} differs from what zonesync makes (config.url)`],
    ['its job\'s notify list taken off', async (job: Record<string, unknown>) => api('POST', `/monitoring/jobs/${String(job['id'])}`, { notify_list: null }), () => `${named()} has no notify list`],
    ['its feed deleted', async (job: Record<string, unknown>) => api('DELETE', `/data/feeds/${source().id}/${allFeeds().find((f) => f.config['jobid'] === job['id'])!.id}`), () => `${named()} has no data feed`],
    [
      'the answer\'s feed taken off',
      async () => {
        const record = stored();
        await api('POST', `/zones/${ns1.zone.slice(0, -1)}/${host()}/A`, { answers: record.answers.map((a) => (a.answer[0] === '192.0.2.10' ? { ...a, meta: { ...a.meta, up: true } } : a)) });
      },
      () => `answer 192.0.2.10 does not follow the data feed ${allFeeds().find((f) => f.config['jobid'] === ownJobs()[0]?.id)?.id} of ${named()} (its up is true)`,
    ],
  ])('names %s, reads the same rrset back, and an update of the rrset to itself makes its value follow the job again', async (_what, edit, reason) => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    expect(await repairs()).toEqual([]);
    await edit(ownJobs()[0] as Record<string, unknown>);
    const expected = reason();
    expect((await ns1.provider.read(ns1.zone))?.rrsets.find((r) => r.type === 'A')).toEqual(rrset('obey'));
    expect(await repairs()).toEqual([{ name: `www.${ns1.zone}`, type: 'A', reason: expected }]);
    await mend();
    expect(await repairs()).toEqual([]);
    const [job, ...more] = ownJobs();
    expect(more).toEqual([]);
    expect(job).toMatchObject({ config: { url: 'https://192.0.2.10:443/_dns' } });
    expect(ns1.sim.monitoring.lists.get(String(job?.['notify_list']))?.name).toBe(job?.name);
    const feed = allFeeds().find((f) => f.config['jobid'] === job?.id);
    expect(stored().answers.filter((a) => a.answer[0] === '192.0.2.10').map((a) => a.meta['up'])).toEqual([{ feed: feed?.id }]);
    // The served answers follow that feed (test/cli/ns1-monitors.test.ts asks the nameserver).
    ns1.sim.setMonitorStatus(job!.id, 'down');
    expect(ns1.sim.monitoring.feedUp(String(feed?.id))).toBe(false);
  });

  it('someone else\'s job for the value is not zonesync\'s: with zonesync\'s deleted the repair makes a new one and leaves theirs as it was', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: rrset('obey') }]);
    const ours = ownJobs()[0]!;
    const made = await fetch(`${ns1.sim.baseUrl}/monitoring/jobs`, { method: 'PUT', headers: { 'X-NSONE-Key': ns1.sim.apiKey }, body: JSON.stringify({ name: `${host()} - A - 192.0.2.10`, job_type: 'http', config: { url: 'https://192.0.2.10:8443/x' }, regions: ['sjc'], frequency: 300, notes: 'ops team' }) });
    const theirs = ((await made.json()) as { id: string }).id;
    await api('DELETE', `/monitoring/jobs/${ours.id}`);
    expect((await repairs()).map((r) => r.reason)).toEqual([`${named()} is missing`]);
    await mend();
    expect(ns1.sim.monitoring.jobs.get(theirs)).toMatchObject({ config: { url: 'https://192.0.2.10:8443/x' }, regions: ['sjc'], frequency: 300, notes: 'ops team' });
    expect(ownJobs().filter((j) => j.id !== theirs)).toHaveLength(1);
    expect(await repairs()).toEqual([]);
  });

  it('reads only: finding a repair makes no job, notify list or data source', async () => {
    const sources = ns1.sim.monitoring.sources.size;
    const jobs = ns1.sim.monitoring.jobs.size;
    const lists = ns1.sim.monitoring.lists.size;
    const live = await ns1.provider.read(ns1.zone);
    expect((await ns1.provider.repairs(ns1.zone, live, desired())).length).toBe(1);
    expect([ns1.sim.monitoring.sources.size, ns1.sim.monitoring.jobs.size, ns1.sim.monitoring.lists.size]).toEqual([sources, jobs, lists]);
  });
});
