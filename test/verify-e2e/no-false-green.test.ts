import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * `verify` through the built CLI must never be green when it asked nothing (no `nameservers:`, no
 * delegation to resolve, the API down), and a nameserver that never answers "did not answer".
 */

const ZONE = 'example.com';
const ZONE_FILE = 'www: { type: A, value: 192.0.2.1 }\nmail: { type: A, value: 192.0.2.2 }\n';
const config = (provider: string[]) => ['providers:', ...provider, 'zones:', `  ${ZONE}: { file: zones/${ZONE}.yaml, targets: [local] }`, ''].join('\n');
const fileProvider = (nameservers: string[]) => ['  local:', '    type: file', '    directory: served', ...(nameservers.length ? [`    nameservers: [${nameservers.map((n) => `'${n}'`).join(', ')}]`] : [])];
const UNASKED = `nothing was asked for ${ZONE}. on local: set providers.local.nameservers to the address:port of each server that answers for it (no nameserver addresses configured or found)`;

describe('a file provider without nameservers', () => {
  let ws: Workspace;
  const cli = (...args: string[]) => runCli(args, { cwd: ws.dir });
  beforeAll(async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': config(fileProvider([])), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  });
  afterAll(async () => ws?.cleanup());

  it('apply --yes --verify none reports every chunk live, not verified', async () => {
    const result = await cli('apply', '--yes', '--verify', 'none');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ZONE}. on local: done, 1 of 1 chunk(s) live, not verified`);
    expect(result.stdout).not.toContain('verified over DNS');
  });

  it('apply --verify dns with nothing to ask says it only read back', async () => {
    await ws.write(`zones/${ZONE}.yaml`, `${ZONE_FILE}web: { type: A, value: 192.0.2.3 }\n`);
    const result = await cli('apply', '--yes', '--json');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.zones[0]).toMatchObject({ verify: 'dns', live: [{ verified: 'api', note: `nothing was asked over DNS for ${ZONE}. on local: set providers.local.nameservers to the address:port of each server that answers for it` }] });
  });

  it('verify in text: NOT VERIFIED and exit 3', async () => {
    const result = await cli('verify');
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toBe(`${ZONE}. NOT VERIFIED: 1 provider, 0 nameservers\n  local\n    NOT VERIFIED — ${UNASKED}\n`);
  });

  it('verify --format json and --json: ok false, the sentence on the provider, exit 3', async () => {
    const json = await cli('verify', '--format', 'json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual([{ zone: `${ZONE}.`, providers: [{ id: 'local', nameservers: [], nothingAsked: { message: UNASKED, error: false } }], crossProvider: [], notCompared: [], ok: false }]);
    expect(json.stderr).toContain(`not verified: ${UNASKED}`);
    const run = await cli('verify', '--json');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 3, reports: [{ ok: false, providers: [{ nothingAsked: { message: UNASKED } }] }] });
  });

  it('verify --format markdown: not verified, exit 3', async () => {
    const result = await cli('verify', '--format', 'markdown');
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`### ⚠️ \`${ZONE}.\` — not verified: nothing was asked on local`);
    expect(result.stdout).toContain(`| ⚠️ not verified | local | — | — | ${UNASKED} |`);
    expect(result.stdout).not.toContain('✅');
  });

  it('verify --html: the page says not verified and that nothing was asked, exit 3', async () => {
    const result = await cli('verify', '--html', 'status.html');
    expect(result.code).toBe(3);
    const html = await readFile(join(ws.dir, 'status.html'), 'utf8');
    expect(html).toContain('<title>NOT VERIFIED — zonesync DNS status</title>');
    expect(html).toContain(`<span class="badge warn">NOT VERIFIED</span> not verified: nothing was asked for ${ZONE}. on local</h1>`);
    expect(html).toContain(UNASKED);
    expect(html).not.toContain('Every nameserver answers as declared');
  });
});

describe('a provider whose API is down and whose nameservers are not configured', () => {
  let ws: Workspace;
  afterAll(async () => ws?.cleanup());

  it('verify exits 1 and says nothing was asked, in every format', async () => {
    const pdns = ['  local:', '    type: powerdns', "    url: 'http://127.0.0.1:1'", "    apiKey: '${PDNS_API_KEY}'", '    timeoutMs: 500'];
    ws = await makeWorkspace({ 'zonesync.yaml': config(pdns), [`zones/${ZONE}.yaml`]: ZONE_FILE });
    const env = { PDNS_API_KEY: 'k-test-123456' };
    const text = await runCli(['verify'], { cwd: ws.dir, env });
    expect(text.code, text.stdout + text.stderr).toBe(1);
    expect(text.stdout).toContain(`${ZONE}. NOT VERIFIED: 1 provider, 0 nameservers`);
    expect(text.stdout).toContain(`    NOT VERIFIED — nothing was asked for ${ZONE}. on local: set providers.local.nameservers to the address:port of each server that answers for it (`);
    const json = await runCli(['verify', '--format', 'json'], { cwd: ws.dir, env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ ok: false, providers: [{ id: 'local', nameservers: [], nothingAsked: { error: true } }] });
    expect(json.stdout).not.toContain('k-test-123456');
  }, 60_000);
});

describe('nameservers that answer and one that never does', () => {
  let ws: Workspace;
  let dns: TestDnsServer;
  let silent: Socket;
  let silentPort: number;
  const cli = (...args: string[]) => runCli(args, { cwd: ws.dir });

  beforeAll(async () => {
    dns = await startDnsServer();
    dns.setZone({ name: `${ZONE}.`, rrsets: [{ name: `www.${ZONE}.`, type: 'A', ttl: 3600, values: ['192.0.2.1'] }, { name: `mail.${ZONE}.`, type: 'A', ttl: 3600, values: ['192.0.2.2'] }] });
    // Reads every query and drops it: a nameserver that is there and never answers.
    silent = createSocket('udp4');
    silent.on('message', () => undefined);
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silentPort = silent.address().port;
    ws = await makeWorkspace({ 'zonesync.yaml': config(fileProvider([`127.0.0.1:${dns.port}`])), [`zones/${ZONE}.yaml`]: ZONE_FILE });
  });
  afterAll(async () => {
    silent?.close();
    await dns?.close();
    await ws?.cleanup();
  });

  it('verify passes when the configured nameserver answers as declared', async () => {
    const result = await cli('verify');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${ZONE}\\. OK: 1 provider, 1 nameserver\\n  local\\n    ok     127\\.0\\.0\\.1:${dns.port} — \\d+ answers right`));
  });

  it('the silent one did not answer, in text, JSON, markdown and HTML; exit 3', async () => {
    await ws.write('zonesync.yaml', config(fileProvider([`127.0.0.1:${dns.port}`, `127.0.0.1:${silentPort}`])));
    const text = await cli('verify', '--timeout', '100', '--html', 'status.html');
    expect(text.code, text.stdout + text.stderr).toBe(3);
    expect(text.stdout).toContain(`${ZONE}. FAILED: 1 provider, 2 nameservers`);
    expect(text.stdout).toMatch(new RegExp(`SILENT 127\\.0\\.0\\.1:${silentPort} — did not answer `));
    expect(text.stdout).not.toMatch(/wrong/);

    const json = await cli('verify', '--timeout', '100', '--format', 'json');
    expect(json.code).toBe(3);
    const [answering, dead] = JSON.parse(json.stdout)[0].providers[0].nameservers;
    expect(answering).toMatchObject({ ok: true, status: 'ok' });
    expect(dead).toMatchObject({ ok: false, status: 'did-not-answer', mismatches: [] });
    expect(dead.unanswered[0].error).toBe('no answer over UDP after 2 attempts of 100 ms');

    const md = await cli('verify', '--timeout', '100', '--format', 'markdown');
    expect(md.code).toBe(3);
    expect(md.stdout).toContain(`| 🔇 did not answer | local | \`127.0.0.1:${silentPort}\` | — | did not answer `);

    const html = await readFile(join(ws.dir, 'status.html'), 'utf8');
    expect(html).toContain('<span class="badge warn">DID NOT ANSWER</span>');
    expect(html).toContain('1 nameserver did not answer');
    expect(html).not.toContain('answers wrong');
  }, 30_000);
});
