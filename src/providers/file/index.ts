import type { Capabilities, Provider } from '../provider.js';
import { parseNameserverAddress } from '../../dns/nameserver.js';
import { FileZoneStore } from './store.js';
import type { FileConfig } from './config.js';

export { fileConfigSchema, type FileConfig } from './config.js';

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
  const reload = config.reload ? { argv: config.reload, timeoutMs: config.reloadTimeoutMs ?? 30_000, cwd: baseDir } : undefined;
  const store = new FileZoneStore(id, baseDir, config.directory, config.delegation, reload);
  return {
    id,
    type: 'file',
    capabilities: fileCapabilities,
    read: (zone) => store.read(zone),
    ensureZone: (zone) => store.ensure(zone),
    apply: (zone, changes) => store.apply(zone, changes),
    // The file is written (applied); the server serving it has it once the reload command succeeds (in sync).
    ...(reload ? { waitInSync: (zone: string) => store.reload(zone) } : {}),
    delegationNameservers: async (zone) => store.delegationNames(zone),
    nameservers: async () => nameservers,
    listZones: () => store.list(),
  };
}
