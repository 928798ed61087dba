import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../../src/dns/client.js';
import { startNs1Simulator, type Ns1Simulator } from './index.js';

let sim: Ns1Simulator;

async function call(method: string, path: string, body?: unknown, target: Ns1Simulator = sim) {
  const response = await fetch(`${target.baseUrl}${path}`, {
    method,
    headers: { 'X-NSONE-Key': target.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const tcpJob = { name: 'db', job_type: 'tcp', config: { host: '192.0.2.10', port: 5432 }, regions: ['lga'], frequency: 60 };

beforeAll(async () => {
  sim = await startNs1Simulator();
});
afterAll(async () => {
  await sim.close();
});

describe('NS1 simulator: monitoring jobs', () => {
  it('creates a job with an id and a pending status, lists, updates and deletes it', async () => {
    const made = await call('PUT', '/monitoring/jobs', tcpJob);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ ...tcpJob, id: expect.any(String), status: { global: { status: 'pending' } } });
    expect((await call('GET', '/monitoring/jobs')).body.map((j: { id: string }) => j.id)).toContain(made.body.id);
    const changed = await call('POST', `/monitoring/jobs/${made.body.id}`, { frequency: 30 });
    expect(changed.body).toMatchObject({ frequency: 30, name: 'db' });
    sim.setMonitorStatus(made.body.id, 'down');
    expect((await call('GET', `/monitoring/jobs/${made.body.id}`)).body.status.global.status).toBe('down');
    expect((await call('DELETE', `/monitoring/jobs/${made.body.id}`)).status).toBe(200);
    expect((await call('GET', `/monitoring/jobs/${made.body.id}`)).status).toBe(404);
  });

  it.each([
    [{ ...tcpJob, name: undefined }, 'Input validation failed (name is required)'],
    [{ ...tcpJob, job_type: 'smtp' }, 'Input validation failed (job_type must be one of tcp, http, ping, dns)'],
    [{ ...tcpJob, regions: [] }, 'Input validation failed (regions must be a non-empty list)'],
    [{ ...tcpJob, regions: ['mars'] }, 'Input validation failed (regions: unknown region "mars")'],
    [{ ...tcpJob, frequency: undefined }, 'Input validation failed (frequency is required)'],
    [{ ...tcpJob, config: { host: '192.0.2.10' } }, 'Input validation failed (config: a tcp job needs host and port)'],
    [{ ...tcpJob, job_type: 'http', config: {} }, 'Input validation failed (config: an http job needs url)'],
    [{ ...tcpJob, notify_list: 'nope' }, 'Input validation failed (notify_list: unknown notify list "nope")'],
  ])('refuses a job %#: %s', async (body, message) => {
    expect(await call('PUT', '/monitoring/jobs', body)).toEqual({ status: 400, body: { message } });
  });

  it('refuses to change a job type, and answers 404 for an unknown job', async () => {
    const made = await call('PUT', '/monitoring/jobs', tcpJob);
    expect(await call('POST', `/monitoring/jobs/${made.body.id}`, { job_type: 'http' })).toEqual({ status: 400, body: { message: 'Input validation failed (job_type cannot be changed)' } });
    expect((await call('POST', '/monitoring/jobs/nope', { frequency: 30 })).status).toBe(404);
    expect((await call('DELETE', '/monitoring/jobs/nope')).status).toBe(404);
  });
});

describe('NS1 simulator: data sources, feeds and notify lists', () => {
  it('a monitoring feed needs a known job; unknown sources and feeds answer 404', async () => {
    expect(await call('PUT', '/data/sources', { name: 'x' })).toEqual({ status: 400, body: { message: 'Input validation failed (sourcetype is required)' } });
    const source = (await call('PUT', '/data/sources', { name: 'mon', sourcetype: 'nsone_monitoring' })).body;
    expect((await call('PUT', `/data/feeds/${source.id}`, { name: 'f', config: {} })).body.message).toBe('Input validation failed (config.jobid is required for an NS1 monitoring feed)');
    expect((await call('PUT', `/data/feeds/${source.id}`, { name: 'f', config: { jobid: 'nope' } })).body.message).toBe('Input validation failed (config.jobid: unknown monitoring job "nope")');
    const job = (await call('PUT', '/monitoring/jobs', tcpJob)).body;
    const feed = await call('PUT', `/data/feeds/${source.id}`, { name: 'f', config: { jobid: job.id } });
    expect(feed.body).toMatchObject({ id: expect.any(String), name: 'f', config: { jobid: job.id } });
    expect((await call('GET', `/data/feeds/${source.id}`)).body.map((f: { id: string }) => f.id)).toEqual([feed.body.id]);
    expect((await call('GET', '/data/feeds/nope')).status).toBe(404);
    expect((await call('DELETE', `/data/feeds/${source.id}/nope`)).status).toBe(404);
    expect((await call('DELETE', `/data/feeds/${source.id}/${feed.body.id}`)).status).toBe(200);
    expect((await call('GET', `/data/feeds/${source.id}`)).body).toEqual([]);
  });

  it('a notify list needs a name, and a datafeed entry a known source', async () => {
    expect(await call('PUT', '/lists', { notify_list: [] })).toEqual({ status: 400, body: { message: 'Input validation failed (name is required)' } });
    expect((await call('PUT', '/lists', { name: 'l', notify_list: [{ type: 'datafeed', config: { sourceid: 'nope' } }] })).body.message).toBe('Input validation failed (notify_list[0].config.sourceid: unknown data source "nope")');
    const list = await call('PUT', '/lists', { name: 'l', notify_list: [{ type: 'email', config: { email: 'ops@example.com' } }] });
    expect(list.status).toBe(200);
    expect((await call('GET', `/lists/${list.body.id}`)).body.name).toBe('l');
    expect((await call('DELETE', `/lists/${list.body.id}`)).status).toBe(200);
    expect((await call('DELETE', `/lists/${list.body.id}`)).status).toBe(404);
  });

  it('spends the same token buckets as zone calls (429 when empty)', async () => {
    const tiny = await startNs1Simulator({ limits: { read: 2, write: 2, periodSeconds: 300 } });
    try {
      expect((await call('GET', '/monitoring/jobs', undefined, tiny)).status).toBe(200);
      expect((await call('GET', '/lists', undefined, tiny)).status).toBe(200);
      expect((await call('GET', '/data/sources', undefined, tiny)).status).toBe(429);
    } finally {
      await tiny.close();
    }
  });
});

describe('NS1 simulator: the up filter and a feed', () => {
  it('drops an answer whose feed\'s job is down, and serves it while the job is pending or up', async () => {
    sim.addZone('fed.example');
    const source = (await call('PUT', '/data/sources', { name: 'mon2', sourcetype: 'nsone_monitoring' })).body;
    const job = (await call('PUT', '/monitoring/jobs', tcpJob)).body;
    const feed = (await call('PUT', `/data/feeds/${source.id}`, { name: 'f', config: { jobid: job.id } })).body;
    const put = await call('PUT', '/zones/fed.example/www.fed.example/A', {
      answers: [{ answer: ['192.0.2.10'], meta: { up: { feed: feed.id } } }, { answer: ['192.0.2.11'], meta: { up: true } }],
      filters: [{ filter: 'up', config: {} }],
    });
    expect(put.status).toBe(200);
    const ask = async () => {
      const answer = await query(sim.dns, 'www.fed.example.', 'A');
      return answer.answers.map((rr) => rr.value).sort();
    };
    expect(await ask()).toEqual(['192.0.2.10', '192.0.2.11']);
    sim.setMonitorStatus(job.id, 'down');
    expect(await ask()).toEqual(['192.0.2.11']);
    sim.setMonitorStatus(job.id, 'up');
    expect(await ask()).toEqual(['192.0.2.10', '192.0.2.11']);
  });
});
