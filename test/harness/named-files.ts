import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Nameserver } from '../../src/dns/nameserver.js';
import { stopChild, track } from '../support/children.js';
import { freeDnsPort, freeTcpPort } from '../support/ports.js';
import { namedOptions } from './bind.js';

const sbin = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);

/** A named serving zone files someone else writes (the file provider), reloaded by `rndc reload <zone>`. */
export interface FileServingNamed {
  dns: Nameserver;
  /** The file provider's `reload` argv. */
  reload: string[];
  log(): string;
  stop(): Promise<void>;
}

/** Start named in `dir` serving `<served>/<zone>.zone` for each zone (the files may not exist yet: named loads them on reload). */
export async function startFileServingNamed(dir: string, served: string, zones: string[]): Promise<FileServingNamed> {
  await mkdir(join(dir, 'named'), { recursive: true });
  const keyFile = join(dir, 'rndc.key');
  execFileSync(sbin('rndc-confgen'), ['-a', '-k', 'zonesync-rndc', '-c', keyFile], { stdio: 'ignore' });
  const controlPort = await freeTcpPort();
  const port = await freeDnsPort();
  const conf = [
    `include "${keyFile}";`,
    `controls { inet 127.0.0.1 port ${controlPort} allow { 127.0.0.1; } keys { "zonesync-rndc"; }; };`,
    ...namedOptions(join(dir, 'named'), port),
    ...zones.map((z) => `zone "${z.replace(/\.$/, '')}" { type primary; file "${join(served, `${z.replace(/\.$/, '')}.zone`)}"; };`),
    '',
  ].join('\n');
  await writeFile(join(dir, 'named.conf'), conf);
  // -g: foreground, log to stderr; no -u, so named keeps the caller's user.
  const named = track(spawn(sbin('named'), ['-g', '-c', join(dir, 'named.conf')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }));
  let log = '';
  named.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-100_000)));
  const deadline = Date.now() + 15_000;
  while (!/\brunning\s*$/m.test(log)) {
    if (named.exitCode !== null || Date.now() > deadline) {
      await stopChild(named);
      throw new Error(`named did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    dns: { address: '127.0.0.1', port },
    reload: [sbin('rndc'), '-s', '127.0.0.1', '-p', String(controlPort), '-k', keyFile, 'reload', '{zone}'],
    log: () => log,
    stop: () => stopChild(named),
  };
}

/** A named in `dir` serving one zone from these lines (a parent holding DS records, a presigned zone). */
export async function startZoneNamed(dir: string, zone: string, lines: string[]): Promise<FileServingNamed> {
  const served = join(dir, 'served');
  await mkdir(served, { recursive: true });
  await writeFile(join(served, `${zone.replace(/\.$/, '')}.zone`), `${lines.join('\n')}\n`);
  return startFileServingNamed(dir, served, [zone]);
}
