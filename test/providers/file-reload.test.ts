import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedOptions } from '../harness/bind.js';
import { stopChild, track } from '../support/children.js';
import { freeDnsPort, freeTcpPort } from '../support/ports.js';
import { parseConfig } from '../../src/config/parse.js';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

/**
 * The file provider drives a real BIND: named serves the provider's directory, and `reload`
 * runs `rndc reload <zone>` after each write, so chunk verification over DNS and `verify` see the change.
 */

const NAMED = existsSync('/usr/sbin/named') ? '/usr/sbin/named' : 'named';
const RNDC_CONFGEN = existsSync('/usr/sbin/rndc-confgen') ? '/usr/sbin/rndc-confgen' : 'rndc-confgen';
const RNDC = existsSync('/usr/sbin/rndc') ? '/usr/sbin/rndc' : 'rndc';
const ZONE = 'example.com';

const zoneFile = (www: string) => ['www:', '  type: A', `  value: ${www}`, 'mail:', '  type: MX', '  value: { preference: 10, exchange: mx.example.net. }', ''].join('\n');

let ws: Workspace;
let named: ChildProcess;
let namedLog = '';
let dnsPort: number;

function namedConf(dir: string, port: number, controlPort: number): string {
  return [
    `include "${join(dir, 'rndc.key')}";`,
    `controls { inet 127.0.0.1 port ${controlPort} allow { 127.0.0.1; } keys { "zonesync-rndc"; }; };`,
    ...namedOptions(join(dir, 'named'), port),
    // The file does not exist until zonesync creates the zone; named starts without it and loads it on reload.
    `zone "${ZONE}" { type primary; file "${join(dir, 'served', `${ZONE}.zone`)}"; };`,
    '',
  ].join('\n');
}

function configText(reload: string[], port: number): string {
  return [
    'providers:',
    '  local:',
    '    type: file',
    '    directory: served',
    // JSON strings are YAML double-quoted scalars: any argv element is written as is.
    `    reload: [${reload.map((a) => JSON.stringify(a)).join(', ')}]`,
    `    nameservers: ['127.0.0.1:${port}']`,
    'zones:',
    `  ${ZONE}:`,
    `    file: zones/${ZONE}.yaml`,
    '    targets: [local]',
    '    lint: { disable: [single-provider] }',
    '',
  ].join('\n');
}

beforeAll(async () => {
  ws = await makeWorkspace({ [`zones/${ZONE}.yaml`]: zoneFile('192.0.2.1') });
  await mkdir(join(ws.dir, 'named'));
  await mkdir(join(ws.dir, 'served'));
  execFileSync(RNDC_CONFGEN, ['-a', '-k', 'zonesync-rndc', '-c', join(ws.dir, 'rndc.key')], { stdio: 'ignore' });
  const controlPort = await freeTcpPort();
  dnsPort = await freeDnsPort();
  await writeFile(join(ws.dir, 'named.conf'), namedConf(ws.dir, dnsPort, controlPort));
  // -g: foreground, log to stderr; no -u, so named keeps the caller's user.
  named = track(spawn(NAMED, ['-g', '-c', join(ws.dir, 'named.conf')], { cwd: ws.dir, stdio: ['ignore', 'ignore', 'pipe'] }));
  named.stderr?.on('data', (chunk: Buffer) => (namedLog = (namedLog + chunk.toString('utf8')).slice(-100_000)));
  const deadline = Date.now() + 15_000;
  while (!/\brunning\s*$/m.test(namedLog)) {
    if (named.exitCode !== null || Date.now() > deadline) throw new Error(`named did not start:\n${namedLog}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // rndc.key relative: the command runs in the folder of zonesync.yaml.
  await ws.write('zonesync.yaml', configText([RNDC, '-s', '127.0.0.1', '-p', String(controlPort), '-k', 'rndc.key', 'reload', '{zone}'], dnsPort));
}, 30_000);

afterAll(async () => {
  if (named) await stopChild(named);
  await ws?.cleanup();
});

const cli = (...args: string[]) => runCli(args, { cwd: ws.dir });

describe('file provider with reload: a real named serves what zonesync writes', () => {
  it('apply --yes writes the zone, reloads named, verifies over DNS; verify then exits 0', async () => {
    const applied = await cli('apply', '--yes');
    expect(applied.code, `${applied.stdout}\n${applied.stderr}\n${namedLog.slice(-2000)}`).toBe(0);
    expect(namedLog).toMatch(/zone example\.com\/IN: loaded serial \d{10}/);
    const verified = await cli('verify');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  }, 60_000);

  it('a changed A record is served after the next apply (serial increased, named reloaded)', async () => {
    const before = /IN\s+SOA\s+\S+\s+\S+\s+(\d+)/.exec(await readFile(join(ws.dir, 'served', `${ZONE}.zone`), 'utf8'))?.[1];
    await ws.write(`zones/${ZONE}.yaml`, zoneFile('192.0.2.2'));
    const applied = await cli('apply', '--yes');
    expect(applied.code, `${applied.stdout}\n${applied.stderr}\n${namedLog.slice(-2000)}`).toBe(0);
    const after = /IN\s+SOA\s+\S+\s+\S+\s+(\d+)/.exec(await readFile(join(ws.dir, 'served', `${ZONE}.zone`), 'utf8'))?.[1];
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect(namedLog).toContain(`zone example.com/IN: loaded serial ${after}`);
    const verified = await cli('verify');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const served = execFileSync('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), `www.${ZONE}`, 'A'], { encoding: 'utf8' });
    expect(served.trim()).toBe('192.0.2.2');
  }, 60_000);

  it('a reload command that fails makes the chunk fail with the command, its exit status and stderr; exit 1', async () => {
    const failing = [process.execPath, '-e', "process.stderr.write('rndc: connection refused\\n'); process.exit(3)", '{zone}'];
    await ws.write('zonesync.yaml', configText(failing, dnsPort));
    await ws.write(`zones/${ZONE}.yaml`, zoneFile('192.0.2.3'));
    const applied = await cli('apply', '--yes');
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain(`local: reload command "${failing.slice(0, 3).join(' ')} ${ZONE}" for ${ZONE}. exited with status 3: rndc: connection refused`);
  }, 60_000);
});

describe('README recipe for the file provider behind BIND', () => {
  it('is a zonesync.yaml whose reload is the documented rndc argv', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The file provider behind a real server'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const config = parseConfig(yaml, 'README.md', {});
    expect(config.providers.local?.raw.reload).toEqual(['rndc', '-s', '127.0.0.1', '-p', '9953', '-k', '/etc/bind/zonesync-rndc.key', 'reload', '{zone}']);
    expect(config.providers.local?.raw.nameservers).toEqual(['127.0.0.1:53']);
  });
});
