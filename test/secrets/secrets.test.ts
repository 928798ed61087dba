import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBind, type BindServer } from '../harness/bind.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { makeWorkspace, runCli, type CliResult, type Workspace } from '../support/workspace.js';
import { filesUnder, findLeaks, formatLeaks, scanTree, secretForms, type Leak } from './scan.js';

/**
 * Every command, successful and failing, with distinctive secrets passed through `${VAR}`:
 * no form of any secret may appear in stdout, stderr, or any file the runs leave behind
 * (.zonesync/ plans, journals, rollback plans, locks; saved plans; reports; imported zones).
 */

const SECRETS = {
  PDNS_API_KEY: 'zsPdnsKey7Qx9Lm2Vt4Ws8Hh',
  CLOUDFLARE_API_TOKEN: 'zsCfToken3Kp8Rz1Yb6Nd5Gg',
  TSIG_SECRET: Buffer.from('zonesync-tsig-secret-value-0042!').toString('base64'),
};
const WRONG = {
  PDNS_API_KEY: 'zsWrongPdnsKey5Ff2Jj9Uu',
  CLOUDFLARE_API_TOKEN: 'zsWrongCfToken8Aa4Cc7Ee',
  TSIG_SECRET: Buffer.from('zonesync-wrong-tsig-secret-99xy!').toString('base64'),
};
/** Secrets that only a zone error can echo: a provider no zone targets, a CI token, an AWS shared file (the quote and backslash survive only if redaction runs before JSON encoding). */
const ECHOED = { NS1_API_KEY: 'zsNs1"Quote\\Key8Pp', GITHUB_TOKEN: 'ghs_zsGithubToken6Vb3', AWS_FILE_SECRET: 'zsAwsFileSecret2Hh5' };
const ALL = { ...SECRETS, ...ECHOED, ...Object.fromEntries(Object.entries(WRONG).map(([k, v]) => [`wrong ${k}`, v])) };

let pdns: PowerDnsServer;
let bind: BindServer;
let cf: CloudflareSimulator;
let ws: Workspace;
let echo: Workspace;
const outputs: Array<{ command: string; result: CliResult }> = [];

const zone = (value: string) => `www: { type: A, ttl: 300, value: ${value} }\napi: { type: TXT, value: hello }\n`;

beforeAll(async () => {
  pdns = await startPowerDns({ apiKey: SECRETS.PDNS_API_KEY });
  bind = await startBind({ zones: ['bind.example.com'], tsig: { name: 'zonesync', algorithm: 'hmac-sha256', secret: SECRETS.TSIG_SECRET }, apexNameserver: 'ns.example.net.' });
  cf = await startCloudflareSimulator({ token: SECRETS.CLOUDFLARE_API_TOKEN });
  cf.addZone('cf.example.com');
  ws = await makeWorkspace({
    'zonesync.yaml': `providers:
  pdns:
    type: powerdns
    url: ${pdns.url}
    apiKey: \${PDNS_API_KEY}
    nameservers: ['127.0.0.1:${pdns.dns.port}']
  bind:
    type: bind
    server: '127.0.0.1:${bind.dns.port}'
    tsig: { name: zonesync, algorithm: hmac-sha256, secret: '\${TSIG_SECRET}' }
  cf:
    type: cloudflare
    apiToken: \${CLOUDFLARE_API_TOKEN}
    endpoint: ${cf.baseUrl}
zones:
  pdns.example.com: { file: zones/pdns.example.com.yaml, targets: [pdns] }
  bind.example.com: { file: zones/bind.example.com.yaml, targets: [bind] }
  cf.example.com: { file: zones/cf.example.com.yaml, targets: [cf] }
`,
    'zones/pdns.example.com.yaml': zone('192.0.2.1'),
    'zones/bind.example.com.yaml': zone('192.0.2.2'),
    'zones/cf.example.com.yaml': zone('192.0.2.3'),
  });
  // Its zone file holds the secrets (as a user's typo might), so it is not tree-scanned; its output is.
  echo = await makeWorkspace({
    'zonesync.yaml': `providers:
  local: { type: file, directory: served }
  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}' }
zones:
  echo.example.com: { file: zones/echo.example.com.yaml, targets: [local] }
`,
    'zones/echo.example.com.yaml': `a: { type: A, value: '${ECHOED.NS1_API_KEY}' }\nb: { type: A, value: ${ECHOED.GITHUB_TOKEN.toUpperCase()} }\nc: { type: A, value: ${ECHOED.AWS_FILE_SECRET} }\n`,
    'aws/credentials': `[default]\naws_secret_access_key = ${ECHOED.AWS_FILE_SECRET}\n`,
  });
});
afterAll(async () => {
  await echo?.cleanup();
  await ws?.cleanup();
  await cf?.close();
  await bind?.stop();
  await pdns?.stop();
});

async function run(args: string[], env: Record<string, string> = SECRETS, cwd = ws.dir): Promise<CliResult> {
  const result = await runCli(args, { cwd, env: { ...env } });
  outputs.push({ command: args.join(' '), result });
  return result;
}

const shown = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

describe('secrets never leave the process', () => {
  it('the scanner finds every form of a secret, by file and line', () => {
    const leaks = findLeaks('x.txt', `a\nkey=${encodeURIComponent('a/b+c=d&e')}\n${Buffer.from(SECRETS.PDNS_API_KEY).toString('base64')}`, { k: 'a/b+c=d&e', p: SECRETS.PDNS_API_KEY });
    expect(leaks).toEqual([{ where: 'x.txt', line: 2, secret: 'k' }, { where: 'x.txt', line: 3, secret: 'p' }]);
    expect(secretForms(SECRETS.TSIG_SECRET)).toContain('zonesync-tsig-secret-value-0042!');
  });

  it('validate, plan (text, json, markdown, --out), apply --yes (fresh and saved), rollback --yes, import', async () => {
    expect((await run(['validate'])).code).toBe(0);
    const text = await run(['plan']);
    expect(text.code, shown(text)).toBe(0);
    expect(text.stdout).toContain('www.pdns.example.com.');
    expect((await run(['plan', '--format', 'json', '--out', 'saved/plan.json'])).code).toBe(0);
    const markdown = await run(['plan', '--format', 'markdown', '--out', 'saved/plan-md.json']);
    expect(markdown.code).toBe(0);
    await ws.write('reports/plan.md', markdown.stdout);
    const applied = await run(['apply', '--yes', '--verify', 'api', '--plan', 'saved/plan.json']);
    expect(applied.code, shown(applied)).toBe(0);
    for (const name of ['pdns', 'bind', 'cf']) await ws.write(`zones/${name}.example.com.yaml`, zone('198.51.100.7'));
    const changed = await run(['apply', '--yes', '--verify', 'api', '--force', '--json']);
    expect(changed.code, shown(changed)).toBe(0);
    await ws.write('reports/apply.json', changed.stdout);
    const rolled = await run(['rollback', '--yes', '--verify', 'api']);
    expect(rolled.code, shown(rolled)).toBe(0);
    for (const name of ['pdns', 'bind', 'cf']) {
      const imported = await run(['import', `${name}.example.com`, '--from', name, '--out', `imported/${name}.example.com.yaml`]);
      expect(imported.code, shown(imported)).toBe(0);
    }
  });

  it.each([
    ['a wrong API key against PowerDNS', ['plan', 'pdns.example.com'], { PDNS_API_KEY: WRONG.PDNS_API_KEY }],
    ['a wrong TSIG secret against BIND', ['plan', 'bind.example.com'], { TSIG_SECRET: WRONG.TSIG_SECRET }],
    ['a wrong token against the Cloudflare simulator', ['plan', 'cf.example.com'], { CLOUDFLARE_API_TOKEN: WRONG.CLOUDFLARE_API_TOKEN }],
    ['a wrong API key on apply', ['apply', '--yes', '--verify', 'api', 'pdns.example.com'], { PDNS_API_KEY: WRONG.PDNS_API_KEY }],
    ['an unknown zone', ['plan', 'nosuch.example.com'], {}],
    ['an import of a zone the provider lacks', ['import', 'nosuch.example.com', '--from', 'pdns'], {}],
  ])('failing run: %s exits 1', async (_, args, wrong) => {
    const result = await run(args, { ...SECRETS, ...wrong });
    expect(result.code, shown(result)).toBe(1);
  });

  it.each([['validate'], ['validate', '--json'], ['plan', '--json']])('a zone error echoing secrets of an unbuilt provider, the CI and AWS files: %s exits 1', async (...args) => {
    const env = { NS1_API_KEY: ECHOED.NS1_API_KEY, GITHUB_TOKEN: ECHOED.GITHUB_TOKEN, AWS_SHARED_CREDENTIALS_FILE: `${echo.dir}/aws/credentials` };
    const result = await run(args, env, echo.dir);
    expect(result.code, shown(result)).toBe(1);
    expect(shown(result)).toContain('***');
  });

  it('no form of any secret in any output or in any file left behind', async () => {
    expect(outputs.length).toBeGreaterThanOrEqual(19);
    const leaks: Leak[] = [];
    for (const { command, result } of outputs) {
      leaks.push(...findLeaks(`stdout of \`${command}\``, result.stdout, ALL), ...findLeaks(`stderr of \`${command}\``, result.stderr, ALL));
    }
    const files = await filesUnder(ws.dir);
    for (const kind of [/^\.zonesync\/runs\/[^/]+\/journal\.jsonl$/, /^\.zonesync\/runs\/[^/]+\/rollback\.json$/, /^\.zonesync\/runs\/[^/]+\/plan\.json$/, /^saved\/plan\.json$/, /^reports\/plan\.md$/, /^imported\/cf\.example\.com\.yaml$/]) {
      expect(files.some((f) => kind.test(f)), `no file matching ${String(kind)} was scanned: ${files.join(', ')}`).toBe(true);
    }
    leaks.push(...(await scanTree(ws.dir, ALL)));
    expect(formatLeaks(leaks)).toBe('');
  });
});
