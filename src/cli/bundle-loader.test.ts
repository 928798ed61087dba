import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Each load runs in its own Node process, as bin/run.js does: within one process V8 may find the
// script in its in-memory compilation cache and never look at the cached data.
const loader = fileURLToPath(new URL('./bundle-loader.ts', import.meta.url));

interface Loaded {
  cache: string;
  answer: number;
  sameAsRequire: boolean;
}

function load(file: string, cacheFile: string, options: { write?: boolean; env?: NodeJS.ProcessEnv } = {}): Loaded {
  const script = `
    import { createRequire } from 'node:module';
    import { writeFileSync } from 'node:fs';
    import { codeCacheBytes, loadBundle } from ${JSON.stringify(loader)};
    const loaded = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});
    const answer = loaded.exports.answer();
    if (${options.write === true}) writeFileSync(${JSON.stringify(cacheFile)}, codeCacheBytes(loaded));
    const sameAsRequire = createRequire(import.meta.url)(${JSON.stringify(file)}) === loaded.exports;
    console.log(JSON.stringify({ cache: loaded.cache, answer, sameAsRequire }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...options.env } });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Loaded;
}

describe('loadBundle', () => {
  let dir: string;
  let file: string;
  let cacheFile: string;
  const source = (n: number) => `'use strict';\nconst path = require('node:path');\nexports.answer = function answer() { return ${n} + path.sep.length - 1; };\n`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zonesync-bundle-'));
    file = join(dir, 'cli.cjs');
    cacheFile = `${file}.v8-cache`;
    writeFileSync(file, source(41));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a CommonJS file without a cache, and require() of its path then gets the same exports', () => {
    expect(load(file, cacheFile)).toEqual({ cache: 'missing', answer: 41, sameAsRequire: true });
  });

  it('uses the cache it wrote for the same bundle', () => {
    load(file, cacheFile, { write: true });
    expect(readFileSync(cacheFile, 'utf8').split('\n')[0]).toMatch(/^\{"sha256":"[0-9a-f]{64}"\}$/);
    expect(load(file, cacheFile)).toEqual({ cache: 'used', answer: 41, sameAsRequire: true });
  });

  it('ignores a cache made from another bundle of the same length (V8 checks only the length)', () => {
    load(file, cacheFile, { write: true });
    writeFileSync(file, source(42));
    expect(load(file, cacheFile)).toEqual({ cache: 'stale', answer: 42, sameAsRequire: true });
  });

  it('compiles as usual when V8 refuses the cached data', () => {
    load(file, cacheFile, { write: true });
    const [header] = readFileSync(cacheFile, 'utf8').split('\n');
    writeFileSync(cacheFile, `${header}\nnot V8 code cache data`);
    expect(load(file, cacheFile)).toEqual({ cache: 'rejected', answer: 41, sameAsRequire: true });
  });

  it('compiles as usual when the cache has no header', () => {
    writeFileSync(cacheFile, 'garbage');
    expect(load(file, cacheFile).cache).toBe('unreadable');
  });

  it('leaves the cache alone with ZONESYNC_CODE_CACHE=off', () => {
    load(file, cacheFile, { write: true });
    expect(load(file, cacheFile, { env: { ZONESYNC_CODE_CACHE: 'off' } })).toEqual({ cache: 'off', answer: 41, sameAsRequire: true });
  });
});

describe('the built CLI bundle', () => {
  it('loads with the code cache the build made (npm run build)', () => {
    const built = fileURLToPath(new URL('../../dist/cli/bundle-loader.js', import.meta.url));
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { loadCli } from ${JSON.stringify(built)}; const l = loadCli(); console.log(l.cache, Object.keys(l.exports.COMMANDS).join(','))`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('used apply,import,init,plan,rollback,switch,validate,verify');
  });

  it('is ASCII, so it loads as a one-byte string', () => {
    expect(isAscii(readFileSync(fileURLToPath(new URL('../../dist/bundle/cli.cjs', import.meta.url))))).toBe(true);
  });
});
