import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ZonesyncError } from '../core/errors.js';
import { convertOctodns, sourceDirectories, type Conversion } from '../core/octodns/convert.js';
import { SCAFFOLD, scaffoldWorkflow } from '../core/scaffold.js';
import { readWithYamlPackage } from '../core/zonefile/yaml-package.js';
import { isInside, readConfined } from '../io/confined-read.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/** An octoDNS config is untrusted input: this much and no more is read, and only inside the folder init runs in. */
const OCTODNS_CONFIG_BYTES = 1024 * 1024;
const OCTODNS_ALIASES = 1000;
const LISTED_FILES = 100_000;

export interface InitResult {
  written: string[];
  conversion?: Conversion;
}

/** Refuse before writing anything when a file is there already, unless forced. */
async function writeAll(dir: string, files: Record<string, string>, force: boolean): Promise<string[]> {
  const present = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (present.length > 0 && !force) throw new ZonesyncError(`init would overwrite ${present.join(', ')}: nothing was written (use --force to overwrite)`);
  for (const [file, text] of Object.entries(files)) await writeFileAtomic(join(dir, file), text);
  return Object.keys(files);
}

/** The start of a repository; `version` pins the Action its workflow uses (this zonesync's). */
export async function initScaffold(dir: string, force: boolean, version: string): Promise<InitResult> {
  return { written: await writeAll(dir, { ...SCAFFOLD, '.github/workflows/dns.yml': scaffoldWorkflow(version) }, force) };
}

/** The names in a source folder (inside `dir`), for the converter to find zone files in place. */
function listFolder(dir: string, real: string, folder: string): string[] {
  const path = isAbsolute(folder) ? folder : resolve(dir, folder);
  let target: string;
  try {
    target = realpathSync.native(path);
  } catch {
    return [];
  }
  if (target !== real && !isInside(target, real)) throw new ZonesyncError(`octoDNS source directory ${folder} is outside ${dir}: zone files are read only inside the repository`);
  const names = readdirSync(target);
  if (names.length > LISTED_FILES) throw new ZonesyncError(`octoDNS source directory ${folder} holds more than ${LISTED_FILES} files`);
  return names;
}

export async function initFromOctodns(dir: string, octodnsConfig: string, force: boolean): Promise<InitResult> {
  const real = realpathSync.native(dir);
  const path = resolve(dir, octodnsConfig);
  const shown = relative(dir, path) || octodnsConfig;
  const read = readConfined(path, { lexical: dir, real }, OCTODNS_CONFIG_BYTES, `the octoDNS config size limit (${OCTODNS_CONFIG_BYTES} bytes)`);
  if (!read.ok) throw new ZonesyncError(`Cannot read octoDNS config ${shown}: it ${read.reason}`, read.at ? { details: [`${shown}:${read.at.line}:${read.at.column}`] } : {});
  // The yaml package's core schema: tags such as !!python/object are data or errors, never code.
  const tree = readWithYamlPackage(read.text, shown, OCTODNS_ALIASES);
  if (tree.problems.length > 0) throw new ZonesyncError(`Invalid octoDNS config ${shown}`, { details: tree.problems.map((p) => `${p.location?.file ?? shown}:${p.location?.line ?? 1}:${p.location?.column ?? 1}: ${p.message.split('\n')[0]}`) });
  if (tree.root !== undefined && tree.root.kind !== 'map') throw new ZonesyncError(`Invalid octoDNS config ${shown}`, { details: [`${shown}:${tree.root.pos.line}:${tree.root.pos.column}: expected a mapping with providers: and zones:`] });
  const listings = new Map(sourceDirectories(tree.root, shown).map((folder) => [folder, listFolder(dir, real, folder)]));
  const conversion = convertOctodns(tree.root, shown, listings);
  const written = await writeAll(dir, { 'zonesync.yaml': conversion.config }, force);
  return { written, conversion };
}

