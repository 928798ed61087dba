import type { Dynamic } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import type { Ns1Feed, Ns1NotifyList } from './api.js';
import type { Ns1Client } from './client.js';
import { monitorDrift, type AnswerUps } from './monitor-drift.js';
import { monitorFor, monitorMatches, obeyingValues, ownMonitorValue, type Ns1Job } from './monitors.js';

const SOURCE_TYPE = 'nsone_monitoring';
const SOURCE_NAME = 'zonesync NS1 monitoring';

/**
 * The monitors of one chunk's steered rrsets, as octoDNS's `_monitor_sync` and `_monitors_gc` keep
 * them: per obeying value a job, its own notify list to the account's monitoring data source, and
 * a feed from that source; the lists are read once, when a steered change first needs them. At plan
 * time it only reads (`drift`): the data source is made by apply, when a feed needs it.
 */
export class Ns1Monitors {
  private loaded?: Promise<{ jobs: Ns1Job[]; lists: Ns1NotifyList[] }>;
  private found?: Promise<string | undefined>;
  private source?: Promise<string>;
  private feeds?: Promise<Ns1Feed[]>;

  constructor(private readonly client: Ns1Client, private readonly regions: readonly string[]) {}

  /** Per obeying value its job and feed, making or mending zonesync's jobs and feeds first. */
  async ensure(rrset: RRset & { dynamic: Dynamic }): Promise<Map<string, { job: string; feed: string }>> {
    const inUse = new Map<string, { job: string; feed: string }>();
    const values = obeyingValues(rrset);
    if (values.length === 0) return inUse;
    const { jobs } = await this.state();
    for (const value of values) {
      const expected = monitorFor(rrset, value, this.regions);
      const existing = jobs.find((job) => ownMonitorValue(job, rrset) === value);
      inUse.set(value, await this.sync(expected, existing));
    }
    return inUse;
  }

  /** Plan time, reading only: why the rrset's obeying values no longer follow zonesync's monitors (`ups`: its answers' up meta as read). */
  async drift(rrset: RRset & { dynamic: Dynamic }, ups: AnswerUps): Promise<string[]> {
    if (obeyingValues(rrset).length === 0) return [];
    const { jobs, lists } = await this.state();
    return monitorDrift(rrset, this.regions, { jobs, lists, feeds: await this.feedList() }, ups);
  }

  /** Remove zonesync's jobs (with their feed and list) for this rrset but those in `keep` (ids): a value no longer obeying, a duplicate a lost answer made. */
  async collect(rrset: Pick<RRset, 'name' | 'type'>, keep: ReadonlySet<string> = new Set()): Promise<void> {
    const { jobs } = await this.state();
    for (const job of [...jobs]) {
      if (ownMonitorValue(job, rrset) !== undefined && !keep.has(job.id as string)) await this.remove(job);
    }
  }

  private async sync(expected: Ns1Job, existing: Ns1Job | undefined): Promise<{ job: string; feed: string }> {
    if (existing?.id && existing.job_type !== expected.job_type) {
      // NS1 cannot change a job's type: replace it.
      await this.remove(existing);
      existing = undefined;
    }
    if (!existing?.id) {
      const created = await this.create(expected);
      return { job: created.id as string, feed: await this.feedFor(created) };
    }
    const { jobs, lists } = await this.state();
    // A job whose notify list is gone reports to no feed: it gets its own list again.
    const listed = existing.notify_list !== undefined && lists.some((l) => l.id === existing.notify_list);
    if (!listed || !monitorMatches(expected, existing as unknown as Record<string, unknown>)) {
      const notifyList = listed ? (existing.notify_list as string) : await this.listFor(expected.name);
      const updated = await this.client.updateJob(existing.id, { ...expected, notify_list: notifyList });
      jobs.splice(jobs.indexOf(existing), 1, updated);
    }
    return { job: existing.id, feed: await this.feedFor(existing) };
  }

  private async create(expected: Ns1Job): Promise<Ns1Job> {
    const { jobs } = await this.state();
    const job = await this.client.createJob({ ...expected, notify_list: await this.listFor(expected.name) });
    jobs.push(job);
    return job;
  }

  /** The notify list named as the job, to the monitoring data source; made when there is none. */
  private async listFor(name: string): Promise<string> {
    const { lists } = await this.state();
    let list = lists.find((l) => l.name === name);
    if (!list) {
      list = await this.client.createNotifyList({ name, notify_list: [{ type: 'datafeed', config: { sourceid: await this.sourceId() } }] });
      lists.push(list);
    }
    return list.id;
  }

  private async feedFor(job: Ns1Job): Promise<string> {
    const feeds = await this.feedList();
    const found = feeds.find((feed) => feed.config['jobid'] === job.id);
    if (found) return found.id;
    const feed = await this.client.createFeed(await this.sourceId(), job.name, { jobid: job.id });
    feeds.push(feed);
    return feed.id;
  }

  private async remove(job: Ns1Job): Promise<void> {
    const { jobs, lists } = await this.state();
    const feeds = await this.feedList();
    for (const feed of feeds.filter((f) => f.config['jobid'] === job.id)) {
      await this.client.deleteFeed(await this.sourceId(), feed.id);
      feeds.splice(feeds.indexOf(feed), 1);
    }
    await this.client.deleteJob(job.id as string);
    jobs.splice(jobs.indexOf(job), 1);
    // The job's own list (named as the job), not one a person shares between jobs.
    const list = lists.find((l) => l.id === job.notify_list && l.name === job.name);
    if (list) {
      await this.client.deleteNotifyList(list.id);
      lists.splice(lists.indexOf(list), 1);
    }
  }

  private state(): Promise<{ jobs: Ns1Job[]; lists: Ns1NotifyList[] }> {
    this.loaded ??= (async () => ({ jobs: await this.client.listJobs(), lists: await this.client.listNotifyLists() }))();
    return this.loaded;
  }

  /** The account's NS1 monitoring data source, when it has one. */
  private foundSource(): Promise<string | undefined> {
    this.found ??= (async () => (await this.client.listSources()).find((s) => s.sourcetype === SOURCE_TYPE)?.id)();
    return this.found;
  }

  /** The account's NS1 monitoring data source, made when there is none. */
  private sourceId(): Promise<string> {
    this.source ??= (async () => (await this.foundSource()) ?? (await this.client.createSource(SOURCE_NAME, SOURCE_TYPE)).id)();
    return this.source;
  }

  /** The monitoring source's feeds (none before there is a source). */
  private feedList(): Promise<Ns1Feed[]> {
    this.feeds ??= (async () => {
      const source = await this.foundSource();
      return source ? this.client.listFeeds(source) : [];
    })();
    return this.feeds;
  }
}
