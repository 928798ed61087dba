import { execFile } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { extname, relative, sep } from 'node:path';
import type { Config, ZoneConfig } from '../config/load.js';
import { changedZones, type ChangedZone, type ZoneFiles } from '../core/changed-zones.js';
import { ZonesyncError } from '../core/errors.js';
import { readYamlTree, toPlain } from '../core/zonefile/yaml-tree.js';
import { mapLimit } from '../lib/map-limit.js';
import { loadDesiredZone } from './desired.js';

/** `--changed-since REF`: git says what changed, src/core/changed-zones.ts says which zones that touches. */

export interface ChangedSince {
  ref: string;
  commit: string;
  /** The zones to take, in the order given. */
  zones: ZoneConfig[];
  changed: ChangedZone[];
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new ZonesyncError(`--changed-since needs git: ${error.message}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

function realOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** A path as git names it: relative to the top of the work tree, with `/`. */
function repoPath(top: string, path: string): string {
  return relative(top, realOr(path)).split(sep).join('/');
}

async function plainConfig(text: string, file: string): Promise<unknown> {
  const tree = await readYamlTree(text, file);
  if (tree.problems.length > 0 || !tree.root) return undefined;
  return toPlain(tree.root);
}

/** The zone file and, for a master file, every file its $INCLUDEs read (YAML zone files include nothing). */
async function zoneFiles(top: string, zone: ZoneConfig): Promise<ZoneFiles> {
  const ext = extname(zone.file).toLowerCase();
  const included = ext === '.yaml' || ext === '.yml' ? [] : ((await loadDesiredZone(zone)).included ?? []);
  return { name: zone.name, files: [zone.file, ...included].map((f) => repoPath(top, f)), targets: zone.targets, ...(zone.registrar ? { registrar: zone.registrar } : {}) };
}

/**
 * The zones of `zones` whose zone file, included files or config blocks differ between the commit
 * `ref` names and the work tree (staged, unstaged and untracked files alike).
 */
export async function zonesChangedSince(config: Config, zones: ZoneConfig[], ref: string): Promise<ChangedSince> {
  if (ref === '' || ref.startsWith('-')) throw new ZonesyncError(`--changed-since "${ref}": expected a commit, branch or tag (e.g. origin/main)`);
  const inside = await git(config.dir, ['rev-parse', '--show-toplevel']);
  if (inside.code !== 0) throw new ZonesyncError(`--changed-since ${ref}: ${config.dir} is not in a git work tree (${firstLine(inside.stderr)})`);
  const top = realOr(inside.stdout.trim());
  const resolved = await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (resolved.code !== 0) {
    throw new ZonesyncError(`--changed-since ${ref}: not a commit in this repository`, {
      details: ['give a commit, branch or tag git knows here (a shallow CI checkout may need `fetch-depth: 0` or `git fetch origin <branch>`)'],
    });
  }
  const commit = resolved.stdout.trim();
  const [diff, untracked] = await Promise.all([
    git(top, ['diff', '--name-only', '--no-renames', '-z', commit, '--']),
    git(top, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  for (const r of [diff, untracked]) if (r.code !== 0) throw new ZonesyncError(`--changed-since ${ref}: git failed: ${firstLine(r.stderr)}`);
  const changedPaths = [...diff.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean);

  const configPath = repoPath(top, config.path);
  const old = await git(top, ['show', `${commit}:${configPath}`]);
  const beforeConfig = old.code === 0 ? await plainConfig(old.stdout, `${ref}:${configPath}`) : undefined;
  const before = old.code !== 0 ? { missing: `${configPath} did not exist at ${ref}` } : beforeConfig === undefined ? { missing: `${configPath} at ${ref} does not parse` } : { config: beforeConfig };
  const after = await plainConfig(readFileSync(config.path, 'utf8'), config.path);

  const files = await mapLimit(zones, 8, (z) => zoneFiles(top, z));
  const changed = changedZones({ before, after, changedPaths, zones: files });
  const taken = new Set(changed.map((c) => c.name));
  return { ref, commit, zones: zones.filter((z) => taken.has(z.name)), changed };
}

/** One line per taken zone, for stderr: what `--changed-since` took and why. */
export function changedSinceLines(result: ChangedSince, of: number, shown = 20): string[] {
  const head = `--changed-since ${result.ref} (${result.commit.slice(0, 12)}): ${result.zones.length} of ${of} zone${of === 1 ? '' : 's'}`;
  const lines = result.changed.slice(0, shown).map((c) => `  ${c.name}: ${c.reasons.join('; ')}`);
  if (result.changed.length > shown) lines.push(`  … and ${result.changed.length - shown} more`);
  return [head, ...lines];
}
