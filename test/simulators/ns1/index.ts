import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Nameserver } from '../../../src/dns/nameserver.js';
import { startDnsServer, type DnsClient, type SteeredAnswer } from '../../support/dns-server.js';
import { createHandler, type Ns1Counters, type Ns1HttpFaults, type Ns1Limits } from './server.js';
import { rrsetOf, servedZone } from './served.js';
import { Ns1Monitoring, type JobStatus } from './monitoring.js';
import { runFilterChain } from './steer.js';
import { Ns1Store, SIM_DNS_SERVERS, normalName } from './store.js';
import { needsIntegration } from '../../support/project.js';

/** Where the simulator's nameserver places client subnets for geo rules (documentation prefixes only). */
export { SIM_GEO, type SimLocation } from './steer.js';

/**
 * An NS1 API v1 simulator on 127.0.0.1 (free port), built from NS1's public documentation and
 * SDKs, that also answers DNS for its zones on loopback so `verify` runs against it: a record with
 * a filter chain is answered per query by running the chain, with EDNS Client Subnet (steer.ts).
 */

export interface Ns1Faults {
  /** The next N API requests answer 503. */
  status5xx?: number;
  /** Every API request answers 429 while set. */
  rateLimited?: boolean;
  /** The nameserver serves data that differs from the API's. */
  wrongAnswers?: boolean;
  /** The nameserver answers NXDOMAIN to AAAA queries with EDNS (the migration incident). */
  nxdomainForAaaaWithEdns?: boolean;
}

export interface Ns1SimulatorOptions {
  apiKey?: string;
  /** Token buckets per class (defaults: 900 reads and 300 writes per 300 s, as NS1 documents). */
  limits?: Ns1Limits;
  recordsPerPage?: number;
  /** The weighted_shuffle and shuffle filters' random numbers in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface Ns1Simulator {
  /** `http://127.0.0.1:PORT/v1` */
  baseUrl: string;
  dns: Nameserver;
  apiKey: string;
  /** May read, gets 403 on writes. */
  readOnlyApiKey: string;
  faults: Ns1Faults;
  /** API requests received. */
  readonly requests: number;
  /** Requests, reads, writes, 429s and 5xx answered. */
  readonly counters: Readonly<Ns1Counters>;
  addZone(name: string): void;
  /** False: the account has no DNSSEC, and turning it on for a zone is refused (400). */
  dnssecAllowed: boolean;
  /** The stored record as the API would return it (a copy), or undefined. */
  record(zone: string, domain: string, type: string): unknown;
  /** As if a person set up a filter chain in the portal. */
  setFilters(zone: string, domain: string, type: string, filters: Array<Record<string, unknown>>): void;
  /** Monitoring jobs, data sources (with their feeds) and notify lists, as the API holds them. */
  readonly monitoring: Ns1Monitoring;
  /** As if the job's probes reported: an answer fed by a `down` job is dropped by the `up` filter. */
  setMonitorStatus(jobId: string, status: JobStatus): void;
  close(): Promise<void>;
}

export async function startNs1Simulator(options: Ns1SimulatorOptions = {}): Promise<Ns1Simulator> {
  needsIntegration('the NS1 simulator');
  const apiKey = options.apiKey ?? `sim-${randomBytes(12).toString('hex')}`;
  const readOnlyApiKey = `ro-${randomBytes(12).toString('hex')}`;
  const limits = options.limits ?? { read: 900, write: 300, periodSeconds: 300 };
  const store = new Ns1Store();
  const monitoring = new Ns1Monitoring();
  let wrongAnswers = false;
  // A record with a filter chain is answered per query, by running the chain for the client.
  const steer = (name: string, type: string, client: DnsClient): SteeredAnswer | undefined => {
    const domain = normalName(name);
    const zone = [...store.zones.values()].filter((z) => domain === z.zone || domain.endsWith(`.${z.zone}`)).sort((a, b) => b.zone.length - a.zone.length)[0];
    const record = zone?.records.get(`${domain} ${type}`) ?? (type === 'CNAME' ? undefined : zone?.records.get(`${domain} CNAME`));
    if (!record || record.filters.length === 0) return undefined;
    const result = runFilterChain(record, client, options.random, (feed) => monitoring.feedUp(feed));
    const rrset = rrsetOf(record, wrongAnswers, result.answers);
    return rrset ? { rrset, scopePrefix: result.scopePrefix } : undefined;
  };
  const dnsServer = await startDnsServer({ steer });
  const httpFaults: Ns1HttpFaults = { status5xx: 0, rateLimited: false };
  const counters: Ns1Counters = { requests: 0, reads: 0, writes: 0, tooManyRequests: 0, serverErrors: 0 };

  // Every change of the API's state is pushed to the nameserver as a model Zone.
  const publish = (name: string) => {
    const zone = store.zones.get(name);
    if (zone) dnsServer.setZone(servedZone(zone, { wrongAnswers }));
    else dnsServer.removeZone(`${name}.`);
  };
  store.onChange = publish;

  let baseUrl = '';
  const server = createServer(
    createHandler({ store, monitoring, apiKey, readOnlyApiKey, limits, recordsPerPage: options.recordsPerPage ?? 2500, faults: httpFaults, counters, baseUrl: () => baseUrl }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  const faults: Ns1Faults = {
    get status5xx() {
      return httpFaults.status5xx;
    },
    set status5xx(n: number | undefined) {
      httpFaults.status5xx = n ?? 0;
    },
    get rateLimited() {
      return httpFaults.rateLimited;
    },
    set rateLimited(on: boolean | undefined) {
      httpFaults.rateLimited = on ?? false;
    },
    get wrongAnswers() {
      return wrongAnswers;
    },
    set wrongAnswers(on: boolean | undefined) {
      wrongAnswers = on ?? false;
      for (const name of store.zones.keys()) publish(name);
    },
    get nxdomainForAaaaWithEdns() {
      return dnsServer.faults.nxdomainForAaaaWithEdns ?? false;
    },
    set nxdomainForAaaaWithEdns(on: boolean | undefined) {
      dnsServer.faults.nxdomainForAaaaWithEdns = on ?? false;
    },
  };

  return {
    baseUrl,
    dns: { name: `${SIM_DNS_SERVERS[0]}.`, address: dnsServer.address, port: dnsServer.port },
    apiKey,
    readOnlyApiKey,
    faults,
    get requests() {
      return counters.requests;
    },
    counters,
    addZone: (name) => void store.createZone(name),
    get dnssecAllowed() {
      return store.dnssecAllowed;
    },
    set dnssecAllowed(on: boolean) {
      store.dnssecAllowed = on;
    },
    record(zone, domain, type) {
      const found = store.zones.get(normalName(zone))?.records.get(`${normalName(domain)} ${type.toUpperCase()}`);
      return found ? structuredClone(found) : undefined;
    },
    setFilters: (zone, domain, type, filters) => store.setFilters(zone, domain, type, filters),
    monitoring,
    setMonitorStatus: (jobId, status) => monitoring.setStatus(jobId, status),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dnsServer.close();
    },
  };
}
