// Loads the CLI bundle (dist/bundle/cli.cjs: @oclif/core and every command, built by
// scripts/bundle.js) through V8's code cache, so a command starts without parsing and compiling
// the ~2 MB of JavaScript it runs. Node 22 has module.enableCompileCache() for this; Node 20 does
// not, so the bundle is CommonJS compiled here with vm.Script and its cachedData.
//
// The cache (dist/bundle/cli.cjs.v8-cache) is made at build time by scripts/code-cache.js after
// running a few commands, so it holds the bytecode of the functions they ran, not only of the top
// level. Its first line is a JSON header with the sha256 of the bundle it was made from: V8 itself
// checks only the source's length, so a rebuilt bundle of the same length would otherwise run
// stale bytecode. A cache made by another Node or V8 version, or with other V8 flags, is rejected
// by V8 and the bundle is compiled as usual: slower, never wrong.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type * as Oclif from '@oclif/core';

/** What happened to the code cache: `used` is the only fast case. */
export type CodeCacheStatus = 'used' | 'rejected' | 'stale' | 'unreadable' | 'missing' | 'off';

export interface LoadedBundle<T> {
  exports: T;
  script: vm.Script;
  cache: CodeCacheStatus;
  sourceSha256: string;
}

export interface LoadOptions {
  /** false: compile without the cache (ZONESYNC_CODE_CACHE=off does the same). */
  useCache?: boolean;
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string, importESM: (specifier: string) => Promise<unknown>) => void;

/** Module.wrap's wrapper plus importESM, the bundle's import() (scripts/bundle.js rewrites them to it). */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname, importESM) { ', '\n});'] as const;

/** import() from this module: real ESM loading, which a function compiled from the code cache cannot do itself. */
const importESM = (specifier: string): Promise<unknown> => import(specifier);

interface CacheHeader {
  sha256: string;
}

const NEWLINE = 0x0a;

/** The bundle bin/run.js runs, and its cache, next to this file's dist/ directory. */
export const BUNDLE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'bundle', 'cli.cjs');
export const CODE_CACHE_FILE = `${BUNDLE_FILE}.v8-cache`;

/** What dist/bundle/cli.cjs exports: the bundled @oclif/core, and the commands for its `explicit` discovery. */
export interface CliBundle {
  oclif: typeof Oclif;
  COMMANDS: Record<string, unknown>;
}

export function loadCli(options: LoadOptions = {}): LoadedBundle<CliBundle> {
  return loadBundle<CliBundle>(BUNDLE_FILE, CODE_CACHE_FILE, options);
}

/**
 * Compiles and runs a CommonJS file as require() would, with the code cache when it fits, and
 * registers it in require's cache so a later require() of the same path (oclif loading its
 * commands) gets these exports rather than a second copy.
 */
export function loadBundle<T>(file: string, cacheFile: string, options: LoadOptions = {}): LoadedBundle<T> {
  const bytes = readFileSync(file);
  const sourceSha256 = createHash('sha256').update(bytes).digest('hex');
  const useCache = options.useCache ?? process.env.ZONESYNC_CODE_CACHE !== 'off';
  const { data, status } = useCache ? readCodeCache(cacheFile, sourceSha256) : { data: undefined, status: 'off' as const };
  // scripts/bundle.js writes the bundle in ASCII: a one-byte string without UTF-8 decoding.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(`${WRAPPER[0]}${source}${WRAPPER[1]}`, {
    filename: file,
    cachedData: data,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache: CodeCacheStatus = data && script.cachedDataRejected ? 'rejected' : status;

  const require = createRequire(file);
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  try {
    (script.runInThisContext() as ModuleWrapper).call(module.exports, module.exports, require, module, file, dirname(file), importESM);
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return { exports: module.exports as T, script, cache, sourceSha256 };
}

/** The cache file's bytes for a loaded bundle: its header, then V8's data for every function compiled so far. */
export function codeCacheBytes(bundle: LoadedBundle<unknown>): Buffer {
  const header: CacheHeader = { sha256: bundle.sourceSha256 };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), bundle.script.createCachedData()]);
}

function readCodeCache(cacheFile: string, sourceSha256: string): { data: Buffer | undefined; status: CodeCacheStatus } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return { data: undefined, status: 'missing' };
  }
  const end = bytes.indexOf(NEWLINE);
  let header: Partial<CacheHeader> | undefined;
  try {
    header = end > 0 ? (JSON.parse(bytes.subarray(0, end).toString('utf8')) as Partial<CacheHeader>) : undefined;
  } catch {
    header = undefined;
  }
  if (typeof header?.sha256 !== 'string') return { data: undefined, status: 'unreadable' };
  if (header.sha256 !== sourceSha256) return { data: undefined, status: 'stale' };
  return { data: bytes.subarray(end + 1), status: 'used' };
}
