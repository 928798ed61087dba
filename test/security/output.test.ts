import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { excerpt, safeMessage } from '../../src/core/excerpt.js';
import { MARKER, MASTER_HEAD, configFor, makeAttack, printed, type Attack } from './attack.js';

/** Issue 17: what an input makes zonesync print is short, escaped, counted, and located. */

let attack: Attack | undefined;
afterEach(async () => {
  await attack?.cleanup();
  attack = undefined;
});

/** Control characters in `text` other than the newline. */
const controls = (text: string): number[] => [...text].map((c) => c.charCodeAt(0)).filter((c) => (c < 0x20 && c !== 0x0a) || c === 0x7f);

const YAML_FILE = 'zones/example.com.yaml';
const MASTER_FILE = 'zones/example.com.zone';

describe('a huge error list', () => {
  const badRecords = (n: number) => Array.from({ length: n }, (_, i) => `h${i}:\n  type: A\n  value: 192.0.2.300\n`).join('');

  it('validate lists limits.problems problems, then counts the rest; --json says how many were left out', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(YAML_FILE), [YAML_FILE]: badRecords(5000) });
    const text = await attack.cli('validate');
    expect(text.code).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines[0]).toBe('zones/example.com.yaml:3:10: error: Invalid record "h0.example.com." A: "192.0.2.300" is not an IPv4 address [bad-value]');
    // 5,000 errors and the single-provider warning: 100 shown.
    expect(lines[100]).toBe('and 4901 more problems (limits.problems)');
    expect(lines[101]).toMatch(/^1 zone checked: 5000 errors, 1 warning/);
    const json = await attack.cli('validate', '--json');
    const report = JSON.parse(json.stdout) as { errors: number; warnings: number; omittedProblems: number; zones: Array<{ problems: unknown[] }> };
    expect({ errors: report.errors, warnings: report.warnings, omittedProblems: report.omittedProblems, listed: report.zones[0]?.problems.length }).toEqual({ errors: 5000, warnings: 1, omittedProblems: 4901, listed: 100 });
  });

  it('plan names the first errors and counts the rest', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(YAML_FILE, ['limits: { problems: 3 }']), [YAML_FILE]: badRecords(50) });
    const plan = await attack.cli('plan');
    expect(plan.code).toBe(1);
    const lines = plan.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Error: Zone files have 50 errors; nothing was planned');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('  - and 47 more errors');
  });
});

describe('control characters in an error excerpt', () => {
  it('escapes them and cuts the quoted input to 60 characters', async () => {
    const evil = `\x1b]0:owned\x07\x1b[2J${'A'.repeat(500)}`;
    attack = await makeAttack({ 'zonesync.yaml': configFor(MASTER_FILE), [MASTER_FILE]: `${MASTER_HEAD}evil A ${evil}\n` });
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(controls(printed(validate))).toEqual([]);
    const first = validate.stdout.split('\n')[0] as string;
    const quoted = `"${excerpt(evil)}"`;
    expect(first).toBe(`zones/example.com.zone:4:8: error: Invalid record "evil.example.com." A: ${quoted} is not an IPv4 address [bad-value]`);
    expect(quoted).toBe(`"\\x1b]0:owned\\x07\\x1b[2J${'A'.repeat(60 - 23)}…"`);
    const plan = await attack.cli('plan');
    expect(plan.stderr).toContain(quoted);
    expect(controls(printed(plan))).toEqual([]);
  });

  it('escapes bidi overrides and other invisible characters too, and bounds the whole message', () => {
    expect(excerpt('a\u202eb\u200bc\u0000')).toBe('a\\u{202e}b\\u{200b}c\\x00');
    expect(safeMessage(`x "${'q'.repeat(100)}" ${'y'.repeat(1000)}`).length).toBeLessThanOrEqual(401);
  });
});

describe('non-UTF-8 zone files', () => {
  it('are refused at the line and column of the first bad byte, not read with U+FFFD in place', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(MASTER_FILE) });
    const bytes = Buffer.concat([Buffer.from(`${MASTER_HEAD}té `), Buffer.from([0xff, 0xfe]), Buffer.from(' A 192.0.2.9\n')]);
    await attack.ws.write(MASTER_FILE, '');
    await writeFile(join(attack.ws.dir, MASTER_FILE), bytes);
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout.split('\n')[0]).toBe(`zones/example.com.zone:4:4: error: zone file zones/example.com.zone is not UTF-8: byte 0xff at offset ${Buffer.byteLength(`${MASTER_HEAD}té `)} [not-utf8]`);
    expect(validate.stdout).not.toContain('\ufffd');
  });

  it('in an included file, point into that file', async () => {
    attack = await makeAttack({ 'zonesync.yaml': configFor(MASTER_FILE), [MASTER_FILE]: `${MASTER_HEAD}$INCLUDE latin1.zone\n` });
    await writeFile(join(attack.ws.dir, 'zones/latin1.zone'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x41, 0x0a]));
    const validate = await attack.cli('validate');
    expect(validate.stdout.split('\n')[0]).toBe('zones/latin1.zone:1:4: error: $INCLUDE "latin1.zone" refused: zones/latin1.zone is not UTF-8: byte 0xe9 at offset 3 [not-utf8]');
  });
});

describe('rdata over 65,535 bytes', () => {
  it('is refused at validate, at the record', async () => {
    const long = 'x'.repeat(70_000);
    attack = await makeAttack({ 'zonesync.yaml': configFor(YAML_FILE), [YAML_FILE]: `big:\n  type: TXT\n  value: ${long}\nok:\n  type: TXT\n  value: ${'y'.repeat(60_000)}\n` });
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    // 70,000 bytes in 275 strings of at most 255, each with its length byte.
    expect(validate.stdout.split('\n')).toContain('zones/example.com.yaml:1:1: error: big.example.com. TXT: a value is 70275 bytes on the wire, more than the 65535 a record can hold (RFC 1035 §3.2.1) [rdata-too-long]');
    expect(validate.stdout).not.toContain('ok.example.com. TXT');
    expect(validate.stdout).toMatch(/1 zone checked: 1 error,/);
  });
});

describe('two spellings of one zone', () => {
  it('a fullwidth twin is refused, naming both config lines', async () => {
    const text = configFor(MASTER_FILE).replace('zones:\n', `zones:\n  ｅxample.com:\n    file: ${MASTER_FILE}\n    targets: [local]\n`);
    attack = await makeAttack({ 'zonesync.yaml': text, [MASTER_FILE]: MASTER_HEAD });
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toBe('Error: Invalid config zonesync.yaml\n  - zonesync.yaml:11:5: zones.example.com: the same zone as zones.ｅxample.com at zonesync.yaml:8:5 (both are example.com.)\n');
  });

  it('so is a case twin', () => {
    const text = configFor(MASTER_FILE).replace('zones:\n', `zones:\n  EXAMPLE.COM.:\n    file: ${MASTER_FILE}\n    targets: [local]\n`);
    expect(() => parseConfig(text, 'zonesync.yaml', {})).toThrow(expect.objectContaining({ details: ['zonesync.yaml:11:5: zones.example.com: the same zone as zones.EXAMPLE.COM. at zonesync.yaml:8:5 (both are example.com.)'] }));
  });
});

describe('the marker never leaks', () => {
  it('even when the zone file is the outside secret itself, named by a relative path', async () => {
    attack = await makeAttack({ 'zonesync.yaml': '' });
    const rel = join('..', attack.outside.split('/').pop() as string, 'secret.txt');
    await attack.ws.write('zonesync.yaml', configFor(rel));
    const validate = await attack.cli('validate');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(`zones.example.com.file: "${rel}" is outside the repository root ${attack.ws.dir}`);
    expect(printed(validate)).not.toContain(MARKER);
  });
});
