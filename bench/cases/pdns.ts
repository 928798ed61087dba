import { questionsFor } from '../../src/core/expect.js';
import type { Zone } from '../../src/core/model.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import { verifierFor } from '../../src/engine/run/verifiers.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { mapLimit } from '../../src/lib/map-limit.js';
import { ApiHttp } from '../../src/providers/shared/http.js';
import { checkNameserver } from '../../src/verify/check.js';
import { startPowerDns, type PowerDnsServer } from '../../test/harness/pdns.js';
import { median, ROOT, runProcess } from '../measure.js';
import { bulkZone, pushZone } from '../push.js';
import { atLeast, atMost, count, mebibytes, seconds, type CaseResult } from '../report.js';
import type { BenchContext } from '../context.js';

/** Against a real local PowerDNS: `verify` query throughput, and a verified chunked apply of 10,000 changed rrsets. */

const ZONE = 'pdns.bench.test.';

function providerFor(pdns: PowerDnsServer) {
  return createPowerDnsProvider('pdns', powerdnsConfigSchema.parse({ type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameservers: [`${pdns.dns.address}:${pdns.dns.port}`], timeoutMs: 60_000 }));
}

export async function runVerifyCase(ctx: BenchContext): Promise<CaseResult> {
  const names = ctx.quick ? 1_000 : 5_000;
  const runs = ctx.runs ?? (ctx.quick ? 2 : 5);
  const concurrency = 64;
  const pdns = await startPowerDns();
  const provider = providerFor(pdns);
  const rows: CaseResult['rows'] = [];
  try {
    await provider.ensureZone(ZONE);
    const zone: Zone = bulkZone(ZONE, names);
    await pushZone(provider, zone, { chunkSize: 10_000, verifier: apiVerifier, verify: 'api' });
    const questions = questionsFor(zone);
    const rates: number[] = [];
    let queries = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const report = await checkNameserver(pdns.dns, zone, questions, { edns: 'both', concurrency, timeoutMs: 2000, retries: 1 });
      const elapsed = (performance.now() - started) / 1000;
      if (!report.ok) throw new Error(`verify found ${report.mismatches.length} mismatches, first ${JSON.stringify(report.mismatches[0])}`);
      queries = report.queries;
      rates.push(report.queries / elapsed);
      ctx.log(`verify-pdns run ${i + 1}/${runs}: ${report.queries} queries in ${elapsed.toFixed(2)} s = ${Math.round(report.queries / elapsed)}/s`);
    }
    const rate = median(rates);
    rows.push(atLeast(`verify queries per second (${count(queries)} queries per run, ${concurrency} in flight)`, rate, 5000, { measured: `${count(Math.round(rate))} q/s (median of ${runs})`, target: '5,000 q/s' }, `npm run bench -- --only verify-pdns`));
  } finally {
    await provider.close?.();
    await pdns.stop();
  }
  return {
    id: 'verify-pdns',
    title: 'verify throughput against a local PowerDNS',
    rows,
    notes: [
      `checkNameserver (src/verify/check.ts, one UDP socket per nameserver, id-matched) asking every question of a ${count(names)}-name zone (A, AAAA and the rest questionsFor makes), each with and without EDNS, and comparing every answer with the zone. pdns_server from test/harness/pdns.ts (gsqlite3, caches off: every query goes to the database) on the same 2 cores as the client.`,
    ],
  };
}

export async function runApplyCase(ctx: BenchContext): Promise<CaseResult> {
  const records = ctx.quick ? 2_000 : 10_000;
  const targetMs = ctx.quick ? 6_000 : 30_000;
  const runs = ctx.runs ?? (ctx.quick ? 1 : 3);
  const chunkSize = 100;
  const verifier = verifierFor('dns');
  const mode = verifier === apiVerifier ? 'api' : 'dns';
  const pdns = await startPowerDns();
  const provider = providerFor(pdns);
  const times: number[] = [];
  try {
    await provider.ensureZone(ZONE);
    await pushZone(provider, bulkZone(ZONE, records), { chunkSize: 10_000, verifier: apiVerifier, verify: 'api' });
    for (let i = 0; i < runs; i++) {
      const pushed = await pushZone(provider, bulkZone(ZONE, records, records, i + 1), { chunkSize, verifier, verify: 'dns' });
      if (pushed.changes !== records) throw new Error(`planned ${pushed.changes} changes, expected ${records}`);
      times.push(pushed.applyMs);
      ctx.log(`apply-pdns run ${i + 1}/${runs}: ${records} updates in ${pushed.chunks} chunks, ${seconds(pushed.applyMs)}, RSS ${mebibytes(process.memoryUsage().rss)}`);
    }
  } finally {
    await provider.close?.();
    await pdns.stop();
  }
  const wall = median(times);
  return {
    id: 'apply-pdns',
    title: `apply of ${count(records)} changed rrsets to a local PowerDNS, verified chunk by chunk`,
    rows: [
      atMost(`applyPlan wall time, ${count(records)} updates, --chunk-size ${chunkSize}, --verify ${mode}`, wall, targetMs, { measured: `${seconds(wall)} (median of ${runs})`, target: seconds(targetMs) }, `npm run bench -- --only apply-pdns`, `${mebibytes(process.resourceUsage().maxRSS * 1024)} (bench process)`),
    ],
    notes: [
      mode === 'api'
        ? '`--verify dns` is not wired to a DNS verifier yet (src/engine/verifiers.ts maps it to the API verifier), so every chunk is verified by reading the zone back over the API (`api`).'
        : 'Chunks verified with the DNS verifier that `--verify dns` selects.',
      `Every run changes the value of all ${count(records)} one-value A rrsets (set up beforehand in one push); timed: applyPlan from the engine's read under the lock to the end (journal, ${Math.ceil(records / chunkSize)} chunks, verification of each).`,
    ],
  };
}

/**
 * The same verified apply (10,000 changed rrsets, --chunk-size 100, --verify dns) with the code
 * before issue #24 and with this checkout, alternated against one PowerDNS, medians. The old code
 * is a checkout named by ZONESYNC_BENCH_OLD_ROOT (build main's HEAD there: `git worktree add
 * --detach /tmp/old main` and link node_modules); each run is a child process
 * (bench/apply-pdns-child.ts) importing that checkout's own src.
 */
export async function runApplyOldNewCase(ctx: BenchContext): Promise<CaseResult> {
  const oldRoot = process.env.ZONESYNC_BENCH_OLD_ROOT;
  if (!oldRoot) throw new Error('set ZONESYNC_BENCH_OLD_ROOT to a checkout of the code to compare with (main before #24)');
  const records = ctx.quick ? 2_000 : 10_000;
  const runs = ctx.runs ?? (ctx.quick ? 1 : 3);
  const pdns = await startPowerDns();
  const provider = providerFor(pdns);
  const times = { old: [] as number[], new: [] as number[] };
  let version = 1;
  try {
    await provider.ensureZone(ZONE);
    await pushZone(provider, bulkZone(ZONE, records), { chunkSize: 10_000, verifier: apiVerifier, verify: 'api' });
    for (let i = 0; i < runs; i++) {
      for (const [which, root] of [['old', oldRoot], ['new', ROOT]] as const) {
        const args = ['--import', 'tsx', 'bench/apply-pdns-child.ts', root, pdns.url, pdns.apiKey, `${pdns.dns.address}:${pdns.dns.port}`, String(records), String(version++)];
        const run = await runProcess('node', args, { timeoutMs: 600_000 });
        if (run.exitCode !== 0) throw new Error(`${which} apply exited ${run.exitCode}: ${run.stderr.slice(0, 2000)}`);
        const out = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { applyMs: number; chunks: number };
        times[which].push(out.applyMs);
        ctx.log(`apply-pdns-old-new run ${i + 1}/${runs} ${which}: ${records} updates in ${out.chunks} chunks, ${seconds(out.applyMs)}`);
      }
    }
  } finally {
    await provider.close?.();
    await pdns.stop();
  }
  const before = median(times.old);
  const after = median(times.new);
  const command = 'ZONESYNC_BENCH_OLD_ROOT=/tmp/old npm run bench -- --only apply-pdns-old-new';
  return {
    id: 'apply-pdns-old-new',
    title: `apply of ${count(records)} changed rrsets to a local PowerDNS, verified by DNS: before and after issue #24`,
    rows: [
      { metric: `applyPlan wall time before #24 (${count(records)} updates, --chunk-size 100, --verify dns)`, target: '', measured: `${seconds(before)} (median of ${runs})`, command },
      { metric: 'the same with this checkout', target: '', measured: `${seconds(after)} (median of ${runs})`, command },
      atLeast('speed-up (before ÷ after, medians, alternated in one run)', before / after, 2, { measured: `${(before / after).toFixed(2)}×`, target: '2×' }, command),
    ],
    notes: [
      'Old = main before #24: each chunk re-reads the whole zone before it is sent and again to verify it, and each PATCH makes pdns_server rectify the whole zone. New: one read per chunk (the read-back of chunk k also reads chunk k+1\'s rrsets, which serve its re-read before it is sent: src/engine/run/read-views.ts readAheadView), made at the same time as the DNS questions; api_rectify off for the run and one rectify at the end (src/providers/powerdns/rectify.ts); the expectations index kept up to date chunk by chunk. DNS questions per chunk are the same in both: its names × (its types, A, AAAA), with and without EDNS.',
      `Runs alternate old, new against the same pdns_server; each changes all ${count(records)} values. Times are applyPlan alone, inside the child process (bench/apply-pdns-child.ts).`,
    ],
  };
}

/**
 * Issue #24's linearity target: an apply that changes every rrset of a zone of 100,000 against one
 * of 10,000, at the default --chunk-size (100) with the DNS verifier, on one pdns_server. The ratio
 * must be ≤ 12: the cost of a chunk may not grow with the zone. `--quick` compares 2,000 with 20,000.
 * Each zone is seeded beforehand in chunks of 10,000 without verification (not timed).
 */
export async function runApplyLinearCase(ctx: BenchContext): Promise<CaseResult> {
  const small = ctx.quick ? 2_000 : 10_000;
  const large = small * 10;
  const chunkSize = 100;
  const pdns = await startPowerDns();
  const provider = providerFor(pdns);
  const applyMs: Record<'small' | 'large' | 'smallFiltered', number> = { small: 0, large: 0, smallFiltered: 0 };
  const chunks: Record<'small' | 'large' | 'smallFiltered', number> = { small: 0, large: 0, smallFiltered: 0 };
  // CPU time during each timed apply: ours (applyPlan alone) and pdns_server's (the whole pushZone,
  // so also the plan's one whole read, under 1% of the large run).
  const cpu: Record<'small' | 'large' | 'smallFiltered', { ours: number; server: number }> = { small: { ours: 0, server: 0 }, large: { ours: 0, server: 0 }, smallFiltered: { ours: 0, server: 0 } };
  // The provider picks one whole GET over 200 filtered ones where the zone is small (10,000 rrsets),
  // and filtered GETs at 100,000. `smallFiltered` runs the small zone again on the large one's path
  // (the provider's zone sizes read as huge: a bench-only reach into a private field), to tell a
  // cost that grows with the zone from the small zone's cheaper read.
  const sizes = (provider as unknown as { cost: { sizes: Map<string, number> } }).cost.sizes;
  const realGet = sizes.get.bind(sizes);
  let floor: RequestFloor | undefined;
  try {
    for (const [which, records] of [['small', small], ['large', large], ['smallFiltered', small]] as const) {
      const zone = `${which === 'smallFiltered' ? 'small' : which}.${ZONE}`;
      if (which !== 'smallFiltered') {
        await provider.ensureZone(zone);
        await pushZone(provider, bulkZone(zone, records), { chunkSize: 10_000, verifier: apiVerifier, verify: 'none' });
      }
      sizes.get = which === 'smallFiltered' ? () => Number.MAX_SAFE_INTEGER : realGet;
      const serverBefore = pdns.cpuMs();
      const pushed = await pushZone(provider, bulkZone(zone, records, records, which === 'smallFiltered' ? 2 : 1), { chunkSize, verifier: verifierFor('dns'), verify: 'dns' });
      cpu[which] = { ours: pushed.applyCpuMs, server: pdns.cpuMs() - serverBefore };
      if (pushed.changes !== records) throw new Error(`planned ${pushed.changes} changes, expected ${records}`);
      applyMs[which] = pushed.applyMs;
      chunks[which] = pushed.chunks;
      ctx.log(`apply-pdns-linear ${which}: ${count(records)} updates in ${pushed.chunks} chunks, ${seconds(pushed.applyMs)}, CPU ours ${cpu[which].ours.toFixed(0)} ms, pdns_server ${cpu[which].server.toFixed(0)} ms`);
    }
    floor = await requestFloor(pdns, `large.${ZONE}`, large, ctx.runs ?? 5);
    ctx.log(`apply-pdns-linear request floor: ${JSON.stringify(floor)}`);
  } finally {
    await provider.close?.();
    await pdns.stop();
  }
  const ratio = applyMs.large / applyMs.small;
  const command = 'npm run bench -- --only apply-pdns-linear';
  if (!floor) throw new Error('the request floor was not measured');
  return {
    id: 'apply-pdns-linear',
    title: `apply of ${count(large)} records in one zone against ${count(small)}, PowerDNS, verified by DNS`,
    rows: [
      { metric: `applyPlan wall time, ${count(small)} updates in one zone (${chunks.small} chunks)`, target: '', measured: seconds(applyMs.small), command },
      { metric: `applyPlan wall time, ${count(large)} updates in one zone (${chunks.large} chunks)`, target: '', measured: seconds(applyMs.large), command },
      atMost(`${count(large)} ÷ ${count(small)} (--chunk-size ${chunkSize}, --verify dns)`, ratio, 12, { measured: `${ratio.toFixed(1)}×`, target: '12×' }, command),
      { metric: `applyPlan wall time, ${count(small)} updates, read back by filtered GETs as at ${count(large)} (${chunks.smallFiltered} chunks)`, target: '', measured: seconds(applyMs.smallFiltered), command },
      { metric: `${count(large)} ÷ ${count(small)}, both read back by filtered GETs (the cost of a chunk on one read path)`, target: '', measured: `${(applyMs.large / applyMs.smallFiltered).toFixed(1)}×`, command },
      ...(['small', 'large', 'smallFiltered'] as const).map((which) => ({
        metric: `CPU time a chunk during the ${which === 'small' ? count(small) : which === 'large' ? count(large) : `${count(small)} (filtered GETs)`} apply: pdns_server + this process`,
        target: '',
        measured: `${(cpu[which].server / chunks[which]).toFixed(0)} + ${(cpu[which].ours / chunks[which]).toFixed(0)} ms (wall ${(applyMs[which] / chunks[which]).toFixed(0)} ms a chunk)`,
        command,
      })),
      { metric: `the ${count(large)} run's CPU spread perfectly over 2 cores ((pdns_server + ours) ÷ 2) ÷ the ${count(small)} run's wall time: a floor for the ratio on this machine`, target: '', measured: `${((cpu.large.server + cpu.large.ours) / 2 / applyMs.small).toFixed(1)}×`, command },
      { metric: `200 GETs, 8 at once, after the applies (none in flight): GET /servers/localhost (no zone)`, target: '', measured: `${floor.server.toFixed(1)} ms (median of ${floor.runs})`, command },
      { metric: `the same, GET of the ${count(large)}-rrset zone with rrsets=false (the zone's own part of each answer)`, target: '', measured: `${floor.zoneOnly.toFixed(1)} ms (median of ${floor.runs})`, command },
      { metric: `the same, GETs filtered by rrset_name (a chunk's read-back and the next chunk's re-read)`, target: '', measured: `${floor.filtered.toFixed(1)} ms (median of ${floor.runs})`, command },
      { metric: 'CPU time of those 200 filtered GETs: pdns_server (all its threads) + this process', target: '', measured: `${floor.filteredServerCpu.toFixed(0)} + ${floor.filteredClientCpu.toFixed(0)} ms (mean of ${floor.runs}; 2 cores)`, command },
      { metric: `${chunks.large} × those 200 filtered GETs alone ÷ the whole ${count(small)} apply (only the reads two per rrset need, with no PATCH, DNS question or journal)`, target: '', measured: `${((chunks.large * floor.filtered) / applyMs.small).toFixed(1)}×`, command },
    ],
    notes: [
      'One pdns_server (test/harness/pdns.ts, gsqlite3, caches off); each zone seeded first with one-value A rrsets, then every value changed by applyPlan with the DNS verifier: per chunk the PATCH (api_rectify off for the run: src/providers/powerdns/rectify.ts), then the read-back (readRRsets, its own rrsets and the next chunk\'s) and the DNS questions of its names at the same time.',
      'The read-back is the longest part of a chunk at both sizes: at 10,000 rrsets one whole GET (about 65 ms with its conversion), at 100,000 200 filtered GETs, 8 at once (about 90–110 ms). PowerDNS\'s webserver (4.7 to 5.1) closes the connection after each answer, so each GET is a new connection (src/providers/shared/http1.ts) and a new server thread with its own backend; pdns_server and zonesync share the 2 cores. The filtered GETs cost the same at either size (see the request rows).',
      'The CPU rows are what bounds the ratio: at 100,000 rrsets pdns_server alone spends about 0.85 ms of CPU on each of a chunk\'s 200 GETs, which the re-read before a chunk (README, "Two writers at once") and the read-back after it (`--verify dns`) each need once per owner name. The floor row spreads the large run\'s measured CPU, pdns_server\'s and ours, perfectly over the 2 cores.',
    ],
  };
}

interface RequestFloor {
  runs: number;
  server: number;
  zoneOnly: number;
  filtered: number;
  /** CPU time pdns_server and this process spent per 200 filtered GETs (means over the runs). */
  filteredServerCpu: number;
  filteredClientCpu: number;
}

/**
 * What 200 API requests cost pdns_server with no apply in flight, 8 at once as the provider
 * sends them (src/providers/shared/http.ts): one without a zone, one of
 * the zone without its rrsets, and the filtered GETs of 200 owner names. Medians of `runs`.
 */
async function requestFloor(pdns: PowerDnsServer, zone: string, rrsets: number, runs: number): Promise<RequestFloor> {
  const http = new ApiHttp(8);
  const base = `${pdns.url}/api/v1/servers/localhost`;
  const names = bulkZone(zone, rrsets).rrsets.map((rrset) => rrset.name);
  const owners = names.slice(Math.floor(names.length / 2), Math.floor(names.length / 2) + 200);
  const timed = async (paths: string[]): Promise<{ wall: number; server: number; client: number }> => {
    const times: number[] = [];
    const [server, client] = [pdns.cpuMs(), process.cpuUsage()];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await mapLimit(paths, 8, async (path) => {
        const answer = await http.exchange(`${base}${path}`, { method: 'GET', headers: { 'X-API-Key': pdns.apiKey }, timeoutMs: 10_000 });
        if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
      });
      times.push(performance.now() - started);
    }
    const used = process.cpuUsage(client);
    return { wall: median(times), server: (pdns.cpuMs() - server) / runs, client: (used.user + used.system) / 1000 / runs };
  };
  try {
    const server = await timed(owners.map(() => ''));
    const zoneOnly = await timed(owners.map(() => `/zones/${zone}?rrsets=false`));
    const filtered = await timed(owners.map((owner) => `/zones/${zone}?rrset_name=${encodeURIComponent(owner)}`));
    return { runs, server: server.wall, zoneOnly: zoneOnly.wall, filtered: filtered.wall, filteredServerCpu: filtered.server, filteredClientCpu: filtered.client };
  } finally {
    http.close();
  }
}
