import { bindConfigSchema, createBindProvider } from '../../src/providers/bind/provider.js';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';
import { startBind } from '../../test/harness/bind.js';
import { MOTO_CREDENTIALS, startMoto } from '../../test/harness/moto.js';
import { startPowerDns } from '../../test/harness/pdns.js';
import { startCloudflareSimulator } from '../../test/simulators/cloudflare/index.js';
import { startNs1Simulator } from '../../test/simulators/ns1/index.js';
import { engineChunks, route53Minimum, startCountingProxy, type ProviderCalls } from './calls.js';

/** The five API providers: how to start each against its local server, and its minimum. */

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

export const CALL_CASES: ProviderCalls[] = [
  {
    id: 'calls-route53',
    title: 'Route 53 (moto)',
    rule: 'max(⌈values ÷ 1,000⌉, ⌈characters ÷ 32,000⌉) ChangeResourceRecordSets requests, an UPSERT counting twice; then one GetChange (INSYNC poll) per request',
    async start() {
      const moto = await startMoto();
      const proxy = await startCountingProxy(moto.endpoint, (method, path) => (/\/change\//.test(path) ? 'poll' : method === 'POST' && /\/rrset\/?$/.test(path) ? 'write' : isWrite(method) ? 'other-write' : 'read'));
      const provider = createRoute53Provider('r53', { type: 'route53', endpoint: proxy.url, region: 'us-east-1' }, { credentials: MOTO_CREDENTIALS, requestsPerSecond: 100 });
      return { provider, proxy, stop: async () => { await provider.close?.(); await proxy.close(); await moto.stop(); } };
    },
    minimumWrites: (pushed, kind) => route53Minimum(pushed.changes, kind),
    writes: (_pushed, subject) => subject.proxy?.count('write') ?? 0,
    polls: (subject) => subject.proxy?.count('poll') ?? 0,
    extraNotes: ['moto answers INSYNC at once, so each change id needs exactly one poll.'],
  },
  {
    id: 'calls-cloudflare',
    title: 'Cloudflare (simulator)',
    rule: 'one POST …/dns_records/batch per 200 record changes (batchSize default 200; up to 3,500 when configured)',
    async start() {
      const sim = await startCloudflareSimulator({ rateLimit: { requests: 1_000_000, windowMs: 300_000 } });
      const proxy = await startCountingProxy(sim.baseUrl, (method, path) => (method === 'POST' && /\/dns_records\/batch/.test(path) ? 'write' : isWrite(method) ? 'other-write' : 'read'));
      const provider = createCloudflareProvider('cf', { type: 'cloudflare', apiToken: sim.token, endpoint: proxy.url, accountId: 'bench' });
      return { provider, proxy, stop: async () => { await provider.close?.(); await proxy.close(); await sim.close(); } };
    },
    minimumWrites: (pushed) => Math.ceil(pushed.changes / 200),
    writes: (_pushed, subject) => (subject.proxy?.count('write') ?? 0) + (subject.proxy?.count('other-write') ?? 0),
  },
  {
    id: 'calls-ns1',
    title: 'NS1 (simulator)',
    rule: 'one PUT (create) or POST (update) per changed rrset',
    async start() {
      const sim = await startNs1Simulator({ limits: { read: 1_000_000, write: 1_000_000, periodSeconds: 300 } });
      const proxy = await startCountingProxy(sim.baseUrl, (method) => (isWrite(method) ? 'write' : 'read'));
      const provider = createNs1Provider('ns1', { type: 'ns1', apiKey: sim.apiKey, endpoint: proxy.url });
      sim.addZone('calls.bench.test');
      return { provider, proxy, stop: async () => { await provider.close?.(); await proxy.close(); await sim.close(); } };
    },
    minimumWrites: (pushed) => pushed.changes,
    writes: (_pushed, subject) => subject.proxy?.count('write') ?? 0,
  },
  {
    id: 'calls-powerdns',
    title: 'PowerDNS (pdns_server, gsqlite3)',
    rule: "one PATCH per engine chunk (chunks of at most the provider's maxChangesPerBatch, 500)",
    async start() {
      const pdns = await startPowerDns();
      const proxy = await startCountingProxy(pdns.url, (method) => (method === 'PATCH' ? 'write' : isWrite(method) ? 'other-write' : 'read'));
      const provider = createPowerDnsProvider('pdns', powerdnsConfigSchema.parse({ type: 'powerdns', url: proxy.url, apiKey: pdns.apiKey, timeoutMs: 60_000 }));
      return { provider, proxy, stop: async () => { await provider.close?.(); await proxy.close(); await pdns.stop(); } };
    },
    minimumWrites: (pushed, _kind, subject) => engineChunks(pushed.changes, subject.provider),
    writes: (_pushed, subject) => subject.proxy?.count('write') ?? 0,
  },
  {
    id: 'calls-bind',
    title: 'BIND (named, RFC 2136 UPDATE with TSIG)',
    rule: "one UPDATE message per engine chunk (chunks of at most maxChangesPerBatch, 1,000; more only when a message would pass 64 KiB)",
    async start() {
      const bind = await startBind({ zones: ['calls.bench.test.'], apexNameserver: 'ns1.elsewhere.example.' });
      const provider = createBindProvider('bind', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
      return { provider, stop: async () => { await provider.close?.(); await bind.stop(); } };
    },
    minimumWrites: (pushed, _kind, subject) => engineChunks(pushed.changes, subject.provider),
    // Each chunk's receipt counts its UPDATE messages plus the one IXFR that checks the chunk took.
    writes: (pushed) => pushed.receiptCalls - pushed.chunks,
    extraNotes: ['UPDATE messages = Σ receipt.apiCalls − one IXFR check per chunk (src/providers/bind/apply.ts).'],
  },
];
