import { randomBytes } from 'node:crypto';
import { SimError } from './store.js';
import { isObject } from './validate.js';

/**
 * NS1 monitoring as the API reference describes it: jobs (`/monitoring/jobs`), data sources
 * (`/data/sources`), their feeds (`/data/feeds/{source}`) and notify lists (`/lists`). Missing
 * required fields answer 400 "Input validation failed (…)", unknown ids 404. A job's status is
 * what the test sets (`setStatus`); a new job is `pending`, which the `up` filter serves.
 */

export type JobStatus = 'up' | 'down' | 'pending';

export interface SimJob {
  id: string;
  name: string;
  job_type: string;
  config: Record<string, unknown>;
  regions: string[];
  frequency: number;
  [key: string]: unknown;
}

interface SimSource {
  id: string;
  name: string;
  sourcetype: string;
  config: Record<string, unknown>;
  feeds: Map<string, { id: string; name: string; config: Record<string, unknown>; destinations: unknown[] }>;
}

interface SimList {
  id: string;
  name: string;
  notify_list: Array<{ type: string; config: Record<string, unknown> }>;
}

export const SIM_MONITOR_REGIONS = ['ams', 'dal', 'fra', 'gru', 'hkg', 'lga', 'lhr', 'nrt', 'sin', 'sjc', 'syd'];
const JOB_TYPES = new Set(['tcp', 'http', 'ping', 'dns']);
const SOURCE_TYPES = new Set(['nsone_monitoring', 'nsone_v1', 'a10', 'cloudwatch', 'datadog', 'newrelic', 'pingdom', 'rackspace', 'catchpoint']);
const NOTIFY_TYPES = new Set(['datafeed', 'email', 'webhook', 'user', 'slack', 'pagerduty']);

const newId = () => randomBytes(12).toString('hex');
const invalid = (detail: string) => new SimError(400, `Input validation failed (${detail})`);

function need(body: Record<string, unknown>, key: string, ok: (v: unknown) => boolean, what: string): void {
  if (body[key] === undefined) throw invalid(`${key} is required`);
  if (!ok(body[key])) throw invalid(`${key} must be ${what}`);
}

const isString = (v: unknown) => typeof v === 'string' && v !== '';

export class Ns1Monitoring {
  readonly jobs = new Map<string, SimJob>();
  readonly status = new Map<string, JobStatus>();
  readonly sources = new Map<string, SimSource>();
  readonly lists = new Map<string, SimList>();

  /** Whether an answer whose `up` is `{feed}` is served: down only when the feed's job reports down. */
  feedUp(feedId: string): boolean {
    for (const source of this.sources.values()) {
      const feed = source.feeds.get(feedId);
      if (!feed) continue;
      const jobId = feed.config['jobid'];
      return typeof jobId !== 'string' || this.status.get(jobId) !== 'down';
    }
    return true;
  }

  setStatus(jobId: string, status: JobStatus): void {
    if (!this.jobs.has(jobId)) throw new Error(`no monitoring job ${jobId}`);
    this.status.set(jobId, status);
  }

  /** Routes under /v1 for `monitoring`, `data` and `lists`; undefined for any other path. */
  route(method: string, parts: string[], body: () => Promise<Record<string, unknown>>): Promise<unknown> | undefined {
    const [head, second, third, fourth] = parts;
    if (head === 'monitoring' && second === 'jobs' && fourth === undefined) return this.jobRoute(method, third, body);
    if (head === 'data' && second === 'sources' && fourth === undefined) return this.sourceRoute(method, third, body);
    if (head === 'data' && second === 'feeds' && third !== undefined && parts.length <= 4) return this.feedRoute(method, third, fourth, body);
    if (head === 'lists' && third === undefined) return this.listRoute(method, second, body);
    return undefined;
  }

  private jobBody(job: SimJob): unknown {
    const status = this.status.get(job.id) ?? 'pending';
    return { ...structuredClone(job), status: { global: { status, since: 0 } } };
  }

  private checkJob(body: Record<string, unknown>, partial: boolean): void {
    if (!partial || body['name'] !== undefined) need(body, 'name', isString, 'a string');
    if (!partial || body['job_type'] !== undefined) need(body, 'job_type', (v) => typeof v === 'string' && JOB_TYPES.has(v), `one of ${[...JOB_TYPES].join(', ')}`);
    if (!partial || body['config'] !== undefined) need(body, 'config', isObject, 'an object');
    if (!partial || body['regions'] !== undefined) {
      need(body, 'regions', (v) => Array.isArray(v) && v.length > 0, 'a non-empty list');
      const unknown = (body['regions'] as unknown[]).find((r) => typeof r !== 'string' || !SIM_MONITOR_REGIONS.includes(r));
      if (unknown !== undefined) throw invalid(`regions: unknown region ${JSON.stringify(unknown)}`);
    }
    if (!partial || body['frequency'] !== undefined) need(body, 'frequency', (v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer of seconds');
    if (body['notify_list'] !== undefined && body['notify_list'] !== null && !this.lists.has(String(body['notify_list']))) throw invalid(`notify_list: unknown notify list ${JSON.stringify(body['notify_list'])}`);
  }

  private checkConfig(jobType: string, config: Record<string, unknown>): void {
    if (jobType === 'tcp' && (!isString(config['host']) || !Number.isInteger(Number(config['port'])))) throw invalid('config: a tcp job needs host and port');
    if (jobType === 'http' && !isString(config['url'])) throw invalid('config: an http job needs url');
    if ((jobType === 'ping' || jobType === 'dns') && !isString(config['host'])) throw invalid(`config: a ${jobType} job needs host`);
  }

  private async jobRoute(method: string, id: string | undefined, body: () => Promise<Record<string, unknown>>): Promise<unknown> {
    if (id === undefined) {
      if (method === 'GET') return [...this.jobs.values()].map((job) => this.jobBody(job));
      if (method !== 'PUT') throw new SimError(405, 'Method not allowed');
      const input = await body();
      this.checkJob(input, false);
      this.checkConfig(String(input['job_type']), input['config'] as Record<string, unknown>);
      const job = { ...structuredClone(input), id: newId() } as SimJob;
      this.jobs.set(job.id, job);
      return this.jobBody(job);
    }
    const job = this.jobs.get(id);
    if (!job) throw new SimError(404, 'monitoring job not found');
    switch (method) {
      case 'GET':
        return this.jobBody(job);
      case 'POST': {
        const input = await body();
        this.checkJob(input, true);
        if (input['job_type'] !== undefined && input['job_type'] !== job.job_type) throw invalid('job_type cannot be changed');
        const next = { ...job, ...structuredClone(input), id } as SimJob;
        this.checkConfig(next.job_type, next.config);
        this.jobs.set(id, next);
        return this.jobBody(next);
      }
      case 'DELETE':
        this.jobs.delete(id);
        this.status.delete(id);
        return {};
      default:
        throw new SimError(405, 'Method not allowed');
    }
  }

  private sourceBody(source: SimSource): unknown {
    return { id: source.id, name: source.name, sourcetype: source.sourcetype, config: source.config, feeds: [...source.feeds.values()] };
  }

  private async sourceRoute(method: string, id: string | undefined, body: () => Promise<Record<string, unknown>>): Promise<unknown> {
    if (id === undefined) {
      if (method === 'GET') return [...this.sources.values()].map((s) => this.sourceBody(s));
      if (method !== 'PUT') throw new SimError(405, 'Method not allowed');
      const input = await body();
      need(input, 'name', isString, 'a string');
      need(input, 'sourcetype', (v) => typeof v === 'string' && SOURCE_TYPES.has(v), `one of ${[...SOURCE_TYPES].join(', ')}`);
      const source: SimSource = { id: newId(), name: String(input['name']), sourcetype: String(input['sourcetype']), config: isObject(input['config']) ? input['config'] : {}, feeds: new Map() };
      this.sources.set(source.id, source);
      return this.sourceBody(source);
    }
    const source = this.sources.get(id);
    if (!source) throw new SimError(404, 'data source not found');
    if (method === 'GET') return this.sourceBody(source);
    if (method === 'DELETE') {
      this.sources.delete(id);
      return {};
    }
    throw new SimError(405, 'Method not allowed');
  }

  private async feedRoute(method: string, sourceId: string, feedId: string | undefined, body: () => Promise<Record<string, unknown>>): Promise<unknown> {
    const source = this.sources.get(sourceId);
    if (!source) throw new SimError(404, 'data source not found');
    if (feedId === undefined) {
      if (method === 'GET') return [...source.feeds.values()];
      if (method !== 'PUT') throw new SimError(405, 'Method not allowed');
      const input = await body();
      need(input, 'name', isString, 'a string');
      need(input, 'config', isObject, 'an object');
      const config = input['config'] as Record<string, unknown>;
      if (source.sourcetype === 'nsone_monitoring') {
        if (!isString(config['jobid'])) throw invalid('config.jobid is required for an NS1 monitoring feed');
        if (!this.jobs.has(String(config['jobid']))) throw invalid(`config.jobid: unknown monitoring job ${JSON.stringify(config['jobid'])}`);
      }
      const feed = { id: newId(), name: String(input['name']), config: structuredClone(config), destinations: [] };
      source.feeds.set(feed.id, feed);
      return feed;
    }
    const feed = source.feeds.get(feedId);
    if (!feed) throw new SimError(404, 'data feed not found');
    if (method === 'GET') return feed;
    if (method === 'DELETE') {
      source.feeds.delete(feedId);
      return {};
    }
    throw new SimError(405, 'Method not allowed');
  }

  private checkNotify(entries: unknown): SimList['notify_list'] {
    if (!Array.isArray(entries)) throw invalid('notify_list must be a list');
    return entries.map((entry, i) => {
      if (!isObject(entry) || typeof entry['type'] !== 'string' || !NOTIFY_TYPES.has(entry['type'])) throw invalid(`notify_list[${i}].type must be one of ${[...NOTIFY_TYPES].join(', ')}`);
      const config = isObject(entry['config']) ? entry['config'] : {};
      if (entry['type'] === 'datafeed' && !this.sources.has(String(config['sourceid']))) throw invalid(`notify_list[${i}].config.sourceid: unknown data source ${JSON.stringify(config['sourceid'])}`);
      return { type: entry['type'], config };
    });
  }

  private async listRoute(method: string, id: string | undefined, body: () => Promise<Record<string, unknown>>): Promise<unknown> {
    if (id === undefined) {
      if (method === 'GET') return [...this.lists.values()];
      if (method !== 'PUT') throw new SimError(405, 'Method not allowed');
      const input = await body();
      need(input, 'name', isString, 'a string');
      const list: SimList = { id: newId(), name: String(input['name']), notify_list: this.checkNotify(input['notify_list'] ?? []) };
      this.lists.set(list.id, list);
      return list;
    }
    const list = this.lists.get(id);
    if (!list) throw new SimError(404, 'notify list not found');
    switch (method) {
      case 'GET':
        return list;
      case 'POST': {
        const input = await body();
        if (input['name'] !== undefined) need(input, 'name', isString, 'a string');
        const next = { ...list, ...(input['name'] !== undefined ? { name: String(input['name']) } : {}), ...(input['notify_list'] !== undefined ? { notify_list: this.checkNotify(input['notify_list']) } : {}) };
        this.lists.set(id, next);
        return next;
      }
      case 'DELETE':
        this.lists.delete(id);
        return {};
      default:
        throw new SimError(405, 'Method not allowed');
    }
  }
}
