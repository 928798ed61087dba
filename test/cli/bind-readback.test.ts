import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axfr } from '../../src/dns/axfr.js';
import { dnskeysAt } from '../../src/dns/dnssec/status.js';
import { sendUpdate } from '../../src/dns/update.js';
import { startBind, type BindOptions, type BindServer } from '../harness/bind.js';
import { bindBlock, zoneBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type CliResult, type Workspace } from '../support/workspace.js';

/**
 * Issue #24 for BIND, through bin/run.js with a real zonesync.yaml and a real named: each chunk is
 * read back by IXFR, not a whole AXFR, and its journal entry says so (`readBack`); the same against
 * a zone named signs inline (`dnssec-policy default; inline-signing yes;`), whose DNSSEC records
 * the read-back and the drift check leave alone.
 */

const N = 250;
const label = (i: number) => `h${String(i).padStart(3, '0')}`;
const zoneFile = (value: (i: number) => string) => {
  const lines = ['ns1:', '  type: A', '  ttl: 300', '  value: 127.0.0.1'];
  for (let i = 0; i < N; i++) lines.push(`${label(i)}:`, '  type: A', '  ttl: 300', `  value: ${value(i)}`);
  return `${lines.join('\n')}\n`;
};

type Entry = Record<string, unknown> & { type: string };

function journalOf(ws: Workspace, runId: string): Entry[] {
  return readFileSync(join(ws.dir, '.zonesync/runs', runId, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry);
}

/** `apply --yes --verify api --chunk-size 100 --json`, which must end done and quiet: its journal. */
async function applyAndRead(cli: (...args: string[]) => Promise<CliResult>, ws: Workspace): Promise<Entry[]> {
  const run = await cli('apply', '--yes', '--verify', 'api', '--chunk-size', '100', '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout) as { runId: string; status: string };
  expect(out.status).toBe('done');
  return journalOf(ws, out.runId);
}

/** A named serving `zone` and a workspace whose zonesync.yaml targets it, for one describe block (started and stopped by it). */
function bindWorkspace(zone: string, options: Omit<BindOptions, 'zones'> = {}, ready?: (bind: BindServer) => Promise<void>) {
  const held: { bind?: BindServer; ws?: Workspace } = {};
  beforeAll(async () => {
    const bind = await startBind({ zones: [zone], ...options });
    held.bind = bind;
    await ready?.(bind);
    held.ws = await makeWorkspace({
      'zonesync.yaml': ['providers:', ...bindBlock('bind', { dns: bind.dns, tsig: bind.tsig }), 'zones:', ...zoneBlock(zone, { targets: ['bind'] }), ''].join('\n'),
      [`zones/${zone}.yaml`]: zoneFile((i) => `192.0.2.${(i % 250) + 1}`),
    });
  }, 60_000);
  afterAll(async () => {
    await held.ws?.cleanup();
    await held.bind?.stop();
  });
  return {
    bind: () => held.bind as BindServer,
    ws: () => held.ws as Workspace,
    cli: (...args: string[]) => runCli(args, { cwd: (held.ws as Workspace).dir, env: { TSIG_SECRET: (held.bind as BindServer).tsig.secret } }),
  };
}

describe('apply to BIND: each chunk read back by IXFR, and the journal says how', () => {
  const zone = 'rb.test';
  const { bind, ws, cli } = bindWorkspace(zone);

  it(`${N} creates in 3 chunks: every chunk-verified entry records a partial read-back of one call`, async () => {
    const journal = await applyAndRead(cli, ws());
    const verified = journal.filter((e) => e.type === 'chunk-verified');
    expect(verified.map((e) => [e.chunk, e.level, e.readBack])).toEqual([1, 2, 3].map((n) => [n, 'api', { method: 'partial', calls: 1 }]));
    expect(journal.find((e) => e.type === 'drift-checked')).toMatchObject({ problems: [], method: 'one whole read' });
    // What named serves is what the zone file says.
    const served = await axfr(bind().dns, `${zone}.`, { tsig: bind().tsig });
    expect(served.records.filter((r) => r.type === 'A' && r.name.startsWith('h')).length).toBe(N);
  }, 120_000);

  it('after another writer\'s edit between runs, 61 updates in 3 chunks are read back exactly (progress line says how)', async () => {
    // Someone else changes h200 behind zonesync's back: the plan puts it back.
    const theirs = await sendUpdate(bind().dns, { zone: `${zone}.`, prerequisites: [], updates: [{ kind: 'delete-rrset', name: `h200.${zone}.`, type: 'A' }, { kind: 'add', name: `h200.${zone}.`, type: 'A', ttl: 300, value: '203.0.113.1' }] }, { tsig: bind().tsig });
    expect(theirs.rcode).toBe('NOERROR');
    await ws().write(`zones/${zone}.yaml`, zoneFile((i) => (i < 60 ? `198.51.100.${i + 1}` : `192.0.2.${(i % 250) + 1}`)));
    const run = await cli('apply', '--yes', '--verify', 'api', '--chunk-size', '25');
    expect(run.code).toBe(0);
    // Progress lines go to stderr.
    for (const n of [1, 2, 3]) expect(run.stderr).toContain(`rb.test. on bind: change chunk ${n} live, read back by API, not asked over DNS; read back by a partial read (1 call)`);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    const served = await axfr(bind().dns, `${zone}.`, { tsig: bind().tsig });
    expect(served.records.filter((r) => r.name === `h200.${zone}.` || r.name === `h059.${zone}.`).map((r) => `${r.name} ${r.value}`).sort()).toEqual([`h059.${zone}. 198.51.100.60`, `h200.${zone}. 192.0.2.201`]);
  }, 120_000);
});

describe('apply to an inline-signed BIND zone', () => {
  const zone = 'signed.test';
  const { bind, ws, cli } = bindWorkspace(zone, { zoneOptions: 'dnssec-policy default; inline-signing yes; ' }, async (server) => {
    // named signs in the background after loading: wait for its key set before the first read.
    const deadline = Date.now() + 20_000;
    while ((await dnskeysAt(server.dns, `${zone}.`).catch(() => [])).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  });

  it('applies and verifies every chunk; the DNSSEC records are neither diffed nor drift', async () => {
    expect((await dnskeysAt(bind().dns, `${zone}.`)).length).toBeGreaterThan(0);
    const journal = await applyAndRead(cli, ws());
    const verified = journal.filter((e) => e.type === 'chunk-verified');
    expect(verified).toHaveLength(3);
    for (const entry of verified) expect(entry.readBack).toMatchObject({ method: expect.stringMatching(/^(partial|whole)$/), calls: 1 });
    expect(journal.find((e) => e.type === 'drift-checked')).toMatchObject({ problems: [] });
    // The signed zone named serves holds the records, signed.
    const served = await axfr(bind().dns, `${zone}.`, { tsig: bind().tsig });
    expect(served.records.filter((r) => r.type === 'A' && r.name.startsWith('h')).length).toBe(N);
    expect(served.records.some((r) => r.type === 'RRSIG' && r.name === `h000.${zone}.`)).toBe(true);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  }, 120_000);
});
