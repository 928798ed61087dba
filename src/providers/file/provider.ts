import type * as z from 'zod';
import type { Change } from '../../core/change.js';
import type { RRset, Zone } from '../../core/model.js';
import type { ZoneName } from '../../core/name.js';
import { parseNameserverAddress, type Nameserver } from '../../dns/nameserver.js';
import type { ChunkReceipt, CreatedZone, Provider, ReadBackTold } from '../provider.js';
import { guardProvider, type Guarded } from '../shared/guard.js';
import { fileCapabilities } from './capabilities.js';
import { fileConfigSchema, type FileConfig } from './config.js';
import { FileZoneStore } from './client.js';

export { fileCapabilities } from './capabilities.js';
export { fileConfigSchema, type FileConfig } from './config.js';

/** A file provider from a block as written (tests): checked, and guarded as the registry guards it. */
export function createFileProvider(id: string, config: z.input<typeof fileConfigSchema>, baseDir: string): Guarded<FileProvider> {
  return guardProvider(new FileProvider(id, fileConfigSchema.parse(config), baseDir));
}

/**
 * A folder of RFC 1035 zone files that a server (named, NSD, Knot) loads: rewritten whole per
 * chunk (the write is proportional to the zone), or once per phase where no server reads them.
 */
export class FileProvider implements Provider {
  readonly type = 'file';
  readonly capabilities = fileCapabilities;
  private readonly store: FileZoneStore;
  private readonly verifyAt: Nameserver[];
  /** With a reload command: the file is written (applied); the server serving it has it once the command succeeds (in sync). */
  readonly waitInSync?: (zone: ZoneName) => Promise<void>;
  /** No reload command and no nameservers: no server is known to read the files between chunks, so a run writes each phase once. */
  readonly unobservedBetweenChunks: boolean;

  constructor(readonly id: string, config: FileConfig, baseDir: string) {
    this.verifyAt = config.nameservers.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`));
    const reload = config.reload ? { argv: config.reload, timeoutMs: config.reloadTimeoutMs ?? 30_000, cwd: baseDir } : undefined;
    this.store = new FileZoneStore(id, baseDir, config.directory, config.delegation, reload);
    if (reload) this.waitInSync = (zone) => this.store.reload(zone);
    this.unobservedBetweenChunks = !reload && this.verifyAt.length === 0;
  }

  read(zone: ZoneName): Promise<Zone | undefined> {
    return this.store.read(zone);
  }

  readRRsets(zone: ZoneName, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold): Promise<RRset[]> {
    return this.store.readRRsets(zone, keys, told);
  }

  ensureZone(zone: ZoneName): Promise<void> {
    return this.store.ensure(zone);
  }

  /** A new zone file with its SOA and the apex NS of `delegation` (reloaded when a reload command is set); a file already there is left as it is. */
  async createZone(zone: ZoneName): Promise<CreatedZone> {
    await this.store.ensure(zone);
    return { nameservers: this.store.delegationNames(zone) };
  }

  apply(zone: ZoneName, changes: Change[]): Promise<ChunkReceipt> {
    return this.store.apply(zone, changes);
  }

  async delegationNameservers(zone: ZoneName): Promise<string[]> {
    return this.store.delegationNames(zone);
  }

  async nameservers(): Promise<Nameserver[]> {
    return this.verifyAt;
  }

  listZones(): Promise<string[]> {
    return this.store.list();
  }
}
