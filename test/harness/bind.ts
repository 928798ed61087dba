import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TsigKey } from '../../src/dns/tsig.js';
import type { Nameserver } from '../../src/dns/nameserver.js';

/** A real BIND 9 `named` on loopback, primary for some zones, updatable and transferable with one TSIG key. */
export interface BindServer {
  dns: Nameserver;
  tsig: TsigKey;
  /** The temp directory holding named.conf, the zone files and the journals. */
  directory: string;
  /** Configure one more primary zone (named.conf + SIGHUP), as an operator would. */
  addZone(name: string): Promise<void>;
  /** named's log so far (stderr of `named -g`), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface BindOptions {
  /** Zone names, with or without the trailing dot. */
  zones: string[];
  /** The key named accepts; a fresh hmac-sha256 key when absent. */
  tsig?: TsigKey;
  /** Apex NS of every zone (absolute); default `ns1.<zone>` with its A record, which the zone then must keep. */
  apexNameserver?: string;
  readyTimeoutMs?: number;
  /** More statements in every zone stanza (`dnssec-policy zonesync; inline-signing yes;`). */
  zoneOptions?: string;
  /** More top-level statements in named.conf (a `dnssec-policy` block). */
  extraConfig?: string[];
}

const NAMED = existsSync('/usr/sbin/named') ? '/usr/sbin/named' : 'named';

import { stopChild, track } from '../support/children.js';
import { freeDnsPort } from '../support/ports.js';
import { needsIntegration } from '../support/project.js';
export { freeDnsPort };

function bare(zone: string): string {
  return zone.endsWith('.') ? zone.slice(0, -1) : zone;
}

/** The smallest valid zone: SOA, one NS and, when the NS is inside the zone, its address. */
export function minimalZoneFile(zone: string, apexNameserver?: string): string {
  const origin = `${bare(zone)}.`;
  const ns = apexNameserver ?? `ns1.${origin}`;
  return [
    `$ORIGIN ${origin}`,
    '$TTL 300',
    `@ IN SOA ${ns} hostmaster.${origin} 1 3600 600 604800 300`,
    `@ IN NS ${ns}`,
    ...(apexNameserver === undefined ? ['ns1 IN A 127.0.0.1'] : []),
    '',
  ].join('\n');
}

function zoneStanza(directory: string, zone: string, keyName: string, zoneOptions = ''): string {
  const file = join(directory, `${bare(zone)}.zone`);
  return `zone "${bare(zone)}" { type primary; file "${file}"; allow-update { key "${keyName}"; }; allow-transfer { key "${keyName}"; }; ${zoneOptions}};\n`;
}

/** named's options for a test server: state in `directory`, DNS on 127.0.0.1:port only. */
export function namedOptions(directory: string, port: number): string[] {
  return [
    'options {',
    `  directory "${directory}";`,
    `  pid-file "${join(directory, 'named.pid')}";`,
    `  session-keyfile "${join(directory, 'session.key')}";`,
    `  listen-on port ${port} { 127.0.0.1; };`,
    '  listen-on-v6 { none; };',
    '  recursion no;',
    // Keep every packet on loopback: no NOTIFY to the NS names, no trust-anchor refresh.
    '  notify no;',
    '  dnssec-validation no;',
    '};',
  ];
}

function namedConf(directory: string, port: number, tsig: TsigKey, zones: string[], options: Pick<BindOptions, 'zoneOptions' | 'extraConfig'> = {}): string {
  return [
    `key "${tsig.name}" { algorithm ${tsig.algorithm}; secret "${tsig.secret}"; };`,
    ...namedOptions(directory, port),
    'controls { };',
    ...(options.extraConfig ?? []),
    ...zones.map((zone) => zoneStanza(directory, zone, tsig.name, options.zoneOptions)),
    '',
  ].join('\n');
}

async function waitFor(condition: () => boolean, child: ChildProcess, what: string, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`named exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${log().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`named: no ${what} within ${timeoutMs} ms:\n${log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function launch(directory: string, port: number, tsig: TsigKey, zones: string[], readyTimeoutMs: number, apexNameserver: string | undefined, extra: Pick<BindOptions, 'zoneOptions' | 'extraConfig'> = {}): Promise<BindServer> {
  const confPath = join(directory, 'named.conf');
  await writeFile(confPath, namedConf(directory, port, tsig, zones, extra));
  // -g: foreground, log to stderr; no -u, so named keeps the caller's user and can write the temp dir.
  const child = track(spawn(NAMED, ['-g', '-c', confPath], { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] }));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-200_000);
  });
  const readLog = (): string => log;
  const stop = (): Promise<void> => stopChild(child);
  try {
    await waitFor(() => /\brunning\s*$/m.test(log), child, 'start-up', readyTimeoutMs, readLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    dns: { address: '127.0.0.1', port },
    tsig,
    directory,
    log: readLog,
    stop,
    async addZone(name: string) {
      await writeFile(join(directory, `${bare(name)}.zone`), minimalZoneFile(name, apexNameserver));
      await appendFile(confPath, zoneStanza(directory, name, tsig.name));
      const mark = log.length;
      child.kill('SIGHUP');
      const loaded = new RegExp(`zone ${bare(name).replace(/\./g, '\\.')}/IN: loaded serial`);
      await waitFor(() => loaded.test(log.slice(mark)) && /reloading zones succeeded|all zones loaded/.test(log.slice(mark)), child, `zone ${name} after reload`, readyTimeoutMs, readLog);
    },
  };
}

/** Start named on a free loopback port; the caller stops it (afterAll). */
export async function startBind(options: BindOptions): Promise<BindServer> {
  needsIntegration('BIND (named)');
  const tsig: TsigKey = options.tsig ?? { name: 'zonesync-test', algorithm: 'hmac-sha256', secret: randomBytes(32).toString('base64') };
  const directory = await mkdtemp(join(tmpdir(), 'zonesync-bind-'));
  for (const zone of options.zones) await writeFile(join(directory, `${bare(zone)}.zone`), minimalZoneFile(zone, options.apexNameserver));
  let lastError: unknown;
  // A port probed free can be taken before named binds it; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeDnsPort();
    try {
      const server = await launch(directory, port, tsig, options.zones, options.readyTimeoutMs ?? 15_000, options.apexNameserver, options);
      return {
        ...server,
        async stop() {
          await server.stop();
          await rm(directory, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      if (!/address in use/i.test(String(error))) break;
    }
  }
  await rm(directory, { recursive: true, force: true });
  throw lastError;
}
