import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/client.js';
import { readJournal, type JournalRecord } from '../../src/engine/run/journal.js';
import { createPowerDnsProvider } from '../../src/providers/powerdns/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { startPowerDnsPair, type PowerDnsPair } from '../harness/pdns.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { powerdnsBlock, zoneBlock } from '../support/config-blocks.js';

/**
 * Drill 3 — "a bulk change recreated 40,000 SOA records at once; a batching bug left domains without
 * SOA and the servers answered REFUSED". 300 rrsets (150 A, 150 TXT) of a zone on a PowerDNS pair are
 * all replaced. The safety rule refuses the bulk change until forced; then it goes out in chunks of 50,
 * each verified over DNS on both nameservers. Serving breaks after chunk 2 (the second nameserver hangs):
 * chunk 3 fails verification, exit 3; chunks 4–6 are never sent (journal, and never seen over DNS);
 * `--rollback-on-failure` restores the zone record by record; and a query loop on the healthy nameserver
 * never saw NXDOMAIN, REFUSED or an empty answer for any of the 300 names.
 */

const ZONE = 'bulk.example.com';
const HOSTS = 150;
const CHUNK = 50;
const FAIL_AT = 3;

const zoneFile = (era: 'old' | 'new') =>
  Array.from({ length: HOSTS }, (_, i) => [
    `h${i}: { type: A, ttl: 60, value: ${era === 'old' ? '192.0.2' : '198.51.100'}.${(i % 250) + 1} }`,
    `t${i}: { type: TXT, ttl: 60, value: bulk-${i}-${era} }`,
  ]).flat().join('\n') + '\n';

let pair: PowerDnsPair;
let ws: Workspace;
let env: Record<string, string>;
let direct: Provider;

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env });
const runsDir = () => join(ws.dir, '.zonesync', 'runs');
const runIds = async () => (await readdir(runsDir()).catch(() => [] as string[])).sort();

/** Every rrset (the SOA, whose serial moves with each change, is not one), one line each, sorted. */
async function records(): Promise<string[]> {
  const live = await direct.read(`${ZONE}.`);
  return (live?.rrsets ?? []).map((r) => `${r.name} ${r.type} ${r.ttl} ${r.values.join(' | ')}`).sort();
}

beforeAll(async () => {
  pair = await startPowerDnsPair();
  env = { PDNS_API_KEY: pair.apiKey };
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('pdns', { url: pair.primary.url, nameservers: [pair.primary.dns, pair.secondary.dns], names: ['ns1.bulk-dns.net.', 'ns2.bulk-dns.net.'] }),
      'zones:',
      ...zoneBlock(ZONE, { targets: ['pdns'] }),
      '',
    ].join('\n'),
    [`zones/${ZONE}.yaml`]: zoneFile('old'),
  });
  direct = createPowerDnsProvider('pdns', { type: 'powerdns', url: pair.primary.url, apiKey: pair.apiKey });
  const applied = await cli('apply', '--yes', '--verify', 'api');
  if (applied.code !== 0) throw new Error(`apply failed (${applied.code}):\n${applied.stdout}\n${applied.stderr}`);
}, 60_000);

afterAll(async () => {
  pair?.secondary.resume();
  await pair?.stop();
  await ws?.cleanup();
});

describe('drill: a bulk change of 300 rrsets, serving breaks mid-way', () => {
  it('the safety rule refuses the bulk change (exit 4) and nothing is written', async () => {
    const before = await records();
    const runs = await runIds();
    await ws.write(`zones/${ZONE}.yaml`, zoneFile('new'));
    const refused = await cli('apply', '--yes');
    expect(refused.code, refused.stdout + refused.stderr).toBe(4);
    expect(refused.stderr).toContain('Refused by safety rules');
    expect(await records()).toEqual(before);
    expect(await runIds()).toEqual(runs);
  });

  it('chunk 3 fails DNS verification: exit 3, chunks 4–6 never sent, rolled back exactly, no NXDOMAIN/REFUSED seen', async () => {
    const snapshot = await records();
    expect(snapshot).toHaveLength(2 * HOSTS + 1); // + the apex NS
    const earlierRuns = new Set(await runIds());

    // The query loop: the healthy nameserver, every one of the 300 names, all the time.
    let running = true;
    const seen = { queries: 0, bad: [] as string[], newValues: new Set<string>() };
    const loop = (async () => {
      for (let i = 0; running; i++) {
        const host = (i >> 1) % HOSTS;
        const [name, type] = i % 2 ? [`t${host}.${ZONE}.`, 'TXT'] : [`h${host}.${ZONE}.`, 'A'];
        const answer = await query(pair.primary.dns, name, type, { timeoutMs: 1000, retries: 1 }).catch((error: Error) => ({ rcode: `no answer (${error.message})`, answers: [] }));
        seen.queries++;
        if (answer.rcode !== 'NOERROR' || answer.answers.length === 0) seen.bad.push(`${name} ${type}: ${answer.rcode} with ${answer.answers.length} answers`);
        if (answer.answers.some((a) => a.value.includes('198.51.100.') || a.value.includes('-new'))) seen.newValues.add(`${name} ${type}`);
      }
    })();

    // The fault: once chunk FAIL_AT-1 is verified (the journal is flushed before the next step), the
    // second nameserver hangs; when the run reports the failed chunk, the on-call restarts it.
    let watching = true;
    const watcher = (async () => {
      let paused = false;
      while (watching) {
        const id = (await runIds()).find((r) => !earlierRuns.has(r));
        const journal = id ? await readJournal(join(runsDir(), id, 'journal.jsonl')) : [];
        if (!paused && journal.some((e) => e.type === 'chunk-verified' && e.chunk === FAIL_AT - 1)) {
          pair.secondary.pause();
          paused = true;
        }
        if (paused && journal.some((e) => e.type === 'chunk-failed')) {
          pair.secondary.resume();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    let result;
    try {
      result = await cli('apply', '--yes', '--force', '--chunk-size', String(CHUNK), '--pause', '1', '--verify', 'dns', '--verify-timeout', '2', '--rollback-on-failure');
    } finally {
      watching = false;
      running = false;
      await Promise.all([watcher, loop]);
      pair.secondary.resume();
    }

    // The apply stopped at chunk 3, named the nameserver that failed, and rolled back.
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const secondary = `${pair.secondary.dns.address}:${pair.secondary.dns.port}`;
    expect(result.stdout).toContain(`${ZONE}. on pdns: failed, ${FAIL_AT - 1} of ${(2 * HOSTS) / CHUNK} chunk(s) live and verified`);
    expect(result.stdout).toContain(`chunk ${FAIL_AT} (change) failed at verify`);
    expect(result.stdout).toContain(`pdns ${secondary}: unreachable`);
    expect(result.stdout).not.toContain(`pdns ${pair.primary.dns.address}:${pair.primary.dns.port}:`);

    // The journal: chunks 1..3 started, chunk 3 failed, nothing after it, then the rollback ran to the end.
    const id = (await runIds()).find((r) => !earlierRuns.has(r)) as string;
    const journal = await readJournal(join(runsDir(), id, 'journal.jsonl'));
    const failedAt = journal.findIndex((e) => e.type === 'chunk-failed');
    const pushed = journal.slice(0, failedAt).filter((e): e is JournalRecord & { type: 'chunk-start' } => e.type === 'chunk-start');
    expect(pushed.map((e) => e.chunk)).toEqual([1, 2, FAIL_AT]);
    expect(pushed.every((e) => e.chunks === (2 * HOSTS) / CHUNK && e.changes.length === CHUNK)).toBe(true);
    expect(journal[failedAt]).toMatchObject({ type: 'chunk-failed', chunk: FAIL_AT, stage: 'verify' });
    const rollback = journal.slice(failedAt + 1).filter((e): e is JournalRecord & { type: 'chunk-start' } => e.type === 'chunk-start');
    expect(rollback.flatMap((e) => e.changes).length).toBe(FAIL_AT * CHUNK);
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'rolled-back' });

    // Restored exactly, record by record.
    expect(await records()).toEqual(snapshot);

    // Over DNS: never a gap on the healthy nameserver, and new data only ever at names of chunks 1..3.
    expect(seen.queries).toBeGreaterThan(200);
    expect(seen.bad).toEqual([]);
    const sent = new Set(pushed.flatMap((e) => e.changes.map((c) => c.split(' ').slice(1).join(' '))));
    expect(sent.size).toBe(FAIL_AT * CHUNK);
    expect([...seen.newValues].filter((key) => !sent.has(key))).toEqual([]);

    // Served as declared until then: against the new zone file verify fails; reverted in git, both nameservers pass.
    expect((await cli('verify', '--format', 'json')).code).toBe(3);
    await ws.write(`zones/${ZONE}.yaml`, zoneFile('old'));
    const verify = await cli('verify');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 90_000);
});
