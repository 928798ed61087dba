import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import type { Nameserver } from '../../src/dns/nameserver.js';

/**
 * A real PowerDNS Authoritative (gsqlite3 backend) on 127.0.0.1 free ports, for tests.
 *
 *   const pdns = await startPowerDns();            // own temp dir and database
 *   afterAll(() => pdns.stop());
 *
 * Two nameservers of one provider (one database, two pdns_server processes):
 *
 *   const pair = await startPowerDnsPair();        // pair.primary, pair.secondary share pair.database
 *   afterAll(() => pair.stop());
 *
 * or by hand: `const b = await startPowerDns({ database: a.database })` (b then neither creates nor
 * removes the database). Caches are off by default so both answer from the database at once;
 * `cacheSeconds: N` on one of them lets it keep answering what it saw for N seconds (a stale
 * nameserver), and `pause()` / `resume()` (SIGSTOP/SIGCONT) make one unresponsive.
 */

export interface PowerDnsOptions {
  /** The webserver port of the first try (the retry on a taken port is tested with one held). */
  firstWebPort?: number;
  /** Use this SQLite database (created from the schema when missing; never removed by stop()). */
  database?: string;
  apiKey?: string;
  /** Packet and query cache lifetime; 0 (default) answers every query from the database. */
  cacheSeconds?: number;
  /** Answer A/AAAA at ALIAS names by asking this server itself (in-zone targets only). */
  expandAlias?: boolean;
  /** Let the gsqlite3 backend hold keys and sign (`gsqlite3-dnssec=yes`): zones created with `dnssec: true` are signed. */
  dnssec?: boolean;
  /** Serve DNSKEY records held in the zone next to its own keys (`direct-dnskey=yes`): RFC 8901 foreign keys. */
  directDnskey?: boolean;
  /**
   * Serve LUA records (`enable-lua-records=yes`) and use EDNS Client Subnet for them
   * (`edns-subnet-processing=yes`: `netmask()` and `bestwho` see the client's subnet), with health
   * checks (`ifportup`, `ifurlup`) every second instead of every 5.
   */
  lua?: boolean;
}

export interface PowerDnsServer {
  /** http://127.0.0.1:PORT — the webserver; the API is under /api/v1. */
  url: string;
  apiKey: string;
  dns: Nameserver;
  /** The SQLite file this server reads. */
  database: string;
  /** The server's stdout and stderr so far, for failing tests to show. */
  log(): string;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  /** CPU time pdns_server has used so far (user + system, all its threads), from /proc: benchmarks weigh the server's share with it. */
  cpuMs(): number;
}

export interface PowerDnsPair {
  primary: PowerDnsServer;
  secondary: PowerDnsServer;
  database: string;
  apiKey: string;
  stop(): Promise<void>;
}

const SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';
const READY_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

function binary(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  return name;
}

import { stopChild, track } from '../support/children.js';
import { freeDnsPort as freePort } from '../support/ports.js';
import { needsIntegration } from '../support/project.js';
export { freePort };

export async function createPowerDnsDatabase(path: string): Promise<void> {
  if (!existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing: run scripts/ensure-test-servers.sh`);
  await run(binary('sqlite3'), [path, `.read ${SCHEMA}`]);
}

/**
 * A port picked free can be taken before pdns_server binds it (by another test's server, or as the
 * local port of an outgoing connection). pdns_server then keeps running without its webserver
 * ("Listening on HTTP socket failed: … Address already in use"), or exits when it was the DNS port:
 * seen at once in its output, and started again on new ports, up to three times.
 */
class PortTaken extends Error {}
const PORT_TAKEN = /Address already in use/;

export async function startPowerDns(options: PowerDnsOptions = {}): Promise<PowerDnsServer> {
  needsIntegration('PowerDNS (pdns_server)');
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPowerDnsOnce(attempt === 1 ? options : { ...options, firstWebPort: undefined });
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

async function startPowerDnsOnce(options: PowerDnsOptions): Promise<PowerDnsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'zonesync-pdns-'));
  const ownDatabase = options.database === undefined;
  const database = options.database ?? join(dir, 'pdns.sqlite3');
  const apiKey = options.apiKey ?? randomBytes(12).toString('hex');
  const cache = String(options.cacheSeconds ?? 0);
  let child: ChildProcess | undefined;
  try {
    if (!existsSync(database)) await createPowerDnsDatabase(database);
    const dnsPort = await freePort();
    const webPort = options.firstWebPort ?? (await freePort());
    const config = [
      'launch=gsqlite3',
      `gsqlite3-database=${database}`,
      ...(options.dnssec ? ['gsqlite3-dnssec=yes'] : []),
      ...(options.directDnskey ? ['direct-dnskey=yes'] : []),
      ...(options.lua ? ['enable-lua-records=yes', 'edns-subnet-processing=yes', 'lua-health-checks-interval=1'] : []),
      'local-address=127.0.0.1',
      `local-port=${dnsPort}`,
      `socket-dir=${dir}`,
      'daemon=no',
      'guardian=no',
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${webPort}`,
      'webserver-allow-from=127.0.0.1/32',
      'api=yes',
      `api-key=${apiKey}`,
      // Empty: no security-status query leaves the machine at start-up.
      'security-poll-suffix=',
      // Zones created through the other server's API are served at once.
      'zone-cache-refresh-interval=0',
      `cache-ttl=${cache}`,
      `query-cache-ttl=${cache}`,
      `negquery-cache-ttl=${cache}`,
      'distributor-threads=1',
      'receiver-threads=1',
      'loglevel=4',
      ...(options.expandAlias ? ['expand-alias=yes', `resolver=127.0.0.1:${dnsPort}`] : []),
    ];
    await writeFile(join(dir, 'pdns.conf'), `${config.join('\n')}\n`);
    let output = '';
    const started = track(spawn(binary('pdns_server'), [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] }));
    child = started;
    let portTaken: ((error: Error) => void) | undefined;
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (PORT_TAKEN.test(output)) portTaken?.(new PortTaken(`pdns_server could not bind a port:\n${output}`));
    };
    started.stdout?.on('data', onOutput);
    started.stderr?.on('data', onOutput);
    const exited = new Promise<never>((_, reject) => {
      portTaken = reject;
      started.once('exit', (code, signal) => reject(PORT_TAKEN.test(output) ? new PortTaken(output) : new Error(`pdns_server exited (${code ?? signal}) before it was ready:\n${output}`)));
      started.once('error', (error) => reject(error));
    });
    exited.catch(() => undefined);
    const url = `http://127.0.0.1:${webPort}`;
    const dns: Nameserver = { address: '127.0.0.1', port: dnsPort };
    // Given up on (the process failed first): the readiness loop stops asking.
    const abandoned = { up: false };
    await Promise.race([waitReady(url, apiKey, dns, abandoned), exited]).catch((error: unknown) => {
      abandoned.up = true;
      throw error;
    });
    let stopped: Promise<void> | undefined;
    return {
      url,
      apiKey,
      dns,
      database,
      log: () => output,
      pause: () => void started.kill('SIGSTOP'),
      resume: () => void started.kill('SIGCONT'),
      cpuMs: () => processCpuMs(started.pid),
      stop: () => (stopped ??= stopChild(started).then(() => rm(dir, { recursive: true, force: true }))),
    };
  } catch (error) {
    if (child) await stopChild(child);
    await rm(dir, { recursive: true, force: true });
    if (ownDatabase) await rm(database, { force: true });
    throw error;
  }
}

/** Two pdns_server processes on one database: two nameservers of one provider. */
export async function startPowerDnsPair(options: Omit<PowerDnsOptions, 'database'> = {}): Promise<PowerDnsPair> {
  const primary = await startPowerDns(options);
  try {
    const secondary = await startPowerDns({ ...options, apiKey: primary.apiKey, database: primary.database });
    return {
      primary,
      secondary,
      database: primary.database,
      apiKey: primary.apiKey,
      // The secondary first: the primary's stop removes the directory holding the database.
      stop: async () => {
        await secondary.stop();
        await primary.stop();
      },
    };
  } catch (error) {
    await primary.stop();
    throw error;
  }
}

async function waitReady(url: string, apiKey: string, dns: Nameserver, given: { up: boolean } = { up: false }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let apiUp = false;
  let dnsUp = false;
  while (Date.now() < deadline && !given.up) {
    if (!apiUp) apiUp = await apiAnswers(url, apiKey);
    if (!dnsUp) dnsUp = await dnsAnswers(dns);
    if (apiUp && dnsUp) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`pdns_server did not answer within ${READY_TIMEOUT_MS} ms (api: ${apiUp}, dns: ${dnsUp})`);
}

async function apiAnswers(url: string, apiKey: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v1/servers/localhost`, { headers: { 'X-API-Key': apiKey }, signal: AbortSignal.timeout(1_000) });
    await response.text();
    return response.ok;
  } catch {
    return false;
  }
}

/** Any DNS answer (REFUSED for a name it does not serve is fine) means the listener is up. */
export async function dnsAnswers(dns: Nameserver, timeoutMs = 500): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    return await new Promise<boolean>((resolve) => {
      const query = dnsPacket.encode({ type: 'query', id: 4242, questions: [{ type: 'SOA', name: 'zonesync-probe.invalid' }] });
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.once('error', () => resolve(false));
      socket.once('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.send(query, dns.port, dns.address);
    });
  } finally {
    socket.close();
  }
}


/** One call to a test server's API as an operator would make it: the parsed JSON (undefined on 204); an error naming the call otherwise. */
export async function pdnsApi(server: PowerDnsServer, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server.url}/api/v1/servers/localhost${path}`, { method, headers: { 'X-API-Key': server.apiKey, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

let clockTicks: number | undefined;

/** utime + stime of a process in ms (Linux /proc/PID/stat, fields 14 and 15, in clock ticks). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) throw new Error('pdns_server has no pid');
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}
