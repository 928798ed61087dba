/**
 * One timed PowerDNS apply with the code of another checkout (`old` vs `new` in bench/cases/pdns.ts):
 *   node --import tsx bench/apply-pdns-child.ts ROOT URL APIKEY DNS_HOST:PORT RECORDS VERSION
 * imports ROOT's own bench/push.ts and src, pushes RECORDS changed A rrsets at --chunk-size 100
 * with the DNS verifier, and prints {"applyMs":…,"chunks":…} on stdout.
 */
import type * as Push from './push.js';
import type * as PowerDns from '../src/providers/powerdns/provider.js';
import type * as Verifiers from '../src/engine/run/verifiers.js';

const [root, url, apiKey, dns, recordsText, versionText] = process.argv.slice(2);
if (!root || !url || !apiKey || !dns || !recordsText || !versionText) throw new Error('usage: ROOT URL APIKEY DNS RECORDS VERSION');
const push = (await import(`${root}/bench/push.ts`)) as typeof Push;
const pdnsModule = (await import(`${root}/src/providers/powerdns/provider.ts`)) as typeof PowerDns;
const verifiers = (await import(`${root}/src/engine/run/verifiers.ts`)) as typeof Verifiers;
const ZONE = 'pdns.bench.test.';
const records = Number(recordsText);
const provider = pdnsModule.createPowerDnsProvider('pdns', pdnsModule.powerdnsConfigSchema.parse({ type: 'powerdns', url, apiKey, nameservers: [dns], timeoutMs: 60_000 }));
const pushed = await push.pushZone(provider, push.bulkZone(ZONE, records, records, Number(versionText)), { chunkSize: 100, verifier: verifiers.verifierFor('dns'), verify: 'dns' });
if (pushed.changes !== records) throw new Error(`planned ${pushed.changes} changes, expected ${records}`);
console.log(JSON.stringify({ applyMs: pushed.applyMs, chunks: pushed.chunks }));
await provider.close?.();
process.exit(0);
