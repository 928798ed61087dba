import { describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../../core/dynamic/canonical.js';
import type { Dynamic } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import type { Ns1Record } from './api.js';
import { answerUps, monitorDrift, type MonitoringState } from './monitor-drift.js';
import { monitorDifferences, monitorFor, type Ns1Job } from './monitors.js';

const name = 'www.example.com.';
const set = { name, type: 'A', ttl: 60, values: ['192.0.2.1'] } as RRset;
const www = {
  ...set,
  dynamic: canonicalDynamic(name, 'A', { pools: { a: { values: [{ value: '192.0.2.10', weight: 1, status: 'obey' }, { value: '192.0.2.11', weight: 1, status: 'up' }] } }, rules: [{ pool: 'a' }] } as unknown as Dynamic, 'example.com.'),
} as RRset & { dynamic: Dynamic };
const job: Ns1Job = { ...monitorFor(www, '192.0.2.10', ['lga']), id: 'j1', notify_list: 'l1' };
const healthy: MonitoringState = { jobs: [job], lists: [{ id: 'l1', name: job.name, notify_list: [] }], feeds: [{ id: 'f1', name: job.name, config: { jobid: 'j1' } }] };
const following = new Map([['192.0.2.10', [{ feed: 'f1' }]]]);
const named = 'NS1 monitor "www.example.com - A - 192.0.2.10"';

describe('NS1 monitor drift: whether an obeying value still follows zonesync\'s monitor', () => {
  it('says nothing when the job matches, has its list and feed, and every answer of the value names the feed', () => {
    expect(monitorDrift(www, ['lga'], healthy, following)).toEqual([]);
  });

  it.each([
    ['the job deleted', { ...healthy, jobs: [] }, following, `${named} is missing`],
    ['only someone else\'s job for the value', { ...healthy, jobs: [{ ...job, notes: 'ops' }] }, following, `${named} is missing`],
    ['its port changed', { ...healthy, jobs: [{ ...job, config: { ...job.config, url: 'https://192.0.2.10:8443/_dns' } }] }, following, `${named} differs from what zonesync makes (config.url)`],
    ['made TCP and slower', { ...healthy, jobs: [{ ...job, job_type: 'tcp', frequency: 300 }] }, following, `${named} differs from what zonesync makes (frequency, job_type)`],
    ['probing from elsewhere', { ...healthy, jobs: [{ ...job, regions: ['sjc'] }] }, following, `${named} differs from what zonesync makes (regions)`],
    ['its notify list taken off', { ...healthy, jobs: [{ ...job, notify_list: undefined }] }, following, `${named} has no notify list`],
    ['its notify list deleted', { ...healthy, lists: [] }, following, `${named}'s notify list l1 is missing`],
    ['its feed deleted', { ...healthy, feeds: [{ id: 'f9', name: 'theirs', config: { jobid: 'j9' } }] }, following, `${named} has no data feed`],
    ['an answer forced up', healthy, new Map([['192.0.2.10', [{ feed: 'f1' }, true]]]), `answer 192.0.2.10 does not follow the data feed f1 of ${named} (its up is true)`],
    ['an answer without up', healthy, new Map([['192.0.2.10', [undefined]]]), `answer 192.0.2.10 does not follow the data feed f1 of ${named} (its up is absent)`],
    ['an answer on another feed', healthy, new Map([['192.0.2.10', [{ feed: 'f9' }]]]), `answer 192.0.2.10 does not follow the data feed f1 of ${named} (its up is {"feed":"f9"})`],
  ])('names %s', (_what, state, ups, reason) => {
    expect(monitorDrift(www, ['lga'], state as MonitoringState, ups)).toEqual([reason]);
  });

  it('puts several problems of one value in one reason', () => {
    const state = { ...healthy, jobs: [{ ...job, frequency: 30, notify_list: undefined }], feeds: [] };
    expect(monitorDrift(www, ['lga'], state, following)).toEqual([`${named} differs from what zonesync makes (frequency); ${named} has no notify list; ${named} has no data feed`]);
  });

  it('keys the differences as octoDNS compares them: only what zonesync sets, config key by key', () => {
    const expected = monitorFor(www, '192.0.2.10', ['lga']);
    expect(monitorDifferences(expected, { ...job, status: 'up', config: { ...job.config, extra: true } })).toEqual([]);
    expect(monitorDifferences(expected, { ...job, config: { url: job.config['url'] } })).toEqual(['config.virtual_host', 'config.user_agent', 'config.tls_add_verify', 'config.follow_redirect', 'config.connect_timeout', 'config.idle_timeout']);
  });
});

describe('NS1 monitor drift: the up meta of a steered record\'s answers', () => {
  it('per value of its pool answers, leaving out the default answers (the record values)', () => {
    const record: Ns1Record = {
      zone: 'example.com',
      domain: 'www.example.com',
      type: 'A',
      answers: [
        { answer: ['192.0.2.10'], meta: { note: 'from:a pool:a status:obey feed:f1', up: { feed: 'f1' } }, region: 'a__catchall' },
        { answer: ['192.0.2.11'], meta: { note: 'from:a pool:a', up: true }, region: 'a__catchall' },
        { answer: ['192.0.2.10'], meta: { note: 'from:a pool:a status:obey' }, region: 'b__catchall' },
        { answer: ['192.0.2.1'], meta: { note: 'from:--default--', up: true }, region: 'a__catchall' },
      ],
    };
    expect(answerUps(record, 'A')).toEqual(new Map<string, unknown[]>([['192.0.2.10', [{ feed: 'f1' }, undefined]], ['192.0.2.11', [true]]]));
  });
});
