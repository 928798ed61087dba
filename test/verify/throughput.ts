import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { questionsFor } from '../../src/core/expect.js';
import type { RRset, Zone } from '../../src/core/model.js';
import { checkNameserver } from '../../src/verify/check.js';
import { startDnsServer } from '../support/dns-server.js';

/**
 * How many checks per second `verify` makes against one loopback nameserver.
 * Run: npx tsx test/verify/throughput.ts [names] [concurrency…]
 * The test server runs in a child process, so client and server do not share one event loop;
 * `--same-process` runs it here instead (a floor: both halves on one core).
 */

const args = process.argv.slice(2);
const names = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const Z = 'bench.test.';
const zone: Zone = {
  name: Z,
  rrsets: Array.from({ length: names }, (_, i): RRset => ({ name: `host${i}.${Z}`, type: 'A', ttl: 300, values: [`10.0.${(i >> 8) & 255}.${i & 255}`] })),
};

async function serve(): Promise<void> {
  const server = await startDnsServer();
  server.setZone(zone);
  console.log(server.port);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close());
}

/** Start the server here or in a child; resolves its port and how to stop it. */
async function startServer(sameProcess: boolean): Promise<{ port: number; stop: () => Promise<void> }> {
  if (sameProcess) {
    const server = await startDnsServer();
    server.setZone(zone);
    return { port: server.port, stop: () => server.close() };
  }
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(names)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port, stop: async () => void child.stdin.end() };
}

async function bench(): Promise<void> {
  const concurrencies = args.filter((a) => /^\d+$/.test(a)).slice(1).map(Number);
  const server = await startServer(args.includes('--same-process'));
  try {
    const ns = { address: '127.0.0.1', port: server.port };
    const questions = questionsFor(zone);
    for (const concurrency of concurrencies.length > 0 ? concurrencies : [8, 32, 64]) {
      const started = performance.now();
      const report = await checkNameserver(ns, zone, questions, { edns: 'both', concurrency, timeoutMs: 2000, retries: 1 });
      const seconds = (performance.now() - started) / 1000;
      if (!report.ok) throw new Error(`benchmark run failed: ${report.mismatches.length} mismatches, first ${JSON.stringify(report.mismatches[0])}`);
      console.log(`concurrency ${concurrency}: ${report.queries} queries in ${seconds.toFixed(2)} s = ${Math.round(report.queries / seconds)} queries/s`);
    }
  } finally {
    await server.stop();
  }
}

await (args.includes('--serve') ? serve() : bench());
