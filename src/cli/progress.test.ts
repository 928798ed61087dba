import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { figures } from 'listr2';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../engine/run/journal.js';
import { renderProgressLine } from '../render/apply.js';
import { createProgress, isCi, ProgressBoard } from './progress.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const DEMO = join(REPO, 'test/ci/progress-demo.ts');
const ESC = '\u001b';

const zone = 'example.com.';
const events: JournalEntry[] = [
  { type: 'run-start', runId: 'r1', kind: 'apply', planChecksum: 'c', options: { chunkSize: 1, verify: 'dns', pauseSeconds: 0, rollbackOnFailure: false }, pid: 1, host: 'h' },
  { type: 'zone-created', zone, target: 'pdns' },
  { type: 'chunk-start', zone, target: 'pdns', phase: 'change', chunk: 1, chunks: 2, changes: ['create a.example.com. A'] },
  { type: 'chunk-applied', zone, target: 'pdns', phase: 'change', chunk: 1, apiCalls: 1 },
  { type: 'chunk-verified', zone, target: 'pdns', phase: 'change', chunk: 1, queries: 4, nameservers: 2 },
  { type: 'chunk-start', zone, target: 'pdns', phase: 'change', chunk: 2, chunks: 2, changes: ['create b.example.com. A', 'delete c.example.com. TXT'] },
  { type: 'chunk-applied', zone, target: 'pdns', phase: 'change', chunk: 2, apiCalls: 1 },
  { type: 'chunk-failed', zone, target: 'pdns', phase: 'change', chunk: 2, stage: 'verify', error: 'ns1 answered with key s3cr3t-token-value', details: [] },
  { type: 'run-end', status: 'failed' },
];

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text };
}

describe('plain progress (pipes, CI)', () => {
  it('writes one grep-able line per event that renderProgressLine renders, redacted, without escapes', () => {
    const out = collector();
    const progress = createProgress({ tty: false, stream: out.stream, redact: (t) => t.replaceAll('s3cr3t-token-value', '***') });
    expect(progress.mode).toBe('plain');
    for (const e of events) progress.onEvent(e);
    const expected = events.map(renderProgressLine).filter((l): l is string => l !== undefined).map((l) => l.replace('s3cr3t-token-value', '***'));
    expect(out.text().split('\n').slice(0, -1)).toEqual(expected);
    expect(out.text()).toContain('example.com. on pdns: change chunk 2 FAILED at verify: ns1 answered with key ***\n');
    expect(out.text()).not.toContain('s3cr3t');
    expect(out.text()).not.toContain(ESC);
  });

  it.each([
    [{ quiet: true }],
    [{ json: true }],
    [{ quiet: true, tty: true }],
  ])('%j is silent', async (flags) => {
    const out = collector();
    const progress = createProgress({ tty: false, ...flags, stream: out.stream, redact: (t) => t });
    expect(progress.mode).toBe('silent');
    for (const e of events) progress.onEvent(e);
    await progress.done();
    expect(out.text()).toBe('');
  });
});

describe('ProgressBoard', () => {
  it('shows every zone × provider pair with its chunk counts', () => {
    const board = new ProgressBoard([{ zone, target: 'pdns' }, { zone, target: 'bind' }]);
    expect(board.lines()).toEqual([`${figures.squareSmallFilled} example.com. on pdns  0/0 chunk(s) verified · waiting`, `${figures.squareSmallFilled} example.com. on bind  0/0 chunk(s) verified · waiting`]);
    for (const e of events.slice(0, 5)) board.apply(e);
    expect(board.summary()).toBe('1 zone(s) × 2 provider(s), 1/2 chunk(s) verified');
    expect(board.lines()[0]).toBe(`${figures.pointer} example.com. on pdns  1/2 chunk(s) verified · change chunk 1 verified`);
    for (const e of events.slice(5)) board.apply(e);
    expect(board.failed).toBe(true);
    expect(board.title(true)).toBe('Stopped at the first failed chunk');
    expect(board.lines()[0]).toBe(`${figures.cross} example.com. on pdns  1/2 chunk(s) verified · change chunk 2 FAILED at verify: ns1 answered with key s3cr3t-token-value`);
  });

  it('adds up the phases of a staged change and says when it waits', () => {
    const board = new ProgressBoard();
    board.apply({ type: 'chunk-start', zone, target: 'r53', phase: 'lower-ttl', chunk: 1, chunks: 1, changes: ['update a'] });
    board.apply({ type: 'chunk-verified', zone, target: 'r53', phase: 'lower-ttl', chunk: 1, queries: 1, nameservers: 1 });
    board.apply({ type: 'wait', zone, target: 'r53', phase: 'lower-ttl', until: '2026-01-01T00:10:00.000Z' });
    board.apply({ type: 'chunk-start', zone, target: 'r53', phase: 'change', chunk: 1, chunks: 3, changes: ['update a'] });
    expect(board.summary()).toBe('1 zone(s) × 1 provider(s), 1/4 chunk(s) verified');
    board.apply({ type: 'wait', zone, target: 'r53', phase: 'change', until: '2026-01-01T00:20:00.000Z' });
    expect(board.lines()).toEqual([`${figures.warning} example.com. on r53  1/4 chunk(s) verified · waiting for old TTLs until 2026-01-01T00:20:00.000Z`]);
    expect(board.title(true)).toBe('Paused');
    board.apply({ type: 'zone-done', zone, target: 'r53' });
    expect(board.title(true)).toBe('Applied');
  });

  it('never counts a chunk that was not asked over DNS as verified', () => {
    const board = new ProgressBoard();
    board.apply({ type: 'chunk-start', zone, target: 'local', phase: 'change', chunk: 1, chunks: 2, changes: ['create a'] });
    board.apply({ type: 'chunk-verified', zone, target: 'local', phase: 'change', chunk: 1, queries: 0, nameservers: 0, level: 'none' });
    board.apply({ type: 'chunk-verified', zone, target: 'local', phase: 'change', chunk: 2, queries: 0, nameservers: 0, level: 'api' });
    expect(board.summary()).toBe('1 zone(s) × 1 provider(s), 0/2 chunk(s) verified, 2 live, not asked over DNS');
    expect(board.lines()).toEqual([`${figures.pointer} example.com. on local  0/2 chunk(s) verified, 2 live, not asked over DNS · change chunk 2 live, read back by API, not asked over DNS`]);
  });
});

describe('isCi', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['true', true],
    ['1', true],
  ])('CI=%j → %s', (value, ci) => {
    expect(isCi(value === undefined ? {} : { CI: value })).toBe(ci);
  });
});

const hasScript = existsSync('/usr/bin/script');
const demoEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', ...extra });

describe('the demo apply, as a person and as CI see it', () => {
  it.runIf(hasScript)('on a terminal: a live listr2 display with every pair and its chunk counts', async () => {
    // `script` gives the demo a pseudo-terminal; stty gives it a size, as a real terminal has.
    const { stdout } = await run('script', ['-q', '-e', '-c', `stty cols 120 rows 40; node --import tsx ${DEMO} --fail`, '/dev/null'], { cwd: REPO, env: demoEnv() });
    expect(stdout).toContain('mode live');
    expect(stdout).toContain(`${ESC}[?25l`);
    expect(stdout).toMatch(new RegExp(`${ESC}\\[\\d+A`));
    expect(stdout).toContain('1 zone(s) × 2 provider(s), 4/6 chunk(s) verified');
    expect(stdout).toContain('✔ example.com. on pdns  3/3 chunk(s) verified · done');
    expect(stdout).toContain('✖ example.com. on bind  1/3 chunk(s) verified · change chunk 2 FAILED at verify: 127.0.0.1:5301 answered REFUSED');
    expect(stdout).toContain('Stopped at the first failed chunk');
    expect(stdout.indexOf('report printed after progress')).toBeGreaterThan(stdout.lastIndexOf('Stopped at the first failed chunk'));
  });

  it.runIf(hasScript)('on a terminal in CI: plain lines', async () => {
    const { stdout } = await run('script', ['-q', '-e', '-c', `stty cols 120 rows 40; node --import tsx ${DEMO}`, '/dev/null'], { cwd: REPO, env: demoEnv({ CI: 'true' }) });
    expect(stdout).toContain('mode plain');
    expect(stdout).toContain('example.com. on bind: change chunk 3 verified (4 queries to 2 nameserver(s))');
    expect(stdout).not.toContain(ESC);
  });

  it('through a pipe: one plain line per event, no escape codes', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', DEMO], { cwd: REPO, env: demoEnv() });
    expect(stdout).toBe('mode plain\nreport printed after progress\n');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(16);
    expect(lines[0]).toBe('example.com. on pdns: zone created');
    expect(lines.at(-1)).toBe('example.com. on bind: done');
    expect(stderr).not.toContain(ESC);
  });
});
