import { lookup } from 'node:dns/promises';
import type { Change } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import { RECORD_TYPES, type RecordType, type RRset, type Zone } from '../../core/model.js';
import { parseNameserverAddress } from '../../dns/nameserver.js';
import type { Capabilities, ChunkReceipt, Nameserver, Provider, TypeSupport } from '../provider.js';
import { applyChunk } from './apply.js';
import { Ns1ApiError, Ns1Client } from './client.js';
import { NS1_TYPES, modelName, needsFullRecord, ns1Domain, rrsetFromRecord, rrsetFromSummary, soaFromZone } from './convert.js';
import { ns1ConfigSchema, type Ns1Config } from './config.js';

export { Ns1ChunkError } from './apply.js';

export const NS1_DEFAULT_ENDPOINT = 'https://api.nsone.net/v1';

export { ns1ConfigSchema, type Ns1Config } from './config.js';

const TYPE_REASONS: Partial<Record<RecordType, string>> = {
  SSHFP: 'NS1 does not serve SSHFP records',
  TXT: 'one string per answer: a multi-string value must be the 255-byte split of one text',
  ALIAS: 'native NS1 ALIAS record',
};

function typeSupport(): Partial<Record<RecordType, TypeSupport>> {
  const types: Partial<Record<RecordType, TypeSupport>> = {};
  for (const type of RECORD_TYPES) {
    const reason = TYPE_REASONS[type];
    types[type] = { supported: NS1_TYPES.has(type), ...(reason ? { reason } : {}) };
  }
  return types;
}

export const NS1_CAPABILITIES: Capabilities = {
  types: typeSupport(),
  // NS1 has no batch endpoint (one call per rrset): this only sizes chunks so each is verified soon.
  maxChangesPerBatch: 100,
  atomicBatch: false,
  alias: 'native',
  // Not confirmed against NS1's documentation; 1 s is the smallest TTL zonesync will send.
  minTtl: 1,
  // DNSControl audits NS1 with TxtNoMultipleStrings ("still needed as of 2021-03-01").
  txtMultipleStrings: false,
};

export interface Ns1ProviderOptions {
  /** For tests: replace the waits of pacing and backoff. */
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export interface Ns1Provider extends Provider {
  /** The API client (its `calls` counts requests per bucket class). */
  readonly client: Ns1Client;
}

function wrap(providerId: string, what: string, error: unknown): never {
  if (error instanceof ProviderError) throw error;
  const transient = error instanceof Ns1ApiError ? error.transient : false;
  const reason = error instanceof Error ? error.message : String(error);
  throw new ProviderError(providerId, `${what}: ${reason}`, { transient, cause: error });
}

/** Build an NS1 provider. Touches no network until a method is called. */
export function createNs1Provider(id: string, config: Ns1Config, options: Ns1ProviderOptions = {}): Ns1Provider {
  const parsed = ns1ConfigSchema.parse(config);
  const client = new Ns1Client({ apiKey: parsed.apiKey, endpoint: parsed.endpoint ?? NS1_DEFAULT_ENDPOINT, sleep: options.sleep, timeoutMs: options.timeoutMs });
  const configured = parsed.nameservers?.map((text, index) => parseNameserverAddress(text, `providers.${id}.nameservers[${index}]`));
  const resolved = new Map<string, Nameserver[]>();

  async function delegationNameservers(zone: string): Promise<string[]> {
    try {
      const found = await client.getZone(ns1Domain(zone), { records: false });
      if (!found) throw new ProviderError(id, `zone ${zone} does not exist on NS1`);
      return (found.dns_servers ?? []).map(modelName);
    } catch (error) {
      return wrap(id, `zone ${zone}: reading dns_servers`, error);
    }
  }

  return {
    id,
    type: 'ns1',
    capabilities: NS1_CAPABILITIES,
    client,

    async read(zone: string): Promise<Zone | undefined> {
      try {
        const found = await client.getZone(ns1Domain(zone));
        if (!found) return undefined;
        const defaultTtl = found.ttl ?? 3600;
        const rrsets: RRset[] = [];
        for (const summary of found.records ?? []) {
          // The summary has no answer meta, filters or regions: fetch those records in full.
          const rrset = needsFullRecord(summary)
            ? rrsetFromRecord(await client.getRecord(ns1Domain(zone), summary.domain, summary.type), defaultTtl)
            : rrsetFromSummary(summary, defaultTtl);
          if (rrset) rrsets.push(rrset);
        }
        const soa = soaFromZone(found);
        return { name: zone, rrsets, ...(soa ? { soa } : {}) };
      } catch (error) {
        return wrap(id, `zone ${zone}: read`, error);
      }
    },

    async ensureZone(zone: string): Promise<void> {
      try {
        if (await client.getZone(ns1Domain(zone), { records: false })) return;
        await client.createZone(ns1Domain(zone));
      } catch (error) {
        if (error instanceof Ns1ApiError && error.status === 400 && /already exists/.test(error.message)) return;
        return wrap(id, `zone ${zone}: create`, error);
      }
    },

    apply(zone: string, changes: Change[]): Promise<ChunkReceipt> {
      return applyChunk(id, client, zone, changes);
    },

    delegationNameservers,

    async nameservers(zone: string): Promise<Nameserver[]> {
      if (configured) return configured;
      const cached = resolved.get(zone);
      if (cached) return cached;
      const names = await delegationNameservers(zone);
      const found: Nameserver[] = [];
      for (const name of names) {
        try {
          const addresses = await lookup(ns1Domain(name), { all: true });
          for (const address of addresses) found.push({ name, address: address.address, port: 53 });
        } catch (error) {
          return wrap(id, `zone ${zone}: resolving nameserver ${name}`, error);
        }
      }
      resolved.set(zone, found);
      return found;
    },

    async listZones(): Promise<string[]> {
      try {
        return (await client.listZones()).map((zone) => modelName(zone.zone));
      } catch (error) {
        return wrap(id, 'listing zones', error);
      }
    },
  };
}
