import type { Dynamic } from '../../core/dynamic/model.js';
import type { RecordType, RRset } from '../../core/model.js';
import type { Ns1Feed, Ns1NotifyList, Ns1Record } from './api.js';
import { valueFromParts } from './answers.js';
import { DEFAULT_FROM, parseNote } from './dynamic.js';
import { monitorDifferences, monitorFor, obeyingValues, ownMonitorValue, type Ns1Job } from './monitors.js';

/**
 * Plan time: whether a steered rrset's `obey` values still follow zonesync's monitors, as octoDNS's
 * `_extra_changes` asks (a job missing, not matching, without its notify list), and beyond it the
 * job's data feed and the answers' `up` meta that names it. Pure.
 */

/** The account's monitoring as read at plan time (`feeds`: those of its NS1 monitoring data source). */
export interface MonitoringState {
  jobs: readonly Ns1Job[];
  lists: readonly Ns1NotifyList[];
  feeds: readonly Ns1Feed[];
}

/** Per value of a steered record's pool answers (not its default answers), the `up` meta of each. */
export type AnswerUps = ReadonlyMap<string, readonly unknown[]>;

export function answerUps(record: Ns1Record, type: RecordType): AnswerUps {
  const ups = new Map<string, unknown[]>();
  for (const answer of record.answers) {
    if (parseNote(answer.meta?.['note'])['from'] === DEFAULT_FROM) continue;
    const value = valueFromParts(type, answer.answer);
    if (!value.ok) continue;
    const list = ups.get(value.value) ?? [];
    list.push(answer.meta?.['up']);
    ups.set(value.value, list);
  }
  return ups;
}

function followsFeed(up: unknown, feed: string): boolean {
  return typeof up === 'object' && up !== null && (up as { feed?: unknown }).feed === feed && Object.keys(up).length === 1;
}

/** Why one obeying value no longer follows zonesync's monitor, or undefined when it does. */
function valueDrift(rrset: RRset & { dynamic: Dynamic }, value: string, regions: readonly string[], state: MonitoringState, ups: AnswerUps): string | undefined {
  const expected = monitorFor(rrset, value, regions);
  const job = state.jobs.find((j) => ownMonitorValue(j, rrset) === value);
  const named = `NS1 monitor "${expected.name}"`;
  if (!job?.id) return `${named} is missing`;
  const differs = monitorDifferences(expected, job as unknown as Record<string, unknown>);
  const problems: string[] = [];
  if (differs.length > 0) problems.push(`${named} differs from what zonesync makes (${differs.join(', ')})`);
  if (!job.notify_list) problems.push(`${named} has no notify list`);
  else if (!state.lists.some((l) => l.id === job.notify_list)) problems.push(`${named}'s notify list ${job.notify_list} is missing`);
  const feed = state.feeds.find((f) => f.config['jobid'] === job.id);
  if (!feed) problems.push(`${named} has no data feed`);
  else {
    const off = (ups.get(value) ?? []).filter((up) => !followsFeed(up, feed.id));
    if (off.length > 0) problems.push(`answer ${value} does not follow the data feed ${feed.id} of ${named} (its up is ${off[0] === undefined ? 'absent' : JSON.stringify(off[0])})`);
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Why a steered rrset's obeying values no longer follow zonesync's monitors, one reason per value; empty when they do. */
export function monitorDrift(rrset: RRset & { dynamic: Dynamic }, regions: readonly string[], state: MonitoringState, ups: AnswerUps): string[] {
  return obeyingValues(rrset).flatMap((value) => valueDrift(rrset, value, regions, state, ups) ?? []);
}
