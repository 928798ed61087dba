import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Change } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import type { RRset, Soa, Zone } from '../../core/model.js';
import { rrsetKey } from '../../core/model.js';
import { canonicalName, type ZoneName } from '../../core/name.js';
import { parseMasterFile } from '../../core/zonefile/rfc1035.js';
import { renderMasterFile } from '../../core/zonefile/write.js';
import { hasErrors, formatProblem } from '../../core/problem.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { ChunkReceipt, ReadBackTold } from '../provider.js';
import { nextSerial } from '../../core/serial.js';
import { runReload, type ReloadCommand } from './reload.js';

interface Served {
  zone: Zone;
  soa: Soa;
  nameservers: string[];
}

/** Which version of a file is on disk: inode, size and mtime (an atomic rename makes a new inode). */
function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * One RFC 1035 file per zone, rewritten atomically (temp file, fsync, rename) with a serial bump.
 * The last file parsed (or written, parsed from the text it wrote) is kept with its stamp: a read
 * of a file that has not changed since costs one stat, so the read-back of a chunk and the final
 * drift check read the file it just wrote without parsing it again.
 */
export class FileZoneStore {
  private readonly directory: string;
  private readonly parsed = new Map<string, { stamp: string; served: Served }>();

  constructor(
    private readonly id: string,
    baseDir: string,
    directory: string,
    private readonly delegation: string[],
    private readonly reloadCommand?: ReloadCommand,
  ) {
    this.directory = resolve(baseDir, directory);
  }

  private path(zone: ZoneName): string {
    // A zone name is a file name here: a ZoneName has no `/` or `..`, and the root has no file name.
    if (zone === '.') throw new ProviderError(this.id, 'the root zone cannot be a file provider\'s zone');
    return join(this.directory, `${zone.slice(0, -1)}.zone`);
  }

  /** True when the last `load` answered from the file as written or last parsed, without reading it. */
  private heldLast = false;

  private async load(zone: ZoneName): Promise<Served | undefined> {
    const file = this.path(zone);
    let stamp: string | undefined;
    let text: string;
    this.heldLast = false;
    try {
      stamp = stampOf(file);
      const known = stamp === undefined ? undefined : this.parsed.get(file);
      this.heldLast = known !== undefined && known.stamp === stamp;
      if (known && known.stamp === stamp) return known.served;
      // Small files, read by the hundred: synchronous reads skip the thread pool.
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ProviderError(this.id, `cannot read ${file}: ${(error as Error).message}`);
    }
    const served = this.parse(zone, file, text);
    // Stamped before the read: a file replaced in between is parsed again next time, never trusted stale.
    if (stamp !== undefined) this.parsed.set(file, { stamp, served });
    return served;
  }

  private parse(zone: ZoneName, file: string, text: string): Served {
    const parsed = parseMasterFile(text, file, zone, () => undefined);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (hasErrors(parsed.problems) || !parsed.zone.soa) {
      throw new ProviderError(this.id, `served file ${file} is not a valid zone`, { details: errors.map(formatProblem) });
    }
    return { zone: parsed.zone, soa: parsed.zone.soa, nameservers: parsed.apexNameservers?.values ?? [] };
  }

  async read(zone: ZoneName): Promise<Zone | undefined> {
    const served = await this.load(zone);
    if (!served) return undefined;
    const apexNs: RRset[] = served.nameservers.length > 0 ? [{ name: zone, type: 'NS', ttl: served.soa.ttl, values: served.nameservers }] : [];
    return { name: zone, soa: served.soa, rrsets: [...apexNs, ...served.zone.rrsets] };
  }

  /** Just these rrsets, from the file (the one it just wrote, when nothing replaced it since). */
  async readRRsets(zone: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    const live = await this.read(zone);
    // `written`: the file as this provider wrote (or last parsed) it, unchanged on disk; else it was read and parsed again, whole.
    told?.(this.heldLast ? { method: 'written', calls: 0 } : { method: 'whole', calls: 1 });
    if (!live) return [];
    const wanted = new Set(keys.map(rrsetKey));
    return live.rrsets.filter((r) => wanted.has(rrsetKey(r)));
  }

  delegationNames(zone: ZoneName): string[] {
    return this.delegation.map((n) => {
      const c = canonicalName(n.endsWith('.') ? n : `${n}.`, zone);
      return c.ok ? c.name : n;
    });
  }

  async ensure(zone: ZoneName): Promise<void> {
    if (await this.load(zone)) return;
    await this.write(zone, [], undefined, this.delegationNames(zone));
    // No chunk may follow a new empty zone, so the server is told about the new file now.
    await this.reload(zone);
  }

  /** Run the configured reload command for the zone's file (nothing when none is configured). */
  async reload(zone: ZoneName): Promise<void> {
    if (this.reloadCommand) await runReload(this.id, this.reloadCommand, zone, this.path(zone));
  }

  async apply(zone: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    const served = await this.load(zone);
    const current = new Map<string, RRset>((served?.zone.rrsets ?? []).map((r) => [rrsetKey(r), r]));
    let nameservers = served && served.nameservers.length > 0 ? served.nameservers : this.delegationNames(zone);
    for (const change of changes) {
      const subject = change.kind === 'delete' ? change.before : change.after;
      // The apex NS is the file's delegation list, not an ordinary rrset (`switch` rewrites it).
      if (subject.type === 'NS' && subject.name === zone) {
        nameservers = change.kind === 'delete' ? this.delegationNames(zone) : change.after.values;
        continue;
      }
      const key = rrsetKey(subject);
      const existing = current.get(key);
      // Each change states what it expects to find: a file edited behind our back is refused, not overwritten.
      if (change.kind === 'create' && existing) throw new ProviderError(this.id, `${zone} ${key}: already exists (the zone changed since it was read)`);
      if (change.kind !== 'create' && !existing) throw new ProviderError(this.id, `${zone} ${key}: is gone (the zone changed since it was read)`);
      if (change.kind === 'delete') current.delete(key);
      else current.set(key, { name: change.after.name, type: change.after.type, ttl: change.after.ttl, values: change.after.values });
    }
    await this.write(zone, [...current.values()], served?.soa, nameservers);
    return { apiCalls: 1 };
  }

  private async write(zone: ZoneName, rrsets: RRset[], previous: Soa | undefined, nameservers: string[]): Promise<void> {
    const soa: Soa = previous
      ? { ...previous, serial: nextSerial(previous.serial, new Date()) }
      : { mname: this.delegationNames(zone)[0] ?? `ns.${zone}`, rname: `hostmaster.${zone}`, serial: nextSerial(0, new Date()), refresh: 3600, retry: 600, expire: 1209600, minimum: 300, ttl: 3600 };
    const text = renderMasterFile({ name: zone, rrsets }, { soa, nameservers });
    const target = this.path(zone);
    try {
      await writeFileAtomic(target, text);
    } catch (error) {
      throw new ProviderError(this.id, `cannot write ${target}: ${(error as Error).message}`);
    }
    // The read-back is of the text as written, parsed once here, stamped with the file it became.
    const stamp = stampOf(target);
    if (stamp !== undefined) this.parsed.set(target, { stamp, served: this.parse(zone, target, text) });
  }

  async list(): Promise<string[]> {
    try {
      const files = await readdir(this.directory);
      return files.filter((f) => f.endsWith('.zone')).map((f) => `${f.slice(0, -'.zone'.length)}.`).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
