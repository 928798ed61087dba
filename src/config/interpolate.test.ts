import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate, SECRET_FILE_BYTES } from './interpolate.js';
import { parseConfig } from './parse.js';

const dir = mkdtempSync(join(tmpdir(), 'zonesync-secret-file-'));
const secretFile = join(dir, 'pdns_api_key');
const SECRET = 'file-secret-9f3a7c1e';
writeFileSync(secretFile, `${SECRET}\n`);

describe('${file:/path} in config', () => {
  it('reads a secret file into a secret field, without its trailing newline, and counts it as a secret', () => {
    const result = interpolate({ apiKey: `\${file:${secretFile}}`, url: 'http://127.0.0.1:8081' }, {});
    expect(result).toEqual({ value: { apiKey: SECRET, url: 'http://127.0.0.1:8081' }, missing: [], fromEnv: [SECRET] });
  });

  it('refuses it outside a secret field, so a config cannot put a file into a URL or a zone path', () => {
    const result = interpolate({ url: `http://x/\${file:${secretFile}}` }, {}, 'providers.pdns');
    expect(result.fromEnv).toEqual([]);
    expect(result.missing.map((m) => m.message)).toEqual([expect.stringMatching(/^\$\{file:…\} is allowed only in a secret field \(apiKey, /)]);
    expect(JSON.stringify(result.value)).not.toContain(SECRET);
  });

  it.each([
    ['a relative path', 'run/secrets/x', 'is not an absolute path'],
    ['a missing file', join(dir, 'nope'), 'does not exist'],
    ['a directory', dir, 'is a directory, not a regular file'],
    ['a FIFO', (() => { const p = join(dir, 'fifo'); execFileSync('mkfifo', [p]); return p; })(), 'is a FIFO, not a regular file'],
    ['a character device', '/dev/zero', 'is a character device, not a regular file'],
    ['a file over the size limit', (() => { const p = join(dir, 'big'); writeFileSync(p, 'x'.repeat(SECRET_FILE_BYTES + 1)); return p; })(), `more than the secret file size limit (${SECRET_FILE_BYTES})`],
  ])('refuses %s, naming the file and never its content', (_what, path, reason) => {
    const result = interpolate({ tsig: { secret: `\${file:${path}}` } }, {}, 'providers.bind');
    expect(result.missing).toHaveLength(1);
    expect(result.missing[0]?.message).toContain(`secret file ${path} `);
    expect(result.missing[0]?.message).toContain(reason);
  });

  it('is redacted like ${VAR}, in encoded forms too, once the config is loaded (even for a provider not built)', () => {
    const file = join(dir, 'zonesync.yaml');
    const config = parseConfig(['providers:', `  pdns: { type: powerdns, url: 'http://127.0.0.1:8081', apiKey: '\${file:${secretFile}}' }`, '  local: { type: file, directory: served }', 'zones:', '  example.com: { file: zones/example.com.yaml, targets: [local] }', ''].join('\n'), file, {});
    const text = `raw ${SECRET} base64 ${Buffer.from(SECRET).toString('base64')} url ${encodeURIComponent(SECRET)} json ${JSON.stringify(SECRET)}`;
    // base64 padding is not part of the secret: the redactor leaves it.
    expect(config.redactor.redact(text)).toBe('raw *** base64 ***= url *** json "***"');
  });

  it('a missing secret file stops the build of its provider with a message naming the field', () => {
    const result = interpolate({ apiKey: `\${file:${join(dir, 'absent')}}` }, {}, 'providers.ns1');
    expect(result.missing.map((m) => `${m.path}: ${m.message}`)).toEqual([`providers.ns1.apiKey: secret file ${join(dir, 'absent')} does not exist`]);
  });
});
