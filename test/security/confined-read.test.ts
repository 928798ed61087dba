// test-project: unit
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, isInside, readConfined } from '../../src/io/confined-read.js';

const dir = mkdtempSync(join(tmpdir(), 'zonesync-confined-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = { lexical: dir, real: dir };

describe('isInside', () => {
  it('takes a folder that only starts with the root\'s name for outside', () => {
    expect(isInside('/tmp/ws2/zone', '/tmp/ws')).toBe(false);
    expect(isInside('/tmp/ws/zone', '/tmp/ws')).toBe(true);
    expect(isInside('/tmp/ws', '/tmp/ws')).toBe(false);
    expect(isInside('/etc/passwd', '/')).toBe(true);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['a stray continuation byte', [0x61, 0x80], 1],
    ['an overlong encoding', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a truncated sequence at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['valid text', [...Buffer.from('é€😀')], 9],
  ])('%s', (_, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });
});

describe('readConfined', () => {
  it('reads a regular file inside the root, refuses the same bytes past the size bound', () => {
    writeFileSync(join(dir, 'a.zone'), 'www A 192.0.2.1\n');
    expect(readConfined(join(dir, 'a.zone'), root, 16, 'limits.fileBytes')).toMatchObject({ ok: true, text: 'www A 192.0.2.1\n', bytes: 16 });
    expect(readConfined(join(dir, 'a.zone'), root, 15, 'limits.fileBytes')).toEqual({ ok: false, rule: 'input-limit', reason: 'is 16 bytes, more than limits.fileBytes (15)' });
  });

  it('names the line and column of the first bad byte, counting characters', () => {
    writeFileSync(join(dir, 'b.zone'), Buffer.concat([Buffer.from('ok\n€€ '), Buffer.from([0xfe])]));
    expect(readConfined(join(dir, 'b.zone'), root, 100, 'limits.fileBytes')).toEqual({ ok: false, rule: 'not-utf8', reason: 'is not UTF-8: byte 0xfe at offset 10', at: { line: 2, column: 4 } });
  });
});
