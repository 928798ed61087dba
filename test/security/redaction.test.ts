import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFileSecrets, configSecrets, environmentSecrets, readAwsFileSecrets, SecretRedactor, secretForms } from '../../src/config/secrets.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { findLeaks, formatLeaks } from '../secrets/scan.js';

const QUOTED = 'zs"Quote\\Back-Secret9';

describe('SecretRedactor', () => {
  const redactor = new SecretRedactor();
  redactor.add(QUOTED);
  redactor.add('plainSecretValue42');

  it.each([
    ['as is', `key ${QUOTED} end`, 'key *** end'],
    ['JSON-escaped (JSON.stringify ran first)', JSON.stringify({ error: `bad ${QUOTED}` }), '{"error":"bad ***"}'],
    ['HTML-escaped', 'zs&quot;Quote\\Back-Secret9', '***'],
    ['URL-encoded', `?k=${encodeURIComponent(QUOTED)}`, '?k=***'],
    ['base64', Buffer.from('plainSecretValue42').toString('base64'), '***'],
    ['base64url without padding', Buffer.from(QUOTED).toString('base64url'), '***'],
    ['in another case', 'PLAINSECRETVALUE42 and plainsecretvalue42', '*** and ***'],
  ])('redacts a secret %s', (_, text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });

  it('redacts what a base64 secret (a TSIG key) stands for', () => {
    const tsig = new SecretRedactor();
    tsig.add(Buffer.from('zonesync-tsig-secret-value').toString('base64'));
    expect(tsig.redact('key zonesync-tsig-secret-value')).toBe('key ***');
  });

  it.each([
    ['http://user:pass@host:8081/api', 'http://***@host:8081/api'],
    ['GET https://admin:s3cr3t@pdns.example:443/x failed', 'GET https://***@pdns.example:443/x failed'],
    ['"url":"http://token@127.0.0.1:1"', '"url":"http://***@127.0.0.1:1"'],
    ['mail hostmaster@example.com and http://example.com/a@b', 'mail hostmaster@example.com and http://example.com/a@b'],
  ])('strips userinfo from URLs: %s', (text, expected) => {
    expect(new SecretRedactor().redact(text)).toBe(expected);
  });

  it('ignores values too short to be secrets', () => {
    const short = new SecretRedactor();
    short.add('abc');
    expect(short.size).toBe(0);
    expect(short.redact('abc')).toBe('abc');
  });

  it('lists every encoded form, JSON-escaped ones included', () => {
    expect(secretForms(QUOTED)).toEqual(expect.arrayContaining([QUOTED, 'zs\\"Quote\\\\Back-Secret9', 'zs&quot;Quote\\Back-Secret9', encodeURIComponent(QUOTED)]));
  });
});

describe('where secrets come from', () => {
  it('every provider and registrar block, built or not: ${VAR} values and secret fields at any depth', () => {
    const blocks = {
      pdns: { type: 'powerdns', url: 'http://127.0.0.1', apiKey: '${PDNS_API_KEY}' },
      bind: { type: 'bind', tsig: { name: 'z', secret: 'literal-tsig-secret' } },
      cf: { type: 'cloudflare', apiToken: '${MISSING_TOKEN}' },
      r53: { type: 'route53', endpoint: 'http://${HOST_PART}:5000' },
    };
    expect(configSecrets(blocks, { PDNS_API_KEY: 'pdns-key-value', HOST_PART: 'moto-host' })).toEqual(['pdns-key-value', 'literal-tsig-secret', 'moto-host']);
  });

  it('well-known variables and any *_TOKEN/_SECRET/_KEY/_PASSWORD of 8 characters or more', () => {
    const env = {
      GITHUB_TOKEN: 'ghs_abcdef',
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      ZONESYNC_PLAN_KEY: 'plan-key-1',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      MY_DB_PASSWORD: 'hunter2hunter2',
      SHORT_KEY: 'abc1234',
      API_SECRET: 'twelve-chars',
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
    };
    expect(environmentSecrets(env)).toEqual(['ghs_abcdef', 'runtime-token', 'plan-key-1', 'AKIAEXAMPLE', 'hunter2hunter2', 'twelve-chars']);
  });

  it('AWS shared files: access key, secret key and session token of every profile', async () => {
    const text = '[default]\naws_access_key_id = AKIADEFAULT1\naws_secret_access_key=defaultSecretKey1\n\n[ci]\nregion = eu-west-1\n AWS_SESSION_TOKEN = sessionToken99 \n';
    expect(awsFileSecrets(text)).toEqual(['AKIADEFAULT1', 'defaultSecretKey1', 'sessionToken99']);
    const dir = await mkdtemp(join(tmpdir(), 'zonesync-aws-'));
    try {
      await writeFile(join(dir, 'creds'), text);
      expect(await readAwsFileSecrets({ AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds') }, join(dir, 'nohome'))).toEqual(['AKIADEFAULT1', 'defaultSecretKey1', 'sessionToken99']);
      expect(await readAwsFileSecrets({}, join(dir, 'nohome'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('through the CLI: a secret in a zone error never reaches the output', () => {
  const SECRETS = {
    PDNS_API_KEY: QUOTED,
    GITHUB_TOKEN: 'ghs_GithubTokenValue77',
    AWS_SECRET_ACCESS_KEY: 'awsEnvSecretValue55',
  };
  const FILE_SECRET = 'awsFileSecretValue66';
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace({
      // pdns is a provider no zone targets: it is never built, yet its key is redacted.
      'zonesync.yaml': [
        'providers:',
        '  local: { type: file, directory: served }',
        '  pdns: { type: powerdns, url: "http://127.0.0.1:1", apiKey: "${PDNS_API_KEY}" }',
        '  creds: { type: powerdns, url: "http://admin:pw-in-the-url-31@127.0.0.1:1", apiKey: plain-literal-key }',
        'zones:',
        '  example.com: { file: zones/example.com.yaml, targets: [local] }',
        '  creds.example.com: { file: zones/creds.example.com.yaml, targets: [creds] }',
        '',
      ].join('\n'),
      'zones/example.com.yaml': [
        `a: { type: A, value: '${QUOTED}' }`,
        `b: { type: A, value: '${SECRETS.GITHUB_TOKEN.toUpperCase()}' }`,
        `c: { type: A, value: ${SECRETS.AWS_SECRET_ACCESS_KEY} }`,
        `d: { type: A, value: ${FILE_SECRET} }`,
        '',
      ].join('\n'),
      'zones/creds.example.com.yaml': 'www: { type: A, value: 192.0.2.1 }\n',
      'aws/credentials': `[default]\naws_secret_access_key = ${FILE_SECRET}\n`,
    });
  });
  afterAll(async () => ws?.cleanup());

  const env = () => ({ ...SECRETS, AWS_SHARED_CREDENTIALS_FILE: join(ws.dir, 'aws/credentials') });
  const all = { ...SECRETS, FILE_SECRET, URL_PASSWORD: 'pw-in-the-url-31' };

  it.each([
    ['validate', ['validate', 'example.com']],
    ['validate --json', ['validate', 'example.com', '--json']],
    ['plan --json', ['plan', 'example.com', '--json']],
  ])('%s: the bad values are shown as *** and no form of a secret appears', async (_, args) => {
    const result = await runCli(args, { cwd: ws.dir, env: env() });
    expect(result.code).toBe(1);
    const shown = `${result.stdout}\n${result.stderr}`;
    expect(formatLeaks([...findLeaks('stdout', result.stdout, all), ...findLeaks('stderr', result.stderr, all)])).toBe('');
    // Three bad values are echoed as ***; the one with a quote in it is refused as "a quoted string is not closed", echoing nothing.
    expect(shown.match(/\*\*\*/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(shown).toContain('a quoted string is not closed');
  });

  it('a provider URL with credentials is printed without them', async () => {
    const result = await runCli(['plan', 'creds.example.com'], { cwd: ws.dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('http://***@127.0.0.1:1');
    expect(result.stderr).not.toContain('pw-in-the-url-31');
    expect(result.stderr).not.toContain('admin:');
  });
});
