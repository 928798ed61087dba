import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { randomUUID } from 'node:crypto';
import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import type { DynamicStatus } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import type { Route53Api } from './client.js';
import { healthCheckConfig, healthCheckPrefix, OWNER_TAG, sameHealthConfig, settingsTagKey, settingsTags, tagSafe, type HealthCheckRecord } from './dynamic.js';

/** The health check id of a checked value of a steered rrset. */
export type HealthCheckLookup = (rrset: RRset, value: string, status: DynamicStatus) => string | undefined;

/**
 * The health checks zonesync makes for the checked values of steered rrsets: found again by
 * CallerReference prefix and settings, made before the batch that names them, deleted when no
 * record set uses them. The account's checks are listed once, when steering needs them, and kept current.
 */
export class Route53HealthChecks {
  private listed: Promise<Map<string, HealthCheckRecord>> | undefined;

  constructor(private readonly api: Route53Api) {}

  private all(): Promise<Map<string, HealthCheckRecord>> {
    this.listed ??= this.api.listHealthChecks().then((list) => new Map(list.map((c) => [c.id, c])));
    this.listed.catch(() => (this.listed = undefined));
    return this.listed;
  }

  /** Health checks, listed only when a record set names one (a zone without any costs no call). */
  async of(sets: ResourceRecordSet[]): Promise<Map<string, HealthCheckRecord>> {
    return sets.some((s) => s.HealthCheckId !== undefined) ? this.all() : new Map();
  }

  /**
   * The health check of each checked value of the steered rrsets these changes write: one
   * zonesync made for that rrset with the same settings, or a new one (created before the batch
   * that references it). Returns the lookup and the ids created now.
   */
  async ensure(zone: ZoneName, changes: Change[]): Promise<{ lookup: HealthCheckLookup; created: string[] }> {
    const wanted = new Map<string, string>();
    const created: string[] = [];
    const key = (rrset: RRset, value: string, status: DynamicStatus) => `${rrset.name} ${rrset.type} ${value} ${status}`;
    const steered = changes.flatMap((c) => (c.kind !== 'delete' && c.after.dynamic ? [c.after] : []));
    const checked = steered.filter((r) => Object.values(r.dynamic?.pools ?? {}).some((p) => p.values.some((v) => v.status !== 'up')));
    if (checked.length > 0) {
      const all = await this.all();
      for (const rrset of checked) {
        const prefix = healthCheckPrefix(rrset);
        const tags = settingsTags(rrset.dynamic as NonNullable<RRset['dynamic']>);
        for (const pool of Object.values(rrset.dynamic?.pools ?? {})) {
          for (const v of pool.values) {
            if (v.status === 'up' || wanted.has(key(rrset, v.value, v.status))) continue;
            const config = healthCheckConfig(rrset, v.value, v.status);
            const found = [...all.values()].find((c) => c.callerReference.startsWith(prefix) && sameHealthConfig(c.config, config) && tags.every((t, i) => c.tags[settingsTagKey(i)] === t) && c.tags[settingsTagKey(tags.length)] === undefined);
            if (found) {
              wanted.set(key(rrset, v.value, v.status), found.id);
              continue;
            }
            const reference = `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
            const tagSet: Record<string, string> = { Name: tagSafe(`${rrset.name} ${rrset.type} ${v.value}`), [OWNER_TAG]: tagSafe(`${rrset.name} ${rrset.type}`) };
            tags.forEach((t, i) => (tagSet[settingsTagKey(i)] = t));
            const check = await this.api.createHealthCheck(reference, config, tagSet, `zone ${zone}: record ${rrset.name} ${rrset.type}: creating the health check of ${v.value}`);
            all.set(check.id, check);
            created.push(check.id);
            wanted.set(key(rrset, v.value, v.status), check.id);
          }
        }
      }
    }
    return { lookup: (rrset, value, status) => wanted.get(key(rrset, value, status)), created };
  }

  /** After the batches went in: delete the health checks zonesync made for these rrsets that no record set uses now. Others' are never touched. */
  async collect(zone: ZoneName, changes: Change[], inUse: Set<string>): Promise<void> {
    const touched = changes.filter((c) => (c.kind !== 'create' && c.before.dynamic) || (c.kind !== 'delete' && c.after.dynamic)).map(changeSubject);
    // unlisted means no record set read or written here named a health check: none to collect
    if (touched.length === 0 || !this.listed) return;
    const all = await this.listed;
    for (const subject of touched) {
      const prefix = healthCheckPrefix(subject);
      for (const check of [...all.values()]) {
        if (!check.callerReference.startsWith(prefix) || inUse.has(check.id)) continue;
        await this.api.deleteHealthCheck(check.id, `zone ${zone}: record ${subject.name} ${subject.type}: deleting health check ${check.id}, no longer used`);
        all.delete(check.id);
      }
    }
  }

  /** Health checks made for a batch that did not go in: nothing points at them. */
  async drop(ids: string[]): Promise<void> {
    const all = this.listed ? await this.listed : undefined;
    for (const id of ids) {
      await this.api.deleteHealthCheck(id, `deleting health check ${id}, made for a change that did not go in`).catch(() => undefined);
      all?.delete(id);
    }
  }
}
