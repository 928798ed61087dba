import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatYamlZone } from '../../src/core/zonefile/format-yaml.js';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { makeWorkspace, REPO, runCli, type Workspace } from '../support/workspace.js';

const CONFIG = ['providers:', '  local: { type: file, directory: served }', 'zones:', '  example.com: { file: zones/example.com.yaml, targets: [local] }', '  example.net: { file: zones/example.net.zone, targets: [local] }', ''].join('\n');
const MESSY = ['# kept', 'www: { type: CNAME, value: example.com. }', "'': { ttl: 3600, type: a, values: [192.0.2.1] }", ''].join('\n');
const CANONICAL = ['# kept', "'':", '  type: A', '  value: 192.0.2.1', 'www:', '  type: CNAME', '  value: example.com.', ''].join('\n');
const RFC1035 = '$ORIGIN example.net.\n@ 3600 IN A 192.0.2.9\n';

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

const read = (path: string) => readFileSync(join(ws!.dir, path), 'utf8');

describe('zonesync fmt', () => {
  it('--check names the file that would change, exits 1 and writes nothing', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': MESSY, 'zones/example.net.zone': RFC1035 });
    const before = statSync(join(ws.dir, 'zones/example.com.yaml')).mtimeMs;
    const result = await runCli(['fmt', '--check'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('would reformat zones/example.com.yaml');
    expect(result.stdout).toContain('2 files: 1 would be reformatted, 0 already canonical, 1 skipped');
    expect(result.stderr).toContain('note: zones/example.net.zone: skipped: an RFC 1035 master file');
    expect(read('zones/example.com.yaml')).toBe(MESSY);
    expect(statSync(join(ws.dir, 'zones/example.com.yaml')).mtimeMs).toBe(before);
  });

  it('rewrites in canonical form, then --check passes and validate still reads the same zone', async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': MESSY, 'zones/example.net.zone': RFC1035 });
    const result = await runCli(['fmt'], { cwd: ws.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('formatted zones/example.com.yaml');
    expect(read('zones/example.com.yaml')).toBe(CANONICAL);
    expect(read('zones/example.net.zone')).toBe(RFC1035);
    const check = await runCli(['fmt', '--check', '--json'], { cwd: ws.dir });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ check: true, exitCode: 0, files: [{ file: 'zones/example.com.yaml', status: 'unchanged' }, { file: 'zones/example.net.zone', status: 'skipped' }] });
    expect((await runCli(['validate'], { cwd: ws.dir })).code).toBe(0);
  });

  it('refuses an RFC 1035 file that is named, and a file with errors, with exit 1', async () => {
    ws = await makeWorkspace({ 'a.zone': RFC1035, 'bad.example.yaml': "'': { type: A, value: not-an-address }\nZZ: { type: A, value: 192.0.2.1 }\n" });
    const result = await runCli(['fmt', 'a.zone', 'bad.example.yaml'], { cwd: ws.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: a.zone: not formatted: an RFC 1035 master file: fmt formats octoDNS YAML zone files only');
    expect(result.stderr).toContain('error: bad.example.yaml: not formatted: it has 1 error (zonesync validate lists them)');
    expect(read('bad.example.yaml')).toContain('ZZ:');
  });

  it('formats a file named on the command line without a config', async () => {
    ws = await makeWorkspace({ 'example.com.yaml': MESSY });
    const result = await runCli(['fmt', 'example.com.yaml'], { cwd: ws.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(read('example.com.yaml')).toBe(CANONICAL);
  });
});

describe('the shipped example', () => {
  it('keeps its meaning and its head comment in canonical form, and formats to a fixed point', () => {
    const example = readFileSync(join(REPO, 'zones/example.com.yaml'), 'utf8');
    const meaning = (text: string) => parseYamlZone(text, 'z.yaml', 'example.com.').zone.rrsets.map(({ source: _source, ...rest }) => rest);
    const once = formatYamlZone(example, 'example.com.');
    if (!once.ok) throw new Error(once.reason);
    expect(meaning(once.text).sort((a, b) => (`${a.name}${a.type}` < `${b.name}${b.type}` ? -1 : 1))).toEqual(meaning(example).sort((a, b) => (`${a.name}${a.type}` < `${b.name}${b.type}` ? -1 : 1)));
    expect(once.text.startsWith('# example.com in the octoDNS YAML record format')).toBe(true);
    expect(formatYamlZone(once.text, 'example.com.')).toEqual({ ok: true, text: once.text, changed: false });
  });
});
