import { symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { DEFAULT_LIMITS, MiB } from '../../src/core/limits.js';
import { makeWorkspace, runCli } from '../support/workspace.js';
import { MARKER, MASTER_HEAD, configFor, makeAttack, printed, type Attack } from './attack.js';

/** Issue 17: zonesync.yaml is from the pull request too; its `limits:` and the file itself. */

let attack: Attack | undefined;
afterEach(async () => {
  await attack?.cleanup();
  attack = undefined;
});

describe('limits: in zonesync.yaml', () => {
  it('defaults to DEFAULT_LIMITS, and takes sizes as bytes or with a unit', () => {
    expect(parseConfig(configFor('zones/example.com.zone'), 'zonesync.yaml', {}).zones[0]?.limits).toEqual(DEFAULT_LIMITS);
    const limits = parseConfig(configFor('zones/example.com.zone', ['limits: { fileBytes: 2 MiB, totalBytes: 4096, includes: 3 }']), 'zonesync.yaml', {}).zones[0]?.limits;
    expect(limits).toEqual({ ...DEFAULT_LIMITS, fileBytes: 2 * MiB, totalBytes: 4096, includes: 3 });
  });

  it('refuses a size that is not one, and an unknown limit, at their places', () => {
    const text = configFor('zones/example.com.zone', ['limits:', '  fileBytes: lots', '  inodes: 3']);
    expect(() => parseConfig(text, 'zonesync.yaml', {})).toThrow(
      expect.objectContaining({ details: expect.arrayContaining(['zonesync.yaml:2:14: limits.fileBytes: is a number of bytes or a size such as "16 MiB" (B, KiB, MiB, GiB)']) }),
    );
    expect(() => parseConfig(text, 'zonesync.yaml', {})).toThrow(expect.objectContaining({ details: expect.arrayContaining(['zonesync.yaml:3:3: limits.inodes: unknown key "inodes"']) }));
  });
});

describe('zonesync.yaml itself', () => {
  it('a symlink to /proc/self/environ is refused without reading it', async () => {
    attack = await makeAttack({ 'zones/example.com.zone': MASTER_HEAD });
    await symlink('/proc/self/environ', join(attack.ws.dir, 'zonesync.yaml'));
    const r = await attack.cli('validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: Cannot read config zonesync.yaml: it is outside the repository root ${attack.ws.dir}\n`);
    expect(printed(r)).not.toContain(MARKER);
  });

  it('a FIFO is refused without waiting for a writer', async () => {
    attack = await makeAttack({});
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(attack.ws.dir, 'zonesync.yaml')]);
    const r = await attack.cli('plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Cannot read config zonesync.yaml: it is a FIFO, not a regular file\n');
  });

  it('non-UTF-8 is refused with the place of the first bad byte', async () => {
    attack = await makeAttack({});
    await writeFile(join(attack.ws.dir, 'zonesync.yaml'), Buffer.concat([Buffer.from('providers:\n  l\u00e9:'), Buffer.from([0xc3, 0x28])]));
    const r = await attack.cli('validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Cannot read config zonesync.yaml: it is not UTF-8: byte 0xc3 at offset 17\n  - zonesync.yaml:2:6: the first byte that is not UTF-8\n');
  });
});

describe('config errors', () => {
  it('escape control characters in the keys and values they quote', () => {
    const text = configFor('zones/example.com.zone', ['"evil\\e[2J\\u202e": 1']);
    expect(() => parseConfig(text, 'zonesync.yaml', {})).toThrow(expect.objectContaining({ details: ['zonesync.yaml:1:1: evil\\x1b[2J\\u{202e}: unknown key "evil\\x1b[2J\\u{202e}"'] }));
  });
});

describe('an API credential with a line break (a secret read from a file, its newline kept)', () => {
  it.each([
    ['powerdns', 'apiKey', (url: string) => `{ type: powerdns, url: '${url}', apiKey: '\${API_SECRET}' }`],
    ['cloudflare', 'apiToken', (url: string) => `{ type: cloudflare, apiToken: '\${API_SECRET}', endpoint: '${url}' }`],
    ['ns1', 'apiKey', (url: string) => `{ type: ns1, apiKey: '\${API_SECRET}', endpoint: '${url}/v1' }`],
  ])('%s: plan refuses it by name, exit 1, nothing sent, the value never shown', async (_type, field, block) => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ws = await makeWorkspace({
      'zones/example.com.zone': MASTER_HEAD,
      'zonesync.yaml': ['providers:', `  api: ${block(url)}`, 'zones:', '  example.com:', '    file: zones/example.com.zone', '    targets: [api]', ''].join('\n'),
    });
    try {
      const r = await runCli(['plan', 'example.com'], { cwd: ws.dir, env: { API_SECRET: `${MARKER}\n` } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`providers.api.${field}: contains a line break or another control character, which an HTTP header cannot carry`);
      expect(printed(r)).not.toContain(MARKER);
      expect(connections).toBe(0);
    } finally {
      await ws.cleanup();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
