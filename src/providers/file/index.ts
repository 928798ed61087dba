import * as z from 'zod';
import type { Capabilities, Provider } from '../provider.js';
import { parseNameserverAddress } from '../nameserver.js';
import { FileZoneStore } from './store.js';

export const fileConfigSchema = z.strictObject({
  type: z.literal('file'),
  /** Directory of RFC 1035 zone files, one `<zone>.zone` per zone (relative to zonesync.yaml). */
  directory: z.string().min(1),
  /** Host names the served files list as apex NS (what a delegation to the servers loading them lists). */
  delegation: z.array(z.string().min(1)).default(['ns.zonesync.invalid.']),
  /** IP:port of servers that load these files, for `verify` and chunk verification. */
  nameservers: z.array(z.string()).default([]),
});
export type FileConfig = z.infer<typeof fileConfigSchema>;

const SUPPORTED = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NS', 'PTR', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'] as const;

export const fileCapabilities: Capabilities = {
  types: {
    ...Object.fromEntries(SUPPORTED.map((t) => [t, { supported: true }])),
    ALIAS: { supported: false, reason: 'RFC 1035 master files have no ALIAS type; BIND cannot load it' },
  },
  // The whole zone file is rewritten per chunk, so a chunk of any size is one write.
  maxChangesPerBatch: 100_000,
  atomicBatch: true,
  alias: 'none',
  minTtl: 0,
};

export function createFileProvider(id: string, config: FileConfig, baseDir: string): Provider {
  const nameservers = config.nameservers.map((text, i) => parseNameserverAddress(text, `providers.${id}.nameservers[${i}]`));
  const store = new FileZoneStore(id, baseDir, config.directory, config.delegation);
  return {
    id,
    type: 'file',
    capabilities: fileCapabilities,
    read: (zone) => store.read(zone),
    ensureZone: (zone) => store.ensure(zone),
    apply: (zone, changes) => store.apply(zone, changes),
    delegationNameservers: async (zone) => store.delegationNames(zone),
    nameservers: async () => nameservers,
    listZones: () => store.list(),
  };
}
